#!/usr/bin/env bash
# The letters of German and French companies (docs/channels.md, "Letters"):
# b2b-eu's formal letter 45 days after the due date, drawn by `recoup send
# --letters-to`, is the German or French formal notice, under the fixed
# texts of its language (the facts, the invoice table's headings, the
# total, how to pay, the page number) with the amounts and dates as the
# locale writes them (1.234,56 EUR and 01.10.2026 in Germany, 1 234,56 EUR
# and 01/10/2026 in France, the long date 1. Dezember 2026 / 1 décembre
# 2026). A customer with no language of its own gets its country's (DE and
# AT German, FR French), and --lang replaces it. `recoup template list`
# lists the fifteen German and fifteen French templates, each beside the English
# one of the same name, channel and audience, and `template show` gives
# them back.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
DEL,Fischer GmbH,company,DE,Europe/Berlin,de,EUR,,,,"Hauptstr. 4
10115 Berlin",
FRL,Petit SARL,company,FR,Europe/Paris,fr,EUR,,,,"4 rue de Rivoli
75001 Paris",
DEN,Weber GmbH,company,DE,Europe/Berlin,,EUR,,,,"Hauptstr. 5
10115 Berlin",
ATN,Huber GmbH,company,AT,Europe/Vienna,,EUR,,,,"Ringstr. 1
1010 Wien",
FRN,Leroy SARL,company,FR,Europe/Paris,,EUR,,,,"5 rue de Rivoli
75001 Paris",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I-DEL,DEL,2026-09-01,2026-10-01,EUR,1234.56
I-DEL2,DEL,2026-09-20,2026-10-20,EUR,99.00
I-FRL,FRL,2026-09-01,2026-10-01,EUR,1234.56
I-FRL2,FRL,2026-09-20,2026-10-20,EUR,99.00
I-DEN,DEN,2026-11-01,2026-12-01,EUR,10.00
I-ATN,ATN,2026-11-01,2026-12-01,EUR,10.00
I-FRN,FRN,2026-11-01,2026-12-01,EUR,10.00
CSV
)" >/dev/null
recoup config set creditor.name "Creditor SA" >/dev/null
recoup config set letter.sender_address "$(printf 'Rue du Marché 9\n1204 Genève')" >/dev/null
recoup config set payment.instructions "IBAN DE89 3704 0044 0532 0130 00" >/dev/null

run recoup run --as-of 2026-11-15 --now 2026-11-15T05:00:00Z
expect_eq "the daily run exits 0" 0 "$status"
expect_eq "b2b-eu's formal letter for the two companies 45 days late" "DEL formal-letter|FRL formal-letter" \
	"$(sql_join "|" "SELECT c.ref || ' ' || a.step FROM action a JOIN customer c ON c.tenant_id = a.tenant_id
	AND c.id = a.customer_id WHERE a.kind = 'letter' AND a.state = 'scheduled' ORDER BY c.ref")"

mkdir -p "$TMP/print"
run recoup send --letters-to "$TMP/print" --now 2026-11-15T12:00:00Z
expect_eq "recoup send --letters-to exits 0" 0 "$status"
expect_stdout_contains "2 letters"
pdf="$TMP/print/letters-2026-11-15.pdf"

page() { # page PDF NAME: the text (spaces squeezed) of the page of PDF naming NAME on a line of its own, on one line
	local pages i
	pages=$(pdfinfo "$1" | sed -n 's/^Pages: *//p')
	for ((i = 1; i <= pages; i++)); do
		pdftotext -layout -f "$i" -l "$i" "$1" - | tr -s ' ' | sed 's/^ //' >"$TMP/page.txt"
		if grep -qxF -- "$2" "$TMP/page.txt"; then
			tr '\n' ' ' <"$TMP/page.txt" | tr -s ' '
			return
		fi
	done
}
has() { # has DESC TEXT NEEDLE
	if [[ $2 == *"$3"* ]]; then pass "$1"; else fail "$1" "'$3'" "$2"; fi
}
lacks() { # lacks DESC TEXT NEEDLE
	if [[ $2 == *"$3"* ]]; then fail "$1" "no '$3'" "$2"; else pass "$1"; fi
}

t=$(page "$pdf" "Fischer GmbH")
has "DEL (de): the German formal notice's heading" "$t" "Mahnung: überfällige Rechnungen"
has "... the salutation" "$t" "Sehr geehrte Damen und Herren,"
has "... the total in the body, German amounts" "$t" "Gesamtbetrag beläuft sich derzeit auf 1.333,56 EUR."
has "... the time to pay" "$t" "innerhalb von 14 Tagen ab dem Datum dieses Schreibens"
has "... what may follow" "$t" "einem Inkassounternehmen zu übergeben"
has "... the closing" "$t" "Mit freundlichen Grüßen Creditor SA"
has "... the date, long, in German" "$t" "Datum 15. November 2026"
has "... the customer number" "$t" "Kundennummer DEL"
has "... the table's headings" "$t" "Rechnung Rechnungsdatum Fällig am Tage überfällig Offener Betrag"
has "... an invoice: numeric dates, days past due, the amount with the euro sign" "$t" \
	"I-DEL 01.09.2026 01.10.2026 45 1.234,56 €"
has "... the total" "$t" "Offener Gesamtbetrag 1.333,56 €"
has "... how to pay" "$t" "Zahlungsinformationen IBAN DE89 3704 0044 0532 0130 00"
has "... the page number" "$t" "Seite 1"
lacks "... no English" "$t" "Formal notice"
lacks "... no English fixed text" "$t" "Days past due"

t=$(page "$pdf" "Petit SARL")
has "FRL (fr): the French formal notice's heading" "$t" "Relance formelle : factures échues impayées"
has "... the salutation" "$t" "Madame, Monsieur,"
has "... the total in the body, French amounts" "$t" "La somme due à Creditor SA s'élève à ce jour à 1 333,56 EUR."
has "... the time to pay" "$t" "dans un délai de 14 jours à compter de la date du présent courrier"
has "... what may follow" "$t" "confier le dossier à une société de recouvrement"
has "... the closing" "$t" "l'expression de nos salutations distinguées. Creditor SA"
has "... the date, long, in French" "$t" "Date 15 novembre 2026"
has "... the customer number" "$t" "Numéro de client FRL"
has "... the table's headings" "$t" "Facture Émise le Échéance Jours de retard Montant dû"
has "... an invoice: numeric dates, days past due, the amount with the euro sign" "$t" \
	"I-FRL 01/09/2026 01/10/2026 45 1 234,56 €"
has "... the total" "$t" "Total dû 1 333,56 €"
has "... how to pay" "$t" "Modalités de paiement IBAN DE89"
has "... the page number" "$t" "Page 1"
lacks "... no English" "$t" "Formal notice"

# --- no language of its own: the country's; --lang replaces it ---
letter() { # letter REF OUT [ARGS...]: recoup letter REF as of 2026-11-24 into OUT.pdf; its text on one line in $t
	local ref=$1 out=$2
	shift 2
	run recoup letter "$ref" --as-of 2026-11-24 --out "$TMP/$out.pdf" "$@"
	expect_eq "recoup letter $ref $* exits 0" 0 "$status"
	t=$(pdftotext -layout "$TMP/$out.pdf" - | tr '\n' ' ' | tr -s ' ')
}
letter DEN den
has "DEN (DE, no language): the German default letter" "$t" "Zahlungserinnerung Sehr geehrte Damen und Herren,"
has "... German headings" "$t" "Offener Gesamtbetrag 10,00 €"
letter ATN atn
has "ATN (AT, no language): German too" "$t" "Zahlungserinnerung Sehr geehrte Damen und Herren,"
has "... the date as Austria writes it" "$t" "Datum 24. November 2026"
letter FRN frn
has "FRN (FR, no language): the French default letter" "$t" "Rappel de paiement Madame, Monsieur,"
has "... French headings" "$t" "Total dû 10,00 €"
letter DEN den-fr --lang fr
has "--lang fr on a German customer: French" "$t" "Rappel de paiement"
lacks "... not German" "$t" "Zahlungserinnerung"

# --- the templates as a manager sees them ---
run recoup template list --format json
expect_eq "template list exits 0" 0 "$status"
cp "$TMP/out" "$TMP/list.json"
lst() {
	python3 -c 'import json, sys
l = json.load(open(sys.argv[1]))
items = l["items"] if isinstance(l, dict) else l
print(eval(sys.argv[2]))' "$TMP/list.json" "$1"
}
expect_eq "fifteen German templates shipped" 15 "$(lst 'len([t for t in items if t["lang"] == "de" and t["source"] == "shipped"])')"
expect_eq "fifteen French templates shipped" 15 "$(lst 'len([t for t in items if t["lang"] == "fr" and t["source"] == "shipped"])')"
expect_eq "each German and French one beside the English one of its name, channel and audience" "[]" \
	"$(lst 'sorted(set((t["name"], t["channel"], t["audience"]) for t in items if t["lang"] in ("de", "fr")) - set((t["name"], t["channel"], t["audience"]) for t in items if t["lang"] == "en"))')"
expect_eq "the German and French ones: the b2b presets' and consumer-standard's steps and every default" \
	"arrears-letter/letter/debtor courtesy-reminder/email/debtor default/call/voicemail_limited default/email/debtor default/email/third_party default/letter/debtor default/sms/debtor default/sms/third_party due-today/email/debtor final-notice/letter/debtor formal-notice/letter/debtor missed-payment/sms/debtor payment-reminder/email/debtor payment-reminder/sms/debtor statement/email/debtor" \
	"$(lst '" ".join(sorted(set(t["name"] + "/" + t["channel"] + "/" + t["audience"] for t in items if t["lang"] in ("de", "fr"))))')"
run recoup template list
expect_stdout_contains "formal-notice           letter  de     debtor             shipped"
expect_stdout_contains "statement               email   fr     debtor             shipped"
run recoup template show formal-notice --channel letter --lang de --format json
expect_eq "template show gives the German formal notice" "de|Mahnung: überfällige Rechnungen" \
	"$(python3 -c 'import json, sys; t = json.load(open(sys.argv[1])); print(t["lang"] + "|" + t["subject"])' "$TMP/out")"
run recoup template show default --channel call --lang fr --audience voicemail_limited
expect_eq "template show gives the French voicemail" 0 "$status"
expect_stdout_contains "Bonjour, ici {{collector.name}}, message pour {{contact.name}}."
finish
