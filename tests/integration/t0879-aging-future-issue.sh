#!/usr/bin/env bash
# An invoice imported ahead of its issue date is not owed yet, and no
# aging counts it before that date. `recoup aging` for today (and
# --as-of today, and GET /api/v1/aging) summed every open invoice's
# current balance, the ones issued next week too: on 2026-11-20 a book
# owing BRL 140.00 showed BRL 5,140.00 and a PLN row for an invoice of
# December, while `report kpi` up to that day, the daily run and the
# dashboard's aging (the run's snapshot) left them out, as a past
# --as-of did. Now "as of a date" is as known on that date everywhere:
# only the invoices issued on or before it, whether its balances are the
# current ones (today or later) or rebuilt from the ledger (a past day).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

TODAY=2026-11-20
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-10-31,BRL,100.00
A2,ACME,2026-11-25,2026-12-25,BRL,5000.00
N1,ANA,2026-11-20,2026-11-30,BRL,40.00
W1,WAW,2026-12-01,2026-12-31,PLN,700.00
CSV

header="currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total,unapplied_credit,net"
today_row="BRL,40.00,100.00,0.00,0.00,0.00,0.00,0.00,140.00,0.00,140.00"

run recoup_at "${TODAY}T12:00:00Z" aging --format csv
expect_eq "aging today: A2 and W1, issued later, are left out" "$header
$today_row" "$(cat "$TMP/out")"
run recoup_at "${TODAY}T12:00:00Z" aging --as-of "$TODAY" --format csv
expect_eq "aging --as-of today: the same" "$header
$today_row" "$(cat "$TMP/out")"
run recoup_at "${TODAY}T12:00:00Z" aging --by customer --format csv
expect_eq "aging --by customer today: WAW, owing nothing issued yet, has no line" \
	"customer_ref,$header
ACME,BRL,0.00,100.00,0.00,0.00,0.00,0.00,0.00,100.00,0.00,100.00
ANA,BRL,40.00,0.00,0.00,0.00,0.00,0.00,0.00,40.00,0.00,40.00" "$(cat "$TMP/out")"
run recoup_at "${TODAY}T12:00:00Z" aging --format json
expect_eq "aging --format json today: 2 invoices, BRL 140.00" "2 140.00 ['BRL']" \
	"$(jq_out 'str(sum(r["invoices"] for r in o["rows"])) + " " + o["rows"][0]["total"] + " " + str([r["currency"] for r in o["rows"]])')"

# the day before, rebuilt from the ledger (as before): N1 is issued on the 20th
run recoup_at "${TODAY}T12:00:00Z" aging --as-of 2026-11-19 --format csv
expect_eq "aging --as-of the day before: A1 alone" "$header
BRL,0.00,100.00,0.00,0.00,0.00,0.00,0.00,100.00,0.00,100.00" "$(cat "$TMP/out")"
# a day ahead: the invoices issued by then, not W1 (December)
run recoup_at "${TODAY}T12:00:00Z" aging --as-of 2026-11-30 --format csv
expect_eq "aging --as-of 2026-11-30: A2 (issued the 25th) counts, W1 not" "$header
BRL,5040.00,100.00,0.00,0.00,0.00,0.00,0.00,5140.00,0.00,5140.00" "$(cat "$TMP/out")"

# the KPIs up to today close on the same receivables
run recoup_at "${TODAY}T12:00:00Z" report kpi --from 2026-11-01 --to "$TODAY" --format json
expect_eq "report kpi to today: closing receivables BRL 140.00, as the aging; no PLN" "BRL 140.00 40.00" \
	"$(jq_out '" ".join(c["currency"] + " " + c["closing_ar"] + " " + c["credit_sales"] for c in o["currencies"])')"

# the daily run of that day and the dashboard's aging (its snapshot) agree
daily_run "$TODAY"
run recoup_at "${TODAY}T12:00:00Z" dashboard
expect_eq "the dashboard's aging after the day's run: BRL 140.00 in 2 invoices, as the aging" \
	"2026-11-20 BRL 40.00 100.00 140.00 2" \
	"$(jq_out 'o["aging"]["as_of"] + " " + " ".join(i["currency"] + " " + i["current"] + " " + i["1-30"] + " " + i["total"] + " " + str(i["invoices"]) for i in o["aging"]["items"])')"

# the API's aging is the same use case, on the server's clock
echo "alice-password" | recoup user add alice --role manager --password-stdin >/dev/null
serve_py <<'PY'
s = sc.Server(clock="2026-11-20T12:00:00Z")
a = sc.Client(s, "alice", "alice-password")
r = a.get("/api/v1/aging")
sc.expect("GET /api/v1/aging", r, 200)
items = (r.json or {}).get("items", [])
sc.check("GET /api/v1/aging today: BRL 140.00 in 2 invoices, no PLN",
         [(i["currency"], i["total"], i["invoices"]) for i in items] == [("BRL", "140.00", 2)], r)
r = a.get("/api/v1/aging?by_customer=true")
sc.check("GET /api/v1/aging?by_customer=true: ACME and ANA, not WAW",
         [(i["customer_ref"], i["total"]) for i in (r.json or {}).get("items", [])]
         == [("ACME", "100.00"), ("ANA", "40.00")], r)
s.stop()
PY
expect_exit 0 recoup check
finish
