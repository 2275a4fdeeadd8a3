#!/usr/bin/env bash
# Every collection document presented to a consumer in Brazil names the
# supplier, its address and its CNPJ (Código de Defesa do Consumidor art.
# 42-A): the letters did, and now the emails and texts do. A consumer in São
# Paulo gets the shipped vencimento email (text and HTML) and lembrete text
# naming them. Without the setting letter.cnpj both stay skipped (code
# no_cnpj, the reason saying what to do), nothing reaches the SMTP server or
# the gateway, and so with a CNPJ stored that is not valid; the next send
# after `config set letter.cnpj` hands them over. A tenant's own pt-BR template without {{creditor.cnpj}} is skipped
# for a Brazilian debtor (naming the template and the part) and sent to a
# Portuguese-speaking debtor in Portugal; a tenant's Polish template without
# it is sent to a debtor in Poland: debtors elsewhere are unaffected. An
# English-speaking company in Brazil gets the shipped English due-today with the CNPJ.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

# As of Tuesday 2026-12-01: SPC's I-SPC1 falls due that day (consumer-br's vencimento email)
# and I-SPC2 in three days (its lembrete text); the others' due-today emails: BRC, a company
# in Brazil (b2b-gentle), LIS in Lisbon and WAW in Warsaw (consumer-standard). BRC and LIS
# speak Portuguese: no due-today is shipped in it, so both get the pt-BR "default".
recoup init >/dev/null
# Portugal has no preset profile: the tenant's own, a copy of the German one
recoup rules show de-consumer --format json | python3 -c 'import json, sys
p = json.load(sys.stdin)
p["name"], p["description"] = "pt-consumer", "Portugal consumer debts: the tenant'"'"'s own"
print(json.dumps(p))' >"$TMP/pt.json"
recoup rules set pt-consumer "$TMP/pt.json" >/dev/null
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
SPC,Maria Araújo,person,BR,America/Sao_Paulo,pt-BR,BRL,,maria@example.com.br,+55 11 90000 0001,"Rua A 1
01000-000 São Paulo SP",
BRC,Comércio Paulista Ltda,company,BR,America/Sao_Paulo,pt-BR,BRL,,ap@paulista.example.com.br,+55 11 5555 0101,"Rua B 2
01000-000 São Paulo SP",
LIS,Joana Sousa,person,PT,Europe/Lisbon,pt-BR,EUR,,joana@example.pt,+351 912 000 001,"Rua C 3
1100-001 Lisboa",pt-consumer
WAW,Zofia Wójcik,person,PL,Europe/Warsaw,pl,PLN,,zofia@example.pl,+48 600 000 001,"ul. Długa 1
80-827 Gdańsk",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I-SPC1,SPC,2026-09-01,2026-12-01,BRL,120.00
I-SPC2,SPC,2026-09-01,2026-12-04,BRL,89.90
I-BRC,BRC,2026-09-01,2026-12-01,BRL,1500.00
I-LIS,LIS,2026-09-01,2026-12-01,EUR,75.00
I-WAW,WAW,2026-09-01,2026-12-01,PLN,460.00
CSV
)" >/dev/null
run recoup run --as-of 2026-12-01 --now 2026-12-01T05:00:00Z
expect_eq "the daily run exits 0" 0 "$status"
expect_eq "each debtor's messages" "BRC email|LIS email|SPC email|SPC sms|WAW email" \
	"$(sql_join "|" "SELECT c.ref || ' ' || a.kind FROM action a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
	WHERE a.kind IN ('email', 'sms') AND a.state = 'scheduled' ORDER BY c.ref, a.kind")"

start_smtp_sink
configure_email
start_sms_gateway
recoup config set sms.url "http://127.0.0.1:$SMS_PORT/send" >/dev/null
recoup config set sms.from Loja >/dev/null
recoup config set creditor.name "Loja Exemplo Ltda" >/dev/null
recoup config set letter.sender_address "Rua Augusta 100, São Paulo - SP" >/dev/null

tpl() { # tpl NAME LANG TEXT HTML: stores the tenant's debtor email template
	python3 -c 'import json, sys; print(json.dumps({"name": sys.argv[1], "channel": "email", "lang": sys.argv[2],
	"audience": "debtor", "subject": "{{creditor.name}}: {{total}}", "text": sys.argv[3], "html": sys.argv[4]}))' \
		"$@" >"$TMP/t.json"
	run recoup template set "$TMP/t.json"
	expect_eq "template $1 ($2) stored" 0 "$status"
}
tpl default pt-BR "Prezado(a) {{contact.name}}, total {{total}}. {{creditor.name}}
-- 
{{optout_line}}" "<p>Total {{total}}. {{creditor.name}}</p><p>{{optout_line}}</p>"
tpl due-today pl "Szanowni Państwo, razem {{total}}. {{creditor.name}}
-- 
{{optout_line}}" "<p>Razem {{total}}. {{creditor.name}}</p><p>{{optout_line}}</p>"

row() { # row REF KIND: state code detail of the last send's row
	jq_send "[r['state'] + ' ' + r['code'] + ' ' + r['detail'] for r in s['rows'] if r['customer'] == '$1' and r['kind'] == '$2'][0]"
}
has() { # has DESC TEXT NEEDLE
	if [[ $2 == *"$3"* ]]; then pass "$1"; else fail "$1" "'$3'" "$2"; fi
}
lacks() { # lacks DESC TEXT NEEDLE
	if [[ $2 == *"$3"* ]]; then fail "$1" "no '$3'" "$2"; else pass "$1"; fi
}

# --- no CNPJ set: nothing to a debtor in Brazil, the others as before ---
# 13:00 UTC, a Tuesday: Sao Paulo 10:00, Lisbon 13:00, Warsaw 14:00
send_at 2026-12-01T13:00:00Z
no_setting="no_cnpj a message to a debtor in Brazil names the supplier's CNPJ (CDC art. 42-A) and the tenant has none: recoup config set letter.cnpj CNPJ"
expect_eq "SPC's email stays, skipped with the reason" "skipped $no_setting" "$(row SPC email)"
expect_eq "SPC's text too" "skipped $no_setting" "$(row SPC sms)"
expect_eq "BRC's email too" "skipped $no_setting" "$(row BRC email)"
expect_eq "the Portuguese-speaking debtor in Portugal: sent on the tenant's pt-BR template" "sent" \
	"$(jq_send "[r['state'] for r in s['rows'] if r['customer'] == 'LIS'][0]")"
expect_eq "the debtor in Poland: sent on the tenant's Polish template" "sent" \
	"$(jq_send "[r['state'] for r in s['rows'] if r['customer'] == 'WAW'][0]")"
expect_eq "summary: two sent, three skipped" "2 3" "$(jq_send 's["summary"]["sent"], s["summary"]["skipped"]' | tr -d '(),')"
mail_json
expect_eq "the SMTP server got the two others' emails only" '["joana@example.pt", "zofia@example.pl"]' \
	"$(jq_mail 'sorted(x["to"] for x in m)')"
expect_eq "the gateway got no text" "" "$(sms_to "+55 11 90000 0001")"
expect_eq "nothing recorded for the skipped: their actions still scheduled, no message row" "BRC scheduled 0|SPC scheduled 0|SPC scheduled 0" \
	"$(sql_join "|" "SELECT c.ref || ' ' || a.state || ' ' || (SELECT count(*) FROM message m WHERE m.tenant_id = a.tenant_id AND m.action_id = a.id)
	FROM action a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
	WHERE a.kind IN ('email', 'sms') AND a.state <> 'superseded' AND c.ref IN ('SPC', 'BRC') ORDER BY c.ref")"
expect_eq "and no contact attempt with them" 0 \
	"$(sql "SELECT count(*) FROM contact_attempt t JOIN customer c ON c.tenant_id = t.tenant_id AND c.id = t.customer_id WHERE c.ref IN ('SPC', 'BRC')")"
# the table form says the same, each time the rows come round
run recoup_at 2026-12-01T13:01:00Z send --now 2026-12-01T13:01:00Z
expect_eq "send (table) exits 0" 0 "$status"
expect_stdout_contains "skipped"
has "the table gives the code and the reason" "$(cat "$TMP/out")" "no_cnpj: a message to a debtor in Brazil names the supplier's CNPJ"
has "... and the summary counts them" "$(cat "$TMP/out")" "sent 0, retry later 0, failed 0, cancelled 0, waiting 0, skipped 3"

# --- a setting stored before `config set` checked it (as t0925 does for the letters): not used ---
expect_exit 0 recoup config set letter.cnpj "12.345.678/0001-95"
sql "UPDATE setting SET value = '12.345.678/0001-96' WHERE key = 'letter.cnpj'" >/dev/null
send_at 2026-12-01T13:03:00Z
expect_eq "a CNPJ that is not valid: still skipped, saying why" \
	"skipped no_cnpj the setting letter.cnpj '12.345.678/0001-96' has wrong check digits (a mistyped character?): a message to a debtor in Brazil names a valid CNPJ (CDC art. 42-A): recoup config set letter.cnpj CNPJ" \
	"$(row SPC email)"
expect_eq "... nothing sent" "0 3" "$(jq_send 's["summary"]["sent"], s["summary"]["skipped"]' | tr -d '(),')"

# --- the setting, then the next send ---
expect_exit 0 recoup config set letter.cnpj "12.345.678/0001-95"
send_at 2026-12-01T13:05:00Z
expect_eq "SPC's email is sent" "sent" "$(row SPC email | cut -d' ' -f1)"
expect_eq "SPC's text is sent" "sent" "$(row SPC sms | cut -d' ' -f1)"
expect_eq "BRC's email: the tenant's pt-BR default shows no CNPJ, skipped naming it and what to do" \
	"skipped no_cnpj template 'default' (email, pt-BR, the tenant's): its text and HTML do not show the supplier's CNPJ, which a message to a debtor in Brazil carries (CDC art. 42-A): add {{creditor.cnpj}} to it (recoup template set)" \
	"$(row BRC email)"
mail_json
t=$(jq_mail "[x['subject'] + '\n' + x['text'] for x in m if x['to'] == 'maria@example.com.br'][0]")
has "SPC's email: vencimento in Portuguese" "$t" "Loja Exemplo Ltda: faturas com vencimento hoje"
has "... its text names the supplier, address and CNPJ on a line" "$t" \
	"Loja Exemplo Ltda, Rua Augusta 100, São Paulo - SP, CNPJ 12.345.678/0001-95"
t=$(jq_mail "[x['html'] for x in m if x['to'] == 'maria@example.com.br'][0]")
has "... and its HTML part (the / as an HTML part writes it)" "$t" \
	"<p>Loja Exemplo Ltda, Rua Augusta 100, São Paulo - SP, CNPJ 12.345.678&#x2F;0001-95</p>"
t=$(sms_to "+55 11 90000 0001")
has "SPC's text: lembrete, naming the supplier and the CNPJ" "$t" \
	"Loja Exemplo Ltda (CNPJ 12.345.678/0001-95): lembrete: 1 fatura(s)"
lacks "... no address on a text (kept short)" "$t" "Rua Augusta"
expect_eq "the text's encoding and segments are recorded as measured" True \
	"$(jq_send "[r.get('encoding') == 'ucs2' and r.get('segments', 0) >= 1 for r in s['rows'] if r['customer'] == 'SPC' and r['kind'] == 'sms'][0]")"
expect_eq "the SMTP server has SPC's email now, still none for BRC" \
	'["joana@example.pt", "maria@example.com.br", "zofia@example.pl"]' "$(jq_mail 'sorted(x["to"] for x in m)')"

# --- the tenant's template: the text alone is not enough, the HTML part shows it too ---
tpl default pt-BR "Prezado(a) {{contact.name}}, total {{total}}. {{creditor.name}}, CNPJ {{creditor.cnpj}}
-- 
{{optout_line}}" "<p>Total {{total}}. {{creditor.name}}</p><p>{{optout_line}}</p>"
send_at 2026-12-01T13:10:00Z
expect_eq "BRC's email: the HTML part still shows none" \
	"skipped no_cnpj template 'default' (email, pt-BR, the tenant's): its HTML does not show the supplier's CNPJ, which a message to a debtor in Brazil carries (CDC art. 42-A): add {{creditor.cnpj}} to it (recoup template set)" \
	"$(row BRC email)"
tpl default pt-BR "Prezado(a) {{contact.name}}, total {{total}}. {{creditor.name}}, CNPJ {{creditor.cnpj}}
-- 
{{optout_line}}" "<p>Total {{total}}. {{creditor.name}}, CNPJ {{{creditor.cnpj}}}</p><p>{{optout_line}}</p>"
send_at 2026-12-01T13:15:00Z
expect_eq "with it in both parts BRC's email is sent" "sent" "$(row BRC email | cut -d' ' -f1)"
mail_json
t=$(jq_mail "[x['text'] for x in m if x['to'] == 'ap@paulista.example.com.br'][0]")
has "... showing the CNPJ" "$t" "Loja Exemplo Ltda, CNPJ 12.345.678/0001-95"
expect_eq "each debtor's messages went out once" "BRC email done|LIS email done|SPC email done|SPC sms done|WAW email done" \
	"$(sql_join "|" "SELECT c.ref || ' ' || a.kind || ' ' || a.state FROM action a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
	WHERE a.kind IN ('email', 'sms') AND a.state <> 'superseded' ORDER BY c.ref, a.kind")"
expect_eq "four emails and one text in all" "4 1" "$(jq_mail 'len(m)') $(sms_to "+55 11 90000 0001" | wc -l)"

# the preview shows the field too (recoup template preview, the merge data of every message)
run recoup template preview vencimento --channel email --lang pt-BR
expect_eq "template preview exits 0" 0 "$status"
expect_stdout_contains "Loja Exemplo Ltda, Rua Augusta 100, São Paulo - SP, CNPJ 12.345.678/0001-95"

# --- an English-speaking company in Brazil on b2b-gentle: the shipped English due-today shows it too ---
# (every shipped debtor template carries the line: before, this email waited, no_cnpj, for a template
# of the tenant's own)
recoup import customers "$(csv_file customers-en.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
ENB,Brazil Trading Ltda,company,BR,America/Sao_Paulo,en,BRL,,ap@trading.example.com.br,+55 11 5555 0202,"Rua D 4
01000-000 São Paulo SP",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices-en.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I-ENB,ENB,2026-09-01,2026-12-01,BRL,300.00
CSV
)" >/dev/null
expect_exit 0 recoup run --as-of 2026-12-01 --now 2026-12-01T05:00:00Z
send_at 2026-12-01T13:20:00Z
expect_eq "ENB's due-today email in English is sent" "sent" "$(row ENB email | cut -d' ' -f1)"
mail_json
t=$(jq_mail "[x['subject'] + '\n' + x['text'] for x in m if x['to'] == 'ap@trading.example.com.br'][0]")
has "... the shipped English text names the supplier, address and CNPJ" "$t" \
	"Loja Exemplo Ltda, Rua Augusta 100, São Paulo - SP, CNPJ 12.345.678/0001-95"
t=$(jq_mail "[x['html'] for x in m if x['to'] == 'ap@trading.example.com.br'][0]")
has "... and its HTML part" "$t" "CNPJ 12.345.678&#x2F;0001-95</p>"
finish
