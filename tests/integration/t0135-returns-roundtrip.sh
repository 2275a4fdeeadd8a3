#!/usr/bin/env bash
# A returned payment takes effect on its returned_date: payments dated
# before the return are applied as if the money were still there. This
# makes the allocations follow what happened, and an export imported into
# a fresh database rebuild exactly the same balances.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

cat >customers.csv <<'CSV'
customer_ref,name,kind,country,currency
C1,Acme,company,US,USD
CSV
cat >invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-09-01,2026-10-01,USD,100.00
I2,C1,2026-09-15,2026-10-15,USD,50.00
CSV
cat >p1.csv <<'CSV'
payment_ref,customer_ref,date,amount,currency,method
P1,C1,2026-10-20,60.00,USD,cheque
CSV
cat >p2.csv <<'CSV'
payment_ref,customer_ref,date,amount,currency,method
P2,C1,2026-10-21,60.00,USD,transfer
CSV
cat >p3.csv <<'CSV'
payment_ref,customer_ref,date,amount,currency,method,status,returned_date
P1,C1,2026-10-20,60.00,USD,cheque,returned,2026-10-25
CSV
balances() { sql_join ' ' "SELECT ref || '=' || balance FROM invoice ORDER BY ref" "$1"; }

# three files, as a bank would send them: P1, then P2, then P1's return
for f in customers:customers invoices:invoices p1:payments p2:payments p3:payments; do
	recoup import "${f#*:}" "${f%%:*}.csv" >/dev/null
done
# P1 paid 60 of I1; P2 paid I1's last 40 and 20 of I2; P1's return reopened 60 on I1
expect_eq "allocations follow the money" "I1=6000 I2=3000" "$(balances "$RECOUP_DB")"
expect_exit 0 recoup check

# the same history in one file, P1's row (with its return date) first: same result
one=$(db_new one)
recoup --db "$one" import customers customers.csv >/dev/null
recoup --db "$one" import invoices invoices.csv >/dev/null
printf 'payment_ref,customer_ref,date,amount,currency,method,status,returned_date\nP1,C1,2026-10-20,60.00,USD,cheque,returned,2026-10-25\nP2,C1,2026-10-21,60.00,USD,transfer,cleared,\n' >both.csv
recoup --db "$one" import payments both.csv >/dev/null
expect_eq "one file, the return applied on its date, after P2" "I1=6000 I2=3000" "$(balances "$one")"

# export, import into a fresh database: the same balances and agings
fresh=$(db_new fresh)
for kind in customers invoices payments; do
	recoup export "$kind" --out "$kind-export.csv"
	recoup --db "$fresh" import "$kind" "$kind-export.csv" >/dev/null
done
expect_eq "the round trip rebuilds the same balances" "$(balances "$RECOUP_DB")" "$(balances "$fresh")"
for at in 2026-10-22 2026-10-26; do
	recoup aging --as-of "$at" --format csv >a.csv
	recoup --db "$fresh" aging --as-of "$at" --format csv >b.csv
	expect_same_file "aging at $at is the same after the round trip" a.csv b.csv
done
recoup aging --format csv >a.csv
recoup --db "$fresh" aging --format csv >b.csv
expect_same_file "the current aging is the same after the round trip" a.csv b.csv
# and importing the export back into the original changes nothing
db_snapshot
expect_exit 0 recoup import payments payments-export.csv
expect_stdout_contains "nothing changed"
expect_db_unchanged "the export imports back into its own database as a no-op"

finish
