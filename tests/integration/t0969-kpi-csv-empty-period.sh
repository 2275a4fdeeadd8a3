#!/usr/bin/env bash
# `report kpi --format csv` for a period before any invoice (a new book's
# first months, or a script run over every month of the year) printed
# nothing at all: no header, so a script reading the columns by name
# found none, where aging's CSV and the exports print their header alone.
# The header is now printed whatever the rows, once.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

HEADER="from,to,currency,opening_ar,credit_sales,closing_ar,closing_current,closing_overdue,dso_days,cei_pct,delinquency_rate_pct,default_rate_balance_pct,default_rate_customers_pct,roll_rate_current_pct,roll_rate_1-30_pct,roll_rate_31-60_pct,roll_rate_61-90_pct,roll_rate_91-180_pct,roll_rate_181-365_pct"

recoup init >/dev/null
expect_exit 0 recoup report kpi --from 2025-01-01 --to 2025-01-31 --format csv
expect_eq "an empty book: the header alone" "$HEADER" "$(cat "$TMP/out")"

cat >"$TMP/c.csv" <<'CSV'
customer_ref,name,kind,country,currency
C1,Acme Ltd,company,US,USD
C2,Yen Co,company,JP,JPY
CSV
cat >"$TMP/i.csv" <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2025-06-01,2025-07-01,USD,1000.00
I2,C2,2025-06-10,2025-07-10,JPY,150000
CSV
cat >"$TMP/p.csv" <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency
P1,C1,I1,2025-06-20,250.00,USD
CSV
recoup import customers "$TMP/c.csv" >/dev/null
recoup import invoices "$TMP/i.csv" >/dev/null
recoup import payments "$TMP/p.csv" >/dev/null

expect_exit 0 recoup report kpi --from 2025-01-01 --to 2025-05-31 --format csv
expect_eq "a period before the first invoice: the header alone" "$HEADER" "$(cat "$TMP/out")"
expect_exit 0 recoup report kpi --from 2025-01-01 --to 2025-05-31 --format json
expect_stdout_contains '"currencies": []'

expect_exit 0 recoup report kpi --from 2025-06-01 --to 2025-06-30 --format csv
expect_eq "a period with invoices: the header once, a row per currency" "$HEADER
2025-06-01,2025-06-30,JPY,0,150000,150000,150000,0,30.0,n/a,0.00,0.00,0.00,n/a,n/a,n/a,n/a,n/a,n/a
2025-06-01,2025-06-30,USD,0.00,1000.00,750.00,750.00,0.00,22.5,100.00,0.00,0.00,0.00,n/a,n/a,n/a,n/a,n/a,n/a" "$(cat "$TMP/out")"
finish
