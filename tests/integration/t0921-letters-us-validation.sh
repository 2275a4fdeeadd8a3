#!/usr/bin/env bash
# The US validation notice (Regulation F, 12 CFR 1006.34) on a letter to a
# US consumer sent on Tuesday 24 November 2026, just before Thanksgiving:
# the end of the validation period against a hand computation, and the
# itemization against the ledger, line by line, after a fee, interest, a
# payment and a credit note posted since the itemization date.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
recoup import customers "$DATA/letters/customers.csv" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
US-A,USC,2026-08-01,2026-08-31,USD,1000.00
US-B,USC,2026-09-15,2026-10-15,USD,234.56
CSV
)" >/dev/null
cat >"$TMP/us.json" <<'JSON'
{ "name": "us-letters", "priority": 300, "segment": { "kind": "person", "countries": ["US"] },
  "steps": [ { "name": "late-fee", "offset_days": 10, "action": "fee", "fee": { "amount": "25.00" } },
             { "name": "interest-30", "offset_days": 30, "action": "interest", "interest": { "monthly_percent": "1" } },
             { "name": "validation", "offset_days": 40, "action": "letter", "template": "validation" } ] }
JSON
recoup strategy set us-letters "$TMP/us.json" >/dev/null
daily() {
	run recoup run --as-of "$1" --now "${1}T05:00:00Z"
	expect_eq "the daily run of $1 exits 0" 0 "$status"
}
# before the itemization date (2026-09-15, the later issue date): part of what was owed then
recoup import payments "$(csv_file p0.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency
P0,USC,US-A,2026-09-10,50.00,USD
CSV
)" --as-of 2026-09-10 >/dev/null
daily 2026-09-10 # US-A's late fee, 25.00: before the itemization date too
daily 2026-09-30 # US-A's interest
recoup import payments "$(csv_file p1.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency
P1,USC,US-A,2026-10-01,100.00,USD
CSV
)" --as-of 2026-10-01 >/dev/null
recoup import credit-notes "$(csv_file credit-notes.csv <<'CSV'
credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason
CN1,USC,US-B,2026-10-05,34.56,USD,price correction
CSV
)" --as-of 2026-10-05 >/dev/null
daily 2026-10-25 # US-B's late fee; US-A's letter
daily 2026-11-14 # US-B's interest
daily 2026-11-24 # US-B's letter

# what the ledger says since the itemization date, in cents
since() { sql "SELECT COALESCE(SUM(amount), 0) FROM ledger_entry WHERE kind = '$1' AND date > '2026-09-15'"; }
fees=$(since fee)
interest=$(since interest)
dollars() { python3 -c 'import sys; c = int(sys.argv[1]); print("${:,}.{:02d}".format(c // 100, c % 100))' "$1"; }
expect_eq "one fee since the itemization date (US-B's)" 2500 "$fees"
if [[ $interest -gt 0 ]]; then pass "interest since ($interest cents)"; else fail "interest since" "> 0" "$interest"; fi
# 1234.56 - 50.00 paid + 25.00 fee before the date; then + interest + fees - 100.00 paid - 34.56 credited
now_cents=$((123456 - 5000 + 2500 + interest + fees - 10000 - 3456))
expect_eq "the ledger's balance is the itemization's sum" "$now_cents" \
	"$(sql "SELECT SUM(balance) FROM invoice WHERE ref IN ('US-A', 'US-B')")"

run recoup letter USC --as-of 2026-11-24 --out "$TMP/us.pdf" --creditor "Keystone Receivables LLC" \
	--sender-address "PO Box 100" --sender-address "Hartford, CT 06101"
expect_eq "recoup letter exits 0" 0 "$status"
# the shipped letter template's body leaves too little room for the notice, kept on one page: it
# starts the second (the form feed between pages removed, so that its heading is a line of its own)
pdftotext -layout "$TMP/us.pdf" - | tr -d '\f' | tr -s ' ' | sed 's/^ //' >"$TMP/us.txt"
has() {
	if grep -qxF -- "$2" "$TMP/us.txt"; then pass "$1"; else fail "$1" "a line '$2'" "$(cat "$TMP/us.txt")"; fi
}
contains() {
	if tr '\n' ' ' <"$TMP/us.txt" | tr -s ' ' | grep -qF -- "$2"; then pass "$1"; else fail "$1" "'$2'" "$(cat "$TMP/us.txt")"; fi
}
has "the notice's heading" "Validation notice"
has "the itemization date (the later invoice's issue date)" "Itemization date: September 15, 2026. Our information shows:"
has "owed on the itemization date: both invoices, the fee, less the payment before it" \
	"As of September 15, 2026, you owed: \$1,209.56"
has "interest since" "You were charged this amount in interest: + $(dollars "$interest")"
has "fees since" "You were charged this amount in fees: + \$25.00"
has "payments since" "You paid this amount toward the debt: - \$100.00"
has "credits since" "You were credited this amount toward the debt: - \$34.56"
has "the debt now" "Total amount of the debt now: $(dollars "$now_cents")"
has "the total asked for is the same" "Total due $(dollars "$now_cents")"

# The hand computation. Sent Tuesday 2026-11-24. Receipt is assumed 5 days
# later, not counting Saturdays, Sundays and federal holidays:
#   Wed 11-25 day 1; Thu 11-26 Thanksgiving (4th Thursday of November), not counted;
#   Fri 11-27 day 2; Sat 11-28, Sun 11-29 not counted; Mon 11-30 day 3;
#   Tue 12-01 day 4; Wed 12-02 day 5: assumed receipt 2026-12-02.
# The validation period ends 30 days after receipt: December has 31 days,
# so 2026-12-02 + 29 = 2026-12-31 and + 30 = 2027-01-01.
expect_eq "the hand computation's receipt is 5 business days after sending" \
	"2026-12-02" "$(date -u -d '2026-11-24 + 8 days' +%F)"
expect_eq "and its end 30 days later" "2027-01-01" "$(date -u -d '2026-12-02 + 30 days' +%F)"
contains "the end date where the consumer may dispute" \
	"Call or write to us by January 1, 2027 to dispute all or part of the debt."
contains "the end date where collection stops on a written dispute" "If you write to us by January 1, 2027, we must stop collection"
contains "the end date for the original creditor's name" "If you write by January 1, 2027, we must stop collection until"
contains "the letter is dated the day it is sent" "Date November 24, 2026"

# a day later (Wednesday 25 November): Fri 27 (1), Mon 30 (2), Tue 1 (3), Wed 2 (4), Thu 3 (5) -> 2027-01-02
run recoup letter USC --as-of 2026-11-25 --out "$TMP/us25.pdf"
pdftotext "$TMP/us25.pdf" - | tr '\n' ' ' | tr -s ' ' >"$TMP/us25.txt"
if grep -qF "Call or write to us by January 2, 2027 to dispute" "$TMP/us25.txt"; then
	pass "sent the day before Thanksgiving: ends 2 January 2027"
else
	fail "sent the day before Thanksgiving: ends 2 January 2027" "January 2, 2027" "$(cat "$TMP/us25.txt")"
fi

# the run's letter actions are what `recoup send --letters-to` prints: US-A's of 2026-10-25 (not
# sent: there is no outbox in this test) and US-B's of today; one letter of today stands for both
run recoup letter --scheduled 2026-11-24 --out "$TMP/day.pdf" --creditor "Keystone Receivables LLC" \
	--sender-address "PO Box 100" --sender-address "Hartford, CT 06101"
expect_eq "recoup letter --scheduled exits 0" 0 "$status"
expect_stdout_contains "1 letter (2 pages) scheduled up to 2026-11-24 written to $TMP/day.pdf"
ids=$(sql_join ' ' "SELECT id FROM action WHERE kind = 'letter' AND state = 'scheduled' ORDER BY id")
expect_stdout_contains "actions: $ids"
expect_eq "two letter actions stand behind it" 2 "$(wc -w <<<"$ids")"
expect_eq "two pages (the notice on the second), as recoup letter's" 2 "$(pdfinfo "$TMP/day.pdf" | awk '/^Pages:/ { print $2 }')"
pdftotext -layout "$TMP/day.pdf" - | tr -d '\f' | tr -s ' ' | sed 's/^ //' >"$TMP/day.txt"
expect_same_file "the day's PDF is the letter recoup letter writes" "$TMP/us.txt" "$TMP/day.txt"
run recoup letter --scheduled 2026-10-24 --out "$TMP/none.pdf"
expect_stdout_contains "no letter to print up to 2026-10-24: $TMP/none.pdf not written"
if [[ -e "$TMP/none.pdf" ]]; then fail "no file when no letter is due" "none" "a file"; else pass "no file when no letter is due"; fi

mkdir -p "$BUILDDIR/letters"
pdftoppm -png -r 72 -f 1 -l 1 -singlefile "$TMP/us.pdf" "$BUILDDIR/letters/t0921-us-$TEST_BACKEND"
echo "page image: $BUILDDIR/letters/t0921-us-$TEST_BACKEND.png"
finish
