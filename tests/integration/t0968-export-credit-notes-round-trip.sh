#!/usr/bin/env bash
# A finance team's round trip: every kind exported and imported into a
# fresh database gives the same books. Credit notes could be imported but
# not exported (`recoup export credit-notes` was a usage error), so the
# books rebuilt from an export lost every credit note: the invoices they
# had credited open again and the customers' unapplied credit gone.
# Now `export credit-notes` writes the import's columns plus `applied`
# (ignored on import), and the rebuilt books agree day by day, in every
# currency (USD, JPY, BHD), with returned payments and partial allocations.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
cat >"$TMP/c.csv" <<'CSV'
customer_ref,name,kind,country,currency
C1,Acme Ltd,company,US,USD
C2,Yen Co,company,JP,JPY
C3,Gulf Trading,company,BH,BHD
CSV
cat >"$TMP/i.csv" <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2025-01-01,2025-01-31,USD,1000.00
I2,C1,2025-02-01,2025-03-03,USD,500.50
I3,C2,2025-01-10,2025-02-10,JPY,150000
I4,C3,2025-01-15,2025-02-15,BHD,12.345
I5,C1,2025-04-01,2025-05-01,USD,300.00
CSV
cat >"$TMP/p.csv" <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,status,returned_date
P1,C1,I1,2025-02-15,400.00,USD,,
P2,C1,,2025-03-10,700.00,USD,,
P3,C2,I3,2025-03-01,50000,JPY,returned,2025-03-20
P4,C3,I4,2025-02-20,2.345,BHD,,
CSV
cat >"$TMP/n.csv" <<'CSV'
credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason
N1,C1,I5,2025-04-10,400.00,USD,price correction beyond the invoice
N2,C2,,2025-03-05,1000,JPY,goodwill
N3,C3,I4,2025-03-01,0.500,BHD,"goods returned, partly"
CSV
for k in customers:c invoices:i payments:p credit-notes:n; do
	recoup import "${k%%:*}" "$TMP/${k#*:}.csv" >/dev/null
done

expect_exit 0 recoup export credit-notes --out "$TMP/x-credit-notes.csv"
expect_eq "the credit notes export: the import's columns and what went to the invoice" \
	"credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason,applied
N1,C1,I5,2025-04-10,400.00,USD,price correction beyond the invoice,300.00
N2,C2,,2025-03-05,1000,JPY,goodwill,0
N3,C3,I4,2025-03-01,0.500,BHD,\"goods returned, partly\",0.500" "$(cat "$TMP/x-credit-notes.csv")"
expect_exit 0 recoup export credit-notes --format json
expect_stdout_contains '{"credit_note_ref":"N2","customer_ref":"C2","invoice_ref":"","date":"2025-03-05","amount":"1000","currency":"JPY","reason":"goodwill","applied":"0"}'

for k in customers contacts invoices payments; do
	recoup export "$k" --out "$TMP/x-$k.csv" >/dev/null
done
ORIG=$RECOUP_DB
COPY=$(db_new copy)
RECOUP_DB=$COPY recoup init >/dev/null
for k in customers contacts invoices payments credit-notes; do
	RECOUP_DB=$COPY recoup import "$k" "$TMP/x-$k.csv" >/dev/null
done
for d in 2025-02-28 2025-03-04 2025-03-15 2025-03-31 2025-04-30 2025-12-31; do
	a=$(RECOUP_DB=$ORIG recoup aging --as-of "$d" --by customer --format csv 2>&1)
	b=$(RECOUP_DB=$COPY recoup aging --as-of "$d" --by customer --format csv 2>&1)
	expect_eq "the same aging by customer as of $d" "$a" "$b"
done
expect_eq "the unapplied credit of the credit notes is kept (USD 100.00, JPY 1000)" \
	"customer_ref,currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total,unapplied_credit,net
C1,USD,0.00,0.00,0.00,0.00,0.00,400.50,0.00,400.50,100.00,300.50
C2,JPY,0,0,0,0,0,150000,0,150000,1000,149000
C3,BHD,0.000,0.000,0.000,0.000,0.000,9.500,0.000,9.500,0.000,9.500" \
	"$(RECOUP_DB=$COPY recoup aging --as-of 2025-12-31 --by customer --format csv)"
a=$(RECOUP_DB=$ORIG recoup report kpi --from 2025-01-01 --to 2025-06-30 --format csv)
b=$(RECOUP_DB=$COPY recoup report kpi --from 2025-01-01 --to 2025-06-30 --format csv)
expect_eq "the same KPIs" "$a" "$b"
a=$(RECOUP_DB=$ORIG recoup export credit-notes)
b=$(RECOUP_DB=$COPY recoup export credit-notes)
expect_eq "the same credit notes, applied alike" "$a" "$b"
RECOUP_DB=$COPY expect_exit 0 recoup check

# the export imports again into its own database as already stored
expect_exit 0 recoup import credit-notes "$TMP/x-credit-notes.csv"
expect_stdout_contains "3 rows, all already stored; nothing changed"
finish
