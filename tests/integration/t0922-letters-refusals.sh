#!/usr/bin/env bash
# recoup letter refuses what it cannot write well, writes nothing then, and
# never changes the database: a customer who owes nothing, one without a
# postal address, a Brazilian letter without the supplier's CNPJ, an
# unknown customer, a language it has no texts for; --out never over the
# database, the body file or an existing file (without --force), and
# complete or not at all. A long letter continues on numbered pages; the
# body paragraphs of --body-file replace the default text.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
recoup import customers "$DATA/letters/customers.csv" >/dev/null
recoup import invoices "$DATA/letters/invoices.csv" >/dev/null
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency
PP,PAID,PAID-1,2026-10-20,50.00,PLN
CSV
)" >/dev/null
db_snapshot

no_file() { # no_file DESC PATH
	if [[ -e "$2" ]]; then fail "$1" "no file" "$(ls -l "$2")"; else pass "$1"; fi
}
# refused ARGS...: exit 1, nothing written
expect_exit 1 recoup letter PAID --as-of 2026-11-24 --out "$TMP/paid.pdf"
expect_stderr_contains "customer 'PAID' owes nothing as of 2026-11-24: no letter"
no_file "no letter for a customer who owes nothing" "$TMP/paid.pdf"
expect_exit 1 recoup letter NOADDR --as-of 2026-11-24 --out "$TMP/noaddr.pdf"
expect_stderr_contains "customer 'NOADDR' has no postal address: no letter"
no_file "no letter without a postal address" "$TMP/noaddr.pdf"
expect_exit 1 recoup letter BR1 --as-of 2026-11-24 --out "$TMP/br.pdf"
expect_stderr_contains "customer 'BR1': a letter to a debtor in Brazil names the supplier's CNPJ; none was given"
no_file "no Brazilian letter without the CNPJ" "$TMP/br.pdf"
expect_exit 1 recoup letter NOBODY --out "$TMP/nobody.pdf"
expect_stderr_contains "NOBODY"
no_file "no letter for an unknown customer" "$TMP/nobody.pdf"
expect_exit 2 recoup letter PL1 --lang it --out "$TMP/it.pdf"
expect_stderr_contains "--lang 'it': letters are written in en, pl, pt-BR, de or fr"
expect_exit 2 recoup letter PL1
expect_stderr_contains "--out FILE is required"
expect_exit 2 recoup letter --scheduled 2026-11-24 PL1 --out "$TMP/x.pdf"
expect_stderr_contains "--scheduled takes no customer ref"

expect_exit 1 recoup letter PL1 --creditor "$(printf 'Acme\033[2J')" --out "$TMP/esc.pdf"
expect_stderr_contains "--creditor: contains a control character (byte 0x1b)"
no_file "no letter with a control character in an option" "$TMP/esc.pdf"
expect_exit 1 recoup letter PL1 --creditor "$(head -c 201 /dev/zero | tr '\0' x)" --out "$TMP/long-name.pdf"
expect_stderr_contains "--creditor: too long: 201 bytes, at most 200"

# --out: never the database, never the body being read, an existing file only with --force
if [[ $TEST_BACKEND == sqlite ]]; then
	expect_exit 1 recoup letter PL1 --out "$RECOUP_DB"
	expect_stderr_contains "is the database"
fi
printf 'First paragraph of the body, from a template.\n\nSecond paragraph: zażółć gęślą jaźń.\n' >"$TMP/body.txt"
expect_exit 1 recoup letter PL1 --body-file "$TMP/body.txt" --out "$TMP/body.txt"
expect_stderr_contains "body.txt"
expect_eq "the body file is intact" "First paragraph of the body, from a template." "$(head -1 "$TMP/body.txt")"
echo "an older letter" >"$TMP/old.pdf"
expect_exit 1 recoup letter PL1 --as-of 2026-11-24 --out "$TMP/old.pdf"
expect_stderr_contains "exists; use --force"
expect_eq "an existing file is left as it was" "an older letter" "$(cat "$TMP/old.pdf")"
expect_exit 0 recoup letter PL1 --as-of 2026-11-24 --out "$TMP/old.pdf" --force --body-file "$TMP/body.txt"
pdftotext "$TMP/old.pdf" - >"$TMP/body-out.txt"
if grep -qxF "First paragraph of the body, from a template." "$TMP/body-out.txt" &&
	grep -qxF "Second paragraph: zażółć gęślą jaźń." "$TMP/body-out.txt"; then
	pass "--force replaces it; the body file's paragraphs are the letter's body"
else
	fail "--force replaces it; the body file's paragraphs are the letter's body" "both paragraphs" "$(cat "$TMP/body-out.txt")"
fi
if grep -qF "Według naszych zapisów" "$TMP/body-out.txt"; then
	fail "the default body is replaced" "no default text" "$(cat "$TMP/body-out.txt")"
else
	pass "the default body is replaced"
fi
RECOUP_TEST_FAIL_COMMIT=1 expect_exit 3 recoup letter PL1 --as-of 2026-11-24 --out "$TMP/failed.pdf"
no_file "a write that fails leaves no file" "$TMP/failed.pdf"
ls -a "$TMP" | grep -q '^\.failed\.pdf\.' && fail "no temporary file left" "none" "$(ls -a "$TMP")" || pass "no temporary file left"

# a long letter: 60 invoices continue on a second page, each listed once, the total exact
{
	echo "invoice_ref,customer_ref,issue_date,due_date,currency,amount"
	for i in $(seq -w 1 60); do echo "LONG-$i,USB,2026-09-01,2026-10-01,USD,10$i.01"; done
} >"$TMP/long.csv"
recoup import invoices "$TMP/long.csv" >/dev/null
db_snapshot
expect_exit 0 recoup letter USB --as-of 2026-11-24 --out "$TMP/long.pdf"
pages=$(pdfinfo "$TMP/long.pdf" | awk '/^Pages:/ { print $2 }')
if [[ $pages -ge 2 ]]; then pass "a long letter takes $pages pages"; else fail "a long letter takes pages" ">= 2" "$pages"; fi
pdftotext -layout "$TMP/long.pdf" - | tr -d '\f' | tr -s ' ' | sed 's/^ //' >"$TMP/long.txt"
expect_eq "every invoice listed once" 62 "$(grep -cE '^(LONG-[0-9]{2}|USB-[12]) ' "$TMP/long.txt")"
expect_eq "the table's headings repeat on the next page" 2 "$(grep -c '^Invoice Issued Due Days past due Amount due$' "$TMP/long.txt")"
expect_eq "the pages are numbered" "Page 1 Page 2" "$(grep -E '^Page [0-9]+$' "$TMP/long.txt" | head -2 | tr '\n' ' ' | sed 's/ $//')"
# 21,234.56 + sum over i = 1..60 of (1000 + i + 0.01) = 21,234.56 + 60,000 + 1,830 + 0.60
expect_eq "the total of 62 invoices, to the cent" "Total due \$83,065.16" "$(grep '^Total due' "$TMP/long.txt")"
expect_db_unchanged "recoup letter changed nothing in the database"
finish
