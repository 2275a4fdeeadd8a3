#!/usr/bin/env bash
# Group commit (http/write_gate.h): the writes that must not happen twice
# run one at a time on the server's writer and share commits.
#  - One Idempotency-Key sent by 12 clients at once: one contact attempt,
#    every client the same answer (before, each could pass the key's check).
#  - 240 contact attempts logged by 12 clients at once, one in five refused
#    (an unknown outcome): every acknowledged one is written, no refused one
#    is, the metrics count each request once in a commit.
#  - With 2 workers and the write lock held by another process, 12 writes
#    sent at once all queue for the writer (recoup_write_queue) and go in
#    one commit once the lock is let go: the batches grow with the writes
#    waiting, not with the workers (a worker hands its write over).
#  - A commit that fails (RECOUP_TEST_FAIL_BATCH) acknowledges nothing of
#    its batch and keeps no key: the client's retry with the same key writes
#    the attempt then, once.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
recoup import contacts "$DATA/import/contacts.csv" >/dev/null
serve_py <<'PY'
import os, sqlite3, subprocess, threading, time
s = sc.Server(["--threads", "8"])
a = sc.Client(s, "alice", "alice-password")
log = "/api/v1/contacts/K-001/log"
call = {"channel": "call", "outcome": "no_answer", "at": "2026-11-20T15:00:00Z", "note": "group commit"}

def at_once(n, work):
    """work(i) in n threads released together; the results in order"""
    out = [None] * n
    go = threading.Barrier(n)
    def run(i):
        go.wait()
        out[i] = work(i)
    ts = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return out

same = at_once(12, lambda i: a.post(log, call, {"Idempotency-Key": "one-key"}))
sc.check("one key sent 12 times at once: every answer 201", all(r.status == 201 for r in same), *same)
sc.check("... the same attempt in every answer", len({r.body for r in same}) == 1, *same)
sc.check("... 11 of them replayed", sum(r.header("Idempotent-Replayed") == "true" for r in same) == 11, *same)

def many(i):
    rs = []
    for j in range(20):
        body = dict(call, note="c%d-%d" % (i, j))
        if j % 5 == 4:
            body["outcome"] = "no_such_outcome"
        rs.append(a.post(log, body, {"Idempotency-Key": "k-%d-%d" % (i, j)}))
    return rs
got = [r for rs in at_once(12, many) for r in rs]
ok = [r for r in got if r.status == 201]
refused = [r for r in got if r.status == 422]
sc.check("240 logged at once: 192 acknowledged, 48 refused", (len(ok), len(refused)) == (192, 48),
         [r for r in got if r.status not in (201, 422)][:3])
m = s.request("GET", "/metrics").body.decode()
val = {l.split()[0]: int(l.split()[1]) for l in m.splitlines() if l.startswith("recoup_write_batch")}
sc.check("the metrics count the 252 requests that reached the writer",
         val.get("recoup_write_batch_units_total") == 252, val)
sc.check("... in at most as many commits", 0 < val.get("recoup_write_batches_total", 0) <= 252, val)
print("252 writes in %d commits" % val["recoup_write_batches_total"])
sc.check("SIGTERM: exit 0", s.stop() == 0)

# The writes queue behind the writer, not behind the workers: with 2 workers and the
# database's write lock held elsewhere, 12 writes sent at once all wait for the writer
# (recoup_write_queue), and once the lock is let go they go in one commit.
def metric(srv, name):
    for l in srv.request("GET", "/metrics").body.decode().splitlines():
        if l.startswith(name + " "):
            return int(l.split()[1])
s = sc.Server(["--threads", "2"])
a = sc.Client(s, "alice", "alice-password")
db = os.environ["RECOUP_DB"]
if db.startswith("postgres"):
    # the writer's unit takes the tenant's advisory lock (store/postgres/db.c tenant_lock)
    holder = subprocess.Popen(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-d", db],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    holder.stdin.write("BEGIN;\nSELECT 'held' FROM (SELECT pg_advisory_xact_lock(%d, "
                       "(SELECT min(id) FROM tenant)::integer)) x;\n" % 0x72637570)
    holder.stdin.flush()
    sc.check("the tenant's lock is held elsewhere", holder.stdout.readline().strip() == "held")
    def let_go():
        holder.stdin.write("COMMIT;\n")
        holder.stdin.close()
        holder.wait()
else:
    # the writer's batch begins with BEGIN IMMEDIATE; the server waits up to 10 s for the lock
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    def let_go():
        holder.execute("ROLLBACK")
        holder.close()
before = (metric(s, "recoup_write_batches_total"), metric(s, "recoup_write_batch_units_total"))
answers = []
senders = [threading.Thread(target=lambda i=i: answers.append(
    a.post(log, dict(call, note="queued-%d" % i), {"Idempotency-Key": "queued-%d" % i}))) for i in range(12)]
for t in senders:
    t.start()
waiting, deadline = None, time.monotonic() + 60
while time.monotonic() < deadline:
    # one is with the writer (waiting for the lock), the 11 others queued behind it
    waiting = metric(s, "recoup_write_queue")
    if waiting == 11:
        break
    time.sleep(0.01)
sc.check("2 workers, the lock held: 11 writes queued behind the one waiting for it", waiting == 11, waiting)
let_go()
for t in senders:
    t.join()
sc.check("... all 12 acknowledged once the lock is let go", sorted(r.status for r in answers) == [201] * 12,
         *answers)
after = (metric(s, "recoup_write_batches_total"), metric(s, "recoup_write_batch_units_total"))
sc.check("... in one commit", (after[0] - before[0], after[1] - before[1]) == (1, 12), before, after)
sc.check("... and the queue is empty", metric(s, "recoup_write_queue") == 0)
sc.check("SIGTERM: exit 0", s.stop() == 0)

env = dict(os.environ, RECOUP_TEST_FAIL_BATCH="2")
s = sc.Server(env=env)
a = sc.Client(s, "alice", "alice-password")
first = a.post(log, dict(call, note="fail-1"), {"Idempotency-Key": "fail-1"})
sc.expect("batch 1 commits", first, 201)
lost = a.post(log, dict(call, note="fail-2"), {"Idempotency-Key": "fail-2"})
sc.expect("batch 2's commit fails: not acknowledged", lost, 503, "environment")
sc.check("... saying the write was not saved", "not saved" in lost.json["error"]["message"], lost)
again = a.post(log, dict(call, note="fail-2"), {"Idempotency-Key": "fail-2"})
sc.expect("the retry with the same key writes it", again, 201)
sc.check("... not as a replay: the failed batch kept no key", again.header("Idempotent-Replayed") is None, again)
sc.check("... the same key once more is a replay",
         a.post(log, dict(call, note="fail-2"), {"Idempotency-Key": "fail-2"}).header("Idempotent-Replayed") == "true")
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "one attempt for the key sent 12 times" "1" "$(sql "SELECT count(*) FROM contact_attempt WHERE note = 'group commit'")"
expect_eq "the 192 acknowledged attempts, none of the refused" "192" \
	"$(sql "SELECT count(*) FROM contact_attempt WHERE note LIKE 'c%-%'")"
expect_eq "each acknowledged one once" "192" \
	"$(sql "SELECT count(DISTINCT note) FROM contact_attempt WHERE note LIKE 'c%-%'")"
expect_eq "none of the refused (j = 4, 9, 14, 19)" "0" \
	"$(sql "SELECT count(*) FROM contact_attempt WHERE note LIKE 'c%-4' OR note LIKE 'c%-9' OR note LIKE 'c%-14' OR note LIKE 'c%-19'")"
expect_eq "the failed batch's attempt written once, by the retry" "fail-1 fail-2" \
	"$(sql_join " " "SELECT note FROM contact_attempt WHERE note LIKE 'fail-%' ORDER BY note")"
expect_eq "the 12 queued behind the lock, each once" "12" \
	"$(sql "SELECT count(DISTINCT note) FROM contact_attempt WHERE note LIKE 'queued-%'")"
expect_eq "an audit entry per written attempt, none for the lost one" "207" \
	"$(sql "SELECT count(*) FROM audit_log WHERE entity = 'contact_attempt'")"
finish
