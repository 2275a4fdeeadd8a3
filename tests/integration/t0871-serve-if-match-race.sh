#!/usr/bin/env bash
# If-Match's check and the write are one transaction (docs/api.md,
# "Conditional writes"): managers who read the same strategy (and the same
# customer) and save at the same moment, on as many workers, each with the
# tag they read: exactly one save is done, every other gets 412, and what is
# stored is the one that was answered 200. Without the one transaction two
# could read the old tag before either wrote, and both be answered 200.
# On both backends.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
recoup strategy show b2b-gentle >"$TMP/b2b-gentle.json"
serve_py <<'PY'
import json, os, threading
T = os.environ["TMP"]
s = sc.Server(["--threads", "4"])
clients = [sc.Client(s, "alice", "alice-password") for _ in range(8)]
sc.check("eight sessions of a manager", all(c.signin.status == 201 for c in clients))
st = json.load(open(T + "/b2b-gentle.json"))
st["name"] = "firms"
sc.expect("a strategy", clients[0].send("PUT", "/api/v1/strategies/firms", st), 200)

def race(what, method, path, bodies, read):
    tag = clients[0].get(path).header("ETag")
    answers = [None] * len(clients)
    go = threading.Barrier(len(clients))
    def save(i):
        go.wait()
        answers[i] = clients[i].send(method, path, bodies[i], headers={"If-Match": tag})
    threads = [threading.Thread(target=save, args=(i,)) for i in range(len(clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    ok = [i for i, r in enumerate(answers) if r.status == 200]
    refused = [i for i, r in enumerate(answers) if r.status == 412 and r.error_code() == "precondition_failed"]
    sc.check("%s: one of %d saves at once is done, the others 412" % (what, len(clients)),
             len(ok) == 1 and len(refused) == len(clients) - 1, [(r.status, r.error_code()) for r in answers])
    if len(ok) == 1:
        sc.check("%s: ... and the one stored is the one answered 200" % what, read() == read_of(bodies[ok[0]]),
                 read(), bodies[ok[0]])

for round in range(3):
    read_of = lambda b: b["description"]
    race("strategy, round %d" % (round + 1), "PUT", "/api/v1/strategies/firms",
         [dict(st, description="manager %d, round %d" % (i, round)) for i in range(len(clients))],
         lambda: clients[0].get("/api/v1/strategies/firms").json["description"])
    read_of = lambda b: b["name"]
    race("customer, round %d" % (round + 1), "PATCH", "/api/v1/customers/C002",
         [{"name": "Name %d of round %d" % (i, round)} for i in range(len(clients))],
         lambda: clients[0].get("/api/v1/customers/C002").json["name"])
PY
finish
