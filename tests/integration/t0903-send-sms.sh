#!/usr/bin/env bash
# SMS through an HTTP gateway on loopback: English text goes as GSM-7,
# Polish and Portuguese as UCS-2, with the segment count recorded (checked
# against an independent count of the text the gateway received); the
# bearer token and the Idempotency-Key travel; consumers' texts carry the
# opt-out; a 503 is retried later (then as JSON once sms.format says so),
# a 400 fails at once with no second request.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
GB1,Oliver Smith,person,GB,Europe/London,en,GBP,,,+44 7700 900001,"1 High St, London",
PL1,Zofia Wójcik,person,PL,Europe/Warsaw,pl,PLN,,,+48 600 000 001,"ul. Długa 1, Gdańsk",
BR1,João Conceição,person,BR,America/Sao_Paulo,pt-BR,BRL,,,+55 11 90000 0001,"Rua A 1, São Paulo",
GB2,Amelia Jones,person,GB,Europe/London,en,GBP,,,+44 7700 900002,"2 High St, London",
GB3,Harry Brown,person,GB,Europe/London,en,GBP,,,07700 900003,"3 High St, London",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
G1,GB1,2026-10-01,2026-12-04,GBP,120.00
L1,PL1,2026-10-01,2026-12-04,PLN,450.50
B1,BR1,2026-10-01,2026-12-04,BRL,89.90
G2,GB2,2026-10-01,2026-12-04,GBP,15.00
G3,GB3,2026-10-01,2026-12-04,GBP,25.00
CSV
)" >/dev/null
recoup run --as-of 2026-12-01 --now 2026-12-01T05:00:00Z >/dev/null
expect_eq "five text messages scheduled" 5 "$(sql "SELECT count(*) FROM action WHERE kind = 'sms' AND state = 'scheduled'")"

start_sms_gateway
recoup config set sms.url "http://127.0.0.1:$SMS_PORT/send" >/dev/null
recoup config set sms.token tok-123 >/dev/null
recoup config set sms.from Creditor >/dev/null
recoup config set creditor.name "Creditor SA" >/dev/null
# BR1 is in Brazil: a message to it names the supplier's CNPJ (CDC art. 42-A, t0931)
recoup config set letter.cnpj "12.345.678/0001-95" >/dev/null
cat >"$GATEWAY/rules.json" <<'JSON'
{"status": {"+447700900001": [503], "+447700900002": [400]}}
JSON

# 13:00 UTC: London 13:00, Warsaw 14:00, Sao Paulo 10:00, a weekday
send_at 2026-12-01T13:00:00Z
row() { jq_send "[r[\"state\"] + \" \" + r.get(\"encoding\", \"\") + \" \" + str(r.get(\"segments\", 0)) for r in s[\"rows\"] if r[\"customer\"] == \"$1\"][0]"; }
expect_eq "Polish text: UCS-2" "sent ucs2" "$(row PL1 | cut -d' ' -f1,2)"
expect_eq "Portuguese text: UCS-2" "sent ucs2" "$(row BR1 | cut -d' ' -f1,2)"
expect_eq "English text: GSM-7, retried after the 503" "retry gsm7" "$(row GB1 | cut -d' ' -f1,2)"
expect_eq "400: failed" "failed" "$(row GB2 | cut -d' ' -f1)"

# the gateway's view, checked with an independent GSM-7 count
check() {
	"$PY" - "$GATEWAY/requests.jsonl" "$1" <<'PY'
import json, math, sys
GSM = set("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà")
EXT = set("^{}\\[~]|€\f")
reqs = [json.loads(l) for l in open(sys.argv[1])]
print(eval(sys.argv[2]))
PY
}
segs='(lambda t: ("gsm7", 1 if sum(2 if c in EXT else 1 for c in t) <= 160 else math.ceil(sum(2 if c in EXT else 1 for c in t) / 153)) if all(c in GSM or c in EXT for c in t) else ("ucs2", 1 if len(t.encode("utf-16-le")) // 2 <= 70 else math.ceil(len(t.encode("utf-16-le")) // 2 / 67)))'
for who in "+48600000001" "+5511900000001" "+447700900001"; do
	expect_eq "$who: encoding and segments as the text received needs" True \
		"$(check "all(($segs)(r['body']['text']) == (r['body']['encoding'], int(r['body']['segments'])) for r in reqs if r['body']['to'] == '$who')")"
done
expect_eq "the Polish text kept its letters" True "$(check "any('Płatność' in r['body']['text'] or 'zapłac' in r['body']['text'] or 'faktury' in r['body']['text'] for r in reqs if r['body']['to'] == '+48600000001')")"
expect_eq "consumers' texts end with the opt-out" True "$(check "all(r['body']['text'].rstrip().endswith(('STOP to opt out', 'aby zrezygnować', 'PARAR para sair')) for r in reqs)")"
expect_eq "bearer token, form body, idempotency key" True \
	"$(check "all(r['auth'] == 'Bearer tok-123' and r['content_type'].startswith('application/x-www-form-urlencoded') and r['idempotency_key'] == r['body']['message_id'] and r['body']['from'] == 'Creditor' for r in reqs)")"
expect_eq "the 400 was asked once" 1 "$(check "sum(1 for r in reqs if r['body']['to'] == '+447700900002')")"
n=$(sql "SELECT encoding || ' ' || segments FROM message m JOIN action a ON a.tenant_id = m.tenant_id AND a.id = m.action_id JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id WHERE c.ref = 'PL1'")
expect_eq "the encoding and segment count are recorded" "ucs2 $(check "[r['body']['segments'] for r in reqs if r['body']['to'] == '+48600000001'][0]")" "$n"

# the retry, once the backoff is over, as JSON
recoup config set sms.format json >/dev/null
send_at 2026-12-01T13:05:00Z
expect_eq "the 503 is retried and sent" "sent gsm7" "$(row GB1 | cut -d' ' -f1,2)"
expect_eq "as JSON with the same fields" True \
	"$(check "reqs[-1]['content_type'] == 'application/json' and reqs[-1]['body']['to'] == '+447700900001' and reqs[-1]['body']['encoding'] == 'gsm7' and reqs[-1]['body']['segments'] == 1")"
expect_eq "a text to a debtor outside Brazil names no CNPJ, though the tenant has one (CDC art. 42-A is Brazil's)" True \
	"$(check "all('CNPJ' not in r['body']['text'] for r in reqs if r['body']['to'].startswith('+44'))")"
expect_eq "the 400 is not asked again" 1 "$(check "sum(1 for r in reqs if r['body']['to'] == '+447700900002')")"
# a phone without its country code is not sent: a gateway refuses it or reads it as its own country's
expect_eq "GB3's national number (07700 900003): the text is cancelled, not sent" \
	"cancelled phone_not_international" \
	"$(sql "SELECT a.state || ' ' || a.reason_code FROM action a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id WHERE c.ref = 'GB3' AND a.kind = 'sms'")"
why=$(sql "SELECT a.reason FROM action a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id WHERE c.ref = 'GB3' AND a.kind = 'sms'")
expect_eq "... and the reason names the number and the form wanted" yes \
	"$([[ $why == *"'07700 900003' is not an international number"*"+48 600 000 001"* ]] && echo yes || echo "$why")"
expect_eq "the gateway got nothing for it" 0 "$(check "sum(1 for r in reqs if r['body']['to'].endswith('900003'))")"
expect_eq "every number the gateway got is E.164" True "$(check "all(__import__('re').fullmatch(r'\+[1-9][0-9]{7,14}', r['body']['to']) for r in reqs)")"
expect_eq "three texts are contact attempts" 3 "$(sql "SELECT count(*) FROM contact_attempt WHERE channel = 'sms' AND outcome = 'sent'")"

# GB3's phone corrected: the cancelled text waits again and goes at the next send, once
gb3=$(sql "SELECT a.id FROM action a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id WHERE c.ref = 'GB3' AND a.kind = 'sms'")
out=$(recoup customer set GB3 "phone=07700 900004")
expect_eq "still a national number: the text stays cancelled" "cancelled phone_not_international" \
	"$(sql "SELECT state || ' ' || reason_code FROM action WHERE id = $gb3")"
expect_eq "... and the correction names no action" no "$([[ $out == *action* ]] && echo yes || echo no)"
recoup customer set GB3 "email=harry@example.com" >/dev/null
expect_eq "an email added does not bring back a text" cancelled "$(sql "SELECT state FROM action WHERE id = $gb3")"
out=$(recoup customer set GB3 "phone=+44 7700 900003")
expect_eq "corrected to an international number: the text waits again" "scheduled" \
	"$(sql "SELECT state || reason_code FROM action WHERE id = $gb3")"
expect_eq "... and the correction says so" yes \
	"$([[ $out == *"action $gb3: state 'cancelled (phone_not_international)' -> 'scheduled'"* ]] && echo yes || echo "$out")"
expect_eq "... in the audit trail too" 1 \
	"$(recoup audit --entity customer --ref GB3 --format json | "$PY" -c 'import json, sys
after = [x.get("after") for x in json.load(sys.stdin)["entries"]]
after = [json.loads(a) if isinstance(a, str) else a for a in after]
print(sum(1 for a in after if (a or {}).get("action " + sys.argv[1]) == "scheduled"))' "$gb3")"
send_at 2026-12-01T13:10:00Z
expect_eq "sent at the next send, to the corrected number" "sent" "$(row GB3 | cut -d' ' -f1)"
expect_eq "the gateway got it once, as E.164" 1 "$(check "sum(1 for r in reqs if r['body']['to'] == '+447700900003')")"
recoup customer set GB3 "phone=+44 7700 900005" >/dev/null
send_at 2026-12-01T13:15:00Z
expect_eq "a later correction sends nothing again" 1 "$(check "sum(1 for r in reqs if r['body']['to'].endswith(('900003', '900005')))")"
finish
