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

header=currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total,unapplied_credit,net
run recoup aging --as-of 2026-08-31 --format csv
expect_stdout "before any invoice was issued: nothing" <<CSV
$header
CSV
run recoup aging --as-of 2026-10-15 --format csv
expect_stdout "2026-10-15: I1 unpaid, 14 days past due" <<CSV
$header
USD,0.00,100.00,0.00,0.00,0.00,0.00,0.00,100.00,0.00,100.00
CSV
run recoup aging --as-of 2026-10-20 --format csv
expect_stdout "2026-10-20: 60.00 paid that day, I2 issued that day and current" <<CSV
$header
USD,30.00,40.00,0.00,0.00,0.00,0.00,0.00,70.00,0.00,70.00
CSV
run recoup aging --as-of 2026-10-25 --format json
expect_stdout_contains '"balances": "as_of"'
expect_stdout_contains '"1-30":"40.00"'
run recoup aging --as-of 2026-11-05 --format csv
expect_stdout "the bounced cheque left 40.00 open (35 DPD)" <<CSV
$header
USD,30.00,0.00,40.00,0.00,0.00,0.00,0.00,70.00,0.00,70.00
CSV
run recoup aging --by customer --as-of 2026-10-15 --format csv
expect_stdout "by customer at a past date" <<CSV
customer_ref,$header
C1,USD,0.00,100.00,0.00,0.00,0.00,0.00,0.00,100.00,0.00,100.00
CSV
# a cheque that came back a week later: paid in between, open again after
cat >c2.csv <<'CSV'
customer_ref,name,kind,country,currency
C2,Bolt,company,US,USD
CSV
cat >i2.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
J1,C2,2026-09-01,2026-10-01,USD,80.00
CSV
cat >p2.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
Q1,C2,J1,2026-10-10,80.00,USD,cheque,returned,2026-10-17
CSV
for f in c2:customers i2:invoices p2:payments; do recoup import "${f#*:}" "${f%%:*}.csv" >/dev/null; done
run recoup aging --by customer --as-of 2026-10-12 --format csv
expect_eq "2026-10-12: the cheque had paid J1, C2 owes nothing" 0 "$(grep -c '^C2,' "$TMP/out" || true)"
run recoup aging --by customer --as-of 2026-10-20 --format csv
expect_stdout_contains "C2,USD,0.00,80.00,0.00,0.00,0.00,0.00,0.00,80.00"
run recoup export payments
expect_stdout_contains "Q1,C2,J1,2026-10-10,80.00,USD,cheque,returned,2026-10-17"
expect_eq "the reversal is dated with the return date" "2026-10-17" \
	"$(sql "SELECT l.date FROM ledger_entry l JOIN payment p ON p.id = l.payment_id WHERE p.ref = 'Q1' AND l.kind = 'reversal'")"
# a bad return date is refused, naming the column
printf 'payment_ref,customer_ref,invoice_ref,date,amount,currency,status,returned_date\nQ2,C2,J1,2026-10-10,1.00,USD,returned,2026-10-01\nQ3,C2,J1,2026-10-10,1.00,USD,cleared,2026-10-11\n' >bad.csv
db_snapshot
expect_exit 1 recoup import payments bad.csv
expect_stderr_contains "bad.csv:2: returned_date: returned date 2026-10-01 is before the payment date 2026-10-10"
expect_stderr_contains "bad.csv:3: returned_date: a returned date is given but the status is not returned"
expect_db_unchanged "bad return dates change nothing"

# today (or later): the current balances, from the cached column
run recoup aging --format json
expect_stdout_contains '"balances": "current"'
expect_stdout_contains '"total":"150.00"'

finish
