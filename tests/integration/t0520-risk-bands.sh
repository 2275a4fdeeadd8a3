#!/usr/bin/env bash
# Risk bands (docs/risk.md) through the real binary: three hand-built
# customers get the band their history deserves, and `customer show`
# prints the band with the factors behind it (table and JSON). A good
# payer who slipped once stays in A/B; a chronic late payer with a bounced
# payment is E; a customer with no history is C and says so. As of a past
# date, what came later does not count.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

cat >customers.csv <<'CSV'
customer_ref,name,kind,country,currency
GOOD,Good Payer Ltd,company,GB,GBP
LATE,Late Payer Ltd,company,GB,GBP
NEW,New Customer Ltd,company,GB,GBP
CSV
# twelve monthly invoices each for GOOD and LATE, due 30 days after issue
{
	echo "invoice_ref,customer_ref,issue_date,due_date,currency,amount"
	for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
		echo "G$m,GOOD,2025-$m-01,2025-$m-28,GBP,100.00"
		echo "L$m,LATE,2025-$m-01,2025-$m-28,GBP,100.00"
	done
} >invoices.csv
# GOOD pays every invoice by its due date but one, 20 days late; LATE pays
# every one about two weeks late, leaves December open, and a cheque bounces.
{
	echo "payment_ref,customer_ref,invoice_ref,date,currency,amount,status,returned_date"
	for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
		if [[ $m == 06 ]]; then
			echo "GP$m,GOOD,G$m,2025-07-18,GBP,100.00,cleared,"
		else
			echo "GP$m,GOOD,G$m,2025-$m-25,GBP,100.00,cleared,"
		fi
	done
	for m in 01 02 03 04 05 06 07 08 09 10; do
		n=$(printf '%02d' $((10#$m + 1)))
		echo "LP$m,LATE,L$m,2025-$n-12,GBP,100.00,cleared,"
	done
	echo "LP11,LATE,L11,2025-12-20,GBP,100.00,returned,2025-12-28"
} >payments.csv
expect_exit 0 recoup import customers customers.csv
expect_exit 0 recoup import invoices invoices.csv
expect_exit 0 recoup import payments payments.csv --as-of 2026-01-15

band() { # band REF [ARGS]: the band customer show prints
	recoup customer show "$@" | sed -n 's/^  risk band \([A-E]\) .*/\1/p'
}

expect_eq "the good payer who slipped once is A or B" "B" "$(band GOOD --as-of 2026-01-15)"
expect_eq "the chronic late payer with a bounce is E" "E" "$(band LATE --as-of 2026-01-15)"
expect_eq "no history is the neutral C" "C" "$(band NEW --as-of 2026-01-15)"

run recoup customer show GOOD --as-of 2026-01-15
expect_stdout_contains "risk band B (score 10) as of 2026-01-15:"
expect_stdout_contains "on_time                +5  11 of 12 invoices paid on time: one slip, probably an oversight"
expect_stdout_contains "days_late              +5  on average 20 days late over 1 invoice"
run recoup customer show LATE --as-of 2026-01-15
expect_stdout_contains "on_time               +45  10 of 10 invoices settled in the last 24 months were paid late (100%)"
expect_stdout_contains "returned_payments     +30  1 payment returned unpaid (NSF) in the last 12 months"
expect_stdout_contains "days_late              +5  on average 17 days late over 12 invoices"
expect_stdout_contains "overdue               +10  2 open invoices past due, the oldest by 48 days"
run recoup customer show NEW --as-of 2026-01-15
expect_stdout_contains "no_history            +30  no invoice settled or overdue and no payment returned: not enough history, neutral band"

# the JSON form carries the same band, score and factors
run recoup customer show LATE --as-of 2026-01-15 --format json
expect_eq "JSON: band, score and factor names" "E 90 on_time,days_late,overdue,returned_payments,trend" \
	"$(python3 -c 'import json,sys; r=json.load(sys.stdin)["risk"]; print(r["band"], r["score"], ",".join(f["name"] for f in r["factors"]))' <out)"
expect_eq "JSON: the points add up to the score" "90" \
	"$(python3 -c 'import json,sys; r=json.load(sys.stdin)["risk"]; print(sum(f["points"] for f in r["factors"]))' <out)"

# as of mid-2025, before the slip was known and before the bounce
expect_eq "GOOD as of 2025-06-30: a clean record" "A" "$(band GOOD --as-of 2025-06-30)"
run recoup customer show LATE --as-of 2025-11-30
if grep -q returned_payments out; then
	fail "LATE as of 2025-11-30 knows nothing of the December bounce" "$(cat out)"
else
	pass "LATE as of 2025-11-30 knows nothing of the December bounce"
fi
expect_exit 2 recoup customer show GOOD --format csv
expect_exit 1 recoup customer show NOBODY
finish
