#!/usr/bin/env bash
# The dashboard's charts by collector (issue 13): `recoup dashboard
# --collector USER` (GET /api/v1/dashboard's JSON) reads the run's
# snapshot per collector. Three collectors, runs on several days, and a
# reassignment between two of them: on each day the aging and the trend
# points of each collector are the customer-by-customer aging (as known
# right after that day's run) of the accounts assigned to them that day;
# the account moves to its new collector's charts from the next run, the
# earlier days stay the old one's; a collector with no account on the
# last run has no aging (not an older day's); the collectors' table by
# collector is `recoup report collectors`' row of that collector.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-08-01,2026-09-01,BRL,500.00
A2,ACME,2026-09-15,2026-10-15,BRL,120.00
W1,WAW,2026-09-01,2026-10-01,PLN,700.00
N1,ANA,2026-09-01,2026-10-01,BRL,300.00
N2,ANA,2026-10-10,2026-10-25,BRL,45.50
M1,NOMAIL,2026-10-01,2026-10-20,PLN,410.00
CSV
recoup user add ann --role collector --team b2b-gentle >/dev/null
recoup user add bob --role collector --team consumer-br >/dev/null
recoup user add cyd --role collector >/dev/null
daily_run 2026-11-02
expect_exit 0 recoup assign --as-of 2026-11-02

# truth DAY: each collector's open balance per currency on DAY, from the aging by customer
# right after DAY's run, into $TMP/truth-DAY ("collector currency total" lines)
truth() {
	local day=$1
	recoup aging --as-of "$day" --by customer --format csv >"$TMP/aging.csv"
	sql "SELECT c.ref || ' ' || u.name FROM assignment a JOIN customer c ON c.tenant_id = a.tenant_id
	  AND c.id = a.customer_id JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
	  WHERE a.since <= '$day' ORDER BY c.ref" >"$TMP/assigned"
	python3 - "$TMP/aging.csv" "$TMP/assigned" >"$TMP/truth-$day" <<'PY'
import csv, sys
from decimal import Decimal
who = dict(x.split(" ") for x in open(sys.argv[2]).read().split("\n") if x)
out = {}
for r in csv.DictReader(open(sys.argv[1])):
    c = who.get(r.get("customer_ref", ""))
    if c and r.get("currency") and Decimal(r["total"] or 0) > 0:
        out[(c, r["currency"])] = out.get((c, r["currency"]), Decimal(0)) + Decimal(r["total"])
for k, v in sorted(out.items()):
    print(k[0], k[1], v)
PY
}

daily_run 2026-11-05
truth 2026-11-05
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,ACME,A1,2026-11-06,200.00,BRL,transfer,cleared,
P2,ANA,N1,2026-11-07,100.00,BRL,transfer,cleared,
CSV
)" >/dev/null
daily_run 2026-11-10
truth 2026-11-10
# bob leaves: ANA goes to cyd (the pool) from 2026-11-12
expect_exit 0 recoup user disable bob
expect_exit 0 recoup assign --as-of 2026-11-12
expect_eq "ANA is cyd's now" "cyd 2026-11-12" "$(sql "SELECT u.name || ' ' || a.since FROM assignment a JOIN customer c
  ON c.tenant_id = a.tenant_id AND c.id = a.customer_id JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id
  WHERE c.ref = 'ANA'")"
daily_run 2026-11-15
truth 2026-11-15

# charts COLLECTOR: the aging's totals on the last day and the trend's totals per day, from the dashboard's JSON
charts() {
	recoup dashboard --collector "$1" --to 2026-11-15 >"$TMP/out" || fail "recoup dashboard --collector $1 exits 0"
	python3 -c 'import json,sys
d = json.load(open(sys.argv[1]))
assert d["aging"]["scope"] == "collector", d["aging"]
print("aging", d["aging"]["as_of"], " ".join("%s %s" % (i["currency"], i["total"]) for i in d["aging"]["items"]))
for p in d["trend"]["items"]:
    print("trend", p["date"], p["currency"], p["total"])' "$TMP/out"
}
# want COLLECTOR: the same from the truths
want() {
	local c=$1 day
	echo "aging 2026-11-15 $(awk -v c="$c" '$1 == c { printf "%s%s %s", (n++ ? " " : ""), $2, $3 }' "$TMP/truth-2026-11-15")"
	for day in 2026-11-05 2026-11-10 2026-11-15; do
		awk -v c="$c" -v d="$day" '$1 == c { print "trend", d, $2, $3 }' "$TMP/truth-$day"
	done
}
for c in ann bob cyd; do
	expect_eq "$c's charts are their accounts' aging on each run's day" "$(want "$c")" "$(charts "$c")"
done
charts bob >"$TMP/bob"
expect_eq "bob has no aging on the last run (ANA left him): not an older day's" "aging 2026-11-15 " "$(head -1 "$TMP/bob")"
expect_eq "his trend stops the day before" "2026-11-05 2026-11-10" "$(awk '/^trend/ { print $2 }' "$TMP/bob" | paste -sd ' ')"
expect_eq "cyd's starts on the first run after ANA came" "2026-11-15" \
	"$(charts cyd | awk '/^trend/ { print $2 }' | paste -sd ' ')"
expect_exit 0 recoup dashboard --to 2026-11-15
expect_eq "the book's aging is every collector's together" \
	"$(cat "$TMP"/truth-2026-11-15 | awk '{ s[$2] += $3 } END { for (k in s) printf "%s %.2f\n", k, s[k] }' | sort | paste -sd ' ')" \
	"$(python3 -c 'import json,sys; print(" ".join("%s %s" % (i["currency"], i["total"]) for i in json.load(open(sys.argv[1]))["aging"]["items"]))' "$TMP/out")"

# the collectors' table of one collector is the report's row
expect_exit 0 recoup dashboard --collector ann --from 2026-11-01 --to 2026-11-15
python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["collectors"]["items"], sort_keys=True))' "$TMP/out" >"$TMP/table"
expect_exit 0 recoup report collectors --from 2026-11-01 --to 2026-11-15 --format json
expect_eq "the dashboard's table names ann alone, collected as the report" \
	"$(python3 -c 'import json,sys; print(" ".join("%s %s" % (c["currency"], c["amount_collected"]) for c in json.load(open(sys.argv[1]))["collectors"] if c["collector"] == "ann"))' "$TMP/out")" \
	"$(python3 -c 'import json,sys
t = json.load(open(sys.argv[1]))
assert [r["name"] for r in t] == ["ann"], t
print(" ".join("%s %s" % (m["currency"], m["collected"]) for m in t[0]["money"]))' "$TMP/table")"
finish
