#!/usr/bin/env bash
# recoup letter REF --as-of DATE, a day before today, is the letter as the
# book was known at the end of that day (docs/strategies.md, "As of a
# date"; docs/channels.md, "Letters"): the invoices issued on or before
# it, with the balances their payments and credit notes dated on or before
# it leave (an invoice paid since listed with its balance of then, one
# issued later not at all), its days past due at DATE, the unapplied
# credit of that day, and the US itemization from the same entries. A
# DATE before the first invoice asks for nothing: no letter, exit 1, with
# a message that says so.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
recoup import customers "$DATA/letters/customers.csv" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
B1,USB,2026-09-01,2026-10-01,USD,100.00
B2,USB,2026-10-20,2026-11-19,USD,50.00
U1,USC,2026-08-01,2026-08-31,USD,1000.00
P0,PL1,2026-08-01,2026-08-15,PLN,20.00
CSV
)" >/dev/null
recoup import credit-notes "$(csv_file credit-notes.csv <<'CSV'
credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason
CN1,USB,B2,2026-11-10,20.00,USD,price correction
CSV
)" >/dev/null
# PB3 names no invoice: 30.00 of it pays B2 (less the credit note), 70.00 is left as unapplied credit (dated 2026-11-20);
# PP1 likewise pays P0 and leaves 10.00 of credit from 2026-09-05
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency
PB1,USB,B1,2026-10-10,40.00,USD
PB2,USB,B1,2026-11-05,60.00,USD
PB3,USB,,2026-11-20,100.00,USD
PU1,USC,U1,2026-09-10,100.00,USD
PU2,USC,U1,2026-11-01,200.00,USD
PP1,PL1,,2026-09-05,30.00,PLN
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices2.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
P1,PL1,2026-09-01,2026-10-01,PLN,100.00
CSV
)" >/dev/null
db_snapshot

# letter REF DATE: the letter's text, one line a row of the table ("" DATE: today's letter)
letter() {
	local out="$TMP/$1-${2:-today}.pdf"
	run recoup letter "$1" ${2:+--as-of "$2"} --out "$out"
	expect_eq "letter $1 ${2:-today} exits 0" 0 "$status"
	{ pdftotext -layout "$out" - 2>/dev/null || true; } | tr -d '\f' | tr -s ' ' | sed 's/^ //' >"$TMP/letter.txt"
}
rows() { # rows DESC EXPECTED: the invoice rows and the total, in order
	local got
	got=$(grep -E '^(B[12]|U1|P[01]) |^(Total due|Łącznie do zapłaty) ' "$TMP/letter.txt" || true)
	expect_eq "$1" "$2" "$got"
}

# nothing the customer owed on that day: the invoice was issued two years later
expect_exit 1 recoup letter USB --as-of 2024-02-29 --out "$TMP/leap.pdf"
expect_stderr_contains "customer 'USB' owes nothing as of 2024-02-29: no letter (as known at the end of that day: the invoices issued by then, less the payments and credits dated by then)"
if [[ -e "$TMP/leap.pdf" ]]; then fail "no file for a date before any invoice" "none" "a file"; else pass "no file for a date before any invoice"; fi

# B2 not issued yet; B1's second payment (2026-11-05) not made yet
letter USB 2026-10-15
rows "as of 2026-10-15: B1 alone, 60.00 open, 14 days past due" "B1 09/01/2026 10/01/2026 14 \$60.00
Total due \$60.00"
if grep -qF "B2" "$TMP/letter.txt"; then fail "an invoice issued later is not listed" "no B2" "$(cat "$TMP/letter.txt")"; else pass "an invoice issued later is not listed"; fi

# B1 paid in full since, and B2 credited since: both listed as they stood, days past due at the date
letter USB 2026-10-31
rows "as of 2026-10-31: B1 (paid since) with its balance then, B2 before its credit note" "B1 09/01/2026 10/01/2026 30 \$60.00
B2 10/20/2026 11/19/2026 0 \$50.00
Total due \$110.00"
letter USB 2026-11-15
rows "as of 2026-11-15: B1 paid, B2 less the credit note" "B2 10/20/2026 11/19/2026 0 \$30.00
Total due \$30.00"

# the unapplied credit of 2026-11-20 covers what was open: nothing to ask for then, nor today
expect_exit 1 recoup letter USB --as-of 2026-11-25 --out "$TMP/usb-25.pdf"
expect_stderr_contains "customer 'USB' owes nothing as of 2026-11-25: no letter (as known at the end of that day"
expect_exit 1 recoup letter USB --out "$TMP/usb-today.pdf"
expect_stderr_contains "customer 'USB' owes nothing as of $(date -u +%F): no letter"

# the credit known on the day is netted; a payment dated after the date is not counted yet
letter PL1 2026-09-02
rows "as of 2026-09-02: P0 and P1 open, the payment of 2026-09-05 not made" "P0 01.08.2026 15.08.2026 18 20,00 zł
P1 01.09.2026 01.10.2026 0 100,00 zł
Łącznie do zapłaty 120,00 zł"
letter PL1 2026-10-15
rows "as of 2026-10-15: P1 less the 10.00 of credit left by the payment of 2026-09-05" "P1 01.09.2026 01.10.2026 14 100,00 zł
Łącznie do zapłaty 90,00 zł"

# the US validation notice's itemization counts the movements up to the letter's date only
letter USC 2026-10-15
rows "as of 2026-10-15: U1 less the payment of 2026-09-10 only" "U1 08/01/2026 08/31/2026 45 \$900.00
Total due \$900.00"
has() {
	if grep -qxF -- "$2" "$TMP/letter.txt"; then pass "$1"; else fail "$1" "a line '$2'" "$(cat "$TMP/letter.txt")"; fi
}
has "owed on the itemization date" "As of August 1, 2026, you owed: \$1,000.00"
has "the payment before the letter's date" "You paid this amount toward the debt: - \$100.00"
has "the debt on the letter's date" "Total amount of the debt now: \$900.00"
# today's letter: both payments
letter USC
rows "today: U1 less both payments" "U1 08/01/2026 08/31/2026 $((($(date -u +%s) - $(date -u -d 2026-08-31 +%s)) / 86400)) \$700.00
Total due \$700.00"
has "today's itemization counts the later payment" "You paid this amount toward the debt: - \$300.00"

expect_db_unchanged "a letter records nothing"
finish
