#!/usr/bin/env bash
# Disputes and the credit policy through the API: a dispute opened on an
# invoice (the signed-in user as opener), listed with the keys `recoup
# dispute list --format json` prints, resolved by a manager (a credit note
# when granted); the credit check answers as `recoup credit check --format
# json` does, and a manager sets and releases a credit hold and records the
# credit terms. A collector only on the customers assigned to them (404
# otherwise) and 403 on the manager's routes; another tenant's refs and ids
# 404; a retried POST with its Idempotency-Key creates nothing new, the same
# key with another body 422; every refusal names its field and changes
# nothing.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

serve_setup_agreements
# acme's dispute, whose id must be 404 to the default tenant
expect_exit 0 recoup --tenant acme dispute open X1 --invoice XI1 --reason damaged
ACME_ID=$(sql "SELECT d.id FROM dispute d JOIN tenant t ON t.id = d.tenant_id WHERE t.name = 'acme'")
# an open dispute of the default tenant, on bob's customer C004, for the resolve refusals
expect_exit 0 recoup dispute open C004 --invoice I-030 --reason not_received
OPEN_ID=$(sql "SELECT d.id FROM dispute d JOIN tenant t ON t.id = d.tenant_id WHERE t.name = 'default'")
export ACME_ID OPEN_ID

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
acme, open_id = os.environ["ACME_ID"], os.environ["OPEN_ID"]
J = {"Content-Type": "application/json"}
dp = {"customer_ref": "C005", "invoice_ref": "I-040", "reason": "damaged"}
bad = [
    ("not JSON", "[1,", 400, "malformed", ""),
    ("no reason", {k: v for k, v in dp.items() if k != "reason"}, 422, "input", "reason"),
    ("no invoice", {k: v for k, v in dp.items() if k != "invoice_ref"}, 422, "input", "invoice_ref"),
    ("a reason that is not one of the tenant's codes", dict(dp, reason="bored"), 422, "input", "reason"),
    ("a reason over 32 bytes", dict(dp, reason="r" * 33), 422, "too_long", "reason"),
    ("a list of invoices (one invoice a dispute)", dict(dp, invoice_refs=["I-040"]), 400, "unknown_field", "invoice_refs"),
    ("an unknown invoice", dict(dp, invoice_ref="NOPE"), 404, "not_found", "invoice_ref"),
    ("another customer's invoice", dict(dp, invoice_ref="I-001"), 422, "input", "invoice_ref"),
    ("an invoice disputed already", dict(dp, customer_ref="C004", invoice_ref="I-030"), 409, "conflict", "invoice_ref"),
    ("an unknown customer", dict(dp, customer_ref="NOPE"), 404, "not_found", "customer_ref"),
    ("another tenant's customer", dict(dp, customer_ref="X1", invoice_ref="XI1"), 404, "not_found", "customer_ref"),
    ("a deadline that is not a date", dict(dp, deadline="31/12/2026"), 422, "input", "deadline"),
    ("a deadline before the day", dict(dp, deadline=day(-1)), 422, "input", "deadline"),
    ("a moment ahead of the clock", dict(dp, at=day(2) + "T00:00:00Z"), 422, "input", "at"),
    ("a note as a number", dict(dp, note=5), 422, "wrong_type", "note"),
]
for desc, body, status, code, field in bad:
    r = alice.post("/api/v1/disputes", body, J if isinstance(body, str) else None)
    if sc.expect("POST /api/v1/disputes, " + desc, r, status, code) and field:
        sc.check("... names the field " + field, r.json["error"]["field"] == field, r)
sc.expect("a collector's dispute on another collector's customer",
          ann.post("/api/v1/disputes", {"customer_ref": "C002", "invoice_ref": "I-010", "reason": "damaged"}), 404, "not_found")
res = "/api/v1/disputes/%s/resolve" % open_id
bad = [
    ("an outcome that is not one", {"outcome": "won"}, 422, "input", "outcome"),
    ("no outcome", {}, 422, "input", "outcome"),
    ("credited without a credit", {"outcome": "credited"}, 422, "input", "credit"),
    ("rejected with a credit", {"outcome": "rejected", "credit": "1.000"}, 422, "input", "credit"),
    ("a credit over the invoice's balance", {"outcome": "upheld", "credit": "75.126"}, 422, "input", "credit"),
    ("a credit as a number", {"outcome": "upheld", "credit": 5}, 422, "wrong_type", "credit"),
    ("a credit that is not money", {"outcome": "upheld", "credit": "5.0001"}, 422, "input", "credit"),
]
for desc, body, status, code, field in bad:
    r = alice.post(res, body)
    if sc.expect("resolving, " + desc, r, status, code) and field:
        sc.check("... names the field " + field, r.json["error"]["field"] == field, r)
sc.expect("a collector resolves a dispute", ann.post(res, {"outcome": "rejected"}), 403, "forbidden")
sc.expect("resolving another tenant's dispute", alice.post("/api/v1/disputes/%s/resolve" % acme, {"outcome": "rejected"}),
          404, "not_found")
sc.expect("resolving an unknown dispute", alice.post("/api/v1/disputes/999/resolve", {"outcome": "rejected"}), 404, "not_found")
sc.expect("resolving dispute -1", alice.post("/api/v1/disputes/-1/resolve", {"outcome": "rejected"}), 404, "not_found")
sc.expect("GET disputes of an unknown state", alice.get("/api/v1/disputes?state=lost"), 422, "input")
sc.expect("GET disputes with overdue=maybe", alice.get("/api/v1/disputes?overdue=maybe"), 400, "usage")
sc.expect("GET disputes with a bad as_of", alice.get("/api/v1/disputes?as_of=tomorrow"), 400, "usage")
sc.expect("GET disputes of another collector's customer", ann.get("/api/v1/disputes?customer=C004"), 404, "not_found")
sc.expect("GET disputes of another tenant's customer", alice.get("/api/v1/disputes?customer=X1"), 404, "not_found")
sc.check("a collector's list holds none of another collector's disputes", ann.get("/api/v1/disputes").json["items"] == [])
# the credit routes
sc.expect("a credit check without an amount", alice.get("/api/v1/credit/C001"), 400, "usage")
r = alice.get("/api/v1/credit/C001?amount=lots")
sc.expect("a credit check of an amount that is not money", r, 422, "input")
sc.check("... names amount", r.json["error"]["field"] == "amount", r)
sc.expect("a credit check of 0", alice.get("/api/v1/credit/C001?amount=0"), 422, "input")
sc.expect("a credit check with a bad as_of", alice.get("/api/v1/credit/C001?amount=1&as_of=2026-02-30"), 400, "usage")
sc.expect("a credit check of an unknown customer", alice.get("/api/v1/credit/NOPE?amount=1"), 404, "not_found")
sc.expect("a credit check of another tenant's customer", alice.get("/api/v1/credit/X1?amount=1"), 404, "not_found")
sc.expect("a collector's credit check of another collector's customer", ann.get("/api/v1/credit/C002?amount=1"), 404, "not_found")
for verb, body in (("hold", {}), ("release", {}), ("terms", {"application_signed": day(-1)})):
    sc.expect("a collector on POST /credit/{ref}/" + verb, ann.post("/api/v1/credit/C001/" + verb, body), 403, "forbidden")
    sc.expect("another tenant's customer on POST /credit/{ref}/" + verb, alice.post("/api/v1/credit/X1/" + verb, body),
              404, "not_found")
sc.expect("releasing a customer not on hold", alice.post("/api/v1/credit/C001/release", {}), 409, "conflict")
sc.expect("a hold reason as a number", alice.post("/api/v1/credit/C001/hold", {"reason": 1}), 422, "wrong_type")
sc.expect("a hold with a key it does not take", alice.post("/api/v1/credit/C001/hold", {"until": day(3)}), 400, "unknown_field")
bad = [
    ("no term", {}, 422, "input", "application_signed"),
    ("a date that is not one", {"application_signed": "2026-02-30"}, 422, "input", "application_signed"),
    ("a date ahead of the day", {"references_checked": day(2)}, 422, "input", "references_checked"),
    ("the credit limit (a customers.csv column)", {"credit_limit": "500.00"}, 400, "unknown_field", "credit_limit"),
]
for desc, body, status, code, field in bad:
    r = alice.post("/api/v1/credit/C001/terms", body)
    if sc.expect("credit terms, " + desc, r, status, code) and field:
        sc.check("... names the field " + field, r.json["error"]["field"] == field, r)
# the settings
pol, rsn = "/api/v1/settings/credit-policy", "/api/v1/settings/dispute-reasons"
sc.expect("a collector sets the credit policy", ann.post(pol, {"overdue_days": "90"}), 403, "forbidden")
sc.expect("a collector sets the dispute reasons", ann.post(rsn, {"reasons": ["other"]}), 403, "forbidden")
for path, desc, body, status, code, field in (
        (pol, "0 days", {"overdue_days": "0"}, 422, "input", "overdue_days"),
        (pol, "3651 days", {"overdue_days": "3651"}, 422, "input", "overdue_days"),
        (pol, "a fee over 100%", {"nsf_fee_bp": "10001"}, 422, "input", "nsf_fee_bp"),
        (pol, "a fee as a number", {"nsf_fee_bp": 500}, 422, "wrong_type", "nsf_fee_bp"),
        (pol, "a key it does not take", {"credit_limit": "10"}, 400, "unknown_field", "credit_limit"),
        (rsn, "no reasons", {}, 422, "input", "reasons"),
        (rsn, "an empty list", {"reasons": []}, 422, "input", "reasons"),
        (rsn, "a code that is not one", {"reasons": ["Not Delivered"]}, 422, "input", "reasons"),
        (rsn, "a code twice", {"reasons": ["other", "other"]}, 422, "input", "reasons"),
        (rsn, "a code over 32 bytes", {"reasons": ["x" * 33]}, 422, "too_long", "reasons"),
        (rsn, "the codes as a string", {"reasons": "other"}, 422, "wrong_type", "reasons")):
    r = alice.post(path, body)
    if sc.expect("POST %s, %s" % (path, desc), r, status, code):
        sc.check("... names the field " + field, r.json["error"]["field"] == field, r)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
expect_db_unchanged "the refused disputes and credit writes changed nothing"

# ---- disputes and the credit policy at work ----
serve_py <<'PY'
import datetime, json, os, subprocess
s = sc.Server()
c = sc.load_clients(s, os.environ["TMP"] + "/clients.json")
alice, ann = c["alice"], c["ann"]
day = lambda n: (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=n)).isoformat()
k = {"Idempotency-Key": "dp-ann-1"}
dp = {"customer_ref": "C005", "invoice_ref": "I-040", "reason": "damaged", "note": "crushed box"}
d1 = ann.post("/api/v1/disputes", dp, k)
sc.expect("a collector opens a dispute on an assigned customer's invoice", d1, 201)
sc.check("... open, by the collector, with the invoice's balance", d1.json and d1.json["state"] == "open"
         and d1.json["opened_by"] == "ann" and d1.json["balance"] == "990.90" and d1.json["note"] == "crushed box", d1)
d2 = ann.post("/api/v1/disputes", dp, k)
sc.check("the same POST again with its key gets the first answer, replayed",
         d2.status == 201 and d2.json == d1.json and d2.header("Idempotent-Replayed") == "true", d2)
sc.expect("the same key with another body", ann.post("/api/v1/disputes", dict(dp, reason="other"), k), 422, "idempotency_mismatch")
sc.expect("the same dispute again without the key", ann.post("/api/v1/disputes", dp), 409, "conflict")
d3 = alice.post("/api/v1/disputes", {"customer_ref": "C002", "invoice_ref": "I-010", "reason": "wrong_price",
                                     "deadline": day(1)})
sc.expect("a manager opens a dispute with a deadline", d3, 201)
lst = alice.get("/api/v1/disputes")
cli = subprocess.run([sc.RECOUP, "dispute", "list", "--format", "json"], capture_output=True, check=True)
sc.check("the disputes are what `recoup dispute list --format json` prints",
         lst.status == 200 and lst.json["items"] == json.loads(cli.stdout) and len(lst.json["items"]) == 3, lst, cli.stdout)
sc.check("a collector's disputes are their customers'",
         [d["id"] for d in ann.get("/api/v1/disputes").json["items"]] == [d1.json["id"]])
od = alice.get("/api/v1/disputes?overdue=true&as_of=" + day(5))
sc.check("overdue as of a later day: the one past its deadline", od.status == 200
         and [d["id"] for d in od.json["items"]] == [d3.json["id"]] and od.json["items"][0]["overdue"] is True, od)
sc.check("none overdue today", alice.get("/api/v1/disputes?overdue=true").json["items"] == [])
p1 = alice.get("/api/v1/disputes?limit=2")
p2 = alice.get("/api/v1/disputes?limit=2&after=" + str(p1.json["next"]))
sc.check("the disputes by pages", [d["id"] for d in p1.json["items"] + p2.json["items"]] == [d["id"] for d in lst.json["items"]]
         and p2.json["next"] is None, p1, p2)
kr = {"Idempotency-Key": "resolve-1"}
res = "/api/v1/disputes/%d/resolve" % d1.json["id"]
r1 = alice.post(res, {"outcome": "credited", "credit": "90.90"}, kr)
sc.expect("the manager resolves it with a credit", r1, 200)
sc.check("... credited, by the manager", r1.json and r1.json["state"] == "credited" and r1.json["resolved_by"] == "alice"
         and r1.json["credit"] == "90.90", r1)
r2 = alice.post(res, {"outcome": "credited", "credit": "90.90"}, kr)
sc.check("retried with its key: the first answer", r2.status == 200 and r2.json == r1.json, r2)
sc.expect("resolved again without the key", alice.post(res, {"outcome": "rejected"}), 409, "conflict")
os.environ["D1"] = str(d1.json["id"])
# credit
chk = ann.get("/api/v1/credit/C001?amount=10.00")
cli = subprocess.run([sc.RECOUP, "credit", "check", "C001", "--amount", "10.00", "--format", "json"], capture_output=True, check=True)
sc.check("a collector's credit check is what `recoup credit check --format json` prints",
         chk.status == 200 and chk.json == json.loads(cli.stdout), chk, cli.stdout)
sc.check("... refused, for every reason that holds", chk.json["decision"] == "refuse" and
         [x["code"] for x in chk.json["reasons"]] == ["over_limit", "seriously_overdue", "no_signed_application",
                                                     "references_not_checked"], chk)
kh = {"Idempotency-Key": "hold-1"}
h1 = alice.post("/api/v1/credit/C001/hold", {"reason": "cheque bounced"}, kh)
sc.check("a manager sets a credit hold", h1.status == 200 and h1.json == {"customer_ref": "C001", "on_hold": True}, h1)
h2 = alice.post("/api/v1/credit/C001/hold", {"reason": "cheque bounced"}, kh)
sc.check("... retried with its key: the first answer", h2.status == 200 and h2.json == h1.json, h2)
sc.expect("a hold on a customer on hold", alice.post("/api/v1/credit/C001/hold", {}), 409, "conflict")
sc.check("the check now says on_hold", "on_hold" in [x["code"] for x in alice.get("/api/v1/credit/C001?amount=1").json["reasons"]])
sc.check("a manager releases it", alice.post("/api/v1/credit/C001/release", {"reason": "paid"}).json == {"customer_ref": "C001", "on_hold": False})
t = alice.post("/api/v1/credit/C001/terms", {"application_signed": day(-3), "references_checked": day(0)})
sc.check("a manager records the credit terms", t.status == 200 and t.json == {"customer_ref": "C001",
         "application_signed": day(-3), "references_checked": day(0)}, t)
chk = alice.get("/api/v1/credit/C001?amount=1")
sc.check("the check no longer asks for them", [x["code"] for x in chk.json["reasons"]] == ["over_limit", "seriously_overdue"], chk)
pol, rsn = "/api/v1/settings/credit-policy", "/api/v1/settings/dispute-reasons"
sc.check("a collector reads the credit policy: the default", ann.get(pol).json == {"overdue_days": 60, "nsf_fee_bp": 0})
p = alice.post(pol, {"overdue_days": "400"})
sc.check("a manager sets the seriously-overdue days", p.status == 200 and p.json == {"overdue_days": 400, "nsf_fee_bp": 0}, p)
chk = alice.get("/api/v1/credit/C001?amount=1")
sc.check("the check follows the policy", [x["code"] for x in chk.json["reasons"]] == ["over_limit"], chk)
sc.check("a collector reads the dispute reasons: the shipped list", ann.get(rsn).json["reasons"][:2] == ["already_paid", "damaged"])
r = alice.post(rsn, {"reasons": ["damaged", "late", "other"]})
sc.check("a manager replaces them", r.status == 200 and r.json == {"reasons": ["damaged", "late", "other"]}, r)
sc.expect("a dispute with a code no longer on the list",
          ann.post("/api/v1/disputes", {"customer_ref": "C003", "invoice_ref": "I-020", "reason": "wrong_price"}), 422, "input")
sc.expect("a dispute with a new code", ann.post("/api/v1/disputes", {"customer_ref": "C003", "invoice_ref": "I-020", "reason": "late"}), 201)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
DEF="(SELECT id FROM tenant WHERE name = 'default')"
expect_eq "four disputes of the default tenant, one per request" "4" "$(sql "SELECT count(*) FROM dispute WHERE tenant_id = $DEF")"
expect_eq "one credit note, dispute-ID, of 90.90" "1" \
	"$(sql "SELECT count(*) FROM credit_note WHERE tenant_id = $DEF AND ref LIKE 'dispute-%'")"
expect_eq "the disputes audited as who acted" "dispute.open:cli dispute.open:ann dispute.open:alice dispute.resolve:alice dispute.reasons:alice dispute.open:ann" \
	"$(sql_join " " "SELECT action || ':' || actor FROM audit_log WHERE action LIKE 'dispute.%' AND tenant_id = $DEF ORDER BY id")"
expect_eq "the credit writes audited as the manager" "credit.hold:alice credit.release:alice credit.terms:alice credit.policy:alice" \
	"$(sql_join " " "SELECT action || ':' || actor FROM audit_log WHERE action LIKE 'credit.%' AND tenant_id = $DEF ORDER BY id")"
finish
