#!/usr/bin/env bash
# recoup letter (issue 12 point 4): a Polish, a Brazilian and an English
# letter read back with pdftotext: the creditor's letterhead, the debtor's
# name and address with their diacritics (ł, ż, ą, ã, ç), the letter's date
# and the invoices' dates as each locale writes them, the amounts to the
# cent with the locale's signs ("1 334,56 zł", "R$ 1.234,56", "$21,234.56";
# ICU's no-break spaces come back as spaces), the days past due, the
# payment instructions, the Brazilian supplier's CNPJ, and --lang. A page
# image of each is left under the build tree for a person to look at.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
recoup import customers "$DATA/letters/customers.csv" >/dev/null
recoup import invoices "$DATA/letters/invoices.csv" >/dev/null
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency
P1,BR1,BR-1,2026-10-20,34.56,BRL
CSV
)" >/dev/null

letter() { # letter REF OUT [OPTIONS...]: writes the letter as of 2026-11-24 and its text (spaces squeezed) in OUT.txt
	local ref=$1 out=$2
	shift 2
	run recoup letter "$ref" --as-of 2026-11-24 --out "$TMP/$out.pdf" --creditor "Kredytor Ślązak S.A." \
		--sender-address "ul. Piękna 7" --sender-address "00-539 Warszawa" \
		--payment-instructions "Przelew / transfer: PL61 1090 1014 0000 0712 1981 2874" "$@"
	expect_eq "recoup letter $ref $* exits 0" 0 "$status"
	expect_stdout_contains "letter for $ref written to $TMP/$out.pdf"
	pdftotext -layout "$TMP/$out.pdf" - | tr -s ' ' | sed 's/^ //' >"$TMP/$out.txt"
}
has() { # has FILE DESC LINE: FILE has the line LINE (whole, after squeezing spaces)
	if grep -qxF -- "$3" "$TMP/$1.txt"; then
		pass "$2"
	else
		fail "$2" "a line '$3'" "$(cat "$TMP/$1.txt")"
	fi
}
lacks() { # lacks FILE DESC TEXT
	if grep -qF -- "$3" "$TMP/$1.txt"; then
		fail "$2" "no '$3'" "$(cat "$TMP/$1.txt")"
	else
		pass "$2"
	fi
}
image() { # image NAME: the first page as PNG under the build tree, its path printed
	local dir="$BUILDDIR/letters"
	mkdir -p "$dir"
	pdftoppm -png -r 72 -f 1 -l 1 -singlefile "$TMP/$1.pdf" "$dir/t0920-$1-$TEST_BACKEND"
	if [[ -s "$dir/t0920-$1-$TEST_BACKEND.png" ]]; then
		pass "page image of $1 saved"
		echo "page image: $dir/t0920-$1-$TEST_BACKEND.png"
	else
		fail "page image of $1 saved" "a PNG" "none"
	fi
}

# --- Polish ---
letter PL1 pl
has pl "letterhead" "Kredytor Ślązak S.A."
has pl "sender address, first line" "ul. Piękna 7"
has pl "the debtor's name with ł, ę, ż" "Zofia Łężak"
has pl "the debtor's street with Ż" "ul. Żurawia 12/4"
has pl "the debtor's town" "00-515 Warszawa"
has pl "subject" "Wezwanie do zapłaty"
has pl "first invoice: numeric dates, 54 days past due, the amount" "PL-1 01.09.2026 01.10.2026 54 1 234,56 zł"
has pl "second invoice" "PL-2 01.10.2026 31.10.2026 24 100,00 zł"
has pl "total" "Łącznie do zapłaty 1 334,56 zł"
has pl "payment instructions" "Przelew / transfer: PL61 1090 1014 0000 0712 1981 2874"
if grep -qF "Data 24 listopada 2026" "$TMP/pl.txt"; then pass "the date, long, in Polish"; else fail "the date, long, in Polish" "Data 24 listopada 2026" "$(cat "$TMP/pl.txt")"; fi
lacks pl "no US validation notice" "Validation notice"
lacks pl "no CNPJ" "CNPJ"
image pl

# --- Brazilian Portuguese ---
letter BR1 br --cnpj 12.345.678/0001-95 --supplier-name "Cobranças São João Ltda" \
	--supplier-address "Av. Paulista, 1000 - São Paulo - SP"
has br "the debtor's name with ã and ç" "João Conceição"
has br "the debtor's street with á" "Rua das Acácias, 45"
has br "the debtor's postcode line" "01234-567"
has br "subject" "Notificação de cobrança"
has br "a partly paid invoice: its open balance" "BR-1 10/09/2026 10/10/2026 45 R\$ 1.200,00"
has br "an invoice not yet due: 0 days" "BR-2 01/11/2026 01/12/2026 0 R\$ 99,90"
has br "total" "Total em aberto R\$ 1.299,90"
has br "supplier heading" "Fornecedor"
has br "supplier's name" "Cobranças São João Ltda"
has br "supplier's address" "Av. Paulista, 1000 - São Paulo - SP"
has br "supplier's CNPJ" "CNPJ: 12.345.678/0001-95"
if grep -qF "Data 24 de novembro de 2026" "$TMP/br.txt"; then pass "the date, long, in Portuguese"; else fail "the date, long, in Portuguese" "Data 24 de novembro de 2026" "$(cat "$TMP/br.txt")"; fi
image br

# --- English (a US company: no validation notice, which is for consumers) ---
letter USB en
has en "the company's name" "Zenith Supply Inc"
has en "a long address line kept whole" "400 Market Street, Suite 12"
has en "subject" "Payment reminder"
has en "first invoice: US dates, 102 days past due" "USB-1 07/15/2026 08/14/2026 102 \$1,234.56"
has en "second invoice" "USB-2 08/20/2026 09/19/2026 66 \$20,000.00"
has en "total, with grouping" "Total due \$21,234.56"
if grep -qF "Date November 24, 2026" "$TMP/en.txt"; then pass "the date, long, in English"; else fail "the date, long, in English" "Date November 24, 2026" "$(cat "$TMP/en.txt")"; fi
lacks en "a company gets no validation notice" "Validation notice"
image en

# --lang replaces the customer's language for the fixed texts
letter PL1 pl-en --lang en
has pl-en "English subject for a Polish customer" "Payment reminder"
has pl-en "the name is still hers" "Zofia Łężak"
finish
