#!/usr/bin/env bash
# A record's own ref that would look the same as another's is refused
# (docs/csv.md, "Refs"): a no-break space copied from a spreadsheet, a
# zero-width space, a direction override, a decomposed accent. Before, each
# was stored as a new ref: "C1" followed by a no-break space became a
# second customer beside C1, and a payment file naming "C1" could never
# reach the invoices imported under it. The message names the character
# (U+XXXX and its name), writes it as <U+XXXX> rather than raw (a
# right-to-left override would turn the terminal's line round), and the
# import changes nothing; ordinary refs, spaces inside and NFC accents
# still import.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
hdr='customer_ref,name,kind,country,timezone,language,currency'
recoup import customers "$(csv_file ok.csv <<CSV
$hdr
C1,First Ltd,company,GB,Europe/London,en-GB,GBP
Café 7,Second Ltd,company,GB,Europe/London,en-GB,GBP
CSV
)" >/dev/null
db_snapshot

try_customers() { # DESC REF EXPECTED-IN-STDERR
	printf '%s\n%s,Lookalike Ltd,company,GB,Europe/London,en-GB,GBP\n' "$hdr" "$2" >"$TMP/bad.csv"
	rm -f "$TMP/rejects.csv"
	run recoup import customers "$TMP/bad.csv" --rejects "$TMP/rejects.csv"
	expect_eq "$1: refused (exit 1)" 1 "$status"
	expect_stderr_contains "$3"
	expect_eq "$1: the reason in the rejects file too" 1 "$(grep -c -F -- "${3#customer_ref: }" "$TMP/rejects.csv" || true)"
	expect_db_unchanged "$1: nothing imported"
}
try_customers "a trailing no-break space" $'C1\xc2\xa0' "customer_ref: 'C1<U+00A0>' contains U+00A0 NO-BREAK SPACE at byte 3"
try_customers "a zero-width space inside" $'C\xe2\x80\x8b1' "'C<U+200B>1' contains U+200B ZERO WIDTH SPACE at byte 2"
try_customers "a right-to-left override" $'C\xe2\x80\xae1' "'C<U+202E>1' contains U+202E RIGHT-TO-LEFT OVERRIDE at byte 2"
expect_eq "... and the override never reaches the terminal raw" 0 "$(grep -c $'\xe2\x80\xae' "$TMP/err" || true)"
try_customers "a byte-order mark inside a ref" $'C\xef\xbb\xbf1' "contains U+FEFF ZERO WIDTH NO-BREAK SPACE at byte 2"
try_customers "an ideographic space" $'C\xe3\x80\x80'1 "contains U+3000 IDEOGRAPHIC SPACE at byte 2"
try_customers "a decomposed accent (NFD)" $'Cafe\xcc\x81 7' "is not in Unicode's composed form (NFC)"
try_customers "a leading space, as before (quoted: unquoted, the CSV reader trims it)" '" C2"' "customer_ref: ' C2' has leading or trailing spaces"

# the same check for every record's own ref: an invoice, a payment
recoup import invoices "$(csv_file inv.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,amount,currency
I-1,C1,2026-10-01,2026-10-31,100.00,GBP
CSV
)" >/dev/null
db_snapshot
printf 'invoice_ref,customer_ref,issue_date,due_date,amount,currency\nI-1\xc2\xa0,C1,2026-10-01,2026-10-31,100.00,GBP\n' >"$TMP/inv2.csv"
run recoup import invoices "$TMP/inv2.csv"
expect_eq "an invoice ref with a no-break space: refused" 1 "$status"
expect_stderr_contains "invoice_ref: 'I-1<U+00A0>' contains U+00A0 NO-BREAK SPACE"
expect_db_unchanged "... the invoice not doubled"
printf 'payment_ref,customer_ref,invoice_ref,date,amount,currency\nP\xe2\x80\x8d1,C1,I-1,2026-10-20,10.00,GBP\n' >"$TMP/pay.csv"
run recoup import payments "$TMP/pay.csv"
expect_eq "a payment ref with a zero-width joiner: refused" 1 "$status"
expect_stderr_contains "payment_ref: 'P<U+200D>1' contains U+200D ZERO WIDTH JOINER"
expect_db_unchanged "... no payment"

# what was right stays right: a space inside, an NFC accent, another script
printf '%s\nINV 2026 1,Third Ltd,company,GB,Europe/London,en-GB,GBP\n日本-1,Fourth KK,company,JP,Asia/Tokyo,ja,JPY\n' "$hdr" >"$TMP/ok2.csv"
run recoup import customers "$TMP/ok2.csv"
expect_eq "ordinary refs still import" 0 "$status"
run recoup customer show 'Café 7'
expect_eq "the NFC ref is found as typed" 0 "$status"
finish
