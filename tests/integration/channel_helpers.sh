# channel_helpers.sh: what the channel scenario tests (t0900-t0919) share;
# sourced after lib.sh. A loopback SMTP server (smtp_sink.py, Debian's
# /usr/bin/python3 with python3-aiosmtpd) and a loopback SMS gateway
# (sms_gateway.py), each started on a free port and killed when the script
# ends, each writing what it receives under $TMP.

SINK="$TMP/sink"
GATEWAY="$TMP/gateway"
PY=/usr/bin/python3

_wait_port() {
	local file=$1 i
	for i in $(seq 200); do
		[[ -s $file ]] && return 0
		sleep 0.05
	done
	echo "no port in $file" >&2
	return 1
}

# start_smtp_sink: the SMTP server; sets $SMTP_PORT.
start_smtp_sink() {
	mkdir -p "$SINK"
	"$PY" "$SRCDIR/tests/integration/smtp_sink.py" "$SINK" >"$TMP/sink.log" 2>&1 &
	SINK_PID=$!
	track_pid "$SINK_PID"
	_wait_port "$SINK/port"
	SMTP_PORT=$(cat "$SINK/port")
}

# start_sms_gateway: the HTTP gateway; sets $SMS_PORT.
start_sms_gateway() {
	mkdir -p "$GATEWAY"
	"$PY" "$SRCDIR/tests/integration/sms_gateway.py" "$GATEWAY" >"$TMP/gateway.log" 2>&1 &
	track_pid $!
	_wait_port "$GATEWAY/port"
	SMS_PORT=$(cat "$GATEWAY/port")
}

# configure_email: the tenant's settings for the sink (no TLS on loopback).
configure_email() {
	recoup config set smtp.url "smtp://127.0.0.1:$SMTP_PORT" >/dev/null
	recoup config set smtp.tls none >/dev/null
	recoup config set email.from "Creditor Receivables <ar@creditor.test>" >/dev/null
	recoup config set email.reply_to "help@creditor.test" >/dev/null
	recoup config set creditor.name "Creditor SA" >/dev/null
	recoup config set email.optout_url "https://creditor.test/optout" >/dev/null
	recoup config set email.optout_email "optout@creditor.test" >/dev/null
}

# mail_json: every message the sink accepted, parsed, into $TMP/mail.json:
# [{to, subject, lang, message_id, list_unsubscribe, reply_to, text, html}]
mail_json() {
	"$PY" - "$SINK" >"$TMP/mail.json" <<'PY'
import email, glob, json, sys
from email import policy
out = []
for path in sorted(glob.glob(sys.argv[1] + "/msg-*.eml")):
    m = email.message_from_binary_file(open(path, "rb"), policy=policy.default)
    plain = m.get_body(("plain",))
    html = m.get_body(("html",))
    out.append({"to": m["to"], "subject": str(m["subject"]), "lang": m["content-language"],
                "message_id": m["message-id"], "list_unsubscribe": m["list-unsubscribe"],
                "reply_to": m["reply-to"], "from": m["from"],
                "text": plain.get_content() if plain else "", "html": html.get_content() if html else ""})
print(json.dumps(out))
PY
}

# jq_mail EXPR: a Python expression over the last mail_json (`m` the list).
jq_mail() {
	"$PY" -c 'import json,sys
m = json.load(open(sys.argv[1]))
r = eval(sys.argv[2])
print(r if not isinstance(r, (list, dict)) else json.dumps(r, sort_keys=True))' "$TMP/mail.json" "$1"
}

# send_json ARGS...: `recoup send --format json ARGS` into $TMP/send.json, which must succeed.
send_json() {
	run recoup send --format json "$@"
	if [[ $status != 0 ]]; then
		fail "recoup send $* exits 0" "exit $status" "$(cat "$TMP/err")"
	fi
	cp "$TMP/out" "$TMP/send.json"
}

# send_at TIMESTAMP ARGS...: send_json at that moment: on a machine whose
# clock reads TIMESTAMP (lib.sh's recoup_at: the messages leave then) and
# with --now TIMESTAMP (the moments recorded exact to the second; a send
# that transmits takes --now only near the machine's clock).
send_at() {
	local t=$1
	shift
	run recoup_at "$t" send --format json --now "$t" "$@"
	if [[ $status != 0 ]]; then
		fail "recoup send at $t $* exits 0" "exit $status" "$(cat "$TMP/err")"
	fi
	cp "$TMP/out" "$TMP/send.json"
}

# jq_send EXPR: a Python expression over the last send_json (`s`: {rows, summary}).
jq_send() {
	"$PY" -c 'import json,sys
s = json.load(open(sys.argv[1]))
r = eval(sys.argv[2])
print(r if not isinstance(r, (list, dict)) else json.dumps(r, sort_keys=True))' "$TMP/send.json" "$1"
}

sms_to() { # sms_to PHONE: the texts the gateway received for PHONE, as stored ("+48 600 000 001"), sent in E.164
	[[ -f $GATEWAY/requests.jsonl ]] || return 0
	"$PY" -c 'import json, sys
print("\n".join(r["body"]["text"] for r in map(json.loads, open(sys.argv[1])) if r["body"]["to"] == sys.argv[2]))' \
		"$GATEWAY/requests.jsonl" "${1//[ ().-]/}"
}
