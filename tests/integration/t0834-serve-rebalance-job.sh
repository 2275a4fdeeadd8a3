#!/usr/bin/env bash
# POST /api/v1/assignments/rebalance answers 202 at once with a job that
# runs on a thread and a database connection of its own (at a million
# customers the assign takes about a minute, which held a server worker and
# the client's connection all that time); the client polls GET
# /api/v1/assignments/rebalance/{id}. While it runs: a second rebalance of
# the tenant is 409 naming it, another tenant runs its own, and the one
# worker (--threads 1) answers other requests. Once done the job has the
# summary `recoup assign --format json` prints and the assignments are
# written; a dry run writes nothing; a job that fails (the run lock held)
# says so with the error. A collector gets 403, another tenant's job and
# an unknown id 404. RECOUP_TEST_JOB_HOLD=FILE keeps a job from starting
# while FILE exists, so the test sees it running as long as it needs.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

serve_setup_agreements
sql "DELETE FROM assignment" >/dev/null
export RECOUP_TEST_JOB_HOLD="$TMP/hold"
touch "$RECOUP_TEST_JOB_HOLD"
serve_py <<'PY'
import json, os, time
T = os.environ["TMP"]
hold = os.environ["RECOUP_TEST_JOB_HOLD"]
s = sc.Server(["--threads", "1"])
a = sc.Client(s, "alice", "alice-password")
ann = sc.Client(s, "ann", "ann-password")
x = sc.Client(s, "alice", "acme-alice-pw", tenant="acme")

def wait(c, path):
    for _ in range(600):
        r = c.get(path)
        if r.status != 200 or r.json["state"] != "running":
            return r
        time.sleep(0.05)
    return r

r = a.post("/api/v1/assignments/rebalance", {})
sc.expect("the rebalance answers 202 at once", r, 202)
job = r.json or {}
loc = r.header("Location") or ""
sc.check("... with the job, running, and where to poll it",
         job.get("state") == "running" and job.get("kind") == "rebalance" and job.get("by") == "alice"
         and job.get("dry_run") is False and job.get("result") is None and job.get("finished_at") is None
         and loc == "/api/v1/assignments/rebalance/%s" % job.get("id"), r, loc)
r = a.post("/api/v1/assignments/rebalance", {"dry_run": True})
sc.expect("a second rebalance of the tenant while it runs", r, 409, "conflict")
sc.check("... naming the running job", ("job %s" % job.get("id")) in r.json["error"]["message"], r)
sc.expect("the one worker answers other requests meanwhile", a.get("/api/v1/assignments"), 200)
r = a.get(loc)
sc.check("polled: still running", r.status == 200 and r.json["state"] == "running", r)
sc.expect("a collector polling it", ann.get(loc), 403, "forbidden")
sc.expect("a collector starting one", ann.post("/api/v1/assignments/rebalance", {}), 403, "forbidden")
sc.expect("another tenant's manager reading our job", x.get(loc), 404, "not_found")
sc.expect("an unknown job", a.get("/api/v1/assignments/rebalance/999999"), 404, "not_found")
sc.expect("a job id that is no number", a.get("/api/v1/assignments/rebalance/abc"), 404, "not_found")
rx = x.post("/api/v1/assignments/rebalance", {})
sc.expect("another tenant runs its own meanwhile", rx, 202)
os.remove(hold)
r = wait(a, loc)
sc.check("the job is done", r.status == 200 and r.json["state"] == "done" and r.json["finished_at"], r)
res = r.json["result"] or {}
sc.check("... with the summary: five overdue accounts added",
         res.get("dry_run") is False and res.get("overdue") == 5 and res.get("added") == 5, r)
sc.check("... and the customers it read", r.json["customers_done"] == res.get("customers_seen"), r)
json.dump(res, open(T + "/job.json", "w"))
rx = wait(x, rx.header("Location"))
sc.check("acme's job is done too", rx.status == 200 and rx.json["state"] == "done", rx)
r = a.post("/api/v1/assignments/rebalance", {"dry_run": True})
sc.expect("once done, another may start: a dry run", r, 202)
r = wait(a, r.header("Location"))
sc.check("... done, keeping the five", r.json["state"] == "done" and r.json["result"]["dry_run"] is True
         and r.json["result"]["kept"] == 5, r)
sc.save_clients(T + "/clients.json", {"a": a})
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "the job wrote the assignments" "5" "$(sql "SELECT count(*) FROM assignment")"
expect_eq "one audited assign run in the tenant, by alice" "alice" \
	"$(sql "SELECT actor FROM audit_log WHERE action = 'assign.run' AND tenant_id = 1")"
expect_exit 0 recoup assign --dry-run --format json
python3 - "$TMP/job.json" "$TMP/out" >"$TMP/cmp.out" <<'PY'
import json, sys
api, cli = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
loads = lambda r: {c["collector"]: c["accounts"] for c in r["collectors"]}
print("same" if loads(api) == loads(cli) and api["overdue"] == cli["overdue"] else "differ: %r / %r" % (api, cli))
PY
expect_eq "the job's loads are the ones recoup assign then finds" same "$(cat "$TMP/cmp.out")"

# a job that fails says why: the tenant's run lock is held by another process
unset RECOUP_TEST_JOB_HOLD
tenant=$(sql "SELECT id FROM tenant WHERE name = 'default'")
if [[ $TEST_BACKEND == postgres ]]; then
	mkfifo "$TMP/fifo"
	psql -X -q -d "$RECOUP_DB" <"$TMP/fifo" >/dev/null 2>&1 &
	holder=$!
	exec 7>"$TMP/fifo"
	echo "SELECT pg_advisory_lock($((0x72756e00)), $tenant);" >&7
	for _ in $(seq 100); do
		n=$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = $tenant
		     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
		[[ $n == 1 ]] && break
		sleep 0.1
	done
else
	/usr/bin/python3 -c 'import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.lockf(fd, fcntl.LOCK_EX, 1, int(sys.argv[2]))
open(sys.argv[3], "w").close()
time.sleep(120)' "$RECOUP_DB-run.lock" "$tenant" "$TMP/held" &
	holder=$!
	for _ in $(seq 100); do
		[[ -e $TMP/held ]] && break
		sleep 0.1
	done
fi
track_pid "$holder"
serve_py <<'PY'
import os, time
s = sc.Server()
a = sc.load_clients(s, os.environ["TMP"] + "/clients.json")["a"]
r = a.post("/api/v1/assignments/rebalance", {})
sc.expect("a rebalance while the run lock is held still starts", r, 202)
for _ in range(600):
    j = a.get(r.header("Location"))
    if j.json["state"] != "running":
        break
    time.sleep(0.05)
sc.check("... and fails, saying why", j.json["state"] == "failed" and j.json["result"] is None
         and j.json["error"]["code"] == "environment" and "in progress" in j.json["error"]["message"], j)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
kill "$holder" 2>/dev/null || true
finish
