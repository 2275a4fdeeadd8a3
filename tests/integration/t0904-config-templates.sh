#!/usr/bin/env bash
# recoup config: unknown keys and bad values are refused naming the key and
# change nothing; secrets are stored but never printed back (not in the
# list, not in the audit trail). recoup template: a manager's template is
# validated on save (unknown merge field, no opt-out, a third-party text
# that mentions a debt in English, Polish or Portuguese: refused with the
# reason), stored for the tenant, shown and previewed with a customer's
# real invoices; a stored template replaces the shipped one in what is sent.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
ENG,Albion Trading Ltd,company,GB,Europe/London,en,GBP,,ar@albion.example,+44 20 5555 0101,"1 High St, London",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
E1,ENG,2026-10-01,2026-12-01,GBP,1234.56
CSV
)" >/dev/null
recoup config set creditor.name "Creditor SA" >/dev/null

db_snapshot
expect_exit 1 recoup config set smtp.host mail.example
expect_stderr_contains "unknown key 'smtp.host'"
expect_exit 1 recoup config set smtp.url http://mail.example
expect_stderr_contains "smtp.url: 'http://mail.example' is not smtp://host[:port] or smtps://host[:port]"
expect_exit 1 recoup config set sms.format xml
expect_stderr_contains "sms.format: 'xml' is not one of form, json"
expect_exit 1 recoup config set email.from nobody
expect_stderr_contains "email.from: 'nobody' is not an email address"
expect_exit 1 recoup config set send.max_attempts 0
expect_stderr_contains "send.max_attempts: '0' is not a whole number from 1 to 20"
expect_exit 1 recoup config set smtp.user "$(printf 'a\033b')"
expect_stderr_contains "smtp.user: contains a control character"
expect_db_unchanged "refused settings change nothing"

expect_exit 0 recoup config set smtp.password 'S3cret-pw'
expect_exit 0 recoup config set sms.token 'T0ken-xyz'
expect_exit 0 recoup config set smtp.url smtps://mail.example:465
run recoup config list
expect_stdout_contains "smtp.url               smtps://mail.example:465"
expect_stdout_contains "smtp.password          (set)"
expect_stdout_contains "sms.token              (set)"
expect_stdout_contains "sms.url                (not set)"
expect_eq "no secret in the list" 0 "$(grep -c -e S3cret -e T0ken "$TMP/out" || true)"
run recoup config list --format json
expect_eq "no secret in the JSON list" 0 "$(grep -c -e S3cret -e T0ken "$TMP/out" || true)"
expect_eq "the JSON list marks secrets" '(set) True' \
	"$("$PY" -c 'import json,sys; r=[x for x in json.load(open(sys.argv[1])) if x["key"]=="smtp.password"][0]; print(r["value"], r["secret"])' "$TMP/out")"
expect_eq "no secret in the audit trail" 0 "$(sql "SELECT count(*) FROM audit_log WHERE after_json LIKE '%S3cret%' OR after_json LIKE '%T0ken%'")"
expect_eq "each change is audited" 4 "$(sql "SELECT count(*) FROM audit_log WHERE action = 'config.set'")"

tpl() { "$PY" -c 'import json,sys; print(json.dumps(dict(zip(sys.argv[1::2], sys.argv[2::2]))))' "$@" >"$TMP/t.json"; }

db_snapshot
tpl name reminder channel email lang en audience debtor subject '{{creditor.name}}: open' text 'Hi {{contact.nmae}} {{optout_line}}'
expect_exit 1 recoup template set "$TMP/t.json"
expect_stderr_contains "unknown merge field 'contact.nmae'"
tpl name reminder channel email lang en audience debtor subject '{{creditor.name}}: open' text 'Hi {{contact.name}}, pay {{total}}.'
expect_exit 1 recoup template set "$TMP/t.json"
expect_stderr_contains "an email must carry the opt-out"
tpl name reminder channel email lang en audience debtor subject 'open' text '{{#invoices}}{{ref}} {{optout_line}}'
expect_exit 1 recoup template set "$TMP/t.json"
expect_stderr_contains "unclosed section"
for case in "en|Please ask {{contact.name}} about the debt.|debt" \
	"pl|Prosimy przekazać, że zaległość wynosi.|zaległ" \
	"pt-BR|Avise {{contact.name}} sobre a dívida.|dívida"; do
	IFS='|' read -r lang text word <<<"$case"
	tpl name ask channel email lang "$lang" audience third_party subject '{{creditor.name}}' text "$text {{optout_line}}"
	expect_exit 1 recoup template set "$TMP/t.json"
	expect_stderr_contains "a third_party message must not mention a debt ('$word')"
done
tpl name ask channel sms lang en audience third_party text 'Call us about {{total}}'
expect_exit 1 recoup template set "$TMP/t.json"
expect_stderr_contains "must not use 'total'"
echo '{"name": "x", "colour": "red"}' >"$TMP/t.json"
expect_exit 1 recoup template set "$TMP/t.json"
expect_stderr_contains "'colour' is not a template field"
expect_db_unchanged "refused templates change nothing"

tpl name courtesy-reminder channel email lang en audience debtor subject '{{creditor.name}} (ours): {{invoice_count}} due' \
	text 'Hello {{contact.name}}: {{#invoices}}[{{ref}} {{balance}}]{{/invoices}} total {{total}}. {{optout_line}}'
expect_exit 0 recoup template set "$TMP/t.json"
run recoup template list
# the name column is as wide as the longest name listed (the shipped arrears-letter-support, 22)
expect_stdout_contains "courtesy-reminder       email   en     debtor             tenant"
run recoup template show courtesy-reminder --format json
expect_eq "show gives the stored text back" 'Hello {{contact.name}}: {{#invoices}}[{{ref}} {{balance}}]{{/invoices}} total {{total}}. {{optout_line}}' \
	"$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["text"])' "$TMP/out")"
run recoup template preview courtesy-reminder --customer ENG
expect_stdout_contains "Subject: Creditor SA (ours): 1 due"
expect_stdout_contains "Hello Albion Trading Ltd: [E1 1,234.56 GBP] total 1,234.56 GBP."
run recoup template preview default --lang pl
expect_stdout_contains "Szanowni Państwo"
# no opt-out link set: the HTML says the opt-out line and no empty link (it had <a href=""></a>)
run recoup template preview default --customer ENG
expect_eq "the shipped HTML has no empty link without email.optout_url" no \
	"$(grep -q '<a href="">' "$TMP/out" && echo yes || echo no)"
recoup config set email.optout_url "https://creditor.test/optout" >/dev/null
run recoup template preview default --customer ENG
expect_stdout_contains '<a href="https:&#x2F;&#x2F;creditor.test&#x2F;optout'
recoup config set email.optout_url "" >/dev/null
expect_exit 1 recoup template show nothing-like-it
expect_stderr_contains "template 'nothing-like-it' (email, en, debtor) not found"

# what is sent uses the tenant's text
recoup run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null
start_smtp_sink
configure_email
send_at 2026-11-26T12:00:00Z
mail_json
expect_eq "the email sent is the tenant's template" "Creditor SA (ours): 1 due" "$(jq_mail 'm[0]["subject"]')"
finish
