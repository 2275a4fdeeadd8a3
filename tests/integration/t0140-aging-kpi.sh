#!/usr/bin/env bash
# t0140: the aging report at its bucket boundaries, per currency (never
# added together), by customer, as CSV and JSON; the KPI report on a small
# ledger whose figures are worked out by hand below.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

AS_OF=2026-06-30
# day DPD: the due date that is DPD days past due at $AS_OF (GNU date as the reference).
day() {
	date -u -d "$AS_OF $((-$1)) days" +%F
}

# ---- aging boundaries
cat >customers.csv <<'EOF'
customer_ref,name,kind,country,currency
U1,Boundary Corp,company,US,USD
U2,Not Yet Due LLC,company,US,USD
J1,Nihon KK,company,JP,JPY
B1,Manama WLL,company,BH,BHD
EOF
# U1: one invoice per boundary, amounts 1, 2, 4, ... 2048 USD so that every
# bucket's sum tells which invoices landed in it.
{
	echo "invoice_ref,customer_ref,issue_date,due_date,currency,amount"
	amount=1
	for dpd in 0 1 30 31 60 61 90 91 180 181 365 366; do
		echo "D$dpd,U1,$(day $((dpd + 30))),$(day "$dpd"),USD,$amount.00"
		amount=$((amount * 2))
	done
	echo "N1,U2,$(day 20),$(day -10),USD,0.01"      # due in 10 days: current
	echo "Y1,J1,$(day 75),$(day 45),JPY,1234"       # 45 DPD: 31-60
	echo "H1,B1,$(day 30),$(day 0),BHD,12.345"      # due today: current
	echo "H2,B1,$(day 430),$(day 400),BHD,0.005"    # 400 DPD: over-365
} >invoices.csv
expect_exit 0 recoup import customers customers.csv
expect_exit 0 recoup import invoices invoices.csv
expect_eq "the not-yet-due invoice is due 2026-07-10" 2026-07-10 "$(day -10)"
expect_eq "the boundary invoices' due dates" "2026-06-30 2026-06-29 2026-05-31 2026-05-30 2026-05-01 2026-04-30 2026-04-01 2026-03-31 2026-01-01 2025-12-31 2025-06-30 2025-06-29" \
	"$(for d in 0 1 30 31 60 61 90 91 180 181 365 366; do day $d; done | tr '\n' ' ' | sed 's/ $//')"

# USD: current 1 + 0.01 (0 DPD and not yet due); 1-30: 2 + 4 (1 and 30 DPD);
# 31-60: 8 + 16; 61-90: 32 + 64; 91-180: 128 + 256; 181-365: 512 + 1024;
# over-365: 2048 (366 DPD); total 4095.01. JPY has no decimals, BHD three.
expect_exit 0 recoup aging --as-of "$AS_OF" --format csv
expect_stdout "aging buckets: 0|1,30|31,60|61,90|91,180|181,365|366 DPD; one row per currency" <<'EOF'
currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total,unapplied_credit,net
BHD,12.345,0.000,0.000,0.000,0.000,0.000,0.005,12.350,0.000,12.350
JPY,0,0,1234,0,0,0,0,1234,0,1234
USD,1.01,6.00,24.00,96.00,384.00,1536.00,2048.00,4095.01,0.00,4095.01
EOF
cp "$TMP/out" aging.csv

expect_exit 0 recoup aging --as-of "$AS_OF" --format csv --by currency
expect_same_file "--by currency is the default" aging.csv "$TMP/out"

expect_exit 0 recoup aging --as-of "$AS_OF" --by customer --format csv
expect_stdout "aging by customer: one row per customer and currency, sorted by customer_ref" <<'EOF'
customer_ref,currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total,unapplied_credit,net
B1,BHD,12.345,0.000,0.000,0.000,0.000,0.000,0.005,12.350,0.000,12.350
J1,JPY,0,0,1234,0,0,0,0,1234,0,1234
U1,USD,1.00,6.00,24.00,96.00,384.00,1536.00,2048.00,4095.00,0.00,4095.00
U2,USD,0.01,0.00,0.00,0.00,0.00,0.00,0.00,0.01,0.00,0.01
EOF

# One day later everything moves one day: 30 DPD -> 31 (31-60), 365 -> 366 (over-365) ...
expect_exit 0 recoup aging --as-of 2026-07-01 --format csv
expect_stdout "aging one day later: each boundary invoice moved to the next bucket" <<'EOF'
currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total,unapplied_credit,net
BHD,0.000,12.345,0.000,0.000,0.000,0.000,0.005,12.350,0.000,12.350
JPY,0,0,1234,0,0,0,0,1234,0,1234
USD,0.01,3.00,12.00,48.00,192.00,768.00,3072.00,4095.01,0.00,4095.01
EOF

expect_exit 0 recoup aging --as-of "$AS_OF" --format json
cp "$TMP/out" aging.json
if python3 -m json.tool aging.json >/dev/null; then
	pass "aging JSON parses (python3 -m json.tool)"
else
	fail "aging JSON parses (python3 -m json.tool)" "$(cat aging.json)"
fi
# The JSON carries the same figures as the CSV, as strings in major units.
if python3 - aging.json aging.csv <<'EOF'
import csv, json, sys
doc = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert doc["as_of"] == "2026-06-30", doc["as_of"]
assert doc["buckets"] == ["current", "1-30", "31-60", "61-90", "91-180", "181-365", "over-365"], doc["buckets"]
got = [{k: v for k, v in r.items() if k != "invoices"} for r in doc["rows"]]
assert got == rows, (got, rows)
assert [r["invoices"] for r in doc["rows"]] == [2, 1, 13], doc["rows"]
EOF
then
	pass "aging JSON has the same rows and figures as the CSV, with invoice counts"
else
	fail "aging JSON has the same rows and figures as the CSV, with invoice counts"
fi

expect_exit 0 recoup aging --as-of "$AS_OF"
expect_stdout_contains "aging as of 2026-06-30"
expect_stdout_contains "4,095.01"  # grouped for people in the table form

expect_exit 2 recoup aging --as-of 2026-02-30
expect_stderr_contains "--as-of"
expect_exit 2 recoup aging --by region
expect_exit 2 recoup aging --format xml

# ---- KPI report on tests/data/kpi, period 2026-03-01..2026-03-31 (31 days)
#
# USD invoices (balance at 02-28 -> at 03-31):
#   A1 K1 issued 01-01 due 01-31 1000.00, paid 400.00 on 02-15 and 100.00 on 03-10:
#        opening 600.00 (28 DPD, 1-30) -> closing 500.00 (59 DPD, 31-60)
#   A2 K2 issued 2025-11-01 due 2025-12-01 2000.00, paid 500.00 on 04-05 (after the period):
#        opening 2000.00 (89 DPD, 61-90) -> closing 2000.00 (120 DPD, 91-180)
#   A3 K1 issued 03-05 due 04-04 500.00, paid 500.00 on 03-20: sale 500.00, closing 0
#   A4 K3 issued 03-10 due 03-20 300.00: sale 300.00, closing 300.00 (11 DPD)
#   A5 K3 issued 03-15 due 04-14 200.00: sale 200.00, closing 200.00 (current)
#   A6 K2 issued 04-02: after the period, not counted
# opening AR 2600.00; credit sales 1000.00; closing AR 3000.00;
# closing current 200.00; closing overdue 2800.00
# DSO = 3000 / 1000 * 31 = 93.0 days
# CEI = (2600 + 1000 - 3000) / (2600 + 1000 - 200) = 600 / 3400 = 17.647 -> 17.65 %
# delinquency = 2800 / 3000 = 93.33 %
# default (> 90 DPD): balance 2000 (A2) / 3000 = 66.67 %; customers K2 of K1, K2, K3 = 33.33 %
# roll rates: 1-30: 500 of 600 moved on = 83.33 %; 61-90: 2000 of 2000 = 100.00 %;
#             current, 31-60, 91-180, 181-365 had no opening balance: n/a
# JPY: J1 K4 issued 03-01 due 03-31 10000, unpaid: opening 0, sales 10000,
# closing 10000 all current; DSO = 10000 / 10000 * 31 = 31.0; CEI = 0 / 0 = n/a;
# delinquency 0.00; default 0.00 and 0 of 1 customer = 0.00
RECOUP_DB=$(db_new kpi)
export RECOUP_DB
for kind in customers invoices payments; do
	expect_exit 0 recoup import "$kind" "$DATA/kpi/$kind.csv"
done
expect_exit 0 recoup report kpi --from 2026-03-01 --to 2026-03-31 --format csv
expect_stdout "KPI figures worked out by hand (see the comment above)" <<'EOF'
from,to,currency,opening_ar,credit_sales,closing_ar,closing_current,closing_overdue,dso_days,cei_pct,delinquency_rate_pct,default_rate_balance_pct,default_rate_customers_pct,roll_rate_current_pct,roll_rate_1-30_pct,roll_rate_31-60_pct,roll_rate_61-90_pct,roll_rate_91-180_pct,roll_rate_181-365_pct
2026-03-01,2026-03-31,JPY,0,10000,10000,10000,0,31.0,n/a,0.00,0.00,0.00,n/a,n/a,n/a,n/a,n/a,n/a
2026-03-01,2026-03-31,USD,2600.00,1000.00,3000.00,200.00,2800.00,93.0,17.65,93.33,66.67,33.33,n/a,83.33,n/a,100.00,n/a,n/a
EOF
cp "$TMP/out" kpi.csv

# With the default threshold at 30 DPD, A1 (59 DPD) defaults too:
# balance 2500 / 3000 = 83.33 %; customers K1 and K2 of 3 = 66.67 %.
expect_exit 0 recoup report kpi --from 2026-03-01 --to 2026-03-31 --default-dpd 30 --format csv
expect_stdout_contains "2026-03-01,2026-03-31,USD,2600.00,1000.00,3000.00,200.00,2800.00,93.0,17.65,93.33,83.33,66.67,"

expect_exit 0 recoup report kpi --from 2026-03-01 --to 2026-03-31 --format json
cp "$TMP/out" kpi.json
if python3 - kpi.json kpi.csv <<'EOF'
import csv, json, sys
doc = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2])))
assert (doc["from"], doc["to"], doc["days"], doc["default_dpd"]) == ("2026-03-01", "2026-03-31", 31, 90), doc
assert len(doc["currencies"]) == len(rows) == 2
for j, c in zip(doc["currencies"], rows):
    c = {k: v for k, v in c.items() if k not in ("from", "to")}
    j = {k: ("n/a" if v is None else v) for k, v in j.items()}
    assert j == c, (j, c)
EOF
then
	pass "KPI JSON parses and carries the same figures (n/a as null)"
else
	fail "KPI JSON parses and carries the same figures (n/a as null)"
fi

expect_exit 2 recoup report kpi --from 2026-03-31 --to 2026-03-01
expect_stderr_contains "is before --from"
expect_exit 0 recoup check

finish
