#!/usr/bin/env bash
# `recoup serve --send-every 1` sends a run's emails to the loopback SMTP
# server exactly once, beside a `recoup send` of the same tenant:
#  - while the worker hands a message over (the server holds its 250), a
#    `recoup send` is refused by the tenant's lock and sends nothing;
#  - SIGTERM then lets the worker finish that message (recorded sent, not
#    left `sending` / `unsure`), begins no further one, and the server exits 0;
#  - a new server's worker sends the rest;
#  - while a `recoup send` holds the lock, the worker's rounds are "busy"
#    (counted in /metrics) and it sends nothing; the command sends them all.
# Each time the SMTP server has every Message-ID once and none twice, and
# /metrics counts the worker's emails by channel and state.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

N=40
{
	echo "customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile"
	for i in $(seq -w 1 $N); do
		echo "C$i,Customer $i Ltd,company,GB,Europe/London,en,GBP,,ar$i@customer.example,+44 20 5555 01$i,\"$i High St, London\","
	done
} >"$TMP/customers.csv"
{
	echo "invoice_ref,customer_ref,issue_date,due_date,currency,amount"
	for i in $(seq -w 1 $N); do
		echo "I$i,C$i,2026-10-01,2026-12-01,GBP,1$i.00"
	done
} >"$TMP/invoices.csv"
recoup import customers "$TMP/customers.csv" >/dev/null
recoup import invoices "$TMP/invoices.csv" >/dev/null
recoup run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null
expect_eq "the run schedules $N emails" $N "$(sql "SELECT count(*) FROM action WHERE kind = 'email' AND state = 'scheduled'")"
start_smtp_sink
configure_email
# the SMTP server holds its answer to the 10th message for 3 seconds: a hand-over in progress
echo '{"pause_at": 10, "pause": 3}' >"$SINK/rules.json"

export SINK N
serve_py <<'PY'
import os, re, subprocess, time
SINK, N = os.environ["SINK"], int(os.environ["N"])

def delivered():
    return len([f for f in os.listdir(SINK) if f.startswith("msg-") and f.endswith(".eml")])

def wait_for(cond, seconds=60):
    t0 = time.time()
    while not cond() and time.time() - t0 < seconds:
        time.sleep(0.05)
    return cond()

def metric(s, name):
    r = s.request("GET", "/metrics")
    m = re.search(r"^" + re.escape(name) + r" (\d+)$", r.body.decode(), re.M)
    return int(m.group(1)) if m else None

s = sc.Server(["--send-every", "1", "--send-now", "2026-11-26T12:00:00Z"], clock="2026-11-26T12:00:00Z")
sc.check("the worker is handing over the 10th email", wait_for(lambda: os.path.exists(SINK + "/paused")))
cli = subprocess.run(sc.at_time("2026-11-26T12:00:00Z") + [sc.RECOUP, "send", "--now", "2026-11-26T12:00:00Z"],
                     capture_output=True, text=True)
sc.check("a recoup send meanwhile is refused by the tenant's lock (exit 1)",
         cli.returncode == 1 and "another send" in cli.stderr, cli.returncode, cli.stdout, cli.stderr)
sc.check("/metrics counts the 9 emails sent so far",
         metric(s, 'recoup_send_messages_total{channel="email",state="sent"}') == 9,
         metric(s, 'recoup_send_messages_total{channel="email",state="sent"}'))
t0 = time.time()
rc = s.stop()
sc.check("SIGTERM during the hand-over: the server waits for it and exits 0", rc == 0, rc)
sc.check("... after the SMTP server answered (the pause)", time.time() - t0 > 1.0, time.time() - t0)
sc.check("no email after the one in hand", delivered() == 10, delivered())
log = open(s.log_path).read()
sc.check("the worker's round is in the log", "send worker tenant=1 sent=10" in log, log[-2000:])
PY
expect_eq "the email in hand was recorded sent; none is left sending or unsure" "10 0" \
	"$(sql "SELECT count(*) FROM message WHERE state = 'sent'") $(sql "SELECT count(*) FROM message WHERE state IN ('sending', 'unsure')")"
expect_eq "the rest wait, untouched" $((N - 10)) "$(sql "SELECT count(*) FROM action WHERE kind = 'email' AND state = 'scheduled'")"

serve_py <<'PY'
import os, re, time
SINK, N = os.environ["SINK"], int(os.environ["N"])
def delivered():
    return len([f for f in os.listdir(SINK) if f.startswith("msg-") and f.endswith(".eml")])
s = sc.Server(["--send-every", "1", "--send-now", "2026-11-26T12:00:00Z"], clock="2026-11-26T12:00:00Z")
t0 = time.time()
while delivered() < N and time.time() - t0 < 60:
    time.sleep(0.05)
time.sleep(1.5)  # at least one more round: it must find nothing
sc.check("a new server's worker sends the rest", delivered() == N, delivered())
r = s.request("GET", "/metrics").body.decode()
sc.check("/metrics: %d emails sent by this worker, none failed" % (N - 10),
         ('recoup_send_messages_total{channel="email",state="sent"} %d' % (N - 10)) in r and
         'recoup_send_messages_total{channel="email",state="failed"} 0' in r, r[-1500:])
sc.check("the server stops with 0", s.stop() == 0)
PY

mail_json
expect_eq "the SMTP server has $N emails" $N "$(jq_mail 'len(m)')"
expect_eq "every Message-ID once" $N "$(jq_mail 'len(set(x["message_id"] for x in m))')"
expect_eq "to $N distinct addresses" $N "$(jq_mail 'len(set(x["to"] for x in m))')"
expect_eq "each message was handed over once" "$N $N" \
	"$(sql "SELECT count(*) FROM message_attempt") $(sql "SELECT count(DISTINCT action_id) FROM message_attempt")"
expect_eq "every action is done" $N "$(sql "SELECT count(*) FROM action WHERE kind = 'email' AND state = 'done'")"

# the other way round: the command holds the lock, the worker waits its turn
recoup run --as-of 2026-12-01 --now 2026-12-01T05:00:00Z >/dev/null
expect_eq "the next run schedules $N more" $N "$(sql "SELECT count(*) FROM action WHERE kind = 'email' AND state = 'scheduled'")"
rm -f "$SINK/paused"
echo "{\"pause_at\": $((N + 5)), \"pause\": 3}" >"$SINK/rules.json"
serve_py <<'PY'
import json, os, re, subprocess, time
SINK, N = os.environ["SINK"], int(os.environ["N"])
cli = subprocess.Popen(sc.at_time("2026-12-01T12:00:00Z") +
                       [sc.RECOUP, "send", "--now", "2026-12-01T12:00:00Z", "--format", "json"],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
t0 = time.time()
while not os.path.exists(SINK + "/paused") and time.time() - t0 < 60:
    time.sleep(0.05)
s = sc.Server(["--send-every", "1", "--send-now", "2026-12-01T12:00:00Z"], clock="2026-12-01T12:00:00Z")
t0 = time.time()
busy = 0
while busy < 1 and time.time() - t0 < 10:
    m = re.search(r'^recoup_send_rounds_total\{result="busy"\} (\d+)$', s.request("GET", "/metrics").body.decode(), re.M)
    busy = int(m.group(1)) if m else 0
    time.sleep(0.05)
sc.check("the worker's round finds the tenant busy", busy >= 1, busy)
out, err = cli.communicate(timeout=60)
sent = json.loads(out)["summary"]["sent"] if cli.returncode == 0 else None
sc.check("the command sends all %d" % N, sent == N, cli.returncode, out[-500:], err)
time.sleep(1.5)
r = s.request("GET", "/metrics").body.decode()
sc.check("the worker sent none of them", 'recoup_send_messages_total{channel="email",state="sent"} 0' in r, r[-1500:])
sc.check("the server stops with 0", s.stop() == 0)
PY
mail_json
expect_eq "the SMTP server has $((2 * N)) emails, every Message-ID once" "$((2 * N)) $((2 * N))" \
	"$(jq_mail 'len(m)') $(jq_mail 'len(set(x["message_id"] for x in m))')"
finish
