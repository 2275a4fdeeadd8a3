#!/usr/bin/env bash
# t0110: every class of bad input is refused with a message naming
# file:line: column: reason, exit code 1, and the database unchanged byte
# for byte (sqlite3 .dump before and after; the file itself is not compared
# because WAL makes that unreliable).
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

IMP="$DATA/import"

# A ledger to protect: the valid files of t0100.
for kind in customers contacts invoices payments; do
	recoup import "$kind" "$IMP/$kind.csv" >/dev/null
done

# refuse KIND FILE MESSAGE [LINES]: the import of FILE is refused with
# MESSAGE on stderr, LINES (default 1) bad-row lines, exit 1, nothing changed.
refuse() {
	local kind=$1 file=$2 message=$3 lines=${4:-1} n
	db_snapshot
	expect_exit 1 recoup import "$kind" "$file"
	expect_stderr_contains "$message"
	n=$(grep -c "^$file:[0-9]*: " "$TMP/err" || true)
	expect_eq "$file: $lines bad row line(s) listed" "$lines" "$n"
	expect_db_unchanged "$file: the database is unchanged"
}

CUST_HEADER=customer_ref,name,kind,country,currency,timezone,language
INV_HEADER=invoice_ref,customer_ref,issue_date,due_date,currency,amount
PAY_HEADER=payment_ref,customer_ref,invoice_ref,date,amount,currency,status

# ---- invoices
csv_file unknown-customer.csv >/dev/null <<EOF
$INV_HEADER
N-1,C999,2026-03-01,2026-03-31,USD,10.00
EOF
refuse invoices unknown-customer.csv "unknown-customer.csv:2: customer_ref: unknown customer 'C999'"

csv_file bad-date.csv >/dev/null <<EOF
$INV_HEADER
N-1,C001,2026-02-30,2026-03-31,USD,10.00
EOF
refuse invoices bad-date.csv "bad-date.csv:2: issue_date: '2026-02-30' is not a date"

csv_file due-before-issue.csv >/dev/null <<EOF
$INV_HEADER
N-1,C001,2026-03-10,2026-03-09,USD,10.00
EOF
refuse invoices due-before-issue.csv "due-before-issue.csv:2: due_date: due date 2026-03-09 is before the issue date 2026-03-10"

csv_file jpy-decimals.csv >/dev/null <<EOF
$INV_HEADER
N-1,C003,2026-03-01,2026-03-31,JPY,1.5
EOF
refuse invoices jpy-decimals.csv "jpy-decimals.csv:2: amount: amount '1.5' has more than 0 decimals"

csv_file usd-decimals.csv >/dev/null <<EOF
$INV_HEADER
N-1,C001,2026-03-01,2026-03-31,USD,1.234
EOF
refuse invoices usd-decimals.csv "usd-decimals.csv:2: amount: amount '1.234' has more than 2 decimals"

csv_file negative.csv >/dev/null <<EOF
$INV_HEADER
N-1,C001,2026-03-01,2026-03-31,USD,-10.00
EOF
refuse invoices negative.csv "negative.csv:2: amount: amount '-10.00' must be more than zero"

csv_file zero.csv >/dev/null <<EOF
$INV_HEADER
N-1,C001,2026-03-01,2026-03-31,USD,0.00
EOF
refuse invoices zero.csv "zero.csv:2: amount: amount '0.00' must be more than zero"

csv_file not-a-number.csv >/dev/null <<EOF
$INV_HEADER
N-1,C001,2026-03-01,2026-03-31,USD,1e3
EOF
refuse invoices not-a-number.csv "not-a-number.csv:2: amount: "

csv_file invoice-currency.csv >/dev/null <<EOF
$INV_HEADER
N-1,C001,2026-03-01,2026-03-31,EUR,10.00
EOF
refuse invoices invoice-currency.csv "invoice-currency.csv:2: currency: currency EUR differs from customer 'C001''s currency USD"

csv_file unknown-currency.csv >/dev/null <<EOF
$INV_HEADER
N-1,C001,2026-03-01,2026-03-31,XYZ,10.00
EOF
refuse invoices unknown-currency.csv "unknown-currency.csv:2: currency: unknown currency 'XYZ'"

csv_file dup-invoice.csv >/dev/null <<EOF
$INV_HEADER
N-1,C001,2026-03-01,2026-03-31,USD,10.00
N-2,C001,2026-03-01,2026-03-31,USD,20.00
N-1,C001,2026-03-01,2026-03-31,USD,10.00
EOF
refuse invoices dup-invoice.csv "dup-invoice.csv:4: invoice_ref: duplicate invoice 'N-1' in this file"

# I-001 is stored with 1200.00
csv_file conflict-invoice.csv >/dev/null <<EOF
$INV_HEADER
I-001,C001,2026-01-05,2026-02-04,USD,1200.01
EOF
refuse invoices conflict-invoice.csv \
	"conflict-invoice.csv:2: invoice_ref: invoice 'I-001' is already stored with amount '1200.00', not '1200.01'"

ref65=$(printf 'R%.0s' {1..65})
csv_file long-ref.csv >/dev/null <<EOF
$INV_HEADER
$ref65,C001,2026-03-01,2026-03-31,USD,10.00
EOF
refuse invoices long-ref.csv "long-ref.csv:2: invoice_ref: too long: 65 bytes, at most 64"

# A bad row among good ones: the good ones are not written either.
csv_file one-bad-among-good.csv >/dev/null <<EOF
$INV_HEADER
N-1,C001,2026-03-01,2026-03-31,USD,10.00
N-2,C001,2026-03-01,2026-03-31,USD,10.00
N-3,C001,2026-03-01,2026-03-31,USD,10.001
N-4,C001,2026-03-01,2026-03-31,USD,10.00
EOF
refuse invoices one-bad-among-good.csv "one-bad-among-good.csv:4: amount: amount '10.001' has more than 2 decimals"
expect_stderr_contains "one-bad-among-good.csv: 1 bad row; nothing was imported"

# ---- payments
csv_file pay-invoice-currency.csv >/dev/null <<EOF
$PAY_HEADER
Q-1,C001,I-003,2026-03-20,10.00,EUR,cleared
EOF
refuse payments pay-invoice-currency.csv \
	"pay-invoice-currency.csv:2: currency: currency EUR differs from invoice 'I-003''s currency USD"

csv_file pay-customer-currency.csv >/dev/null <<EOF
$PAY_HEADER
Q-1,C002,,2026-03-20,10.00,EUR,cleared
EOF
refuse payments pay-customer-currency.csv \
	"pay-customer-currency.csv:2: currency: currency EUR differs from customer 'C002''s currency PLN"

csv_file pay-unknown-invoice.csv >/dev/null <<EOF
$PAY_HEADER
Q-1,C001,I-999,2026-03-20,10.00,USD,cleared
EOF
refuse payments pay-unknown-invoice.csv "pay-unknown-invoice.csv:2: invoice_ref: unknown invoice 'I-999'"

csv_file pay-other-customer.csv >/dev/null <<EOF
$PAY_HEADER
Q-1,C002,I-003,2026-03-20,10.00,USD,cleared
EOF
refuse payments pay-other-customer.csv \
	"pay-other-customer.csv:2: invoice_ref: invoice 'I-003' belongs to customer 'C001', not 'C002'"

# The invoices a batch of good rows names are read together, after the rows
# (one statement on PostgreSQL): their problems are still reported in file
# order among the others (a conflict found when the batch is written), and a
# row already bad is told its invoice's problem too.
csv_file pay-mixed.csv >/dev/null <<EOF
$PAY_HEADER
Q-1,C001,I-003,2026-03-20,10.00,USD,cleared
P-001,C001,I-002,2026-03-01,300.00,USD,cleared
Q-2,C001,I-999,2026-03-20,10.00,USD,cleared
Q-3,C002,I-003,2026-03-20,10.00,USD,cleared
Q-4,C001,I-998,2026-03-20,0,USD,cleared
Q-5,C001,I-003,2026-03-20,10.00,EUR,cleared
Q-6,C001,I-003,2026-01-02,10.00,USD,cleared
EOF
refuse payments pay-mixed.csv "pay-mixed.csv:4: invoice_ref: unknown invoice 'I-999'" 7
expect_stderr_contains "pay-mixed.csv:3: payment_ref: payment 'P-001' is already stored with amount '300.50', not '300.00'"
expect_stderr_contains "pay-mixed.csv:5: invoice_ref: invoice 'I-003' belongs to customer 'C001', not 'C002'"
expect_stderr_contains "pay-mixed.csv:6: amount: amount '0' must be more than zero"
expect_stderr_contains "pay-mixed.csv:6: invoice_ref: unknown invoice 'I-998'"
expect_stderr_contains "pay-mixed.csv:7: currency: currency EUR differs from invoice 'I-003''s currency USD"
expect_stderr_contains "pay-mixed.csv:8: invoice_ref: invoice 'I-003' was issued on"
expect_eq "pay-mixed.csv: the problems in file order" "3 4 5 6 6 7 8" \
	"$(grep -o '^pay-mixed.csv:[0-9]*' "$TMP/err" | cut -d: -f2 | tr '\n' ' ' | sed 's/ $//')"

csv_file pay-bad-status.csv >/dev/null <<EOF
$PAY_HEADER
Q-1,C001,I-003,2026-03-20,10.00,USD,bounced
EOF
refuse payments pay-bad-status.csv "pay-bad-status.csv:2: status: 'bounced' is not cleared or returned"

csv_file pay-zero.csv >/dev/null <<EOF
$PAY_HEADER
Q-1,C001,I-003,2026-03-20,0,USD,cleared
EOF
refuse payments pay-zero.csv "pay-zero.csv:2: amount: amount '0' must be more than zero"

# P-001 is stored with 300.50 on I-002
csv_file pay-conflict.csv >/dev/null <<EOF
$PAY_HEADER
P-001,C001,I-002,2026-03-01,300.00,USD,cleared
EOF
refuse payments pay-conflict.csv \
	"pay-conflict.csv:2: payment_ref: payment 'P-001' is already stored with amount '300.50', not '300.00'"

# P-004 came in returned; a file calling it cleared again is a conflict, not a silent re-application.
csv_file pay-unreturn.csv >/dev/null <<EOF
$PAY_HEADER
P-004,C003,I-020,2026-03-01,25000,JPY,cleared
EOF
refuse payments pay-unreturn.csv \
	"pay-unreturn.csv:2: payment_ref: payment 'P-004' is already stored with status 'returned', not 'cleared'"

csv_file pay-dup.csv >/dev/null <<EOF
$PAY_HEADER
Q-1,C001,I-003,2026-03-20,10.00,USD,cleared
Q-1,C001,I-003,2026-03-20,10.00,USD,cleared
EOF
refuse payments pay-dup.csv "pay-dup.csv:3: payment_ref: duplicate payment 'Q-1' in this file"

# ---- customers
csv_file bad-kind.csv >/dev/null <<EOF
$CUST_HEADER
N1,Nobody,robot,US,USD,,
EOF
refuse customers bad-kind.csv "bad-kind.csv:2: kind: 'robot' is not person or company"

csv_file bad-country.csv >/dev/null <<EOF
$CUST_HEADER
N1,Nobody,person,XX,USD,,
EOF
refuse customers bad-country.csv "bad-country.csv:2: country: 'XX' is not an ISO 3166 country code"

csv_file bad-timezone.csv >/dev/null <<EOF
$CUST_HEADER
N1,Nobody,person,US,USD,America/Atlantis,
EOF
refuse customers bad-timezone.csv "bad-timezone.csv:2: timezone: 'America/Atlantis' is not an IANA time zone"

# a fixed offset is refused with what it really is: Etc/GMT+5 is five hours behind UTC, not ahead
csv_file offset-timezone.csv >/dev/null <<EOF
$CUST_HEADER
N1,Nobody,person,PK,USD,Etc/GMT+5,
N2,Nobody Else,person,PK,USD,Etc/GMT-5,
EOF
refuse customers offset-timezone.csv "offset-timezone.csv:2: timezone: 'Etc/GMT+5' is a fixed offset, UTC-5" 2
expect_stderr_contains "offset-timezone.csv:3: timezone: 'Etc/GMT-5' is a fixed offset, UTC+5"
expect_stderr_contains "give the place's zone, such as America/Bogota or Asia/Karachi"

csv_file bad-language.csv >/dev/null <<EOF
$CUST_HEADER
N1,Nobody,person,US,USD,,en_US!
EOF
refuse customers bad-language.csv "bad-language.csv:2: language: 'en_US!' is not a BCP 47 language tag"

csv_file customer-currency.csv >/dev/null <<EOF
$CUST_HEADER
N1,Nobody,person,US,ZZZ,,
EOF
refuse customers customer-currency.csv "customer-currency.csv:2: currency: unknown currency 'ZZZ'"

# 201 bytes of name; 101 two-byte letters (202 bytes) too: the limit is in bytes.
name201=$(printf 'n%.0s' {1..201})
name101l=$(printf 'ł%.0s' {1..101})
csv_file long-name.csv >/dev/null <<EOF
$CUST_HEADER
N1,$name201,person,US,USD,,
N2,$name101l,person,US,USD,,
EOF
refuse customers long-name.csv "long-name.csv:2: name: too long: 201 bytes, at most 200" 2
expect_stderr_contains "long-name.csv:3: name: too long: 202 bytes, at most 200"

printf '%s\nN1,Bad \xff\xfe byte,person,US,USD,,\nN2,Overlong \xc0\xaf slash,person,US,USD,,\n' "$CUST_HEADER" >bad-utf8.csv
refuse customers bad-utf8.csv "bad-utf8.csv:2: name: not valid UTF-8" 2
expect_stderr_contains "bad-utf8.csv:3: name: not valid UTF-8"

csv_file conflict-customer.csv >/dev/null <<EOF
$CUST_HEADER
C002,Jan Kowalsky,person,PL,PLN,Europe/Warsaw,pl
EOF
refuse customers conflict-customer.csv \
	"conflict-customer.csv:2: customer_ref: customer 'C002' is already stored with name 'Jan Kowalski', not 'Jan Kowalsky'"

csv_file dup-customer.csv >/dev/null <<EOF
$CUST_HEADER
N1,Nobody,person,US,USD,,
N1,Nobody,person,US,USD,,
EOF
refuse customers dup-customer.csv "dup-customer.csv:3: customer_ref: duplicate customer 'N1' in this file"

# ---- contacts
csv_file bad-role.csv >/dev/null <<EOF
contact_ref,customer_ref,name,role
K-9,C001,Someone,boss
EOF
refuse contacts bad-role.csv "bad-role.csv:2: role: 'boss' is not a known role"

# ---- the file as a whole
csv_file unknown-column.csv >/dev/null <<EOF
$CUST_HEADER,shoe_size
N1,Nobody,person,US,USD,,,42
EOF
refuse customers unknown-column.csv "unknown-column.csv:1: shoe_size: unknown column in the header"

csv_file missing-column.csv >/dev/null <<EOF
customer_ref,kind,country,currency
N1,person,US,USD
EOF
refuse customers missing-column.csv "missing-column.csv:1: name: required column is missing from the header"

csv_file unterminated.csv >/dev/null <<EOF
$CUST_HEADER
N1,"Nobody,person,US,USD,,
N2,Somebody,person,US,USD,,
EOF
refuse customers unterminated.csv "unterminated.csv:2: row: malformed CSV: a quoted field is not closed"

csv_file stray-quote.csv >/dev/null <<EOF
$CUST_HEADER
N1,No"body,person,US,USD,,
EOF
refuse customers stray-quote.csv "stray-quote.csv:2: row: malformed CSV: a quote inside an unquoted field"

# An unquoted comma shifts a field past the header: refused, never dropped silently.
csv_file extra-field.csv >/dev/null <<EOF
customer_ref,name,kind,country,currency,address
N1,Nobody,person,US,USD,1 Main St, Suite 2
EOF
refuse customers extra-field.csv "extra-field.csv:2: row: has 7 fields but the header has 6"

: >empty.csv
refuse customers empty.csv "empty.csv:0: row: the file is empty"

db_snapshot
expect_exit 1 recoup import customers no-such-file.csv
expect_stderr_contains "cannot read 'no-such-file.csv'"
expect_db_unchanged "a missing file changes nothing"

expect_exit 2 recoup import debts "$IMP/invoices.csv"
expect_stderr_contains "'debts' is not customers, contacts, invoices, payments, credit-notes"

# ---- every bad row is listed, and --rejects writes them as CSV
cp "$IMP/bad-three-rows.csv" three.csv
db_snapshot
expect_exit 1 recoup import invoices three.csv --rejects rejects.csv
grep "^three.csv:" "$TMP/err" >listed.txt || true
expect_lines 3 "a file with 3 bad rows prints 3 lines" listed.txt
expect_stderr_contains "three.csv:3: customer_ref: unknown customer 'C999'"
expect_stderr_contains "three.csv:5: issue_date: '2026-04-31' is not a date (no such day)"
expect_stderr_contains "three.csv:6: amount: amount '10.5' has more than 0 decimals"
expect_stderr_contains "three.csv: 3 bad rows; nothing was imported"
expect_db_unchanged "three bad rows: the database is unchanged"
cat >expected-rejects.csv <<'EOF'
line,column,reason
3,"customer_ref","unknown customer 'C999' (import it in customers.csv first)"
5,"issue_date","'2026-04-31' is not a date (no such day)"
6,"amount","amount '10.5' has more than 0 decimals, the currency's precision (JPY)"
EOF
expect_same_file "--rejects wrote line,column,reason for each bad row" expected-rejects.csv rejects.csv
if python3 -c 'import csv,sys; rows=list(csv.reader(open(sys.argv[1]))); sys.exit(0 if rows[0]==["line","column","reason"] and len(rows)==4 and all(len(r)==3 for r in rows) else 1)' rejects.csv; then
	pass "the rejects file parses as CSV with 3 columns"
else
	fail "the rejects file parses as CSV with 3 columns"
fi

expect_exit 1 recoup import customers unterminated.csv --rejects rejects2.csv
expect_eq "a malformed-CSV error is in the rejects file too" \
	'2,"row","malformed CSV: a quoted field is not closed before the end of the file (unterminated quote)"' \
	"$(sed -n 2p rejects2.csv)"

# ---- the limits are exact: 64-byte refs and 200-byte names are accepted
ref64=$(printf 'R%.0s' {1..64})
name100l=$(printf 'ł%.0s' {1..100})
csv_file at-limits.csv >/dev/null <<EOF
$CUST_HEADER
$ref64,$name100l,person,US,USD,,
EOF
expect_exit 0 recoup import customers at-limits.csv
# bytes counted by the shell (LC_ALL=C): neither SQL has a byte length the other knows
stored_ref=$(sql "SELECT ref FROM customer WHERE ref = '$ref64'")
stored_name=$(sql "SELECT name FROM customer WHERE ref = '$ref64'")
expect_eq "64-byte ref and 200-byte name stored intact" "64|200" "${#stored_ref}|${#stored_name}"

expect_exit 0 recoup check
finish
