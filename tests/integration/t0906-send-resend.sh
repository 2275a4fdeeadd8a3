#!/usr/bin/env bash
# A person decides an unsure row: --resend makes it due again and the next
# send hands it over with the same Message-ID (so a server or a reader that
# had it can tell the copy); an unsure row is never resent without that.
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
recoup run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null
start_smtp_sink
configure_email
echo '{"pause_at": 1, "pause": 60}' >"$SINK/rules.json"
clock_env 2026-11-26T12:00:00Z
"${CLOCK_ENV[@]}" "$RECOUP" send --now 2026-11-26T12:00:00Z >/dev/null 2>&1 &
pid=$!
track_pid "$pid"
for i in $(seq 600); do
	[[ -f $SINK/paused ]] && break
	sleep 0.1
done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
echo '{}' >"$SINK/rules.json"

send_at 2026-11-26T12:10:00Z
expect_eq "the row is unsure and nothing is sent" "1 0" "$(jq_send 's["summary"]["unsure"], s["summary"]["sent"]' | tr -d '(),')"
send_at 2026-11-26T12:20:00Z
expect_eq "a later send does not resend it by itself" 0 "$(jq_send 's["summary"]["sent"]')"
id=$(sql "SELECT action_id FROM message")
expect_exit 1 recoup send --resend 999999
expect_stderr_contains "action 999999 has no message"
expect_exit 0 recoup send --now 2026-11-26T12:25:00Z --resend "$id"
send_at 2026-11-26T12:30:00Z
expect_eq "after --resend the next send hands it over" 1 "$(jq_send 's["summary"]["sent"]')"
mail_json
expect_eq "the server has it twice, with one Message-ID" "2 1" "$(jq_mail 'len(m), len(set(x["message_id"] for x in m))' | tr -d '(),')"
expect_eq "recorded sent on its second attempt" "sent 2" "$(sql "SELECT state || ' ' || attempts FROM message")"
expect_eq "the decision is audited" 1 "$(sql "SELECT count(*) FROM audit_log WHERE action = 'send.resolve'")"
finish
