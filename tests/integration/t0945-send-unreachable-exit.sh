#!/usr/bin/env bash
# recoup send when the server cannot be reached (docs/channels.md, "The
# outbox"): the rows are recorded for a retry as always, and a send that
# handed nothing over for that reason exits 3 with a line saying so, so
# that a cron job notices; a send that handed some over exits 0 and says
# how many are left to retry; a server that answers with a temporary
# refusal (HTTP 503) was reached: exit 0 as before. Closed ports on
# 127.0.0.1 stand for servers that are down; the loopback SMTP server and
# SMS gateway of the other send tests for servers that are up.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
E1,Email Ltd,company,GB,Europe/London,en,GBP,,ar@e1.example,,"1 High St, London",
E2,Email Two Ltd,company,GB,Europe/London,en,GBP,,ar@e2.example,,"2 High St, London",
S1,Oliver Smith,person,GB,Europe/London,en,GBP,,,+44 7700 900001,"3 High St, London",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,E1,2026-10-01,2026-12-04,GBP,120.00
I2,E2,2026-10-01,2026-12-04,GBP,120.00
I3,S1,2026-10-01,2026-12-04,GBP,120.00
CSV
)" >/dev/null
recoup run --as-of 2026-12-01 --now 2026-12-01T05:00:00Z >/dev/null
expect_eq "two emails and a text scheduled" "email email sms" \
	"$(sql_join ' ' "SELECT kind FROM action WHERE state = 'scheduled' ORDER BY kind")"

# a port of 127.0.0.1 nobody listens on
closed_port() { "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
SMTP_DOWN=$(closed_port)
SMS_DOWN=$(closed_port)
SMTP_PORT=$SMTP_DOWN configure_email
recoup config set smtp.url "smtp://127.0.0.1:$SMTP_DOWN" >/dev/null
recoup config set sms.url "http://127.0.0.1:$SMS_DOWN/send" >/dev/null
recoup config set sms.from Creditor >/dev/null
recoup config set send.backoff 300 >/dev/null

# --- both down: nothing handed over, exit 3, the retries recorded as always ---
run recoup_at 2026-12-01T12:00:00Z send --now 2026-12-01T12:00:00Z
expect_eq "nothing could be handed over: exit 3" 3 "$status"
expect_stderr_contains "recoup send: nothing was sent: the email server and the SMS gateway could not be reached ("
expect_stderr_contains "); 3 left to retry later, as recorded"
if grep -qE "127\.0\.0\.1 port ($SMTP_DOWN|$SMS_DOWN)" "$TMP/err"; then
	pass "the line names the server's address"
else
	fail "the line names the server's address" "127.0.0.1 port $SMTP_DOWN or $SMS_DOWN" "$(cat "$TMP/err")"
fi
expect_stdout_contains "sent 0, retry later 3, failed 0, cancelled 0, waiting 0, skipped 0"
expect_eq "each row waits for its retry (after send.backoff: the next send, 5 minutes later, takes them)" \
	"retry 1,retry 1,retry 1" "$(sql_join ',' "SELECT state || ' ' || attempts FROM message ORDER BY action_id")"
expect_eq "each attempt is recorded as transient" "transient transient transient" \
	"$(sql_join ' ' "SELECT outcome FROM message_attempt ORDER BY action_id")"
expect_eq "the actions stay scheduled" 3 "$(sql "SELECT count(*) FROM action WHERE state = 'scheduled'")"


# --- the email server is back, the gateway is not: a partial success, exit 0 ---
start_smtp_sink
recoup config set smtp.url "smtp://127.0.0.1:$SMTP_PORT" >/dev/null
run recoup_at 2026-12-01T12:05:00Z send --now 2026-12-01T12:05:00Z
expect_eq "some handed over: exit 0" 0 "$status"
expect_stdout_contains "sent 2, retry later 1, failed 0"
expect_stderr_contains "recoup send: 2 sent, 1 left to retry later: the SMS gateway could not be reached ("
mail_json
expect_eq "the two emails reached the server" '["ar@e1.example", "ar@e2.example"]' "$(jq_mail 'sorted(x["to"] for x in m)')"

# --- the gateway answers, with a temporary refusal: it was reached, exit 0 as before ---
start_sms_gateway
recoup config set sms.url "http://127.0.0.1:$SMS_PORT/send" >/dev/null
cat >"$GATEWAY/rules.json" <<'JSON'
{"status": {"+447700900001": [503]}}
JSON
send_at 2026-12-01T12:15:00Z
expect_eq "a 503 is a retry" "retry" "$(jq_send '[r["state"] for r in s["rows"] if r["customer"] == "S1"][0]')"
expect_eq "the gateway was reached: nothing said on stderr" "" "$(cat "$TMP/err")"
# and the gateway down again, in JSON: the summary is whole on stdout, the line on stderr
recoup config set sms.url "http://127.0.0.1:$SMS_DOWN/send" >/dev/null
run recoup_at 2026-12-01T12:35:00Z send --format json --now 2026-12-01T12:35:00Z
expect_eq "JSON: nothing handed over, the gateway down: exit 3" 3 "$status"
expect_eq "JSON: the summary is printed whole" "0 1" \
	"$("$PY" -c 'import json,sys; s = json.load(open(sys.argv[1]))["summary"]; print(s["sent"], s["retry"])' "$TMP/out")"
expect_stderr_contains "recoup send: nothing was sent: the SMS gateway could not be reached ("
expect_eq "S1's attempts, all transient: down, down, 503, down" "down down 503 down" \
	"$(sql_join ' ' "SELECT CASE WHEN m.outcome <> 'transient' THEN m.outcome WHEN m.detail = 'HTTP 503' THEN '503' ELSE 'down' END FROM message_attempt m JOIN action a ON a.tenant_id = m.tenant_id AND a.id = m.action_id WHERE a.kind = 'sms' ORDER BY m.n")"
finish
