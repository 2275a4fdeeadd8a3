#!/usr/bin/env bash
# A temporary refusal (SMTP 451) is retried later with exponential backoff and
# then delivered; a permanent one (550) fails the message at once; a message
# refused more often than send.max_attempts fails; a server that is not
# there (connection refused) is a temporary failure (and a send that sent
# nothing for it exits 3). Every attempt is recorded.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
TEMP,Temp Ltd,company,GB,Europe/London,en,GBP,,ar@temp.example,+44 20 5555 0101,"1 High St, London",
PERM,Perm Ltd,company,GB,Europe/London,en,GBP,,ar@perm.example,+44 20 5555 0202,"2 High St, London",
MAX,Max Ltd,company,GB,Europe/London,en,GBP,,ar@max.example,+44 20 5555 0303,"3 High St, London",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
T1,TEMP,2026-10-01,2026-12-01,GBP,100.00
P1,PERM,2026-10-01,2026-12-01,GBP,100.00
M1,MAX,2026-10-01,2026-12-01,GBP,100.00
CSV
)" >/dev/null
recoup run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null
start_smtp_sink
configure_email
recoup config set send.max_attempts 3 >/dev/null
recoup config set send.backoff 300 >/dev/null
cat >"$SINK/rules.json" <<'JSON'
{"temp": {"ar@temp.example": 1, "ar@max.example": 99}, "perm": ["ar@perm.example"]}
JSON

row() { jq_send "[r[\"state\"] + \" \" + str(r[\"attempts\"]) + \" \" + str(r[\"next_at\"]) for r in s[\"rows\"] if r[\"customer\"] == \"$1\"][0]"; }

send_at 2026-11-26T12:00:00Z
expect_eq "451: retry in 5 minutes" "retry 1 2026-11-26T12:05:00Z" "$(row TEMP)"
expect_eq "550: failed at once" "failed 1 None" "$(row PERM)"
expect_eq "the server's answer is kept" True "$(jq_send '["550" in r["detail"] for r in s["rows"] if r["customer"] == "PERM"][0]')"
n=$(sql "SELECT state || ' ' || reason_code FROM action a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id WHERE c.ref = 'PERM'")
expect_eq "the failed message's action is cancelled" "cancelled send_failed" "$n"

send_at 2026-11-26T12:04:00Z
expect_eq "nothing is due before the backoff ends" 0 "$(jq_send 'len(s["rows"])')"

send_at 2026-11-26T12:05:00Z
expect_eq "the second attempt delivers" "sent 2 None" "$(row TEMP)"
expect_eq "the next backoff doubles" "retry 2 2026-11-26T12:15:00Z" "$(row MAX)"

send_at 2026-11-26T12:15:00Z
expect_eq "the third refusal exhausts send.max_attempts" "failed 3 None" "$(row MAX)"

mail_json
expect_eq "one message reached the server, once" '["ar@temp.example"]' "$(jq_mail '[x["to"] for x in m]')"
n=$(sql "SELECT count(*) FROM message_attempt")
expect_eq "every attempt is recorded (2 + 1 + 3)" 6 "$n"
n=$(sql "SELECT group_concat(outcome, ',') FROM message_attempt a JOIN action b ON b.tenant_id = a.tenant_id AND b.id = a.action_id JOIN customer c ON c.tenant_id = b.tenant_id AND c.id = b.customer_id WHERE c.ref = 'TEMP'" 2>/dev/null ||
	sql "SELECT string_agg(outcome, ',' ORDER BY n) FROM message_attempt a JOIN action b ON b.tenant_id = a.tenant_id AND b.id = a.action_id JOIN customer c ON c.tenant_id = b.tenant_id AND c.id = b.customer_id WHERE c.ref = 'TEMP'")
expect_eq "TEMP's attempts: transient then sent" "transient,sent" "$n"

# no server at all: connection refused is temporary
kill -9 "$SINK_PID"
wait "$SINK_PID" 2>/dev/null || true
recoup import invoices "$(csv_file invoices2.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
M2,MAX,2026-10-01,2026-12-02,GBP,100.00
CSV
)" >/dev/null
recoup run --as-of 2026-11-27 --now 2026-11-27T05:00:00Z >/dev/null
# nothing else due: a send that handed nothing over because the server is down exits 3 (t0945)
run recoup_at 2026-11-27T12:00:00Z send --format json --now 2026-11-27T12:00:00Z
expect_eq "connection refused, nothing sent: exit 3" 3 "$status"
cp "$TMP/out" "$TMP/send.json"
expect_eq "connection refused: retry later" "retry" "$(jq_send '[r["state"] for r in s["rows"] if r["customer"] == "MAX"][0]')"
finish
