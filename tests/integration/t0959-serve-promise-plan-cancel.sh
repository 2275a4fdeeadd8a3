#!/usr/bin/env bash
# The API's side of t0955-t0958: POST /api/v1/promises/{id}/cancel and
# /api/v1/plans/{id}/cancel (`reason` required, `at`) cancel as `promise
# cancel` and `plan cancel` do, as the signed-in user (audited), a collector
# only on the customers assigned to them (404 otherwise, as an unknown id);
# another tenant's id is 404, a promise or plan cancelled or judged already
# 409, a missing reason 422 naming it, every refusal in the API's error shape
# and changing nothing; a retried POST with its Idempotency-Key cancels
# nothing new and gets the first answer. A promise created on the same debt
# as a current one names the one it replaced ("replaced"); a plan whose first
# instalment is more than 366 days ahead is 422 naming `first` or
# `instalments`.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

serve_setup_agreements
day() { date -u -d "+$1 days" +%F; }
# what the refusals aim at: bob's customer's promise and plan, a cancelled promise and plan, acme's own
expect_exit 0 recoup promise add C002 --amount 50.00 --date "$(day 10)" --currency PLN --by alice
expect_exit 0 recoup plan add C004 --count 2 --every month --first "$(day 5)" --by alice
expect_exit 0 recoup promise add C005 --amount 10.00 --date "$(day 10)" --by alice
expect_exit 0 recoup promise cancel 2 --reason "entered twice"
expect_exit 0 recoup plan add C005 --count 2 --every month --first "$(day 5)" --by alice
expect_exit 0 recoup plan cancel 2 --reason "entered twice"
expect_exit 0 recoup --tenant acme promise add X1 --amount 50.00 --date "$(day 10)"
expect_exit 0 recoup --tenant acme plan add X1 --instalment "$(day 20):50.00"
ACME_PROMISE=$(sql "SELECT p.id FROM promise p JOIN tenant t ON t.id = p.tenant_id WHERE t.name = 'acme'")
ACME_PLAN=$(sql "SELECT a.id FROM agreement a JOIN tenant t ON t.id = a.tenant_id WHERE t.name = 'acme'")
export ACME_PROMISE ACME_PLAN

serve_py <<'PY'
import os
s = sc.Server()
clients = {"alice": sc.Client(s, "alice", "alice-password"), "ann": sc.Client(s, "ann", "ann-password")}
sc.save_clients(os.environ["TMP"] + "/clients.json", clients)
s.stop()
PY
db_snapshot
serve_py <<'PY'
import datetime, os
s = sc.Server()
c = sc.load_clients(s, os.environ["TMP"] + "/clients.json")
alice, ann = c["alice"], c["ann"]
day = lambda n: (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=n)).isoformat()
J = {"Content-Type": "application/json"}
acme_promise, acme_plan = os.environ["ACME_PROMISE"], os.environ["ACME_PLAN"]
ok = {"reason": "entered by mistake"}
for what, live, done, theirs in (("promises", "1", "2", acme_promise), ("plans", "1", "2", acme_plan)):
    path = "/api/v1/%s/%%s/cancel" % what
    bad = [
        ("not JSON", live, "{", 400, "malformed", ""),
        ("no reason", live, {}, 422, "input", "reason"),
        ("an empty reason", live, {"reason": ""}, 422, "input", "reason"),
        ("a reason with a control character", live, {"reason": "a\u0007b"}, 422, "input", "reason"),
        ("a reason as a JSON number", live, {"reason": 7}, 422, "wrong_type", "reason"),
        ("a key the route does not take", live, dict(ok, by="mallory"), 400, "unknown_field", "by"),
        ("a moment ahead of the clock", live, dict(ok, at=day(3) + "T00:00:00Z"), 422, "input", "at"),
        ("a moment that is not one", live, dict(ok, at="yesterday"), 422, "input", "at"),
        ("an unknown id", "99999", ok, 404, "not_found", "id"),
        ("an id that is not a number", "abc", ok, 404, "not_found", "id"),
        ("another tenant's id", theirs, ok, 404, "not_found", "id"),
        ("one cancelled already", done, ok, 409, "conflict", "id"),
    ]
    for desc, id, body, status, code, field in bad:
        r = alice.post(path % id, body, J if isinstance(body, str) else None)
        if sc.expect("POST %s, %s" % (path % id, desc), r, status, code) and field:
            sc.check("... names the field " + field, r.json["error"]["field"] == field, r)
    r = alice.post(path % done, ok)
    m = r.json["error"]["message"]
    sc.check("... and says why", "is cancelled already" in m and "entered twice)" in m, r)
    sc.expect("a collector on another collector's customer's " + what, ann.post(path % live, ok), 404, "not_found")
    sc.expect("no credential", s.request("POST", path % live, ok), 401, "unauthenticated")
    sc.expect("a cookie write without the CSRF token", s.request("POST", path % live, ok, {"Cookie": alice.cookie}),
              403, "csrf")
for desc, body, field, start in (
        ("a first instalment 400 days ahead (count)", {"customer_ref": "C001", "count": "2", "every": "month", "first": day(400)},
         "first", "first " + day(400) + " is more than 366 days after the plan"),
        ("a first instalment 400 days ahead (instalments)", {"customer_ref": "C001", "instalments": [day(400) + ":1200.00"]},
         "instalments", "instalments 1 is due " + day(400) + ", more than 366 days after the plan")):
    r = alice.post("/api/v1/plans", body)
    if sc.expect("POST /api/v1/plans, " + desc, r, 422, "input"):
        sc.check("... names the field " + field + " and the limit", r.json["error"]["field"] == field
                 and r.json["error"]["message"].startswith(start), r)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
expect_db_unchanged "the refused cancellations and plans changed nothing"

serve_py <<'PY'
import datetime, json, os, subprocess
s = sc.Server()
c = sc.load_clients(s, os.environ["TMP"] + "/clients.json")
alice, ann = c["alice"], c["ann"]
day = lambda n: (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=n)).isoformat()
# a second promise on the same debt replaces the first
p1 = ann.post("/api/v1/promises", {"customer_ref": "C001", "amount": "100.00", "date": day(10), "invoice_refs": ["I-001"]})
sc.check("a promise on I-001 replaces nothing", p1.status == 201 and p1.json["replaced"] == [], p1)
p2 = ann.post("/api/v1/promises", {"customer_ref": "C001", "amount": "300.00", "date": day(12)})
sc.check("a promise on C001's whole account names the one it replaced",
         p2.status == 201 and p2.json["replaced"] == [p1.json["id"]] and p2.json["state"] == "current", p2)
lst = ann.get("/api/v1/promises?customer=C001")
sc.check("... which is listed cancelled, replaced by the new one",
         [(p["id"], p["state"], p["end_reason"]) for p in lst.json["items"]]
         == [(p1.json["id"], "cancelled", "replaced by promise %d" % p2.json["id"]), (p2.json["id"], "current", "")], lst)
# a collector cancels it, once
path = "/api/v1/promises/%d/cancel" % p2.json["id"]
k = {"Idempotency-Key": "cancel-1"}
r1 = ann.post(path, {"reason": "the debtor disputes instead"}, k)
sc.expect("a collector cancels a promise of an assigned customer", r1, 200)
sc.check("... the promise, cancelled with the reason, the day it ended",
         r1.json and r1.json["state"] == "cancelled" and r1.json["end_reason"] == "the debtor disputes instead"
         and r1.json["settled_on"] == day(0) and r1.json["made_by"] == "ann", r1)
r2 = ann.post(path, {"reason": "the debtor disputes instead"}, k)
sc.check("the same POST again with its key gets the first answer, replayed",
         r2.status == 200 and r2.json == r1.json and r2.header("Idempotent-Replayed") == "true", r2)
sc.expect("the same key with another body", ann.post(path, {"reason": "other"}, k), 422, "idempotency_mismatch")
sc.expect("another key: cancelled already", ann.post(path, {"reason": "again"}), 409, "conflict")
cli = subprocess.run([sc.RECOUP, "promise", "list", "--format", "json"], capture_output=True, check=True)
sc.check("the answer is the promise as `recoup promise list --format json` prints it",
         [p for p in json.loads(cli.stdout) if p["id"] == r1.json["id"]] == [r1.json], cli.stdout)
r = alice.post("/api/v1/promises/1/cancel", {"reason": "the customer paid another way"})
sc.check("a manager cancels a promise of bob's customer",
         r.status == 200 and r.json["state"] == "cancelled" and r.json["customer_ref"] == "C002", r)
# plans
pl = ann.post("/api/v1/plans", {"customer_ref": "C003", "count": "2", "every": "month", "first": day(5)})
sc.expect("a collector agrees a plan", pl, 201)
path = "/api/v1/plans/%d/cancel" % pl.json["id"]
k = {"Idempotency-Key": "plan-cancel-1"}
r1 = ann.post(path, {"reason": "renegotiated"}, k)
sc.expect("the collector cancels it", r1, 200)
cli = subprocess.run([sc.RECOUP, "plan", "show", str(pl.json["id"]), "--format", "json"], capture_output=True, check=True)
sc.check("... the plan as `recoup plan show --format json` prints it: cancelled, the reason",
         r1.json == json.loads(cli.stdout) and r1.json["state"] == "cancelled" and r1.json["end_reason"] == "renegotiated",
         r1, cli.stdout)
r2 = ann.post(path, {"reason": "renegotiated"}, k)
sc.check("the same POST again with its key gets the first answer, replayed",
         r2.status == 200 and r2.json == r1.json and r2.header("Idempotent-Replayed") == "true", r2)
sc.expect("another key: cancelled already", ann.post(path, {"reason": "again"}), 409, "conflict")
lst = alice.get("/api/v1/plans?state=cancelled")
sc.check("GET /api/v1/plans?state=cancelled", lst.status == 200
         and [p["id"] for p in lst.json["items"]] == [2, pl.json["id"]], lst)
r = alice.post("/api/v1/plans/1/cancel", {"reason": "entered on the wrong customer"})
sc.check("a manager cancels a plan of bob's customer", r.status == 200 and r.json["state"] == "cancelled", r)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "the cancellations audited as their callers (the replacement as its maker's)" \
	"promise.cancel:cli plan.cancel:cli promise.cancel:ann promise.cancel:ann promise.cancel:alice plan.cancel:ann plan.cancel:alice" \
	"$(sql_join ' ' "SELECT action || ':' || CASE WHEN origin = 'cli' THEN 'cli' ELSE actor END FROM audit_log WHERE action LIKE '%.cancel' ORDER BY id")"
expect_eq "no hold of a cancelled promise or plan is current" "0" \
	"$(sql "SELECT COUNT(*) FROM account_hold h WHERE h.ended_at IS NULL AND ((h.kind = 'promise' AND h.source_id IN (SELECT id FROM promise WHERE state = 'cancelled')) OR (h.kind = 'plan' AND h.source_id IN (SELECT id FROM agreement WHERE state = 'cancelled')))")"
finish
