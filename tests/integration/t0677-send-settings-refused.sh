#!/usr/bin/env bash
# Settings the servers refuse fail no message. `config set` refuses an SMTP
# or gateway URL with no host, a port out of 1..65535 or a space, naming
# it, and stores nothing. A server that wants a login recoup does not give
# (530 to MAIL FROM), a gateway that refuses the token (401) and a URL
# stored before that check are the settings' fault, not the messages': the
# first message is left as it was (due again, no attempt counted), the
# channel is not used again in that send, the later ones are skipped with
# the reason (code `config`), and the send exits 3 naming the settings to
# check. Once mended, the next send hands every message over, once. Before,
# each message was failed for good in turn (its action cancelled,
# `send_failed`): a wrong password lost the whole day's messages.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

# --- config set: the URL's host and port
recoup init >/dev/null
recoup config set smtp.url smtp://mail.example:587 >/dev/null
refused() { # KEY VALUE WHY
	expect_exit 1 recoup config set "$1" "$2"
	expect_stderr_contains "$1: '$2' $3"
}
refused smtp.url 'smtp://127.0.0.1:99999' "has a port that is not a number from 1 to 65535"
refused smtp.url 'smtp://mail.example:abc' "has a port that is not a number from 1 to 65535"
refused smtp.url 'smtp://mail.example:0' "has a port that is not a number from 1 to 65535"
refused smtp.url 'smtp://:25' "names no host"
refused smtp.url 'smtp://mail example:25' "has a space or a control character at byte 12"
refused sms.url 'http://127.0.0.1:70000/send' "has a port that is not a number from 1 to 65535"
refused email.optout_url 'https://[::1/optout' "is not a URL (libcurl: Bad IPv6 address)"
run recoup config list --format json
expect_eq "nothing was stored: smtp.url as before" "smtp://mail.example:587" \
	"$("$PY" -c 'import json,sys; print([k["value"] for k in json.load(sys.stdin) if k["key"] == "smtp.url"][0])' <"$TMP/out")"
expect_exit 0 recoup config set smtp.url 'smtp://[::1]:2525'
expect_exit 0 recoup config set sms.url 'https://user:pw@gateway.example:8443/v1/send?x=1'

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
E1,One Ltd,company,GB,Europe/London,en,GBP,,ar@one.example,+44 20 5555 0101,"1 High St, London",
E2,Two Ltd,company,GB,Europe/London,en,GBP,,ar@two.example,+44 20 5555 0102,"2 High St, London",
E3,Three Ltd,company,GB,Europe/London,en,GBP,,ar@three.example,+44 20 5555 0103,"3 High St, London",
P1,Oliver Smith,person,GB,Europe/London,en,GBP,,,+44 7700 900001,"4 High St, London",
P2,Amelia Jones,person,GB,Europe/London,en,GBP,,,+44 7700 900002,"5 High St, London",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,E1,2026-10-01,2026-12-04,GBP,100.00
I2,E2,2026-10-01,2026-12-04,GBP,100.00
I3,E3,2026-10-01,2026-12-04,GBP,100.00
I4,P1,2026-10-01,2026-12-04,GBP,100.00
I5,P2,2026-10-01,2026-12-04,GBP,100.00
CSV
)" >/dev/null
recoup run --as-of 2026-12-01 --now 2026-12-01T05:00:00Z >/dev/null
expect_eq "three emails and two texts scheduled" "email 3 sms 2" \
	"$(sql "SELECT kind || ' ' || count(*) FROM action WHERE state = 'scheduled' GROUP BY kind ORDER BY kind" | tr '\n' ' ' | sed 's/ $//')"

start_smtp_sink
configure_email
start_sms_gateway
recoup config set sms.url "http://127.0.0.1:$SMS_PORT/send" >/dev/null
recoup config set sms.token wrong-token >/dev/null
echo '{"mail": "530 5.7.0 Authentication required"}' >"$SINK/rules.json"
echo '{"status": {"+447700900001": [401], "+447700900002": [401]}}' >"$GATEWAY/rules.json"

# --- the servers refuse the settings: nothing failed, nothing cancelled, exit 3
run recoup_at 2026-12-01T13:00:00Z send --format json --now 2026-12-01T13:00:00Z
expect_eq "a send whose servers refuse the settings exits 3" 3 "$status"
expect_stderr_contains "the email settings were refused, not the message"
expect_stderr_contains "530"
expect_stderr_contains "check smtp.url, smtp.tls, smtp.user, smtp.password, email.from (recoup config)"
cp "$TMP/out" "$TMP/send.json"
expect_eq "every row skipped with code config" '["skipped config", "skipped config", "skipped config", "skipped config", "skipped config"]' \
	"$(jq_send '[r["state"] + " " + r["code"] for r in s["rows"]]')"
expect_eq "the summary: none failed, five skipped" "0 0 5" \
	"$(jq_send '" ".join(str(s["summary"][k]) for k in ("failed", "sent", "skipped"))')"
expect_eq "the SMS rows name the gateway's refusal" True \
	"$(jq_send 'all("HTTP 401" in r["detail"] and "sms.token" in r["detail"] for r in s["rows"] if r["kind"] == "sms")')"
expect_eq "the email server was asked once, not once a message" 1 "$(wc -l <"$SINK/mail.log")"
expect_eq "the gateway was asked once" 1 "$(wc -l <"$GATEWAY/requests.jsonl")"
expect_eq "every action is still scheduled" 5 "$(sql "SELECT count(*) FROM action WHERE state = 'scheduled'")"
expect_eq "no message failed, no attempt counted" "0 0" \
	"$(sql "SELECT (SELECT count(*) FROM message WHERE state <> 'retry' OR attempts <> 0) || ' ' || (SELECT count(*) FROM message_attempt)")"

# --- mended: every message goes, once
echo '{}' >"$SINK/rules.json"
echo '{}' >"$GATEWAY/rules.json"
recoup config set sms.token tok-123 >/dev/null
send_at 2026-12-01T13:02:00Z
expect_eq "the next send hands every message over" "5 0" "$(jq_send '"%d %d" % (s["summary"]["sent"], s["summary"]["failed"])')"
mail_json
expect_eq "each email once" '["ar@one.example", "ar@three.example", "ar@two.example"]' "$(jq_mail 'sorted(x["to"] for x in m)')"
expect_eq "each text once (the refused request and the two sent)" 3 "$(wc -l <"$GATEWAY/requests.jsonl")"

# --- a URL stored before config set checked it: named at the send, nothing failed
recoup import invoices "$(csv_file invoices2.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
J1,E1,2026-10-01,2026-12-05,GBP,50.00
CSV
)" >/dev/null
recoup run --as-of 2026-12-02 --now 2026-12-02T05:00:00Z >/dev/null # J1 at 13:02: a day after E1's last email (b2b: one a day)
sql "UPDATE setting SET value = 'smtp://127.0.0.1:99999' WHERE key = 'smtp.url'" >/dev/null
run recoup_at 2026-12-02T13:05:00Z send --now 2026-12-02T13:05:00Z
expect_eq "a stored smtp.url with port 99999: exit 3" 3 "$status"
expect_stderr_contains "smtp.url: 'smtp://127.0.0.1:99999' has a port that is not a number from 1 to 65535 (recoup config set smtp.url)"
expect_eq "its message is still scheduled" "scheduled" \
	"$(sql "SELECT a.state FROM action a JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id JOIN invoice i ON i.tenant_id = ai.tenant_id AND i.id = ai.invoice_id WHERE i.ref = 'J1'")"
finish
