#!/usr/bin/env bash
# The run's snapshot per collector (issues 9 and 13): two collectors, runs
# on several days with payments imported between them. Right after each
# run, every collector's rows (dimension 'collector': open balance by
# currency and bucket, each account once in its oldest invoice's bucket)
# are the customer-by-customer aging of the accounts assigned to them; as
# every account is assigned, the collectors' rows add up to the book's
# (balances, invoices and accounts); there are no collector rows before
# the assignment. `recoup report collectors` collects, per collector and
# currency, what the payments' CSV says (cleared, dated in the period and
# from the assignment's date), figured here from the CSV, not the store.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-08-01,2026-09-01,BRL,500.00
A2,ACME,2026-09-15,2026-10-15,BRL,120.00
A3,ACME,2026-10-01,2026-11-15,BRL,80.00
W1,WAW,2026-09-01,2026-10-01,PLN,700.00
W2,WAW,2026-10-20,2026-11-05,PLN,60.00
N1,ANA,2026-09-01,2026-10-01,BRL,300.00
N2,ANA,2026-10-10,2026-10-25,BRL,45.50
M1,NOMAIL,2026-10-01,2026-10-20,PLN,410.00
CSV
daily_run 2026-11-01
expect_eq "no collector rows before any assignment" "0" \
	"$(sql "SELECT COUNT(*) FROM run_snapshot WHERE dimension = 'collector'")"
# ann works the companies, bob the persons (each team names the strategy of its accounts)
recoup user add ann --role collector --team b2b-gentle >/dev/null
recoup user add bob --role collector --team consumer-br >/dev/null
expect_exit 0 recoup assign --as-of 2026-11-02
ASSIGNED=$(sql_join '|' "SELECT c.ref || ' ' || u.name FROM assignment a JOIN customer c ON c.tenant_id = a.tenant_id
  AND c.id = a.customer_id JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id ORDER BY c.ref")
expect_eq "the assignments" "ACME ann|ANA bob|NOMAIL ann|WAW ann" "$ASSIGNED"
expect_exit 0 recoup run --as-of 2026-11-01 --now 2026-11-01T05:00:00Z
expect_eq "a run of a day before the assignment began has no collector rows either" "0" \
	"$(sql "SELECT COUNT(*) FROM run_snapshot WHERE dimension = 'collector'")"

# check_day DAY: the snapshot of DAY's run against the aging as known right after it
check_day() {
	local day=$1 want got
	recoup aging --as-of "$day" --by customer --format csv >"$TMP/aging.csv"
	want=$(python3 - "$TMP/aging.csv" "$ASSIGNED" <<'PY'
import csv, sys
from decimal import Decimal
who = dict(x.split(" ") for x in sys.argv[2].split("|"))
buckets = ["current", "1-30", "31-60", "61-90", "91-180", "181-365", "over-365"]
out = {}
for r in csv.DictReader(open(sys.argv[1])):
    c = who.get(r.get("customer_ref", ""))
    if not c or not r.get("currency") or Decimal(r["total"] or 0) <= 0:
        continue
    oldest = max(i for i, b in enumerate(buckets) if Decimal(r[b] or 0) > 0)
    for i, b in enumerate(buckets):
        amount = Decimal(r[b] or 0)
        if amount > 0 or i == oldest:
            a, s = out.get((c, r["currency"], b), (0, Decimal(0)))
            out[(c, r["currency"], b)] = (a + (i == oldest), s + amount)
print("|".join(sorted("%s %s %s %d %d" % (k + (v[0], int(v[1] * 100))) for k, v in out.items())))
PY
)
	got=$(sql_join '|' "SELECT key || ' ' || currency || ' ' || bucket || ' ' || accounts || ' ' || balance
	  FROM run_snapshot WHERE tenant_id = 1 AND run_date = '$day' AND dimension = 'collector' ORDER BY 1")
	[[ -n $want ]] || fail "the aging of $day has assigned accounts" "(none)"
	expect_eq "$day: each collector's rows are their accounts' aging (accounts, balance by currency and bucket)" \
		"$want" "$got"
	expect_eq "$day: the collectors' rows add up to the book's (every account is assigned)" \
		"$(sql_join '|' "SELECT currency || ' ' || bucket || ' ' || accounts || ' ' || invoices || ' ' || balance
		  FROM run_snapshot WHERE tenant_id = 1 AND run_date = '$day' AND dimension = 'total' ORDER BY 1")" \
		"$(sql_join '|' "SELECT currency || ' ' || bucket || ' ' || SUM(accounts) || ' ' || SUM(invoices) || ' ' ||
		  SUM(balance) FROM run_snapshot WHERE tenant_id = 1 AND run_date = '$day' AND dimension = 'collector'
		  GROUP BY currency, bucket ORDER BY 1")"
}

csv_file payments.csv >/dev/null <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,ACME,A1,2026-11-03,200.00,BRL,transfer,cleared,
P2,WAW,W1,2026-11-04,700.00,PLN,transfer,cleared,
P3,ANA,N1,2026-11-06,100.00,BRL,transfer,cleared,
P4,ANA,N2,2026-11-07,45.50,BRL,cheque,returned,2026-11-09
P5,NOMAIL,M1,2026-11-01,10.00,PLN,transfer,cleared,
CSV
csv_file payments2.csv >/dev/null <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P6,ACME,A2,2026-11-12,120.00,BRL,transfer,cleared,
P7,NOMAIL,M1,2026-11-14,100.00,PLN,transfer,cleared,
P8,WAW,W2,2026-12-01,60.00,PLN,transfer,cleared,
CSV
daily_run 2026-11-02
check_day 2026-11-02
recoup import payments "$TMP/payments.csv" >/dev/null
daily_run 2026-11-10
check_day 2026-11-10
recoup import payments "$TMP/payments2.csv" >/dev/null
daily_run 2026-11-20
check_day 2026-11-20
expect_eq "the 2026-11-02 run's rows stay what was known that day" "ann PLN 1-30 41000" \
	"$(sql "SELECT key || ' ' || currency || ' ' || bucket || ' ' || balance FROM run_snapshot WHERE tenant_id = 1
	  AND run_date = '2026-11-02' AND dimension = 'collector' AND currency = 'PLN' AND bucket = '1-30'")"

# the collectors report's money, per collector and currency, from the CSV files
since=$(sql "SELECT MIN(since) FROM assignment")
for period in "2026-11-01 2026-11-30" "2026-11-05 2026-11-13" "2026-11-01 2026-12-31"; do
	read -r from to <<<"$period"
	want=$(python3 - "$TMP/payments.csv" "$TMP/payments2.csv" "$ASSIGNED" "$from" "$to" "$since" <<'PY'
import csv, sys
from decimal import Decimal
who = dict(x.split(" ") for x in sys.argv[3].split("|"))
lo, hi = max(sys.argv[4], sys.argv[6]), sys.argv[5]
out = {}
for f in sys.argv[1:3]:
    for r in csv.DictReader(open(f)):
        if r["status"] == "cleared" and lo <= r["date"] <= hi:
            k = (who[r["customer_ref"]], r["currency"])
            out[k] = out.get(k, Decimal(0)) + Decimal(r["amount"])
print("|".join("%s %s %s" % (k[0], k[1], v) for k, v in sorted(out.items())))
PY
)
	expect_exit 0 recoup report collectors --from "$from" --to "$to" --format json
	got=$(python3 -c 'import json,sys
print("|".join("%s %s %s" % (c["collector"], c["currency"], c["amount_collected"])
  for c in json.load(open(sys.argv[1]))["collectors"] if c["currency"] and c["amount_collected"] != "0.00"))' "$TMP/out")
	[[ -n $want ]] || fail "$from..$to: the CSV has payments to collect" "(none)"
	expect_eq "$from..$to: each collector's collected money is the CSV's" "$want" "$got"
done
expect_exit 0 recoup check
finish
