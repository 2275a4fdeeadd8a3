#!/usr/bin/env bash
# `recoup legal candidates --format csv` quotes its fields as CSV: a customer
# ref with a comma or a quote (A,"B", which the import accepts) used to be
# printed bare, so the row had a column too many and a reader took the currency
# for the balance.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile,tags
"A,""B""","Acme, ""the"" Co",company,PL,Europe/Warsaw,pl,PLN,,ap@pl.example,+48 22 555 0101,"ul. A 1, Krakow",,assets
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount,signed
P1,"A,""B""",2026-08-01,2026-09-01,PLN,1999.99,true
CSV
)" >/dev/null

run recoup legal candidates --all --format csv
expect_eq "legal candidates --format csv exits 0" 0 "$status"
expect_eq "the row reads back as 13 fields: the ref, its currency and balance exact" \
	'13 A,"B" PLN 1999.99 yes' \
	"$(python3 -c 'import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
r = rows[0]
print(len(r), r["customer_ref"], r["currency"], r["balance"], r["candidate"])' "$TMP/out")"
expect_stdout_contains '"A,""B""",PLN,1999.99,'
finish
