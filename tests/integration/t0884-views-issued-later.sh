#!/usr/bin/env bash
# An invoice imported ahead of its issue date is not owed yet: `recoup
# customer show` and `recoup account show` (the collector's call
# preparation) counted it in what the customer owes, its net, the number of
# open invoices, and the script's promise to pay, as `recoup aging` no
# longer does: a collector asked for money not yet invoiced. Both views
# (and GET /api/v1/customers/REF, /accounts/REF, /invoices?customer=REF,
# and a letter of today, which the customer view feeds) now leave it out of
# owed, net, the counts and days past due, and list it marked as issued
# later (JSON: "issued_later", "issued_later_invoices"). The purchase
# history counts the invoices issued by today; the strategy's next steps
# are those of the oldest invoice issued.
#
# On the machine's clock: `recoup letter` of today cannot run under
# libfaketime with ASan (t0970), so the dates are counted from today.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

day() { date -u -d "$TODAY $1 days" +%F; }
TODAY=$(date -u +%F)
NOW="${TODAY}T14:00:00Z"
LATER=$(day +5)
run_setup <<CSV
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,$(day -50),$(day -20),BRL,100.00
A2,ACME,$LATER,$(day +35),BRL,5000.00
W1,WAW,$(day -40),$(day -10),PLN,300.00
W2,WAW,$(day +3),$(day +33),PLN,7000.00
N1,ANA,$LATER,$(day +35),BRL,40.00
CSV

# --- customer show ---
run recoup customer show ACME --format json
expect_eq "customer show ACME: owed, net, open invoices, issued later, DPD: A2 is not owed yet" \
	"100.00 100.00 1 1 20" \
	"$(jq_out '" ".join(str(o[k]) for k in ("owed", "net", "open_invoices", "issued_later_invoices", "days_past_due"))')"
expect_eq "both invoices listed, A2 marked issued later (the record's keys kept)" \
	"A1:100.00:False A2:5000.00:True" \
	"$(jq_out '" ".join("%s:%s:%s" % (i["invoice_ref"], i["balance"], i["issued_later"]) for i in o["invoices"])')"
run recoup customer show ACME
expect_stdout_contains "owed 100.00 BRL in 1 open invoice, 20 days past due (oldest); not counted: 1 invoice issued later"
expect_stdout_contains "balance 5,000.00 BRL  issued later, on $LATER: not owed yet"
run recoup customer show ANA --format json
expect_eq "a customer owing only an invoice issued later owes nothing yet" "0.00 0.00 0 1 0" \
	"$(jq_out '" ".join(str(o[k]) for k in ("owed", "net", "open_invoices", "issued_later_invoices", "days_past_due"))')"

# --- account show ---
run recoup account show ACME --now "$NOW" --format json
cp "$TMP/out" "$TMP/acme.json"
expect_eq "account show ACME: owed, overdue, net, open, issued later, DPD" "100.00 100.00 100.00 1 1 20" \
	"$(jq_out '" ".join(str(o["balance"][k]) for k in ("owed", "overdue", "net", "open_invoices", "issued_later_invoices", "days_past_due"))')"
expect_eq "the invoices, A2 listed and marked" "A1:20:False A2:0:True" \
	"$(jq_out '" ".join("%s:%d:%s" % (i["ref"], i["dpd"], i["issued_later"]) for i in o["invoices"])')"
expect_eq "the script asks for what is owed, not for A2" "A promise to pay 100.00 BRL by a date (record it on the call)." \
	"$(jq_out 'o["script"]["options"][0]')"
expect_eq "and says not to ask for A2" "Invoice A2 (5000.00 BRL) is issued on $LATER: not owed yet, do not ask for it." \
	"$(jq_out '[f for f in o["script"]["facts"] if "A2" in f][0]')"
expect_eq "purchase history: the invoices issued by today" "1 100.00" \
	"$(jq_out '"%d %s" % (sum(m["invoices"] for m in o["purchase_history"]), [m["volume"] for m in o["purchase_history"] if m["invoices"]][0])')"
run recoup account show WAW --now "$NOW"
expect_stdout_contains "owed 300.00 PLN on 1 open invoices, overdue 300.00 PLN on 1, 10 days past due (oldest); unapplied credit 0.00, net 300.00"
expect_stdout_contains "not counted: 1 invoice issued later (imported ahead of time), not owed yet"
expect_stdout_contains "issued later: not owed yet, not counted above; do not ask for it"
run recoup account show ANA --now "$NOW" --format json
expect_eq "ANA: nothing owed, no strategy step ahead for an invoice not issued yet" "0.00 0 None" \
	"$(jq_out '"%s %d %s" % (o["balance"]["owed"], o["balance"]["open_invoices"], o["next_steps"])')"
expect_eq "and the script offers nothing to ask" "Nothing is overdue today; 0.00 BRL is owed on 0 open invoices." \
	"$(jq_out 'o["script"]["facts"][1]')"

# --- a letter of today lists and totals what is owed ---
run recoup letter WAW --out "$TMP/waw.pdf"
expect_eq "recoup letter WAW exits 0" 0 "$status"
pdftotext -layout "$TMP/waw.pdf" "$TMP/waw.txt"
expect_eq "the letter lists W1, not W2 (issued later)" "1 0" \
	"$(grep -c '^ *W1 ' "$TMP/waw.txt") $(grep -c '^ *W2 ' "$TMP/waw.txt" || true)"
expect_eq "and totals 300,00 PLN, not 7 300,00" 0 "$(grep -c '7 300\|7.300' "$TMP/waw.txt" || true)"

# --- the API: the same use cases ---
echo "alice-password" | recoup user add alice --role manager --password-stdin >/dev/null
serve_py <<'PY'
import json
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
r = a.get("/api/v1/customers/ACME")
sc.expect("GET /api/v1/customers/ACME", r, 200)
c = r.json or {}
sc.check("customer: owed, net, open invoices, issued later as the CLI's",
         [c.get(k) for k in ("owed", "net", "open_invoices", "issued_later_invoices", "days_past_due")]
         == ["100.00", "100.00", 1, 1, 20], r)
r = a.get("/api/v1/accounts/ACME")
sc.expect("GET /api/v1/accounts/ACME", r, 200)
acc = r.json or {}
sc.check("account: owed and open invoices leave A2 out",
         (acc.get("owed"), acc.get("open_invoices"), acc.get("issued_later_invoices")) == ("100.00", 1, 1), r)
sc.check("account: its invoices marked",
         [(i["invoice_ref"], i["issued_later"]) for i in acc.get("invoices", [])] == [("A1", False), ("A2", True)], r)
screen = acc.get("screen", {})
sc.check("account screen: as account show prints it",
         (screen["balance"]["owed"], [i["issued_later"] for i in screen["invoices"]]) == ("100.00", [False, True]), r)
r = a.get("/api/v1/invoices?customer=ACME")
sc.expect("GET /api/v1/invoices?customer=ACME", r, 200)
sc.check("the open invoices, marked",
         [(i["invoice_ref"], i["issued_later"]) for i in (r.json or {}).get("items", [])]
         == [("A1", False), ("A2", True)], r)
s.stop()
PY
expect_exit 0 recoup check
finish
