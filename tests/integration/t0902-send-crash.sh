#!/usr/bin/env bash
# kill -9 in the middle of a batch of 500 emails, then a restart: every
# message reaches the server exactly once (counted by Message-ID on the
# server's side). The one row caught between the hand-over and its record
# is found `sending` by the restart, marked unsure and not sent again
# (here the server had taken it: sending it again would have made it twice);
# `recoup send --unsure` lists it for a person, who records it sent.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

N=500
"$PY" - "$N" >"$TMP/customers.csv" <<'PY'
import sys
print("customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile")
for i in range(int(sys.argv[1])):
    print(f'C{i:04d},Customer {i} Ltd,company,GB,Europe/London,en,GBP,,ar{i}@debtor.example,+44 20 5555 {i:04d},"{i} High St, London",')
PY
"$PY" - "$N" >"$TMP/invoices.csv" <<'PY'
import sys
print("invoice_ref,customer_ref,issue_date,due_date,currency,amount")
for i in range(int(sys.argv[1])):
    print(f"I{i:04d},C{i:04d},2026-10-01,2026-12-01,GBP,{100 + i}.00")
PY
recoup import customers "$TMP/customers.csv" >/dev/null
recoup import invoices "$TMP/invoices.csv" >/dev/null
recoup run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null
expect_eq "500 emails scheduled" "$N" "$(sql "SELECT count(*) FROM action WHERE kind = 'email' AND state = 'scheduled'")"

start_smtp_sink
configure_email
# the server takes the 200th message, then waits before its 250: the sender is killed meanwhile
echo '{"pause_at": 200, "pause": 60}' >"$SINK/rules.json"
# the binary itself (env execs it), not a function: kill -9 must reach the process that sends
clock_env 2026-11-26T12:00:00Z
"${CLOCK_ENV[@]}" "$RECOUP" send --now 2026-11-26T12:00:00Z >"$TMP/first.out" 2>&1 &
pid=$!
track_pid "$pid"
for i in $(seq 600); do
	[[ -f $SINK/paused ]] && break
	sleep 0.1
done
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
expect_eq "the server paused on the 200th message" yes "$([[ -f $SINK/paused ]] && echo yes || echo no)"
expect_eq "after the kill, one row is sending" 1 "$(sql "SELECT count(*) FROM message WHERE state = 'sending'")"
expect_eq "199 rows were recorded sent" 199 "$(sql "SELECT count(*) FROM message WHERE state = 'sent'")"

echo '{}' >"$SINK/rules.json"
send_at 2026-11-26T12:30:00Z
expect_eq "the restart marks the sending row unsure" 1 "$(jq_send 's["summary"]["unsure"]')"
expect_eq "and sends the 300 others" 300 "$(jq_send 's["summary"]["sent"]')"

"$PY" - "$SINK" >"$TMP/ids.txt" <<'PY'
import email, glob, sys
from email import policy
for p in sorted(glob.glob(sys.argv[1] + "/msg-*.eml")):
    print(email.message_from_binary_file(open(p, "rb"), policy=policy.default)["message-id"])
PY
expect_eq "the server received 500 messages" "$N" "$(wc -l <"$TMP/ids.txt" | tr -d ' ')"
expect_eq "500 distinct Message-IDs: none twice" "$N" "$(sort -u "$TMP/ids.txt" | wc -l | tr -d ' ')"
sql "SELECT message_id FROM message ORDER BY message_id" | sort >"$TMP/rows.txt"
sort "$TMP/ids.txt" >"$TMP/ids.sorted"
expect_same_file "every outbox row's Message-ID reached the server" "$TMP/rows.txt" "$TMP/ids.sorted"
unsure=$(sql "SELECT message_id FROM message WHERE state = 'unsure'")
expect_eq "the unsure message was delivered once, not resent" 1 "$(grep -cxF "$unsure" "$TMP/ids.txt")"

run recoup send --unsure --format json
expect_eq "send --unsure lists it" "$unsure" "$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))[0]["message_id"])' "$TMP/out")"
send_at 2026-11-26T13:00:00Z
expect_eq "a later send does not send it either" "0 0" "$(jq_send 's["summary"]["sent"], s["summary"]["unsure"]' | tr -d '(),')"
expect_eq "and the server still has 500" "$N" "$(ls "$SINK"/msg-*.eml | wc -l | tr -d ' ')"

# a person checks the server's log, finds it there, and records it sent
id=$(sql "SELECT action_id FROM message WHERE state = 'unsure'")
sent_id=$(sql "SELECT min(action_id) FROM message WHERE state = 'sent'")
expect_exit 1 recoup send --mark-sent "$sent_id"
expect_stderr_contains "is sent, not unsure"
expect_exit 0 recoup send --mark-sent "$id"
expect_eq "the row is sent, its action done" "sent done" \
	"$(sql "SELECT m.state || ' ' || a.state FROM message m JOIN action a ON a.tenant_id = m.tenant_id AND a.id = m.action_id WHERE m.action_id = $id")"
expect_eq "500 contact attempts for the caps" "$N" "$(sql "SELECT count(*) FROM contact_attempt WHERE outcome = 'sent'")"
run recoup send --unsure --format json
expect_eq "nothing is unsure any more" "[]" "$(tr -d ' \n' <"$TMP/out")"
finish
