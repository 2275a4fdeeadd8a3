#!/usr/bin/env bash
# The work queue administered over the API (issue 13, point 7): the accounts
# each collector works (as the assignment table has them), one account
# given to another collector by hand (the collectors' views follow; the
# next assign keeps it), the assign run on demand (as `recoup assign
# --format json` reports it; a dry run writes nothing), each change in the
# audit trail. A collector gets 403, another tenant 404; bad input names
# the field and changes nothing. And --session-idle: a session unused for
# that long is 401.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

serve_setup_agreements
counts() {
	sql_join " " "SELECT u.name || ':' || COUNT(*) FROM assignment a
	  JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id GROUP BY u.name ORDER BY u.name"
}
serve_py <<'PY'
import json, os
T = os.environ["TMP"]
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
b = sc.Client(s, "bob", "bob-password")
ann = sc.Client(s, "ann", "ann-password")
x = sc.Client(s, "alice", "acme-alice-pw", tenant="acme")
def rebalance(c, body):
    """POST the rebalance (202 and a job), then poll the job until it is no longer running."""
    import time
    r = c.post("/api/v1/assignments/rebalance", body)
    if r.status != 202:
        return r, None
    for _ in range(600):
        job = c.get(r.header("Location"))
        if job.status != 200 or job.json["state"] != "running":
            return r, job
        time.sleep(0.05)
    return r, job
r = a.get("/api/v1/assignments")
sc.expect("a manager reads who works which accounts", r, 200)
loads = {i["collector"]: i["accounts"] for i in r.json["items"]} if r.json else {}
sc.check("... ann 3, bob 2", loads == {"ann": 3, "bob": 2}, r)
sc.check("... with role, team and capacity", r.json["items"][0] == {"collector": "ann", "role": "collector", "team": None,
                                                                    "capacity": 40, "disabled": False, "accounts": 3}, r)
sc.check("bob sees C002 before", b.get("/api/v1/customers/C002").status == 200)
r = a.send("PUT", "/api/v1/assignments/C002", {"collector": "ann"})
sc.expect("a manager gives C002 to ann", r, 200)
sc.check("... it was bob's", r.json == {"customer_ref": "C002", "collector": "ann", "previous": "bob", "changed": True}, r)
sc.expect("... bob no longer sees C002", b.get("/api/v1/customers/C002"), 404, "not_found")
sc.expect("... ann does", ann.get("/api/v1/customers/C002"), 200)
loads = {i["collector"]: i["accounts"] for i in a.get("/api/v1/assignments").json["items"]}
sc.check("... ann 4, bob 1", loads == {"ann": 4, "bob": 1}, loads)
r = a.send("PUT", "/api/v1/assignments/C002", {"collector": "ann"})
sc.check("the same again changes nothing", r.status == 200 and r.json["changed"] is False, r)
started, job = rebalance(a, {"dry_run": True})
sc.expect("a dry run of the assign starts as a job", started, 202)
sc.check("... done", job and job.status == 200 and job.json["state"] == "done", job)
res = job.json["result"] if job and job.json else None
sc.check("... keeps all five, C002 with ann", res and res["dry_run"] is True and res["kept"] == 5
         and res["added"] == 0 and {c["collector"]: c["accounts"] for c in res["collectors"]} == {"ann": 4, "bob": 1}, job)
started, job = rebalance(a, {})
sc.expect("the assign on demand", started, 202)
sc.check("... done", job and job.status == 200 and job.json["state"] == "done", job)
json.dump(job.json["result"] if job and job.json else None, open(T + "/rebalance.json", "w"))
for method, path, body in (("GET", "/api/v1/assignments", None), ("POST", "/api/v1/assignments/rebalance", {}),
                           ("PUT", "/api/v1/assignments/C001", {"collector": "bob"})):
    sc.expect("a collector on %s %s" % (method, path), ann.send(method, path, body), 403, "forbidden")
sc.expect("another tenant's manager giving C001 away", x.send("PUT", "/api/v1/assignments/C001", {"collector": "bob"}),
          404, "not_found")
r = x.get("/api/v1/assignments")
sc.check("... and acme has no collector of ours", r.status == 200 and r.json["items"] == [], r)
items = a.get("/api/v1/audit?limit=1000").json["items"]
set_one = [i for i in items if i["action"] == "assignment.set"]
sc.check("the audit trail has the reassignment, from bob to ann by alice",
         len(set_one) == 1 and set_one[0]["ref"] == "C002" and set_one[0]["actor"] == "alice"
         and set_one[0]["before"] == {"collector": "bob"} and set_one[0]["after"]["collector"] == "ann", set_one)
runs = [i for i in items if i["action"] == "assign.run"]
sc.check("... and one assign run (the dry run is not there)", len(runs) == 1 and runs[0]["after"]["kept"] == 5, runs)
sc.save_clients(T + "/clients.json", {"a": a})
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "the table holds the manual assignment" "ann:4 bob:1" "$(counts)"
expect_eq "... with its reason" "manual" "$(sql "SELECT a.reason FROM assignment a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id WHERE c.ref = 'C002'")"
expect_exit 0 recoup assign --dry-run --format json
python3 - "$TMP/rebalance.json" "$TMP/out" >"$TMP/cmp.out" <<'PY'
import json, sys
api, cli = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
same = {k: api[k] for k in ("overdue", "collectors")} == {k: cli[k] for k in ("overdue", "collectors")}
print("same" if same and api["dry_run"] is False else "differ: %r / %r" % (api, cli))
PY
expect_eq "the API's assign reports as recoup assign --format json" same "$(cat "$TMP/cmp.out")"

sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
db_snapshot
serve_py <<'PY'
import json, os
s = sc.Server()
a = sc.load_clients(s, os.environ["TMP"] + "/clients.json")["a"]
j = {"Content-Type": "application/json"}
def rebalance(c, body):
    """POST the rebalance (202 and a job), then poll the job until it is no longer running."""
    import time
    r = c.post("/api/v1/assignments/rebalance", body)
    if r.status != 202:
        return r, None
    for _ in range(600):
        job = c.get(r.header("Location"))
        if job.status != 200 or job.json["state"] != "running":
            return r, job
        time.sleep(0.05)
    return r, job

bad = [
    ("PUT", "/api/v1/assignments/C001", {"collector": "alice"}, 422, "input", "collector"),
    ("PUT", "/api/v1/assignments/C001", {"collector": "nobody"}, 422, "input", "collector"),
    ("PUT", "/api/v1/assignments/C001", {"collector": "Not A Name"}, 422, "input", "collector"),
    ("PUT", "/api/v1/assignments/C001", {}, 422, "input", "collector"),
    ("PUT", "/api/v1/assignments/C001", {"collector": 7}, 422, "wrong_type", "collector"),
    ("PUT", "/api/v1/assignments/C001", {"who": "bob"}, 400, "unknown_field", "who"),
    ("PUT", "/api/v1/assignments/NOPE", {"collector": "bob"}, 404, "not_found", "ref"),
    ("POST", "/api/v1/assignments/rebalance", "{", 400, "malformed", None),
    ("POST", "/api/v1/assignments/rebalance", {"dry_run": "maybe"}, 422, "input", "dry_run"),
    ("POST", "/api/v1/assignments/rebalance", {"as_of": "2026-01-01"}, 400, "unknown_field", "as_of"),
]
for method, path, body, status, code, field in bad:
    r = a.send(method, path, body, j)
    if sc.expect("refused %s %s %s" % (method, path, json.dumps(body)), r, status, code) and field:
        sc.check("... naming the field %s" % field, r.json["error"]["field"] == field, r)
started, job = rebalance(a, {"dry_run": True})
sc.check("a dry run answers and writes nothing (below)", started.status == 202 and job.json["state"] == "done"
         and job.json["result"]["dry_run"] is True, started, job)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
expect_db_unchanged "the refused requests and the dry run changed nothing"

# --session-idle: the session ends that long after its last request
expect_exit 2 recoup serve --session-idle 0
expect_stderr_contains "--session-idle '0': must be a whole number from 1 to 43200"
serve_py <<'PY'
import time
# moments are whole seconds; the margins leave a loaded machine a second or two
s = sc.Server(["--session-idle", "6"])
a = sc.Client(s, "alice", "alice-password")
sc.expect("signed in", a.signin, 201)
time.sleep(3.5)
sc.expect("a request within the idle time", a.get("/api/v1/assignments"), 200)
time.sleep(3.5)
sc.expect("... which keeps the session alive past its first 6 seconds", a.get("/api/v1/assignments"), 200)
time.sleep(8)
sc.expect("a request after 8 idle seconds", a.get("/api/v1/assignments"), 401, "unauthenticated")
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
finish
