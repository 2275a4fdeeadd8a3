#!/usr/bin/env bash
# A server that does not answer (a host that swallows packets, one too
# slow) is waited for once a send, not once a message. Two servers on
# 127.0.0.1 accept connections and never say a word, one for email, one
# for SMS; send.timeout is 2 s. Before, every message waited out its own
# time-out, one after the other (10,000 messages at the default 60 s: a
# week, the tenant's run lock held, the daily run refused); now the first
# message of each channel is recorded for a retry, the others are skipped
# (code `timeout`, the reason naming the server), the send exits 3, and the
# next send, the servers answering, hands every message over, once.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

# silent DIR: accepts connections on a free port of 127.0.0.1 and never answers; one line a connection in DIR/conns
silent() {
	mkdir -p "$1"
	"$PY" - "$1" <<'PY' &
import os, socket, sys, time
d = sys.argv[1]
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(64)
open(os.path.join(d, "port.tmp"), "w").write(str(s.getsockname()[1]))
os.rename(os.path.join(d, "port.tmp"), os.path.join(d, "port"))
held = []
while True:
    c, _ = s.accept()
    held.append(c)
    with open(os.path.join(d, "conns"), "a") as f:
        f.write("connection\n")
PY
	track_pid $!
	_wait_port "$1/port"
	touch "$1/conns"
}

{
	echo "customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile"
	for i in 1 2 3 4; do echo "E$i,Email $i Ltd,company,GB,Europe/London,en,GBP,,ar@e$i.example,,\"$i High St, London\","; done
	for i in 1 2 3; do echo "S$i,Person $i,person,GB,Europe/London,en,GBP,,,+44 7700 90000$i,\"$i Low St, London\","; done
} >"$TMP/customers.csv"
recoup import customers "$TMP/customers.csv" >/dev/null
{
	echo "invoice_ref,customer_ref,issue_date,due_date,currency,amount"
	for c in E1 E2 E3 E4 S1 S2 S3; do echo "I$c,$c,2026-10-01,2026-12-04,GBP,100.00"; done
} >"$TMP/invoices.csv"
recoup import invoices "$TMP/invoices.csv" >/dev/null
recoup run --as-of 2026-12-01 --now 2026-12-01T05:00:00Z >/dev/null
expect_eq "four emails and three texts scheduled" "email 4 sms 3" \
	"$(sql_join ' ' "SELECT kind || ' ' || count(*) FROM action WHERE state = 'scheduled' GROUP BY kind ORDER BY kind")"

silent "$TMP/quiet-smtp"
silent "$TMP/quiet-sms"
SMTP_PORT=$(cat "$TMP/quiet-smtp/port") configure_email
recoup config set smtp.url "smtp://127.0.0.1:$(cat "$TMP/quiet-smtp/port")" >/dev/null
recoup config set sms.url "http://127.0.0.1:$(cat "$TMP/quiet-sms/port")/send" >/dev/null
recoup config set send.timeout 2 >/dev/null

run recoup_at 2026-12-01T13:00:00Z send --format json --now 2026-12-01T13:00:00Z
expect_eq "nothing answered: exit 3" 3 "$status"
expect_stderr_contains "recoup send: nothing was sent: the email server and the SMS gateway could not be reached ("
expect_stderr_contains "2 left to retry later, 5 not tried after the time-out, as recorded"
cp "$TMP/out" "$TMP/send.json"
expect_eq "the email server was asked once" 1 "$(wc -l <"$TMP/quiet-smtp/conns")"
expect_eq "the SMS gateway was asked once" 1 "$(wc -l <"$TMP/quiet-sms/conns")"
expect_eq "one retry and the rest skipped, per channel" "email retry:1 skipped:3 sms retry:1 skipped:2" \
	"$(jq_send '" ".join(k + " " + " ".join("%s:%d" % (st, sum(1 for r in s["rows"] if r["kind"] == k and r["state"] == st)) for st in ("retry", "skipped")) for k in ("email", "sms"))')"
expect_eq "the skipped rows say why" True \
	"$(jq_send 'all(r["code"] == "timeout" and "did not answer in time earlier in this send" in r["detail"] for r in s["rows"] if r["state"] == "skipped")')"
expect_eq "every action is still scheduled" 7 "$(sql "SELECT count(*) FROM action WHERE state = 'scheduled'")"
expect_eq "two attempts recorded, both transient" "transient transient" \
	"$(sql_join ' ' "SELECT outcome FROM message_attempt ORDER BY action_id")"

# the servers answer: every message, once (the two retried after send.backoff)
start_smtp_sink
start_sms_gateway
recoup config set smtp.url "smtp://127.0.0.1:$SMTP_PORT" >/dev/null
recoup config set sms.url "http://127.0.0.1:$SMS_PORT/send" >/dev/null
send_at 2026-12-01T13:01:00Z
expect_eq "the skipped ones go at once" 5 "$(jq_send 's["summary"]["sent"]')"
send_at 2026-12-01T13:06:00Z
expect_eq "the retried ones after the backoff" 2 "$(jq_send 's["summary"]["sent"]')"
mail_json
expect_eq "each email once" '["ar@e1.example", "ar@e2.example", "ar@e3.example", "ar@e4.example"]' \
	"$(jq_mail 'sorted(x["to"] for x in m)')"
expect_eq "each text once" 3 "$(wc -l <"$GATEWAY/requests.jsonl")"
finish
