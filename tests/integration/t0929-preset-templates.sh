#!/usr/bin/env bash
# The preset strategies' own templates (docs/channels.md, "The shipped
# templates"): shipped in English, the generic presets' in Polish too,
# Brazil's in Brazilian Portuguese too and the companies' and
# consumer-standard's in German and French too (t0930 and t0940 read those
# through the outbox), and found for
# a message in the order of app/templates.h. A debtor whose language has the
# step's text gets it: a Polish, German or French company's formal notice is
# the formal notice in its language, before the tenant's default in that
# language. A debtor whose language has a "default" (the tenant's or shipped)
# but not the step's text gets that default, not the step's English text: a
# Brazilian company's formal notice is the Portuguese shipped default
# letter; an Italian company (no Italian text shipped, the tenant's language
# English) gets the English formal notice, until the tenant stores an
# Italian default. A tenant's own text of the step, in any language, comes
# before a default and before a shipped text of the step in the debtor's
# language. And every
# template a preset names renders, with its step's wording, in each
# language it is shipped in, and is missing in the others.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
GB1,Albion Trading Ltd,company,GB,Europe/London,en,GBP,,,,"1 High St
London EC1A 1AA",
PL1,Kowalski Sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,,"ul. Długa 5
00-238 Warszawa",
DE1,Müller GmbH,company,DE,Europe/Berlin,de,EUR,,,,"Hauptstr. 1
10115 Berlin",
FR1,Dupont SARL,company,FR,Europe/Paris,fr,EUR,,,,"12 rue de la Paix
75002 Paris",
IT1,Rossi S.r.l.,company,IT,Europe/Rome,it,EUR,,,,"Via Roma 1
00184 Roma RM",
BR1,Comércio Paulista Ltda,company,BR,America/Sao_Paulo,pt-BR,BRL,,,,"Rua Augusta 1
01305-000 São Paulo SP",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
G1,GB1,2026-09-01,2026-10-01,GBP,1000.00
P1,PL1,2026-09-01,2026-10-01,PLN,1234.56
D1,DE1,2026-09-01,2026-10-01,EUR,500.00
F1,FR1,2026-09-01,2026-10-01,EUR,1234.56
T1,IT1,2026-09-01,2026-10-01,EUR,700.00
B1,BR1,2026-09-01,2026-10-01,BRL,300.00
CSV
)" >/dev/null
cat >"$TMP/paper.json" <<'JSON'
{ "name": "paper", "priority": 300, "segment": { "kind": "company", "countries": ["GB", "PL", "DE", "FR", "IT", "BR"] },
  "steps": [ { "name": "formal-letter", "offset_days": 45, "action": "letter", "template": "formal-notice" } ] }
JSON
run recoup strategy set paper "$TMP/paper.json"
expect_lines 0 "formal-notice is shipped: no warning" "$TMP/err"
recoup config set creditor.name "Creditor SA" >/dev/null
recoup config set letter.sender_address "$(printf '9 Mill Lane\nLeeds LS1 1AA')" >/dev/null
recoup config set letter.cnpj "12.345.678/0001-95" >/dev/null

tpl() { # tpl NAME LANG SUBJECT TEXT: stores the letter template (debtor)
	python3 -c 'import json, sys; print(json.dumps({"name": sys.argv[1], "channel": "letter", "lang": sys.argv[2],
	"audience": "debtor", "subject": sys.argv[3], "text": sys.argv[4]}))' "$@" >"$TMP/t.json"
	run recoup template set "$TMP/t.json"
	expect_eq "template $1 ($2) stored" 0 "$status"
}
page() { # page REF OUT: the text (spaces squeezed) of the page of the letters scheduled to 2026-11-15 naming REF's customer
	local name
	case $1 in GB1) name="Albion Trading Ltd" ;; PL1) name="Kowalski Sp. z o.o." ;; DE1) name="Müller GmbH" ;;
	BR1) name="Comércio Paulista Ltda" ;; FR1) name="Dupont SARL" ;; IT1) name="Rossi S.r.l." ;;
	esac
	run recoup letter --scheduled 2026-11-15 --out "$TMP/$2.pdf"
	expect_eq "recoup letter --scheduled exits 0 ($2)" 0 "$status"
	local pages i
	pages=$(pdfinfo "$TMP/$2.pdf" | sed -n 's/^Pages: *//p')
	: >"$TMP/$2.txt"
	for ((i = 1; i <= pages; i++)); do
		pdftotext -layout -f "$i" -l "$i" "$TMP/$2.pdf" - | tr -s ' ' | sed 's/^ //' >"$TMP/page.txt"
		if grep -qxF -- "$name" "$TMP/page.txt"; then
			cp "$TMP/page.txt" "$TMP/$2.txt"
		fi
	done
}
has() { # has FILE DESC TEXT
	if grep -qF -- "$3" "$TMP/$1.txt"; then pass "$2"; else fail "$2" "'$3'" "$(cat "$TMP/$1.txt")"; fi
}
lacks() { # lacks FILE DESC TEXT
	if grep -qF -- "$3" "$TMP/$1.txt"; then fail "$2" "no '$3'" "$(cat "$TMP/$1.txt")"; else pass "$2"; fi
}

run recoup run --as-of 2026-11-15 --now 2026-11-15T05:00:00Z
expect_eq "the daily run exits 0" 0 "$status"

# --- shipped texts only ---
page GB1 gb
has gb "GB1 (en): the shipped formal notice's heading" "Formal notice: overdue invoices"
has gb "... its total" "The total now due to Creditor SA is 1,000.00 GBP."
has gb "... the time to pay" "within 14 days of the date of this letter"
has gb "... what may follow" "refer the matter to a collection"
lacks gb "... not the default's body" "According to our records"
page PL1 pl
has pl "PL1 (pl): the Polish formal notice's heading" "Wezwanie do zapłaty: nieopłacone faktury"
has pl "... the time to pay" "w terminie 14 dni od daty niniejszego pisma"
lacks pl "... not the Polish default's body" "zgodnie z naszą ewidencją"
lacks pl "... no English text" "Formal notice"
page BR1 br
has br "BR1 (pt-BR, no Portuguese formal notice): the Portuguese shipped default, not the English text" \
	"Notificação de cobrança"
lacks br "... no English text" "Formal notice"
page DE1 de
has de "DE1 (de): the German formal notice's heading" "Mahnung: überfällige Rechnungen"
has de "... its total, in German amounts" "Gesamtbetrag beläuft sich derzeit auf 500,00 EUR."
has de "... the time to pay" "innerhalb von 14 Tagen ab dem Datum dieses Schreibens"
lacks de "... not the German default's body" "nach unseren Unterlagen"
lacks de "... no English text" "Formal notice"
page FR1 fr
has fr "FR1 (fr): the French formal notice's heading" "Relance formelle : factures échues impayées"
has fr "... the time to pay" "dans un délai de 14 jours"
lacks fr "... not the French default's body" "Sauf erreur de notre part"
lacks fr "... no English text" "Formal notice"
page IT1 it
has it "IT1 (it, no Italian text, the tenant's language English): the English formal notice" \
	"Formal notice: overdue invoices"

# --- the tenant's Italian default: a default in the debtor's language before the step's English text ---
tpl default it 'Sollecito di pagamento' $'Gentili Signori,\n\nvi preghiamo di pagare {{total}}.\n\n{{creditor.name}}'
page IT1 it2
has it2 "IT1: the tenant's Italian default" "vi preghiamo di pagare"
lacks it2 "... not the shipped English formal notice" "Formal notice"
page GB1 gb2
has gb2 "GB1: still the shipped formal notice" "Formal notice: overdue invoices"
# --- the tenant's German default does not displace the shipped German formal notice (the step's text first) ---
tpl default de 'Zahlungserinnerung' $'Sehr geehrte Damen und Herren,\n\nbitte zahlen Sie {{total}}.\n\n{{creditor.name}}'
page DE1 de2
has de2 "DE1: still the shipped German formal notice" "Mahnung: überfällige Rechnungen"
lacks de2 "... not the tenant's German default" "bitte zahlen Sie"

# --- the tenant's own formal notice, in English only: before any default and before any shipped
# text of the step, for every debtor, even a Polish one for whom a Polish formal notice is shipped
# (the tenant wrote the step's words; a shipped translation of the generic step does not displace them) ---
tpl formal-notice en 'Our formal notice' $'OUR NOTICE to {{contact.name}}: {{total}}.\n\n{{creditor.name}}'
for c in GB1 DE1 FR1 IT1 BR1 PL1; do
	page "$c" "own-$c"
	has "own-$c" "$c: the tenant's formal notice (en)" "OUR NOTICE to"
done
lacks own-PL1 "PL1: ... not the shipped Polish formal notice" "nieopłacone faktury"
lacks own-DE1 "DE1: ... not the shipped German formal notice" "Mahnung"
lacks own-FR1 "FR1: ... not the shipped French formal notice" "Relance formelle"
tpl formal-notice pl 'Nasze wezwanie' $'NASZE WEZWANIE dla {{contact.name}}: {{total}}.\n\n{{creditor.name}}'
page PL1 own-pl-PL1
has own-pl-PL1 "PL1: the tenant's Polish formal notice, once stored" "NASZE WEZWANIE dla"
lacks own-pl-PL1 "... not the shipped one" "nieopłacone faktury"
# --- every template a preset's message step names: shipped for that channel, rendering with sample data ---
for p in b2b-gentle consumer-standard consumer-us consumer-br consumer-gb b2b-eu; do
	recoup strategy show "$p" >"$TMP/$p.json"
	python3 -c 'import json, sys
for s in json.load(open(sys.argv[1]))["steps"]:
    if s["action"] in ("email", "sms", "letter"):
        print(s["template"], s["action"])' "$TMP/$p.json" >>"$TMP/named"
done
sort -u "$TMP/named" >"$TMP/named-sorted"
expect_eq "the presets name 15 (template, channel) pairs" 15 "$(wc -l <"$TMP/named-sorted")"
shipped_in() { # shipped_in NAME: the languages NAME is shipped in besides English
	case $1 in
	courtesy-reminder) echo "pl pt-BR de fr" ;;
	due-today | statement | formal-notice) echo "pl de fr" ;;
	payment-reminder | missed-payment | arrears-letter | final-notice) echo "pl de fr" ;;
	lembrete | atraso | vencimento | notificacao-previa) echo pt-BR ;;
	*) echo "" ;;
	esac
}
while read -r name channel; do
	run recoup template preview "$name" --channel "$channel" --lang en
	expect_eq "template preview $name --channel $channel --lang en exits 0" 0 "$status"
	for lang in pl pt-BR de fr; do
		if [[ " $(shipped_in "$name") " == *" $lang "* ]]; then
			run recoup template preview "$name" --channel "$channel" --lang "$lang"
			expect_eq "template preview $name --channel $channel --lang $lang exits 0" 0 "$status"
		else
			run recoup template show "$name" --channel "$channel" --lang "$lang"
			expect_eq "$name ($channel): none in $lang" 1 "$status"
			expect_stderr_contains "template '$name' ($channel, $lang, debtor) not found"
		fi
	done
done <"$TMP/named-sorted"
finish
