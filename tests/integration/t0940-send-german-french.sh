#!/usr/bin/env bash
# German and French companies billed in euro (b2b-eu) get their messages in
# their language, through the daily run and `recoup send` to the loopback
# SMTP server and SMS gateway (docs/channels.md, "The shipped templates"):
# courtesy-reminder, due-today and statement emails in German and French,
# each its step's own text (not the language's "default", not the English
# one), with the amounts as the language writes them (1.234,56 EUR; 1 234,56
# EUR with the narrow no-break space ICU puts there), the statement's total
# holding b2b-eu's 40 EUR compensation, the opt-out line in the language and
# the opt-out page behind its link in the language too. A German- and a
# French-speaking person (both in Germany, de-consumer) on consumer-standard
# get its payment-reminder text in German and French (the step's own words,
# not the language's "default", not the English text) with the opt-out in
# their language, in GSM-7 and one segment.
# The language is the customer's, else the tenant's (tenant.language), else
# English: an Italian company gets the English text, a Belgian company with no
# language the tenant's French, and a tenant's own step text stored in
# English only goes out in English to a French-speaking company.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

# As of Tuesday 2026-12-01 each company's one invoice is at one step of b2b-eu: 5 days
# before the due date (courtesy-reminder), on it (due-today), 15 days late (statement; the
# run of 2026-11-17, a day after the due date, posted the 40 EUR compensation). The persons'
# invoices fall due in 3 days (consumer-standard's text); the French-speaking one lives in
# Germany (persons in France, fr-consumer, are t0936's).
recoup init >/dev/null
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
DEC,Müller GmbH,company,DE,Europe/Berlin,de,EUR,,buchhaltung@mueller.example,+49 30 5550101,"Hauptstr. 1
10115 Berlin",
DED,Schulz AG,company,DE,Europe/Berlin,de,EUR,,kreditoren@schulz.example,+49 30 5550102,"Hauptstr. 2
10115 Berlin",
DES,Becker KG,company,DE,Europe/Berlin,de,EUR,,rechnungen@becker.example,+49 30 5550103,"Hauptstr. 3
10115 Berlin",
FRC,Dupont SARL,company,FR,Europe/Paris,fr,EUR,,compta@dupont.example,+33 1 55 50 01 01,"1 rue de Rivoli
75001 Paris",
FRD,Martin SA,company,FR,Europe/Paris,fr,EUR,,fournisseurs@martin.example,+33 1 55 50 01 02,"2 rue de Rivoli
75001 Paris",
FRS,Bernard SAS,company,FR,Europe/Paris,fr,EUR,,factures@bernard.example,+33 1 55 50 01 03,"3 rue de Rivoli
75001 Paris",
ITA,Rossi S.r.l.,company,IT,Europe/Rome,it,EUR,,amministrazione@rossi.example,+39 06 5550101,"Via Roma 1
00184 Roma RM",
LUX,Schmit Sàrl,company,LU,Europe/Luxembourg,fr,EUR,,compta@schmit.example,+352 2555 0101,"1 rue du Fossé
1536 Luxembourg",
DEP,Anna Schmidt,person,DE,Europe/Berlin,de,EUR,,anna@schmidt.example,+49 151 5550105,"Torstr. 1
10119 Berlin",
FRP,Claire Martin,person,DE,Europe/Berlin,fr,EUR,,claire@martin.example,+49 681 5550106,"Bahnhofstr. 6
66111 Saarbrücken",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I-DEC,DEC,2026-11-06,2026-12-06,EUR,1234.56
I-DED,DED,2026-11-01,2026-12-01,EUR,980.00
I-DES,DES,2026-10-17,2026-11-16,EUR,1234.56
I-FRC,FRC,2026-11-06,2026-12-06,EUR,1234.56
I-FRD,FRD,2026-11-01,2026-12-01,EUR,980.00
I-FRS,FRS,2026-10-17,2026-11-16,EUR,1234.56
I-ITA,ITA,2026-11-01,2026-12-01,EUR,500.00
I-LUX,LUX,2026-11-01,2026-12-01,EUR,750.00
I-DEP,DEP,2026-11-04,2026-12-04,EUR,89.90
I-FRP,FRP,2026-11-04,2026-12-04,EUR,1000.00
CSV
)" >/dev/null

# the tenant's own step for Luxembourg companies, its text stored in English only
python3 -c 'import json; print(json.dumps({"name": "eu-due", "channel": "email", "lang": "en", "audience": "debtor",
"subject": "{{creditor.name}}: our own due-date note, {{total}}",
"text": "Dear {{contact.name}},\n\nOUR OWN NOTE: please pay {{total}}.\n\n{{creditor.name}}\n\n-- \n{{optout_line}}\n"}))' \
	>"$TMP/eu-due.json"
expect_exit 0 recoup template set "$TMP/eu-due.json"
cat >"$TMP/lux.json" <<'JSON'
{ "name": "lux-own", "priority": 300, "segment": { "kind": "company", "countries": ["LU"] },
  "steps": [ { "name": "eu-due", "offset_days": 0, "action": "email", "template": "eu-due" } ] }
JSON
run recoup strategy set lux-own "$TMP/lux.json"
expect_eq "the Luxembourg strategy stored" 0 "$status"

run recoup run --as-of 2026-11-17 --now 2026-11-17T05:00:00Z
expect_eq "the run of 2026-11-17 exits 0" 0 "$status"
expect_eq "it posts b2b-eu's 40 EUR compensation on the two invoices a day late" "I-DES:4000 I-FRS:4000" \
	"$(sql_join " " "SELECT i.ref || ':' || l.amount FROM ledger_entry l JOIN invoice i ON i.tenant_id = l.tenant_id
	AND i.id = l.invoice_id WHERE l.kind = 'fee' ORDER BY i.ref")"
run recoup run --as-of 2026-12-01 --now 2026-12-01T05:00:00Z
expect_eq "the run of 2026-12-01 exits 0" 0 "$status"
expect_eq "each debtor's step, on its channel" \
	"DEC courtesy-reminder email|DED due-today email|DEP reminder sms|DES statement email|FRC courtesy-reminder email|FRD due-today email|FRP reminder sms|FRS statement email|ITA due-today email|LUX eu-due email" \
	"$(sql_join "|" "SELECT c.ref || ' ' || a.step || ' ' || a.kind FROM action a JOIN customer c ON c.tenant_id = a.tenant_id
	AND c.id = a.customer_id WHERE a.kind IN ('email', 'sms', 'letter') AND a.state = 'scheduled' ORDER BY c.ref")"

start_smtp_sink
configure_email
start_sms_gateway
recoup config set sms.url "http://127.0.0.1:$SMS_PORT/send" >/dev/null
recoup config set sms.from Creditor >/dev/null

# 13:00 UTC, a Tuesday: 14:00 in Berlin, Paris, Rome and Luxembourg
send_at 2026-12-01T13:00:00Z
expect_eq "every email and text sent" "" \
	"$(jq_send '" ".join(sorted(r["customer"] + ":" + r["state"] for r in s["rows"] if r["state"] != "sent"))')"
expect_eq "ten messages sent" 10 "$(jq_send 's["summary"]["sent"]')"
mail_json

has() { # has DESC TEXT NEEDLE
	if [[ $2 == *"$3"* ]]; then pass "$1"; else fail "$1" "'$3'" "$2"; fi
}
lacks() { # lacks DESC TEXT NEEDLE
	if [[ $2 == *"$3"* ]]; then fail "$1" "no '$3'" "$2"; else pass "$1"; fi
}
mail_to() { # mail_to ADDRESS PART: the email's subject (PART subject), language (lang), text or html
	jq_mail "[x['$2'] for x in m if x['to'] == '$1'][0]"
}
NNBSP=$(printf '\342\200\257') # U+202F, the narrow no-break space

# --- German ---
expect_eq "DEC (de): courtesy-reminder's German subject, in German" \
	"Creditor SA: Hinweis auf demnächst fällige Rechnungen" "$(mail_to buchhaltung@mueller.example subject)"
expect_eq "... Content-Language: de" de "$(mail_to buchhaltung@mueller.example lang)"
t=$(mail_to buchhaltung@mueller.example text)
has "... the salutation" "$t" "Sehr geehrte Damen und Herren,"
has "... its own words, not the default's" "$t" "in Kürze fällig werden"
has "... the invoice, its due date and its amount in German form" "$t" "I-DEC  fällig 2026-12-06  1.234,56 EUR"
has "... the total in German form" "$t" "Gesamtbetrag: 1.234,56 EUR"
has "... the opt-out line in German, with the link" "$t" \
	"Wenn Sie diese Nachrichten nicht mehr erhalten möchten, antworten Sie mit STOP / optout@creditor.test: https://creditor.test/optout?t="
lacks "... no English" "$t" "friendly reminder"
lacks "... not the German default" "$t" "noch offen"
h=$(mail_to buchhaltung@mueller.example html)
has "... the HTML part's table headings in German" "$h" "<th>Rechnung</th><th>Fällig</th><th>Betrag</th>"
has "... the HTML part's total" "$h" "Gesamtbetrag: <b>1.234,56 EUR</b>"

expect_eq "DED (de): due-today's German subject with the total" "Creditor SA: heute fällige Rechnungen, 980,00 EUR" \
	"$(mail_to kreditoren@schulz.example subject)"
t=$(mail_to kreditoren@schulz.example text)
has "... and body" "$t" "heute zur Zahlung fällig sind"
lacks "... not the English due-today" "$t" "due for payment today"

expect_eq "DES (de): the statement's German subject, the total with the 40 EUR compensation" \
	"Creditor SA: Kontoauszug über überfällige Rechnungen, 1.274,56 EUR" "$(mail_to rechnungen@becker.example subject)"
t=$(mail_to rechnungen@becker.example text)
has "... the account statement" "$t" "nachstehend erhalten Sie den Kontoauszug des Kundenkontos von Becker KG bei Creditor SA"
has "... the invoice's balance with the compensation" "$t" "I-DES  fällig 2026-11-16  1.274,56 EUR"
has "... the total now due" "$t" "Derzeit fälliger Gesamtbetrag: 1.274,56 EUR"
lacks "... not the English statement" "$t" "statement of the account"

# --- French ---
expect_eq "FRC (fr): courtesy-reminder's French subject" "Creditor SA : vos prochaines échéances" \
	"$(mail_to compta@dupont.example subject)"
expect_eq "... Content-Language: fr" fr "$(mail_to compta@dupont.example lang)"
t=$(mail_to compta@dupont.example text)
has "... the salutation" "$t" "Madame, Monsieur,"
has "... its own words" "$t" "arrivent prochainement à échéance"
has "... the amount in French form (narrow no-break space, comma)" "$t" "I-FRC  échéance 2026-12-06  1${NNBSP}234,56 EUR"
has "... the total" "$t" "Total : 1${NNBSP}234,56 EUR"
has "... the opt-out line in French, with the link" "$t" \
	"Pour ne plus recevoir ces messages, répondez STOP / optout@creditor.test: https://creditor.test/optout?t="
lacks "... no English" "$t" "friendly reminder"
h=$(mail_to compta@dupont.example html)
has "... the HTML part's table headings in French" "$h" "<th>Facture</th><th>Échéance</th><th>Montant</th>"

expect_eq "FRD (fr): due-today's French subject" "Creditor SA : factures arrivant à échéance aujourd'hui, 980,00 EUR" \
	"$(mail_to fournisseurs@martin.example subject)"
t=$(mail_to fournisseurs@martin.example text)
has "... and body" "$t" "adressées par Creditor SA à Martin SA, arrivent à échéance aujourd'hui"

expect_eq "FRS (fr): the statement's French subject, the total with the compensation" \
	"Creditor SA : relevé de compte, factures échues, 1${NNBSP}274,56 EUR" "$(mail_to factures@bernard.example subject)"
t=$(mail_to factures@bernard.example text)
has "... the account statement" "$t" "le relevé du compte de Bernard SAS auprès de Creditor SA"
has "... the total still due" "$t" "Total restant dû : 1${NNBSP}274,56 EUR"
lacks "... not the English statement" "$t" "statement of the account"

# --- the language chain: the customer's, else the tenant's, else English ---
expect_eq "ITA (it: no Italian text, the tenant's language English): the English due-today" \
	"en|Creditor SA: invoices due today, 500.00 EUR" \
	"$(jq_mail '[x["lang"] + "|" + x["subject"] for x in m if x["to"] == "amministrazione@rossi.example"][0]')"
expect_eq "LUX (fr): the tenant's own step text, stored in English only, goes out in English" \
	"en|Creditor SA: our own due-date note, 750.00 EUR" \
	"$(jq_mail '[x["lang"] + "|" + x["subject"] for x in m if x["to"] == "compta@schmit.example"][0]')"

# --- texts to persons: consumer-standard's payment-reminder in their language, its opt-out ---
expect_eq "DEP (de person): the German payment-reminder, with the German opt-out" \
	"Creditor SA: Erinnerung: 1 Rechnung(en), gesamt 89,90 EUR, fällig ab 2026-12-04. Bereits bezahlt? Dann vielen Dank. Antworten Sie STOP, um sich abzumelden" \
	"$(sms_to "+49 151 5550105")"
expect_eq "FRP (fr person): the French payment-reminder, with the French opt-out" \
	"Creditor SA : rappel : 1 facture(s), total 1 000,00 EUR, à régler prochainement, la première le 2026-12-04. Déjà réglé ? Merci. Répondez STOP pour vous désabonner" \
	"$(sms_to "+49 681 5550106")"
# FRP's 1 000,00: ICU writes U+202F between the thousands, which is no GSM-7 character: a text
# carries a plain space instead, so it stays GSM-7 (two segments of 153: 161 characters), not UCS-2 (three of 67)
expect_eq "both in GSM-7: DEP's one segment, FRP's two (its amount's thousands separated by a plain space)" "DEP gsm7 1|FRP gsm7 2" \
	"$(jq_send '"|".join(sorted(r["customer"] + " " + r["encoding"] + " " + str(r["segments"]) for r in s["rows"] if r["customer"] in ("DEP", "FRP")))')"

# --- the opt-out page behind a German and a French email's link ---
"$PY" - "$SINK" >"$TMP/links.json" <<'PY'
import email, glob, json, re, sys
from email import policy
out = {}
for path in sorted(glob.glob(sys.argv[1] + "/msg-*.eml")):
    m = email.message_from_binary_file(open(path, "rb"), policy=policy.default)
    out[m["to"]] = re.findall(r"https://creditor\.test/optout\?(t=[A-Za-z0-9_-]+)", m.get_body(("plain",)).get_content())[0]
print(json.dumps(out))
PY
serve_py <<'PY'
import json, os
links = json.load(open(os.environ["TMP"] + "/links.json"))
s = sc.Server()
r = s.request("GET", "/optout?" + links["buchhaltung@mueller.example"])
body = r.body.decode()
sc.check("a German company's opt-out page is in German", r.status == 200 and '<html lang="de">' in body and
         "Keine E-Mails mehr von Creditor SA an buchhaltung@mueller.example?" in body and
         "Diese E-Mails abbestellen" in body, body)
r = s.request("GET", "/optout?" + links["compta@dupont.example"])
body = r.body.decode()
sc.check("a French company's opt-out page is in French", r.status == 200 and '<html lang="fr">' in body and
         "Ne plus recevoir les e-mails que Creditor SA envoie à compta@dupont.example ?" in body and
         "Ne plus recevoir ces e-mails" in body, body)
sc.check("the server stops with 0", s.stop() == 0)
PY

# --- the tenant's language: a Belgian company with no language of its own, the tenant's French ---
expect_exit 1 recoup config set tenant.language it
expect_stderr_contains "tenant.language"
expect_exit 0 recoup config set tenant.language fr
recoup import customers "$(csv_file customers-2.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
BEX,Dubois SPRL,company,BE,Europe/Brussels,,EUR,,compta@dubois.example,+32 2 555 01 01,"1 rue Neuve
1000 Bruxelles",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices-2.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I-BEX,BEX,2026-11-02,2026-12-02,EUR,2500.00
CSV
)" >/dev/null
run recoup run --as-of 2026-12-02 --now 2026-12-02T05:00:00Z
expect_eq "the run of 2026-12-02 exits 0" 0 "$status"
send_at 2026-12-02T13:00:00Z
expect_eq "one email sent on 2026-12-02" "BEX:sent" \
	"$(jq_send '" ".join(sorted(r["customer"] + ":" + r["state"] for r in s["rows"]))')"
mail_json
expect_eq "BEX (no language, the tenant's French): the French due-today, French amounts" \
	"fr|Creditor SA : factures arrivant à échéance aujourd'hui, 2${NNBSP}500,00 EUR" \
	"$(jq_mail '[x["lang"] + "|" + x["subject"] for x in m if x["to"] == "compta@dubois.example"][0]')"
finish
