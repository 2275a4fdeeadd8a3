#!/usr/bin/env bash
# The preset strategies' step texts in the debtor's language, through a
# daily run and what it sends (docs/channels.md, "The shipped templates"):
# Brazilian consumers (consumer-br) get lembrete and atraso (texts), vencimento
# (email) and notificacao-previa (letter) in Portuguese; Polish debtors, on
# the generic presets (consumer-standard, b2b-gentle), get payment-reminder and
# missed-payment (texts), due-today and statement (emails), arrears-letter and
# final-notice (letters) in Polish; each its step's own text, not the
# language's "default" and not the English one. An English-speaking debtor on
# the same steps, in Brazil or in the UK, still gets English. t0929 checks the
# order of the lookup and which languages each template is shipped in.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

# As of Tuesday 2026-12-01, each debtor's one invoice falls due so that one step of its
# strategy is due that day: +3 days to the due date (lembrete, reminder), 0 (vencimento,
# due-today), 3 days late (missed-payment), 10 (atraso), 14 (arrears-letter), 15
# (statement), 25 (notificacao-previa), 35 (final-notice).
recoup init >/dev/null
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
BRL,João Conceição,person,BR,America/Sao_Paulo,pt-BR,BRL,,joao@example.com.br,+55 11 90000 0001,"Rua A 1
01000-000 São Paulo SP",
BRV,Maria Araújo,person,BR,America/Sao_Paulo,pt-BR,BRL,,maria@example.com.br,+55 11 90000 0002,"Rua A 2
01000-000 São Paulo SP",
BRA,Antônio Simões,person,BR,America/Sao_Paulo,pt-BR,BRL,,antonio@example.com.br,+55 11 90000 0003,"Rua A 3
01000-000 São Paulo SP",
BRN,Lúcia Gonçalves,person,BR,America/Sao_Paulo,pt-BR,BRL,,lucia@example.com.br,+55 11 90000 0004,"Rua A 4
01000-000 São Paulo SP",
BEL,Peter Brown,person,BR,America/Sao_Paulo,en,BRL,,peter@example.com.br,+55 11 90000 0005,"Rua B 5
01000-000 São Paulo SP",
BEN,Susan Green,person,BR,America/Sao_Paulo,en,BRL,,susan@example.com.br,+55 11 90000 0006,"Rua B 6
01000-000 São Paulo SP",
PLR,Zofia Wójcik,person,PL,Europe/Warsaw,pl,PLN,,zofia@example.pl,+48 600 000 001,"ul. Długa 1
80-827 Gdańsk",
PLD,Jan Łęcki,person,PL,Europe/Warsaw,pl,PLN,,jan@example.pl,+48 600 000 002,"ul. Długa 2
80-827 Gdańsk",
PLM,Anna Żak,person,PL,Europe/Warsaw,pl,PLN,,anna@example.pl,+48 600 000 003,"ul. Długa 3
80-827 Gdańsk",
PLA,Piotr Świątek,person,PL,Europe/Warsaw,pl,PLN,,piotr@example.pl,+48 600 000 004,"ul. Długa 4
80-827 Gdańsk",
PLF,Ewa Kołodziej,person,PL,Europe/Warsaw,pl,PLN,,ewa@example.pl,+48 600 000 005,"ul. Długa 5
80-827 Gdańsk",
PCS,Wawel sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,ap@wawel.example,+48 22 555 0101,"ul. Grodzka 1
31-001 Kraków",
GBR,Oliver Smith,person,GB,Europe/London,en,GBP,,oliver@example.co.uk,+44 7700 900001,"1 High St
London EC1A 1AA",
GBD,Amelia Jones,person,GB,Europe/London,en,GBP,,amelia@example.co.uk,+44 7700 900002,"2 High St
London EC1A 1AA",
GCS,Albion Trading Ltd,company,GB,Europe/London,en,GBP,,ar@albion.example,+44 20 5555 0101,"3 High St
London EC1A 1AA",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I-BRL,BRL,2026-09-01,2026-12-04,BRL,89.90
I-BRV,BRV,2026-09-01,2026-12-01,BRL,120.00
I-BRA,BRA,2026-09-01,2026-11-21,BRL,150.00
I-BRN,BRN,2026-09-01,2026-11-06,BRL,300.00
I-BEL,BEL,2026-09-01,2026-12-04,BRL,89.90
I-BEN,BEN,2026-09-01,2026-11-06,BRL,300.00
I-PLR,PLR,2026-09-01,2026-12-04,PLN,450.50
I-PLD,PLD,2026-09-01,2026-12-01,PLN,460.00
I-PLM,PLM,2026-09-01,2026-11-28,PLN,470.00
I-PLA,PLA,2026-09-01,2026-11-17,PLN,480.00
I-PLF,PLF,2026-09-01,2026-10-27,PLN,490.00
I-PCS,PCS,2026-09-01,2026-11-16,PLN,1200.50
I-GBR,GBR,2026-09-01,2026-12-04,GBP,120.00
I-GBD,GBD,2026-09-01,2026-12-01,GBP,130.00
I-GCS,GCS,2026-09-01,2026-11-16,GBP,1000.00
CSV
)" >/dev/null

run recoup run --as-of 2026-12-01 --now 2026-12-01T05:00:00Z
expect_eq "the daily run exits 0" 0 "$status"
expect_eq "each debtor's step, on its channel" \
	"BEL sms|BEN letter|BRA sms|BRL sms|BRN letter|BRV email|GBD email|GBR sms|GCS email|PCS email|PLA letter|PLD email|PLF letter|PLM sms|PLR sms" \
	"$(sql_join "|" "SELECT c.ref || ' ' || a.kind FROM action a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
	WHERE a.kind IN ('email', 'sms', 'letter') AND a.state = 'scheduled' ORDER BY c.ref")"

start_smtp_sink
configure_email
start_sms_gateway
recoup config set sms.url "http://127.0.0.1:$SMS_PORT/send" >/dev/null
recoup config set sms.from Creditor >/dev/null
recoup config set letter.sender_address "$(printf '9 Mill Lane\nLeeds LS1 1AA')" >/dev/null
recoup config set letter.cnpj "12.345.678/0001-95" >/dev/null

# 13:00 UTC, a Tuesday: London 13:00, Warsaw 14:00, Sao Paulo 10:00
send_at 2026-12-01T13:00:00Z
expect_eq "every email and text sent" "" \
	"$(jq_send '" ".join(sorted(r["customer"] + ":" + r["state"] for r in s["rows"] if r["state"] != "sent"))')"
mail_json

has() { # has DESC TEXT NEEDLE
	if [[ $2 == *"$3"* ]]; then pass "$1"; else fail "$1" "'$3'" "$2"; fi
}
lacks() { # lacks DESC TEXT NEEDLE
	if [[ $2 == *"$3"* ]]; then fail "$1" "no '$3'" "$2"; else pass "$1"; fi
}
mail_to() { # mail_to ADDRESS: the subject, a line, then the plain text of the email to ADDRESS
	jq_mail "'\n'.join(x['subject'] + '\n' + x['text'] for x in m if '$1' in x['to'])"
}

# --- texts ---
t=$(sms_to "+55 11 90000 0001")
has "BRL (pt-BR): lembrete in Portuguese" "$t" "lembrete: 1 fatura(s)"
has "... its own words, not the default's" "$t" "vencem em breve"
lacks "... not the English lembrete" "$t" "a reminder"
t=$(sms_to "+55 11 90000 0003")
has "BRA (pt-BR): atraso in Portuguese" "$t" "ainda consta em aberto"
lacks "... not the English atraso" "$t" "still unpaid"
t=$(sms_to "+55 11 90000 0005")
has "BEL (en, in Brazil): lembrete in English" "$t" "a reminder: 1 invoice(s)"
lacks "... not the Portuguese" "$t" "fatura"
t=$(sms_to "+48 600 000 001")
has "PLR (pl): payment-reminder in Polish" "$t" "przypomnienie: wkrótce mija termin płatności"
lacks "... not the English payment-reminder" "$t" "a reminder"
lacks "... not the Polish default" "$t" "otwarte faktury"
t=$(sms_to "+48 600 000 003")
has "PLM (pl): missed-payment in Polish" "$t" "nie odnotowaliśmy jeszcze wpłaty"
lacks "... not the English missed-payment" "$t" "not yet received"
t=$(sms_to "+44 7700 900001")
has "GBR (en): payment-reminder in English" "$t" "a reminder: 1 invoice(s), total 120.00 GBP, fall due soon"

# --- emails ---
t=$(mail_to maria@example.com.br)
has "BRV (pt-BR): vencimento's Portuguese subject" "$t" "Creditor SA: faturas com vencimento hoje"
has "... and body" "$t" "as faturas abaixo vencem hoje"
lacks "... not the English vencimento" "$t" "due today"
lacks "... not the Portuguese default" "$t" "faturas a pagar"
t=$(mail_to jan@example.pl)
has "PLD (pl): due-today's Polish subject" "$t" "Creditor SA: dziś mija termin płatności"
lacks "... not the English due-today" "$t" "due today"
t=$(mail_to ap@wawel.example)
has "PCS (pl company): statement's Polish subject" "$t" "Creditor SA: zestawienie nieopłaconych faktur"
has "... and body" "$t" "przesyłamy zestawienie rozrachunków"
lacks "... not the English statement" "$t" "statement of overdue invoices"
t=$(mail_to amelia@example.co.uk)
has "GBD (en): due-today in English" "$t" "Creditor SA: invoices due today"
t=$(mail_to ar@albion.example)
has "GCS (en company): statement in English" "$t" "Creditor SA: statement of overdue invoices"

# --- letters ---
run recoup letter --scheduled 2026-12-01 --out "$TMP/day.pdf"
expect_eq "recoup letter --scheduled exits 0" 0 "$status"
expect_stdout_contains "4 letters"
page() { # page NAME: the text of the page of day.pdf naming NAME on a line of its own, on one line
	local pages i
	pages=$(pdfinfo "$TMP/day.pdf" | sed -n 's/^Pages: *//p')
	for ((i = 1; i <= pages; i++)); do
		pdftotext -layout -f "$i" -l "$i" "$TMP/day.pdf" - | tr -s ' ' | sed 's/^ //' >"$TMP/page.txt"
		if grep -qxF -- "$1" "$TMP/page.txt"; then
			tr '\n' ' ' <"$TMP/page.txt" | tr -s ' '
			return
		fi
	done
}
t=$(page "Lúcia Gonçalves")
has "BRN (pt-BR): notificacao-previa's Portuguese heading" "$t" "Notificação prévia (proteção ao crédito)"
has "... and body" "$t" "órgãos de proteção ao crédito"
lacks "... not the English notificacao-previa" "$t" "credit bureau listing"
lacks "... not the Portuguese default" "$t" "Notificação de cobrança"
t=$(page "Susan Green")
has "BEN (en, in Brazil): notificacao-previa in English" "$t" "Notice before a credit bureau listing"
t=$(page "Piotr Świątek")
has "PLA (pl): arrears-letter's Polish heading" "$t" "Zaległa płatność"
has "... and body" "$t" "rozważymy możliwość spłaty w ratach"
lacks "... not the English arrears-letter" "$t" "in arrears"
lacks "... not the Polish default" "$t" "Wezwanie do zapłaty"
t=$(page "Ewa Kołodziej")
has "PLF (pl): final-notice's Polish heading" "$t" "Ostateczne wezwanie do zapłaty"
has "... and body" "$t" "przekazać sprawę firmie windykacyjnej"
lacks "... not the English final-notice" "$t" "Final notice"
finish
