#!/usr/bin/env bash
# t0180: nothing a user types may silently change the books. A NUL byte
# inside a value, an amount beyond MONEY_AMOUNT_MAX, a date nobody meant, an
# unknown profile: each refused with file:line: column: reason, exit 1, the
# database unchanged and the input file untouched. Also: sums that overflow
# are named by aging, report kpi and check; bad rows beyond 100 are counted,
# not listed (docs/csv.md "Limits of values", docs/reports.md).
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

IMP="$DATA/import"
for kind in customers contacts invoices payments; do
	recoup import "$kind" "$IMP/$kind.csv" >/dev/null
done

# refuse KIND FILE MESSAGE [LINES]: refused with MESSAGE, LINES bad-row
# lines, exit 1, database and file unchanged.
refuse() {
	local kind=$1 file=$2 message=$3 lines=${4:-1} n sum
	sum=$(cksum <"$file")
	db_snapshot
	expect_exit 1 recoup import "$kind" "$file"
	expect_stderr_contains "$message"
	n=$(grep -c "^$file:[0-9]*: " "$TMP/err" || true)
	expect_eq "$file: $lines bad row line(s) listed" "$lines" "$n"
	expect_db_unchanged "$file: the database is unchanged"
	expect_eq "$file: the input file is unchanged" "$sum" "$(cksum <"$file")"
}

INV_HEADER=invoice_ref,customer_ref,issue_date,due_date,currency,amount,description
PAY_HEADER=payment_ref,customer_ref,invoice_ref,date,amount,currency,status,returned_date
CUST_HEADER=customer_ref,name,kind,country,currency,profile

# ---- 1. a NUL byte never truncates a value: one check for every field
printf '%s\nN-1,C001,2026-03-01,2026-03-31,USD,1\0999.99,x\n' "$INV_HEADER" >nul-amount.csv
refuse invoices nul-amount.csv "nul-amount.csv:2: amount: contains a NUL byte (byte 0x00)"
printf '%s\nN-1,C001,2026-03-01,2026-03-31,USD,100\0.00,x\n' "$INV_HEADER" >nul-amount2.csv
refuse invoices nul-amount2.csv "nul-amount2.csv:2: amount: contains a NUL byte (byte 0x00)"
printf '%s\nN-1,C001,2026-03-01,2026-11-30\0garbage,USD,10.00,x\n' "$INV_HEADER" >nul-date.csv
refuse invoices nul-date.csv "nul-date.csv:2: due_date: contains a NUL byte (byte 0x00)"
printf '%s\nN-1,C001,2026-03-01,2026-03-31,USD\0XYZ,10.00,x\n' "$INV_HEADER" >nul-currency.csv
refuse invoices nul-currency.csv "nul-currency.csv:2: currency: contains a NUL byte (byte 0x00)"
printf '%s\nN-1,C002\0zz,2026-03-01,2026-03-31,PLN,10.00,x\n' "$INV_HEADER" >nul-ref.csv
refuse invoices nul-ref.csv "nul-ref.csv:2: customer_ref: contains a NUL byte (byte 0x00)"
printf '%s\nN-1,C001,2026-03-01,2026-03-31,USD,10.00,"a\0b"\n' "$INV_HEADER" >nul-text.csv
refuse invoices nul-text.csv "nul-text.csv:2: description: contains a NUL byte (byte 0x00)"
printf '%s\nQ-1,C001,,2026-03-01,10.00,USD\0,cleared,\n' "$PAY_HEADER" >nul-pay.csv
refuse payments nul-pay.csv "nul-pay.csv:2: currency: contains a NUL byte (byte 0x00)"
# a control character in a ref; a tab is fine in free text only
printf '%s\nN-\x01,C001,2026-03-01,2026-03-31,USD,10.00,x\n' "$INV_HEADER" >ctl-ref.csv
refuse invoices ctl-ref.csv "ctl-ref.csv:2: invoice_ref: contains a control character (byte 0x01)"
printf '%s\nN-1,C001,2026-03-01,2026-03-31,USD,10.00,\xc2\x85\n' "$INV_HEADER" >c1.csv
refuse invoices c1.csv "c1.csv:2: description: contains a control character (U+0085)"

# ---- 1b. the other rejection reasons of docs/csv.md that no other test drives
printf '%s,amount\nT-1,C001,2026-03-01,2026-03-31,USD,1.00,x,2.00\n' "$INV_HEADER" >twice.csv
refuse invoices twice.csv "twice.csv:1: amount: column appears twice in the header"
# unquoted spaces are trimmed by the reader; quoted ones reach the ref check
printf '%s\n"T-2 ",C001,2026-03-01,2026-03-31,USD,1.00,x\n' "$INV_HEADER" >ref-space.csv
refuse invoices ref-space.csv "ref-space.csv:2: invoice_ref: 'T-2 ' has leading or trailing spaces"
printf '%s\nT-3,C001,2026-03-01,2026-03-31,USD,"1,234.00",x\n' "$INV_HEADER" >thousands.csv
refuse invoices thousands.csv "thousands.csv:2: amount: amount '1,234.00' is not a decimal number"
# an empty required date says so the way every empty required value does
printf '%s\nT-4,C001,,2026-03-31,USD,1.00,x\n' "$INV_HEADER" >no-issue.csv
refuse invoices no-issue.csv "no-issue.csv:2: issue_date: is empty"
# email and phone on import (t0310 checks them on customer/contact set)
printf 'customer_ref,name,kind,country,currency,email,phone\nT-5,T Co,company,US,USD,x,12\n' >cust-contact.csv
refuse customers cust-contact.csv "cust-contact.csv:2: email: 'x' is not an email address" 2
expect_stderr_contains "cust-contact.csv:2: phone: '12' is not a phone number"
printf 'contact_ref,customer_ref,role,email,phone\nT-6,C001,billing,nobody,abc\n' >contact-bad.csv
refuse contacts contact-bad.csv "contact-bad.csv:2: phone: 'abc' is not a phone number" 2
expect_stderr_contains "contact-bad.csv:2: email: 'nobody' is not an email address"

# ---- 2. no amount beyond 10^15 minor units
csv_file max-invoices.csv >/dev/null <<EOF
$INV_HEADER
BIG-1,C001,2026-03-01,2026-03-31,USD,92233720368547758.07,x
BIG-2,C001,2026-03-01,2026-03-31,USD,92233720368547758.07,x
EOF
refuse invoices max-invoices.csv "max-invoices.csv:2: amount: amount '92233720368547758.07' is more than 10000000000000.00, the largest amount recoup accepts (USD)" 2
expect_stderr_contains "max-invoices.csv:3: amount: amount '92233720368547758.07' is more than 10000000000000.00"
csv_file max-payments.csv >/dev/null <<EOF
$PAY_HEADER
BIG-P1,C001,,2026-03-01,92233720368547758.07,USD,,
EOF
refuse payments max-payments.csv "max-payments.csv:2: amount: amount '92233720368547758.07' is more than 10000000000000.00"
csv_file max-credit.csv >/dev/null <<EOF
customer_ref,name,kind,country,currency,credit_limit
BIG,Big Co,company,US,USD,10000000000000.01
EOF
refuse customers max-credit.csv "max-credit.csv:2: credit_limit: amount '10000000000000.01' is more than 10000000000000.00"
# the limit itself is accepted
csv_file at-max.csv >/dev/null <<EOF
$INV_HEADER
MAX-1,C001,2026-03-01,2026-03-31,USD,10000000000000.00,x
EOF
expect_exit 0 recoup import invoices at-max.csv

# ---- 3. dates nobody meant
csv_file year1.csv >/dev/null <<EOF
$INV_HEADER
Y-1,C001,0001-01-01,2026-03-31,USD,10.00,x
EOF
refuse invoices year1.csv "year1.csv:2: issue_date: date 0001-01-01 is outside 1900-01-01..2199-12-31, the dates recoup accepts"
csv_file year9999.csv >/dev/null <<EOF
$INV_HEADER
Y-1,C001,2026-03-01,9999-12-31,USD,10.00,x
EOF
refuse invoices year9999.csv "year9999.csv:2: due_date: date 9999-12-31 is outside 1900-01-01..2199-12-31"
csv_file future-pay.csv >/dev/null <<EOF
$PAY_HEADER
F-1,C001,I-001,2099-01-01,10.00,USD,,
EOF
refuse payments future-pay.csv "future-pay.csv:2: date: date 2099-01-01 is after today ("
expect_stderr_contains "to replay an old file, give import --as-of DATE"
csv_file future-return.csv >/dev/null <<EOF
$PAY_HEADER
F-2,C001,I-001,2026-03-02,10.00,USD,returned,2099-01-01
EOF
refuse payments future-return.csv "future-return.csv:2: returned_date: date 2099-01-01 is after today ("
# --as-of: an old file replays as of its day; a later date is still refused
csv_file old-pay.csv >/dev/null <<EOF
$PAY_HEADER
OLD-1,C005,,2026-04-01,1.00,BRL,,
EOF
db_snapshot
expect_exit 1 recoup import payments old-pay.csv --as-of 2026-03-31
expect_stderr_contains "old-pay.csv:2: date: date 2026-04-01 is after today (2026-03-31)"
expect_db_unchanged "--as-of before the payment: refused, nothing changed"
expect_exit 0 recoup import payments old-pay.csv --as-of 2026-04-01
expect_stdout_contains "old-pay.csv: 1 row imported into payments (1 new or changed, 0 already stored)"
expect_exit 2 recoup import payments old-pay.csv --as-of 2999-01-01
expect_stderr_contains "--as-of 2999-01-01 is after today"

# a payment never pays an invoice issued after it
csv_file early-invoices.csv >/dev/null <<EOF
$INV_HEADER
LATE-1,C002,2026-06-01,2026-06-30,PLN,100.00,x
EOF
recoup import invoices early-invoices.csv >/dev/null
csv_file pay-before-named.csv >/dev/null <<EOF
$PAY_HEADER
EARLY-1,C002,LATE-1,2026-05-01,40.00,PLN,,
EOF
refuse payments pay-before-named.csv "pay-before-named.csv:2: invoice_ref: invoice 'LATE-1' was issued on 2026-06-01, after the payment's date 2026-05-01: a payment cannot pay an invoice not yet issued"
# unnamed: LATE-1 is skipped, the money stays unapplied credit
before=$(sql "SELECT balance FROM invoice WHERE ref = 'LATE-1'")
csv_file pay-before-unnamed.csv >/dev/null <<EOF
$PAY_HEADER
EARLY-2,C002,,2026-05-01,40.00,PLN,,
EOF
expect_exit 0 recoup import payments pay-before-unnamed.csv
expect_eq "an unnamed payment skips an invoice issued after it" "$before" \
	"$(sql "SELECT balance FROM invoice WHERE ref = 'LATE-1'")"
expect_eq "and keeps the money as unapplied credit" "unapplied -4000" \
	"$(sql "SELECT l.kind || ' ' || l.amount FROM ledger_entry l JOIN payment p ON p.id = l.payment_id
		WHERE p.ref = 'EARLY-2'")"

# ---- 4. customer profile: a preset or the tenant's own
csv_file bad-profile.csv >/dev/null <<EOF
$CUST_HEADER
PR-1,Pro Co,company,US,USD,no-such-profile
EOF
refuse customers bad-profile.csv "bad-profile.csv:2: profile: unknown profile 'no-such-profile' (known: us-consumer, us-ma, br-consumer, pl-consumer, gb-consumer, ca-on, b2b, de-consumer, ca-qc, ca-bc, ca-consumer, fr-consumer)"
csv_file good-profile.csv >/dev/null <<EOF
$CUST_HEADER
PR-2,Pro Co,company,US,USD,b2b
EOF
expect_exit 0 recoup import customers good-profile.csv

# ---- 5. 300 bad rows: 100 listed, then a summary; the rejects file has all
{
	echo "$INV_HEADER"
	for i in $(seq 1 300); do echo "M-$i,NOBODY,2026-03-01,2026-03-31,USD,1.00,x"; done
} >many.csv
refuse invoices many.csv "many.csv:101: customer_ref: unknown customer 'NOBODY'" 100
expect_stderr_contains "many.csv: ... and 200 more bad rows: 200 customer_ref: unknown customer"
expect_stderr_contains "recoup import: many.csv: 300 bad rows; nothing was imported"
run recoup import invoices many.csv --rejects rejects.csv
expect_lines 301 "the rejects file has every bad row" rejects.csv

# ---- sums beyond int64 (a database written before the limit): named, not a blind failure
csv_file huge.csv >/dev/null <<EOF
$INV_HEADER
H-1,C001,2026-03-01,2026-03-31,USD,9000000000000.00,x
H-2,C001,2026-03-01,2026-03-31,USD,9000000000000.00,x
EOF
recoup import invoices huge.csv >/dev/null
# PostgreSQL names a trigger's table when dropping it
drop_triggers="DROP TRIGGER invoice_money_is_fixed; DROP TRIGGER ledger_entry_no_update;"
[[ $TEST_BACKEND == postgres ]] &&
	drop_triggers="DROP TRIGGER invoice_money_is_fixed ON invoice; DROP TRIGGER ledger_entry_no_update ON ledger_entry;"
sql "BEGIN; $drop_triggers
UPDATE invoice SET amount = 9000000000000000000, balance = 9000000000000000000 WHERE ref IN ('H-1', 'H-2');
UPDATE ledger_entry SET amount = 9000000000000000000 WHERE kind = 'invoice'
  AND invoice_id IN (SELECT id FROM invoice WHERE ref IN ('H-1', 'H-2')); COMMIT;"
expect_exit 1 recoup check
expect_stderr_contains "customer 'C001': open balance in USD adds up beyond the 64-bit range of minor units"
expect_stderr_contains "currency USD: the tenant's open balance adds up beyond the 64-bit range"
expect_exit 1 recoup aging --format csv
expect_stderr_contains "recoup aging: the USD balances add up beyond the 64-bit range of minor units; left out"
expect_stdout_contains "PLN,"
expect_exit 1 recoup aging --by customer --format csv
expect_stderr_contains "recoup aging: customer 'C001': the USD balances add up beyond the 64-bit range"
expect_stdout_contains "C002,PLN,"
expect_exit 1 recoup report kpi --from 2026-01-01 --to 2026-03-31 --format csv
expect_stderr_contains "recoup report: the USD figures add up beyond the 64-bit range of minor units; left out"
expect_stdout_contains "PLN,"

# A NUL inside a header name must not pass for the column before it.
printf 'invoice_ref,customer_ref,issue_date,due_date,currency,amount\0x\nN-9,C001,2026-03-01,2026-03-31,USD,10.00\n' >"$TMP/nul-header.csv"
refuse invoices "$TMP/nul-header.csv" "nul-header.csv:1: row: header column 6 contains a NUL byte" 2

# A re-import of customers with fewer columns than stored says nothing about
# the columns it lacks: no conflict, nothing changes.
db_snapshot
csv_file fewer-columns.csv >/dev/null <<EOF
customer_ref,name,kind,country,currency
C002,Jan Kowalski,person,PL,PLN
EOF
expect_exit 0 recoup import customers fewer-columns.csv
expect_stdout_contains "all already stored; nothing changed"
expect_db_unchanged "a file with fewer columns changes nothing"
finish
