#!/usr/bin/env bash
# consumer-standard's steps in German and French (docs/channels.md, "The
# shipped templates"), through a daily run, `recoup send` to the loopback SMTP
# server and SMS gateway, and `recoup letter --scheduled`: persons in Germany
# (de-consumer) speaking German or French get payment-reminder and
# missed-payment (texts, in GSM-7), due-today (email) and arrears-letter and
# final-notice (letters) in their language, each its step's own text, not
# the language's "default" and not the English one; a German-speaking person
# in the US (consumer-us) gets payment-reminder's German email. t0940 has the
# companies' steps, t0929 which languages each template is shipped in.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

# As of Tuesday 2026-12-01, each person's one invoice falls due so that one step of its
# strategy is due that day: in 3 days (reminder), today (due-today), 3 days late
# (missed-payment), 14 (arrears-letter), 35 (final-notice).
recoup init >/dev/null
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
DER,Anna Schmidt,person,DE,Europe/Berlin,de,EUR,,anna@schmidt.example,+49 151 5550101,"Torstr. 1
10119 Berlin",
DED,Jonas Weber,person,DE,Europe/Berlin,de,EUR,,jonas@weber.example,+49 151 5550102,"Torstr. 2
10119 Berlin",
DEM,Lukas Becker,person,DE,Europe/Berlin,de,EUR,,lukas@becker.example,+49 151 5550103,"Torstr. 3
10119 Berlin",
DEA,Marie Wagner,person,DE,Europe/Berlin,de,EUR,,marie@wagner.example,+49 151 5550104,"Torstr. 4
10119 Berlin",
DEF,Paul Hoffmann,person,DE,Europe/Berlin,de,EUR,,paul@hoffmann.example,+49 151 5550105,"Torstr. 5
10119 Berlin",
FRR,Claire Martin,person,DE,Europe/Berlin,fr,EUR,,claire@martin.example,+49 681 5550101,"Bahnhofstr. 1
66111 Saarbrücken",
FRD,Luc Bernard,person,DE,Europe/Berlin,fr,EUR,,luc@bernard.example,+49 681 5550102,"Bahnhofstr. 2
66111 Saarbrücken",
FRM,Sophie Laurent,person,DE,Europe/Berlin,fr,EUR,,sophie@laurent.example,+49 681 5550103,"Bahnhofstr. 3
66111 Saarbrücken",
FRA,Julien Moreau,person,DE,Europe/Berlin,fr,EUR,,julien@moreau.example,+49 681 5550104,"Bahnhofstr. 4
66111 Saarbrücken",
FRF,Camille Petit,person,DE,Europe/Berlin,fr,EUR,,camille@petit.example,+49 681 5550105,"Bahnhofstr. 5
66111 Saarbrücken",
USD,Hans Schneider,person,US,America/New_York,de,USD,,hans@schneider.example,,"1 Main St
New York NY 10001",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I-DER,DER,2026-09-01,2026-12-04,EUR,89.90
I-DED,DED,2026-09-01,2026-12-01,EUR,99.00
I-DEM,DEM,2026-09-01,2026-11-28,EUR,109.00
I-DEA,DEA,2026-09-01,2026-11-17,EUR,119.00
I-DEF,DEF,2026-09-01,2026-10-27,EUR,129.00
I-FRR,FRR,2026-09-01,2026-12-04,EUR,89.90
I-FRD,FRD,2026-09-01,2026-12-01,EUR,99.00
I-FRM,FRM,2026-09-01,2026-11-28,EUR,109.00
I-FRA,FRA,2026-09-01,2026-11-17,EUR,119.00
I-FRF,FRF,2026-09-01,2026-10-27,EUR,129.00
I-USD,USD,2026-09-01,2026-12-04,USD,89.90
CSV
)" >/dev/null

run recoup run --as-of 2026-12-01 --now 2026-12-01T05:00:00Z
expect_eq "the daily run exits 0" 0 "$status"
expect_eq "each person's step, on its channel" \
	"DEA arrears-letter letter|DED due-today email|DEF final-notice letter|DEM missed-payment sms|DER reminder sms|FRA arrears-letter letter|FRD due-today email|FRF final-notice letter|FRM missed-payment sms|FRR reminder sms|USD reminder email" \
	"$(sql_join "|" "SELECT c.ref || ' ' || a.step || ' ' || a.kind FROM action a JOIN customer c ON c.tenant_id = a.tenant_id
	AND c.id = a.customer_id WHERE a.kind IN ('email', 'sms', 'letter') AND a.state = 'scheduled' ORDER BY c.ref")"

start_smtp_sink
configure_email
start_sms_gateway
recoup config set sms.url "http://127.0.0.1:$SMS_PORT/send" >/dev/null
recoup config set sms.from Creditor >/dev/null
recoup config set creditor.phone "+49 30 5550000" >/dev/null
recoup config set letter.sender_address "$(printf 'Friedrichstr. 9\n10117 Berlin')" >/dev/null

# 15:00 UTC, a Tuesday: 16:00 in Berlin, 10:00 in New York
send_at 2026-12-01T15:00:00Z
expect_eq "every email and text sent" "" \
	"$(jq_send '" ".join(sorted(r["customer"] + ":" + r["state"] for r in s["rows"] if r["state"] != "sent"))')"
expect_eq "seven messages sent" 7 "$(jq_send 's["summary"]["sent"]')"
mail_json

has() { # has DESC TEXT NEEDLE
	if [[ $2 == *"$3"* ]]; then pass "$1"; else fail "$1" "'$3'" "$2"; fi
}
lacks() { # lacks DESC TEXT NEEDLE
	if [[ $2 == *"$3"* ]]; then fail "$1" "no '$3'" "$2"; else pass "$1"; fi
}
mail_to() { # mail_to ADDRESS PART: the email's subject, lang, text or html
	jq_mail "[x['$2'] for x in m if x['to'] == '$1'][0]"
}

# --- texts ---
expect_eq "DER (de): payment-reminder in German, with the German opt-out" \
	"Creditor SA: Erinnerung: 1 Rechnung(en), gesamt 89,90 EUR, fällig ab 2026-12-04. Bereits bezahlt? Dann vielen Dank. Antworten Sie STOP, um sich abzumelden" \
	"$(sms_to "+49 151 5550101")"
expect_eq "FRR (fr): payment-reminder in French, with the French opt-out" \
	"Creditor SA : rappel : 1 facture(s), total 89,90 EUR, à régler prochainement, la première le 2026-12-04. Déjà réglé ? Merci. Répondez STOP pour vous désabonner" \
	"$(sms_to "+49 681 5550101")"
t=$(sms_to "+49 151 5550103")
has "DEM (de): missed-payment in German" "$t" "Ihre Zahlung von 109,00 EUR (älteste fällig am 2026-11-28) ist bei uns noch nicht eingegangen."
has "... the collector's number" "$t" "Bitte melden Sie sich unter +49 30 5550000."
lacks "... not the English missed-payment" "$t" "not yet received"
lacks "... not the German default" "$t" "offene Rechnung"
t=$(sms_to "+49 681 5550103")
has "FRM (fr): missed-payment in French" "$t" "sauf erreur, votre paiement de 109,00 EUR (plus ancienne échéance le 2026-11-28) ne nous est pas encore parvenu."
has "... the collector's number" "$t" "Merci de nous contacter au +49 30 5550000."
lacks "... not the French default" "$t" "à régler, total"
expect_eq "the four texts in GSM-7" "DEM gsm7|DER gsm7|FRM gsm7|FRR gsm7" \
	"$(jq_send '"|".join(sorted(r["customer"] + " " + r["encoding"] for r in s["rows"] if r["kind"] == "sms"))')"
expect_eq "the reminders in one segment each" "DER 1|FRR 1" \
	"$(jq_send '"|".join(sorted(r["customer"] + " " + str(r["segments"]) for r in s["rows"] if r["customer"] in ("DER", "FRR")))')"

# --- emails ---
expect_eq "DED (de): due-today's German subject" "Creditor SA: heute fällige Rechnungen, 99,00 EUR" \
	"$(mail_to jonas@weber.example subject)"
expect_eq "FRD (fr): due-today's French subject" "Creditor SA : factures arrivant à échéance aujourd'hui, 99,00 EUR" \
	"$(mail_to luc@bernard.example subject)"
expect_eq "USD (de, consumer-us): payment-reminder's German subject" \
	"de|Creditor SA: Erinnerung an anstehende Zahlungen" \
	"$(jq_mail '[x["lang"] + "|" + x["subject"] for x in m if x["to"] == "hans@schneider.example"][0]')"
t=$(mail_to hans@schneider.example text)
has "... the salutation" "$t" "Sehr geehrte Damen und Herren,"
has "... the step's own words" "$t" "in den nächsten Tagen fällig werden"
has "... the invoice" "$t" "I-USD  fällig 2026-12-04"
lacks "... not the English payment-reminder" "$t" "fall due in the next few days"
lacks "... not the German default" "$t" "noch offen"
h=$(mail_to hans@schneider.example html)
has "... the HTML part in German" "$h" "<th>Rechnung</th><th>Fällig</th><th>Betrag</th>"

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
t=$(page "Marie Wagner")
has "DEA (de): arrears-letter's German heading" "$t" "Zahlungsrückstand"
has "... and body" "$t" "Vereinbarung über eine Ratenzahlung"
lacks "... not the English arrears-letter" "$t" "in arrears"
lacks "... not the German default" "$t" "Zahlungserinnerung"
t=$(page "Julien Moreau")
has "FRA (fr): arrears-letter's French heading" "$t" "Retard de paiement sur votre compte"
has "... and body" "$t" "paiement échelonné"
lacks "... not the French default" "$t" "Rappel de paiement"
t=$(page "Paul Hoffmann")
has "DEF (de): final-notice's German heading" "$t" "Letzte Zahlungserinnerung"
has "... and body" "$t" "Inkassounternehmen"
lacks "... not the English final-notice" "$t" "Final notice"
t=$(page "Camille Petit")
has "FRF (fr): final-notice's French heading" "$t" "Dernier rappel avant transmission du dossier"
has "... and body" "$t" "société de recouvrement"
lacks "... not the English final-notice" "$t" "Final notice"
finish
