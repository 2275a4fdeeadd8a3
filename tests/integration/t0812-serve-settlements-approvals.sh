#!/usr/bin/env bash
# Settlements and their approvals through the API: an offer within the
# signed-in user's authority is recorded (201, current); beyond it, 403
# naming pay, or with request_approval 202 pending approval; a manager
# approves or rejects (four eyes, within authority, once); a collector gets
# 403 on the approval routes and 404 on customers not assigned to them;
# another tenant's refs and ids are 404; a retried POST with its
# Idempotency-Key creates nothing new; every refusal changes nothing.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
echo "ann-password" | recoup user add ann --role collector --password-stdin >/dev/null
expect_exit 0 recoup assign
expect_eq "ann works C001, C003, C005; bob C002, C004" "C001:ann C002:bob C003:ann C004:bob C005:ann" \
	"$(sql_join " " "SELECT c.ref || ':' || u.name FROM assignment a
  JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
  JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id ORDER BY c.ref")"
expect_exit 0 recoup init --tenant acme
recoup --tenant acme import customers "$(csv_file acme-customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email
X1,Other Creditor's Debtor,company,US,America/New_York,en,USD,ap@x1.example
CSV
)" >/dev/null
recoup --tenant acme import invoices "$(csv_file acme-invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
XI1,X1,2026-01-01,2026-02-01,USD,50.00
CSV
)" >/dev/null
echo "acme-alice-pw" | recoup --tenant acme user add alice --role manager --password-stdin >/dev/null
# acme's settlement waiting for approval: its id must be 404 to the default tenant
expect_exit 0 recoup --tenant acme settlement offer X1 --pay 10.00 --by "$(date -u -d '+5 days' +%F)" \
	--request-approval --by-user alice
ACME_ID=$(sql "SELECT a.id FROM agreement a JOIN tenant t ON t.id = a.tenant_id WHERE t.name = 'acme'")
export ACME_ID

serve_py <<'PY'
import os
s = sc.Server()
clients = {"alice": sc.Client(s, "alice", "alice-password"), "ann": sc.Client(s, "ann", "ann-password")}
sc.save_clients(os.environ["TMP"] + "/clients.json", clients)
s.stop()
PY
db_snapshot

# ---- refusals: none may change anything ----
serve_py <<'PY'
import datetime, os
s = sc.Server()
c = sc.load_clients(s, os.environ["TMP"] + "/clients.json")
alice, ann = c["alice"], c["ann"]
day = lambda n: (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=n)).isoformat()
st = {"customer_ref": "C001", "invoice_refs": ["I-001"], "pay": "1150.00", "pay_by": day(10)}
J = {"Content-Type": "application/json"}
bad = [
    ("not JSON", "{\"pay\":", 400, "malformed", ""),
    ("no pay", {k: v for k, v in st.items() if k != "pay"}, 422, "input", "pay"),
    ("no pay_by", {k: v for k, v in st.items() if k != "pay_by"}, 422, "input", "pay_by"),
    ("a pay_by that is not a date", dict(st, pay_by="2026-13-01"), 422, "input", "pay_by"),
    ("a pay_by before the offer", dict(st, pay_by=day(-1)), 422, "input", "pay_by"),
    ("pay as a JSON number", dict(st, pay=1150), 422, "wrong_type", "pay"),
    ("pay that is not money", dict(st, pay="lots"), 422, "input", "pay"),
    ("pay of the whole balance", dict(st, pay="1200.00"), 422, "input", "pay"),
    ("pay of 0", dict(st, pay="0"), 422, "input", "pay"),
    ("waive of something else", dict(st, waive=["everything"]), 422, "input", "waive"),
    ("waive as a string", dict(st, waive="fees"), 422, "wrong_type", "waive"),
    ("waive fees only, while the offer waives principal", dict(st, waive=["fees"]), 422, "input", "waive"),
    ("request_approval maybe", dict(st, request_approval="maybe"), 422, "input", "request_approval"),
    ("request_approval as a number", dict(st, request_approval=1), 422, "wrong_type", "request_approval"),
    ("an unknown invoice", dict(st, invoice_refs=["NOPE"]), 404, "not_found", "invoice_refs"),
    ("an unknown customer", dict(st, customer_ref="NOPE", invoice_refs=[]), 404, "not_found", "customer_ref"),
    ("another tenant's customer", dict(st, customer_ref="X1", invoice_refs=[]), 404, "not_found", "customer_ref"),
    ("a key the route does not take (by_user: the offer is the caller's)", dict(st, by_user="bob"), 400, "unknown_field", "by_user"),
    ("beyond a manager's authority (principal 50%)", dict(st, pay="600.00"), 403, "forbidden", "pay"),
]
for desc, body, status, code, field in bad:
    r = alice.post("/api/v1/settlements", body, J if isinstance(body, str) else None)
    if sc.expect("POST /api/v1/settlements, " + desc, r, status, code) and field:
        sc.check("... names the field " + field, r.json["error"]["field"] == field, r)
r = ann.post("/api/v1/settlements", dict(st, pay="1000.00"))
sc.expect("a collector beyond their authority (principal 17%) without request_approval", r, 403, "forbidden")
sc.check("... names pay and says the limit", r.json["error"]["field"] == "pay" and "10%" in r.json["error"]["message"], r)
sc.expect("a collector's offer on another collector's customer",
          ann.post("/api/v1/settlements", {"customer_ref": "C002", "pay": "400.00", "pay_by": day(5)}), 404, "not_found")
sc.expect("GET settlements of an unknown state", alice.get("/api/v1/settlements?state=bogus"), 422, "input")
sc.expect("GET settlements of another collector's customer", ann.get("/api/v1/settlements?customer=C002"), 404, "not_found")
sc.expect("GET settlements of another tenant's customer", alice.get("/api/v1/settlements?customer=X1"), 404, "not_found")
# approvals
acme = os.environ["ACME_ID"]
sc.expect("a collector lists the approvals", ann.get("/api/v1/approvals"), 403, "forbidden")
sc.expect("a collector approves", ann.post("/api/v1/approvals/%s/approve" % acme, {}), 403, "forbidden")
sc.expect("a collector rejects", ann.post("/api/v1/approvals/%s/reject" % acme, {"reason": "no"}), 403, "forbidden")
sc.expect("approving another tenant's approval", alice.post("/api/v1/approvals/%s/approve" % acme, {}), 404, "not_found")
sc.expect("rejecting another tenant's approval", alice.post("/api/v1/approvals/%s/reject" % acme, {"reason": "x"}), 404, "not_found")
sc.expect("approving an id that is not a number", alice.post("/api/v1/approvals/x1/approve", {}), 404, "not_found")
sc.expect("approving an unknown id", alice.post("/api/v1/approvals/999/approve", {}), 404, "not_found")
sc.expect("an approval with a key it does not take", alice.post("/api/v1/approvals/%s/approve" % acme, {"by": "ann"}), 400,
          "unknown_field")
sc.expect("an approval body that is not JSON", alice.post("/api/v1/approvals/%s/approve" % acme, "nope", J), 400, "malformed")
sc.expect("a reason as a number", alice.post("/api/v1/approvals/%s/reject" % acme, {"reason": 5}), 422, "wrong_type")
sc.expect("approving with GET", alice.get("/api/v1/approvals/%s/approve" % acme), 405, "method_not_allowed")
sc.check("the manager's queue holds none of acme's", alice.get("/api/v1/approvals").json == {"items": [], "next": None})
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
expect_db_unchanged "the refused settlements and approvals changed nothing"

# ---- offers and decisions ----
serve_py <<'PY'
import datetime, json, os, subprocess
s = sc.Server()
c = sc.load_clients(s, os.environ["TMP"] + "/clients.json")
alice, ann = c["alice"], c["ann"]
day = lambda n: (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=n)).isoformat()
k = {"Idempotency-Key": "st-ann-1"}
within = {"customer_ref": "C001", "invoice_refs": ["I-001"], "pay": "1150.00", "pay_by": day(10)}
r1 = ann.post("/api/v1/settlements", within, k)
sc.expect("a collector's offer within their authority (principal 4%)", r1, 201)
sc.check("... recorded at once, current, made by the collector", r1.json and r1.json["state"] == "current"
         and r1.json["made_by"] == "ann" and r1.json["amount"] == "1150.00" and r1.json["pay_by"] == day(10), r1)
r2 = ann.post("/api/v1/settlements", within, k)
sc.check("the same POST again with its key gets the first answer, replayed",
         r2.status == 201 and r2.json == r1.json and r2.header("Idempotent-Replayed") == "true", r2)
sc.expect("the same key with another body", ann.post("/api/v1/settlements", dict(within, pay="1151.00"), k), 422,
          "idempotency_mismatch")
sc.expect("another offer on an invoice under a current settlement", ann.post("/api/v1/settlements", within), 409, "conflict")
kp = {"Idempotency-Key": "st-ann-2"}
beyond = {"customer_ref": "C001", "invoice_refs": ["I-003"], "pay": "200.00", "pay_by": day(10), "request_approval": True}
p1 = ann.post("/api/v1/settlements", beyond, kp)
sc.expect("a collector's offer beyond their authority with request_approval", p1, 202)
sc.check("... pending approval, the reason saying the limit", p1.json and p1.json["state"] == "pending_approval"
         and "10%" in p1.json["reason"], p1)
p2 = ann.post("/api/v1/settlements", beyond, kp)
sc.check("... retried with its key: the same 202, nothing new", p2.status == 202 and p2.json == p1.json, p2)
far = {"customer_ref": "C001", "invoice_refs": ["I-002"], "pay": "100.50", "pay_by": day(10), "request_approval": "true"}
p3 = ann.post("/api/v1/settlements", far)
sc.expect("an offer beyond a manager's authority too (principal 87%), for approval", p3, 202)
own = alice.post("/api/v1/settlements", {"customer_ref": "C002", "pay": "200.00", "pay_by": day(10),
                                          "request_approval": True})
sc.expect("a manager's own offer beyond their authority, for approval", own, 202)
q = alice.get("/api/v1/approvals")
cli = subprocess.run([sc.RECOUP, "approval", "list", "--format", "json"], capture_output=True, check=True)
sc.check("the approvals are what `recoup approval list --format json` prints",
         q.status == 200 and q.json["items"] == json.loads(cli.stdout) and len(q.json["items"]) == 3, q, cli.stdout)
pa = alice.get("/api/v1/approvals?limit=2")
pb = alice.get("/api/v1/approvals?limit=2&after=" + str(pa.json["next"]))
sc.check("the approvals by pages", [a["id"] for a in pa.json["items"] + pb.json["items"]] == [a["id"] for a in q.json["items"]]
         and pb.json["next"] is None, pa, pb)
sc.expect("the manager approves their own offer (four eyes)",
          alice.post("/api/v1/approvals/%d/approve" % own.json["id"], {}), 403, "forbidden")
sc.expect("the manager approves beyond their authority", alice.post("/api/v1/approvals/%d/approve" % p3.json["id"], {}),
          403, "forbidden")
sc.expect("a rejection without a reason", alice.post("/api/v1/approvals/%d/reject" % p3.json["id"], {}), 422, "input")
rj = alice.post("/api/v1/approvals/%d/reject" % p3.json["id"], {"reason": "too much off"})
sc.expect("the manager rejects it", rj, 200)
sc.check("... rejected, by the manager, with the reason", rj.json and rj.json["state"] == "rejected"
         and rj.json["decided_by"] == "alice" and rj.json["decision_reason"] == "too much off", rj)
ka = {"Idempotency-Key": "approve-1"}
ap = alice.post("/api/v1/approvals/%d/approve" % p1.json["id"], {"reason": "long-standing customer"}, ka)
sc.expect("the manager approves the collector's offer", ap, 200)
sc.check("... current now, decided by the manager", ap.json and ap.json["state"] == "current"
         and ap.json["decided_by"] == "alice" and ap.json["made_by"] == "ann", ap)
again = alice.post("/api/v1/approvals/%d/approve" % p1.json["id"], {"reason": "long-standing customer"}, ka)
sc.check("the approval retried with its key gets the first answer", again.status == 200 and again.json == ap.json, again)
sc.expect("approved again without the key: decided already",
          alice.post("/api/v1/approvals/%d/approve" % p1.json["id"], {}), 409, "conflict")
sc.check("the queue holds the manager's own offer only",
         [a["id"] for a in alice.get("/api/v1/approvals").json["items"]] == [own.json["id"]])
lst = alice.get("/api/v1/settlements")
cli = subprocess.run([sc.RECOUP, "settlement", "list", "--format", "json"], capture_output=True, check=True)
sc.check("the settlements are what `recoup settlement list --format json` prints",
         lst.status == 200 and lst.json["items"] == json.loads(cli.stdout), lst, cli.stdout)
mine = ann.get("/api/v1/settlements")
sc.check("a collector's settlements are their customers'", mine.status == 200
         and sorted(set(x["customer_ref"] for x in mine.json["items"])) == ["C001"] and len(mine.json["items"]) == 3, mine)
pend = alice.get("/api/v1/settlements?state=pending_approval&customer=C002")
sc.check("filters: state and customer", [x["id"] for x in pend.json["items"]] == [own.json["id"]], pend)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
DEF="(SELECT id FROM tenant WHERE name = 'default')"
expect_eq "four settlements, one per request" "4" "$(sql "SELECT count(*) FROM agreement WHERE kind = 'settlement' AND tenant_id = $DEF")"
expect_eq "the offers audited as their makers" "settlement.offer:ann settlement.request:ann settlement.request:ann settlement.request:alice" \
	"$(sql_join " " "SELECT action || ':' || actor FROM audit_log WHERE action LIKE 'settlement.%' AND tenant_id = $DEF ORDER BY id")"
expect_eq "the decisions audited as the manager" "approval.reject:alice approval.approve:alice" \
	"$(sql_join " " "SELECT action || ':' || actor FROM audit_log WHERE action LIKE 'approval.%' AND tenant_id = $DEF ORDER BY id")"
expect_eq "acme's settlement still waits" "pending_approval" \
	"$(sql "SELECT state FROM agreement WHERE id = $ACME_ID")"
finish
