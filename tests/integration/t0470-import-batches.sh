#!/usr/bin/env bash
# t0470: an import writes its rows in batches (app/import.c PENDING_MAX;
# on PostgreSQL each batch goes through COPY into a staging table and one
# INSERT ... SELECT, src/store/postgres/pg_int.h). The batches must not
# show: values arrive byte for byte (tabs, line breaks, backslashes and
# COPY's own escapes in free text), a bad row or a duplicate across a batch
# boundary is named on its own line in file order and changes nothing, a
# customer whose ref a contact holds is refused on its line, and payments
# posted a batch at a time (several naming one invoice, returns among them)
# leave the same books as the same payments imported a few at a time.
# Runs on SQLite and, as integration-pg/t0470, on PostgreSQL.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

# ---- 1. free text byte for byte ----
# Quoted CSV fields holding a tab, LF, CRLF, backslashes, COPY's NULL (\N),
# end-of-data marker (\.) and escapes (\t, \\) as plain text, quotes, UTF-8.
printf '%s\n' 'customer_ref,name,kind,country,currency,address' >odd.csv
printf '%s\r\n' 'T-1,Tab,company,PL,PLN,"a	b"' >>odd.csv
printf 'T-2,Lines,company,PL,PLN,"line one\nline two\r\nline three"\n' >>odd.csv
printf '%s\n' 'T-3,Backslashes,company,PL,PLN,"C:\new\table\N \\ \."' >>odd.csv
printf '%s\n' 'T-4,Marker,company,PL,PLN,"\."' >>odd.csv
printf '%s\n' 'T-5,Null,company,PL,PLN,\N' >>odd.csv
printf '%s\n' 'T-6,Quotes,company,PL,PLN,"say ""hi"", then — żółć ✓"' >>odd.csv
expect_exit 0 recoup import customers odd.csv
expect_stdout_contains "6 new or changed"
# a re-import compares every stored column with the file's value
expect_exit 0 recoup import customers odd.csv
expect_stdout_contains "nothing changed"
expect_eq "a tab arrives as a tab" "$(printf 'a\tb')" "$(sql "SELECT address FROM customer WHERE ref = 'T-1'")"
expect_eq "line breaks arrive as they were" "$(printf 'line one\nline two\r\nline three')" \
	"$(sql "SELECT address FROM customer WHERE ref = 'T-2'")"
expect_eq "'\\N' is text, not NULL" '\N' "$(sql "SELECT address FROM customer WHERE ref = 'T-5'")"
expect_eq "'\\.' is text, not the end of the data" '\.' "$(sql "SELECT address FROM customer WHERE ref = 'T-4'")"
expect_eq "backslashes arrive as they were" 'C:\new\table\N \\ \.' "$(sql "SELECT address FROM customer WHERE ref = 'T-3'")"
expect_eq "quotes and UTF-8 arrive as they were" 'say "hi", then — żółć ✓' \
	"$(sql "SELECT address FROM customer WHERE ref = 'T-6'")"

# contacts' notes and invoices' descriptions take the same path
cat >notes.csv <<'CSV'
contact_ref,customer_ref,name,role,notes
TK-1,T-1,Ann,billing,"a\tb	c
d\\e"
CSV
expect_exit 0 recoup import contacts notes.csv
expect_exit 0 recoup import contacts notes.csv
expect_stdout_contains "nothing changed"
expect_eq "a contact's notes arrive as they were" "$(printf 'a\\tb\tc\nd\\\\e')" \
	"$(sql "SELECT notes FROM contact WHERE ref = 'TK-1'")"
cat >desc.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount,description
TI-1,T-2,2026-03-01,2026-03-31,PLN,10.00,"one	two
\N three \."
CSV
expect_exit 0 recoup import invoices desc.csv
expect_exit 0 recoup import invoices desc.csv
expect_stdout_contains "nothing changed"
expect_eq "an invoice's description arrives as it was" "$(printf 'one\ttwo\n\\N three \\.')" \
	"$(sql "SELECT description FROM invoice WHERE ref = 'TI-1'")"

# ---- 2. a bad row and a duplicate across batch boundaries ----
expect_exit 0 recoup generate --customers 2600 --seed 5 --out gen
{
	head -1 gen/customers.csv
	sed -n 2,2401p gen/customers.csv
	sed -n 2p gen/customers.csv # line 2402: a duplicate of line 2
	# line 2403: a bad country, the row as wide as the header (a short row is refused as such)
	printf 'C-BAD,Bad,company,XX,,,PLN%s\n' "$(head -1 gen/customers.csv | tr -cd , | cut -c7-)"
	tail -n +2402 gen/customers.csv
} >big.csv
first=$(sed -n 2p gen/customers.csv | cut -d, -f1)
db_snapshot
expect_exit 1 recoup import customers big.csv
expect_stderr_contains "big.csv:2402: customer_ref: duplicate customer '$first' in this file"
expect_stderr_contains "big.csv:2403: country:"
expect_eq "the two bad rows are listed in file order" "big.csv:2402 big.csv:2403" \
	"$(grep -o '^big.csv:[0-9]*' "$TMP/err" | tr '\n' ' ' | sed 's/ $//')"
expect_db_unchanged "a refused batched import changes nothing"
expect_exit 0 recoup import customers gen/customers.csv
expect_stdout_contains "2600 new or changed"

# ---- 3. a customer whose ref a contact already holds ----
printf 'contact_ref,customer_ref,name,role\nK-TAKEN,T-1,Bob,billing\n' >taken-contact.csv
expect_exit 0 recoup import contacts taken-contact.csv
printf 'customer_ref,name,kind,country,currency\nT-7,Fine,company,PL,PLN\nK-TAKEN,Taken,company,PL,PLN\nT-8,Fine,company,PL,PLN\n' >taken.csv
db_snapshot
expect_exit 1 recoup import customers taken.csv
expect_stderr_contains "taken.csv:3: customer_ref: customer 'K-TAKEN': a contact with this ref already exists"
expect_lines 1 "only that row is bad" <(grep '^taken.csv:' "$TMP/err")
expect_db_unchanged "the customer of a taken ref is not kept"

# ---- 4. payments a batch at a time equal payments a few at a time ----
# tenant "whole" imports each file at once; tenant "parts" the same rows
# in files of 25. Extra payments name one invoice many times, partly pay it,
# return one of them, and name it again after the return. (Returns wait
# for the later payments of their import, app/ledger_post.h, so the
# generated returns, which later rows of other customers would meet in one
# import and not in files of 25, are left out; the one return here is
# followed by payments dated after it only.)
expect_exit 0 recoup generate --customers 150 --seed 6 --out small
for t in whole parts; do
	expect_exit 0 recoup init --tenant "$t"
	for kind in customers contacts invoices; do
		expect_exit 0 recoup --tenant "$t" import "$kind" "small/$kind.csv"
	done
done
read -r inv cust cur < <(awk -F, 'NR > 1 && $6 >= 100 { print $1, $2, $5; exit }' small/invoices.csv)
{
	head -1 small/payments.csv
	tail -n +2 small/payments.csv | grep -v ',returned,'
	for k in 1 2 3 4 5 6; do
		echo "P-T0470-$k,$cust,$inv,2026-11-2$k,1.00,$cur,card,cleared,"
	done
	echo "P-T0470-7,$cust,$inv,2026-11-27,2.00,$cur,card,returned,2026-11-28"
	echo "P-T0470-8,$cust,,2026-11-29,3.00,$cur,card,cleared,"
	echo "P-T0470-9,$cust,$inv,2026-11-30,4.00,$cur,card,cleared,"
} >pay.csv
expect_exit 0 recoup --tenant whole import payments pay.csv
head -1 pay.csv >header.csv
tail -n +2 pay.csv | split -l 25 - part-
for f in part-*; do
	cat header.csv "$f" >"$f.csv"
	run recoup --tenant parts import payments "$f.csv"
	[[ $status == 0 ]] || fail "importing $f.csv" "$(_show "$TMP/err")"
done
for t in whole parts; do
	expect_exit 0 recoup --tenant "$t" check
done
for args in "aging --by customer --format csv" "aging --as-of 2026-11-25 --format csv" "export payments" \
	"report kpi --from 2026-10-01 --to 2026-11-30 --format csv"; do
	# shellcheck disable=SC2086 # the words of the command
	"$RECOUP" --tenant whole $args >whole.out
	# shellcheck disable=SC2086
	"$RECOUP" --tenant parts $args >parts.out
	expect_same_file "$args: one import equals the same rows in files of 25" whole.out parts.out
done
expect_exit 0 recoup --tenant whole import payments pay.csv
expect_stdout_contains "nothing changed"

finish
