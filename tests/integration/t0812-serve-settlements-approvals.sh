#!/usr/bin/env bash
# Settlements, write-offs and their approvals through the API: an offer within the
# signed-in user's authority is recorded (201, current); beyond it, 403
# naming pay, or with request_approval 202 pending approval; a manager
# approves or rejects (four eyes, within authority, once); a collector gets
# 403 on the approval routes and 404 on customers not assigned to them;
# another tenant's refs and ids are 404; a retried POST with its
# Idempotency-Key creates nothing new; every refusal changes nothing.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

serve_setup_agreements
echo "ada-password" | recoup user add ada --role admin --password-stdin >/dev/null
# acme's settlement waiting for approval: its id must be 404 to the default tenant
expect_exit 0 recoup --tenant acme settlement offer X1 --pay 10.00 --by "$(date -u -d '+5 days' +%F)" \
	--request-approval --by-user alice
ACME_ID=$(sql "SELECT a.id FROM agreement a JOIN tenant t ON t.id = a.tenant_id WHERE t.name = 'acme'")
export ACME_ID
# a manager's token bound to no user (an ERP): it names no one to record as who offered or decided
ERP=$(recoup token create erp --role manager)
export ERP

serve_py <<'PY'
import os
s = sc.Server()
clients = {"alice": sc.Client(s, "alice", "alice-password"), "ann": sc.Client(s, "ann", "ann-password"),
           "ada": sc.Client(s, "ada", "ada-password")}
sc.save_clients(os.environ["TMP"] + "/clients.json", clients)
s.stop()
PY
db_snapshot

# ---- refusals: none may change anything ----
serve_py <<'PY'
import datetime, os
s = sc.Server()
c = sc.load_clients(s, os.environ["TMP"] + "/clients.json")
alice, ann, ada = c["alice"], c["ann"], c["ada"]
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
erp = sc.Client(s, token=os.environ["ERP"])
for desc, r in (("a settlement", erp.post("/api/v1/settlements", st)),
                ("a write-off", erp.post("/api/v1/writeoffs", {"customer_ref": "C003", "reason": "gone"})),
                ("an approval", erp.post("/api/v1/approvals/1/approve", {}))):
    sc.expect("%s by a token bound to no user: 403, not 422 for an option the API has not" % desc, r, 403, "forbidden")
    sc.check("... says why and what to use instead", "bound to no user" in r.json["error"]["message"]
             and "by_user" not in r.json["error"]["message"], r)
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
# write-offs
wo = {"customer_ref": "C003", "reason": "debtor emigrated"}
for desc, body, status, code, field in (
        ("no reason", {"customer_ref": "C003"}, 422, "input", "reason"),
        ("an unknown invoice", dict(wo, invoice_refs=["NOPE"]), 404, "not_found", "invoice_refs"),
        ("an unknown customer", dict(wo, customer_ref="NOPE"), 404, "not_found", "customer_ref"),
        ("another tenant's customer", dict(wo, customer_ref="X1"), 404, "not_found", "customer_ref"),
        ("a currency the customer owes nothing in", dict(wo, currency="EUR"), 422, "input", "customer_ref"),
        ("a reason as a number", dict(wo, reason=7), 422, "wrong_type", "reason")):
    r = alice.post("/api/v1/writeoffs", body)
    if sc.expect("POST /api/v1/writeoffs, " + desc, r, status, code):
        sc.check("... names the field " + field, r.json["error"]["field"] == field, r)
sc.expect("a collector's write-off on another collector's customer",
          ann.post("/api/v1/writeoffs", dict(wo, customer_ref="C002")), 404, "not_found")
sc.expect("GET write-offs of another collector's customer", ann.get("/api/v1/writeoffs?customer=C002"), 404, "not_found")
# the authority limits: an admin's to set
au = "/api/v1/settings/authority"
sc.expect("a collector sets the authority limits", ann.post(au, {"role": "collector", "waive_principal_max": "20%"}), 403, "forbidden")
sc.expect("a manager sets the authority limits (their own bound)", alice.post(au, {"role": "manager", "waive_principal_max": "90%"}),
          403, "forbidden")
for desc, body, status, code, field in (
        ("a role that is not one", {"role": "boss", "waive_principal_max": "20"}, 422, "input", "role"),
        ("over 100%", {"role": "collector", "waive_principal_max": "150%"}, 422, "input", "waive_principal_max"),
        ("no percentage", {"role": "collector"}, 422, "input", "waive_principal_max"),
        ("a kind that is not one", {"role": "collector", "waive_principal_max": "20", "kind": "alien"}, 422, "input", "kind"),
        ("a balance that is not money", {"role": "collector", "waive_principal_max": "20", "balance_under": "-5"}, 422, "input",
         "balance_under"),
        ("a key it does not take", {"role": "collector", "waive_principal_max": "20", "write_off": True}, 400, "unknown_field",
         "write_off")):
    r = ada.post(au, body)
    if sc.expect("POST %s, %s" % (au, desc), r, status, code):
        sc.check("... names the field " + field, r.json["error"]["field"] == field, r)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
expect_db_unchanged "the refused settlements and approvals changed nothing"

# ---- offers and decisions ----
serve_py <<'PY'
import datetime, json, os, subprocess
s = sc.Server()
c = sc.load_clients(s, os.environ["TMP"] + "/clients.json")
alice, ann, ada = c["alice"], c["ann"], c["ada"]
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
kw = {"Idempotency-Key": "wo-1"}
w1 = ann.post("/api/v1/writeoffs", {"customer_ref": "C003", "reason": "debtor emigrated"}, kw)
sc.expect("a collector requests a write-off", w1, 202)
sc.check("... pending approval, of the balance, nothing recovered", w1.json and w1.json["state"] == "pending_approval"
         and w1.json["kind"] == "write_off" and w1.json["amount"] == "125000" and w1.json["recovered"] == "0", w1)
w2 = ann.post("/api/v1/writeoffs", {"customer_ref": "C003", "reason": "debtor emigrated"}, kw)
sc.check("... retried with its key: the same answer, nothing new", w2.status == 202 and w2.json == w1.json, w2)
wa = alice.post("/api/v1/approvals/%d/approve" % w1.json["id"], {"reason": "agreed"})
sc.check("the manager approves it: posted", wa.status == 200 and wa.json["state"] == "posted", wa)
wl = alice.get("/api/v1/writeoffs")
cli = subprocess.run([sc.RECOUP, "writeoff", "list", "--format", "json"], capture_output=True, check=True)
sc.check("the write-offs are what `recoup writeoff list --format json` prints",
         wl.status == 200 and wl.json["items"] == json.loads(cli.stdout) and len(wl.json["items"]) == 1, wl, cli.stdout)
sc.check("the collector sees it (their customer's)", [w["id"] for w in ann.get("/api/v1/writeoffs").json["items"]] == [w1.json["id"]])
inv = alice.get("/api/v1/invoices?customer=C003")
sc.check("C003 owes nothing now", inv.status == 200 and inv.json["items"] == [], inv)
lst = alice.get("/api/v1/settlements")
cli = subprocess.run([sc.RECOUP, "settlement", "list", "--format", "json"], capture_output=True, check=True)
sc.check("the settlements are what `recoup settlement list --format json` prints",
         lst.status == 200 and lst.json["items"] == json.loads(cli.stdout), lst, cli.stdout)
mine = ann.get("/api/v1/settlements")
sc.check("a collector's settlements are their customers'", mine.status == 200
         and sorted(set(x["customer_ref"] for x in mine.json["items"])) == ["C001"] and len(mine.json["items"]) == 3, mine)
pend = alice.get("/api/v1/settlements?state=pending_approval&customer=C002")
sc.check("filters: state and customer", [x["id"] for x in pend.json["items"]] == [own.json["id"]], pend)
au = "/api/v1/settings/authority"
doc = ann.get(au)
sc.check("a collector reads the authority limits: the default", doc.status == 200 and doc.json["plan_grace_days"] == 3
         and [l["principal_max_percent"] for l in doc.json["limits"] if l["role"] == "collector"] == [10], doc)
offer = {"customer_ref": "C001", "invoice_refs": ["I-002"], "pay": "700.00", "pay_by": day(10)}
sc.expect("a collector's offer waiving 12.6% of principal", ann.post("/api/v1/settlements", offer), 403, "forbidden")
r = ada.post(au, {"role": "collector", "waive_principal_max": "20%", "balance_under": "5000.00"})
sc.check("an admin raises the collectors' limit to 20%", r.status == 200
         and [l["principal_max_percent"] for l in r.json["limits"] if l["role"] == "collector"] == [20], r)
sc.expect("... and the same offer is within it now", ann.post("/api/v1/settlements", offer), 201)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
DEF="(SELECT id FROM tenant WHERE name = 'default')"
expect_eq "five settlements, one per request" "5" "$(sql "SELECT count(*) FROM agreement WHERE kind = 'settlement' AND tenant_id = $DEF")"
expect_eq "the offers audited as their makers" "settlement.offer:ann settlement.request:ann settlement.request:ann settlement.request:alice settlement.offer:ann" \
	"$(sql_join " " "SELECT action || ':' || actor FROM audit_log WHERE action LIKE 'settlement.%' AND tenant_id = $DEF ORDER BY id")"
expect_eq "the decisions audited as the manager" "approval.reject:alice approval.approve:alice approval.approve:alice" \
	"$(sql_join " " "SELECT action || ':' || actor FROM audit_log WHERE action LIKE 'approval.%' AND tenant_id = $DEF ORDER BY id")"
expect_eq "the write-off requested as the collector" "ann" "$(sql "SELECT actor FROM audit_log WHERE action = 'writeoff.request'")"
expect_eq "the authority set by the admin" "ada" "$(sql "SELECT actor FROM audit_log WHERE action = 'authority.set'")"
expect_eq "acme's settlement still waits" "pending_approval" \
	"$(sql "SELECT state FROM agreement WHERE id = $ACME_ID")"
finish
