#!/usr/bin/env bash
# Aging at a past date shows the balances as they stood at the end of that
# day, rebuilt from the dated ledger: a month-end aging run weeks later is
# still the month-end aging. Invoices issued after the date are left out.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

cat >customers.csv <<'CSV'
customer_ref,name,kind,country,currency
C1,Acme,company,US,USD
CSV
cat >invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-09-01,2026-10-01,USD,100.00
I2,C1,2026-10-20,2026-11-19,USD,30.00
CSV
cat >payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status
P1,C1,I1,2026-10-20,60.00,USD,transfer,cleared
P2,C1,I1,2026-10-25,40.00,USD,cheque,returned
CSV
for kind in customers invoices payments; do recoup import "$kind" "$kind.csv" >/dev/null; done

header=currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total
run recoup aging --as-of 2026-08-31 --format csv
expect_stdout "before any invoice was issued: nothing" <<CSV
$header
CSV
run recoup aging --as-of 2026-10-15 --format csv
expect_stdout "2026-10-15: I1 unpaid, 14 days past due" <<CSV
$header
USD,0.00,100.00,0.00,0.00,0.00,0.00,0.00,100.00
CSV
run recoup aging --as-of 2026-10-20 --format csv
expect_stdout "2026-10-20: 60.00 paid that day, I2 issued that day and current" <<CSV
$header
USD,30.00,40.00,0.00,0.00,0.00,0.00,0.00,70.00
CSV
run recoup aging --as-of 2026-10-25 --format json
expect_stdout_contains '"balances": "as_of"'
expect_stdout_contains '"1-30":"40.00"'
run recoup aging --as-of 2026-11-05 --format csv
expect_stdout "the bounced cheque left 40.00 open (35 DPD)" <<CSV
$header
USD,30.00,0.00,40.00,0.00,0.00,0.00,0.00,70.00
CSV
run recoup aging --by customer --as-of 2026-10-15 --format csv
expect_stdout "by customer at a past date" <<CSV
customer_ref,$header
C1,USD,0.00,100.00,0.00,0.00,0.00,0.00,0.00,100.00
CSV
# today (or later): the current balances, from the cached column
run recoup aging --format json
expect_stdout_contains '"balances": "current"'
expect_stdout_contains '"total":"70.00"'

finish
