#!/usr/bin/env bash
# GET /metrics shows the last daily run of each tenant, read from the run
# table at each scrape: nothing before the first run; after `recoup run`
# (while the server runs) the moment it finished, the day it ran for, its
# duration, the accounts it looked at and its actions by kind. A run without
# --now records the clock at its end. And Idempotency-Key expiry end to end:
# with --idempotency-ttl 1s a key names a new request once expired.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-12-02,BRL,1200.00
W1,WAW,2026-10-01,2026-12-03,PLN,700.00
CSV
echo "alice-password" | recoup user add alice --role manager --password-stdin >/dev/null

expect_exit 2 recoup serve --listen 127.0.0.1:0 --idempotency-ttl 0s
expect_stderr_contains "--idempotency-ttl '0s': a duration from 1s to 366d"
expect_exit 2 recoup serve --listen 127.0.0.1:0 --idempotency-ttl soon
expect_stderr_contains "--idempotency-ttl 'soon'"

serve_py <<'PY'
import os, subprocess, calendar, time, json, re
def epoch(s):
    return calendar.timegm(time.strptime(s, "%Y-%m-%dT%H:%M:%SZ"))
def scrape():
    r = s.request("GET", "/metrics")
    sc.expect("GET /metrics", r, 200)
    return r.body.decode()
def value(text, series):
    for line in text.splitlines():
        if line.startswith(series + " "):
            return int(line.split()[1])
    return None
def run(*args):
    p = subprocess.run([sc.RECOUP, "run", "--format", "json"] + list(args), capture_output=True, text=True)
    sc.check("recoup run %s exits 0" % " ".join(args), p.returncode == 0, p.stderr)
    return json.loads(p.stdout)

s = sc.Server(["--idempotency-ttl", "1s"])
text = scrape()
sc.check("before any run: the families are described", "# TYPE recoup_last_run_timestamp_seconds gauge" in text, text[-800:])
sc.check("... with no sample", "recoup_last_run_timestamp_seconds{" not in text, text[-800:])
out = run("--as-of", "2026-11-27", "--now", "2026-11-27T05:00:00Z")
text = scrape()
t = 'tenant="default"'
sc.check("the moment the run finished", value(text, "recoup_last_run_timestamp_seconds{%s}" % t) == epoch("2026-11-27T05:00:00Z"), text[-1500:])
sc.check("the day it ran for", value(text, "recoup_last_run_as_of_timestamp_seconds{%s}" % t) == epoch("2026-11-27T00:00:00Z"), text[-1500:])
sc.check("its duration (--now: one moment)", value(text, "recoup_last_run_duration_seconds{%s}" % t) == 0, text[-1500:])
sc.check("the accounts it looked at, as recoup run said", value(text, "recoup_last_run_accounts{%s}" % t) == out["accounts_seen"], out, text[-1500:])
sc.check("one email", value(text, 'recoup_last_run_actions{%s,kind="email"}' % t) == 1, text[-1500:])
kinds = {k: v for k, v in out["actions"].items()}
got = {m.group(1): int(m.group(2)) for m in re.finditer(r'recoup_last_run_actions\{tenant="default",kind="([a-z_]+)"\} (\d+)', text)}
sc.check("every kind recoup run printed, with its count", got == kinds, got, kinds)
sc.check("each family once", text.count("# TYPE recoup_last_run_actions gauge") == 1, text)
before = int(time.time())
run()
after = int(time.time())
text = scrape()
fin = value(text, "recoup_last_run_timestamp_seconds{%s}" % t)
sc.check("a run without --now records the clock at its end", fin is not None and before <= fin <= after + 1, before, fin, after)
d = value(text, "recoup_last_run_duration_seconds{%s}" % t)
sc.check("and a duration that is not negative", d is not None and d >= 0, text[-1500:])

a = sc.Client(s, "alice", "alice-password")
pay = {"payment_ref": "P-1", "customer_ref": "ACME", "date": "2026-11-28", "amount": "10.00", "currency": "BRL"}
k = {"Idempotency-Key": "ttl-key"}
r1 = a.post("/api/v1/payments", pay, k)
sc.expect("a payment with a key", r1, 201)
# (a replay within the ttl is t0805's, with the default ttl: with 1 s it would depend on this machine's speed)
time.sleep(2.2)
r3 = a.post("/api/v1/payments", dict(pay, payment_ref="P-2"), k)
sc.expect("once expired, the key names a new payment", r3, 201)
sc.check("... which is not a replay", r3.header("Idempotent-Replayed") is None and r3.json.get("payment_ref") == "P-2", r3)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "both payments were made" "2" "$(sql "SELECT count(*) FROM payment WHERE ref IN ('P-1', 'P-2')")"
expect_eq "the key is kept once, for the second" "1" "$(sql "SELECT count(*) FROM idempotency_key WHERE key = 'alice ttl-key'")"
finish
