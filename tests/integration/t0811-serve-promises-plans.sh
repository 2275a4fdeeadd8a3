#!/usr/bin/env bash
# Promises to pay and payment plans through the API (POST/GET
# /api/v1/promises, /api/v1/plans, /api/v1/plans/{id}): recorded by the
# use cases the CLI calls, with the keys `recoup promise|plan list --format
# json` prints, the signed-in user as the maker; a collector only on the
# customers assigned to them (404 otherwise, as an unknown ref); another
# tenant's refs and ids 404; a retried POST with its Idempotency-Key creates
# nothing new, the same key with another body is 422; every malformed or
# refused request names its field and changes nothing (the dump compared).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

serve_setup_agreements
# a plan of acme's, whose id the default tenant must not reach
expect_exit 0 recoup --tenant acme plan add X1 --instalment "$(date -u -d '+5 days' +%F):50.00"

ACME_PLAN=$(sql "SELECT a.id FROM agreement a JOIN tenant t ON t.id = a.tenant_id WHERE t.name = 'acme'")
export ACME_PLAN

# ---- the refusals first, on a snapshot: none may change anything ----
serve_py <<'PY'
import os
s = sc.Server()
clients = {"alice": sc.Client(s, "alice", "alice-password"), "ann": sc.Client(s, "ann", "ann-password"),
           "bob": sc.Client(s, "bob", "bob-password")}
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
ok = {"customer_ref": "C001", "amount": "100.00", "date": day(10), "invoice_refs": ["I-001"]}
J = {"Content-Type": "application/json"}
bad = [
    ("not JSON", "{", 400, "malformed", ""),
    ("an array, not an object", "[]", 400, "malformed", ""),
    ("a key the route does not take (by: the maker is the caller)", dict(ok, by="mallory"), 400, "unknown_field", "by"),
    ("an amount as a JSON number", dict(ok, amount=100), 422, "wrong_type", "amount"),
    ("invoice_refs as a string", dict(ok, invoice_refs="I-001"), 422, "wrong_type", "invoice_refs"),
    ("invoice_refs holding a number", dict(ok, invoice_refs=["I-001", 7]), 422, "wrong_type", "invoice_refs"),
    ("invoice_refs of 121 refs", dict(ok, invoice_refs=["I-001"] * 121), 422, "too_long", "invoice_refs"),
    ("no date", {k: v for k, v in ok.items() if k != "date"}, 422, "input", "date"),
    ("no amount", {k: v for k, v in ok.items() if k != "amount"}, 422, "input", "amount"),
    ("no customer", {k: v for k, v in ok.items() if k != "customer_ref"}, 422, "input", "customer_ref"),
    ("a date that does not exist", dict(ok, date="2026-02-30"), 422, "input", "date"),
    ("a date in the past", dict(ok, date=day(-1)), 422, "input", "date"),
    ("a date over a year ahead (a plan, not a promise)", dict(ok, date=day(400)), 422, "input", "date"),
    ("an amount that is not money", dict(ok, amount="12,50"), 422, "input", "amount"),
    ("an amount of 0", dict(ok, amount="0.00"), 422, "input", "amount"),
    ("more than the invoice's balance", dict(ok, amount="1200.01"), 422, "input", "amount"),
    ("an invoice in another currency than the one given", dict(ok, currency="EUR"), 422, "input", "invoice_refs"),
    ("an amount over 64 bits", dict(ok, amount="99999999999999999999.00"), 422, "input", "amount"),
    ("an unknown invoice", dict(ok, invoice_refs=["NOPE"]), 404, "not_found", "invoice_refs"),
    ("another customer's invoice", dict(ok, invoice_refs=["I-010"]), 422, "input", "invoice_refs"),
    ("an unknown customer", dict(ok, customer_ref="NOPE"), 404, "not_found", "customer_ref"),
    ("another tenant's customer", dict(ok, customer_ref="X1", invoice_refs=[]), 404, "not_found", "customer_ref"),
    ("a customer ref over 64 bytes", dict(ok, customer_ref="C" * 65), 422, "too_long", "customer_ref"),
    ("a note with a control character", dict(ok, note="a\u0007b"), 422, "input", "note"),
    ("a moment ahead of the clock", dict(ok, at=day(3) + "T00:00:00Z"), 422, "input", "at"),
    ("a moment that is not one", dict(ok, at="yesterday"), 422, "input", "at"),
]
for desc, body, status, code, field in bad:
    r = alice.post("/api/v1/promises", body, J if isinstance(body, str) else None)
    if sc.expect("POST /api/v1/promises, " + desc, r, status, code) and field:
        sc.check("... names the field " + field, r.json["error"]["field"] == field, r)
sc.expect("no Content-Type", alice.post("/api/v1/promises", b"{}"), 415, "unsupported_media_type")
sc.expect("a collector on another collector's customer", ann.post("/api/v1/promises", dict(ok, customer_ref="C002", invoice_refs=[])),
          404, "not_found")
sc.expect("a cookie write without the CSRF token", s.request("POST", "/api/v1/promises", ok, {"Cookie": alice.cookie}),
          403, "csrf")
sc.expect("no credential", s.request("POST", "/api/v1/promises", ok), 401, "unauthenticated")
# the lists' refusals
sc.expect("GET promises of an unknown state", alice.get("/api/v1/promises?state=bogus"), 422, "input")
sc.expect("GET promises of another collector's customer", ann.get("/api/v1/promises?customer=C002"), 404, "not_found")
sc.expect("GET promises of another tenant's customer", alice.get("/api/v1/promises?customer=X1"), 404, "not_found")
sc.expect("GET promises with a bad limit", alice.get("/api/v1/promises?limit=0"), 400, "usage")
sc.expect("GET promises with a bad cursor", alice.get("/api/v1/promises?after=x"), 400, "usage")
# ---- plans refused ----
acme_plan = os.environ["ACME_PLAN"]
pl = {"customer_ref": "C001", "invoice_refs": ["I-001"], "instalments": [day(5) + ":600.00", day(35) + ":600.00"]}
bad = [
    ("instalments short of the balance", dict(pl, instalments=[day(5) + ":600.00", day(35) + ":500.00"]), 422, "input", "instalments"),
    ("instalments over the balance", dict(pl, instalments=[day(5) + ":600.00", day(35) + ":600.01"]), 422, "input", "instalments"),
    ("an instalment that is not DATE:AMOUNT", dict(pl, instalments=["600.00"]), 422, "input", "instalments"),
    ("an instalment on a day that does not exist", dict(pl, instalments=["2027-02-30:1200.00"]), 422, "input", "instalments"),
    ("an instalment before the plan", dict(pl, instalments=[day(-3) + ":1200.00"]), 422, "input", "instalments"),
    ("instalments out of order", dict(pl, instalments=[day(35) + ":600.00", day(5) + ":600.00"]), 422, "input", "instalments"),
    ("instalments as a string", dict(pl, instalments=day(5) + ":1200.00"), 422, "wrong_type", "instalments"),
    ("both instalments and count", dict(pl, count="2", every="month", first=day(5)), 400, "usage", "count"),
    ("neither instalments nor count", {"customer_ref": "C001"}, 400, "usage", "instalments"),
    ("count 0", {"customer_ref": "C001", "count": "0", "every": "month", "first": day(5)}, 422, "input", "count"),
    ("count not a number", {"customer_ref": "C001", "count": "two", "every": "month", "first": day(5)}, 422, "input", "count"),
    ("count as a JSON number", {"customer_ref": "C001", "count": 2, "every": "month", "first": day(5)}, 422, "wrong_type", "count"),
    ("every day", {"customer_ref": "C001", "count": "2", "every": "day", "first": day(5)}, 422, "input", "every"),
    ("count without first", {"customer_ref": "C001", "count": "2", "every": "week"}, 400, "usage", "first"),
    ("a first that is not a date", {"customer_ref": "C001", "count": "2", "every": "week", "first": "soon"}, 422, "input", "first"),
    ("negative fees", dict(pl, fees="-1.00"), 422, "input", "fees"),
    ("fees that are not money", dict(pl, fees="1.001"), 422, "input", "fees"),
    ("an unknown invoice", dict(pl, invoice_refs=["NOPE"]), 404, "not_found", "invoice_refs"),
    ("another customer's invoice", dict(pl, invoice_refs=["I-010"]), 422, "input", "invoice_refs"),
    ("an unknown customer", dict(pl, customer_ref="NOPE", invoice_refs=[]), 404, "not_found", "customer_ref"),
    ("another tenant's customer", dict(pl, customer_ref="X1", invoice_refs=[]), 404, "not_found", "customer_ref"),
    ("a key the route does not take", dict(pl, by="bob"), 400, "unknown_field", "by"),
    ("a moment ahead of the clock", dict(pl, at=day(2) + "T00:00:00Z"), 422, "input", "at"),
]
for desc, body, status, code, field in bad:
    r = alice.post("/api/v1/plans", body)
    if sc.expect("POST /api/v1/plans, " + desc, r, status, code) and field:
        sc.check("... names the field " + field, r.json["error"]["field"] == field, r)
r = alice.post("/api/v1/plans", dict(pl, instalments=[day(5) + ":600.00", day(35) + ":500.00"]))
sc.check("... and the message gives the difference", "100.00 USD short of" in r.json["error"]["message"], r)
sc.expect("a collector's plan on another collector's customer",
          ann.post("/api/v1/plans", {"customer_ref": "C002", "count": "2", "every": "month", "first": day(5)}), 404, "not_found")
sc.expect("GET a plan of another tenant", alice.get("/api/v1/plans/" + acme_plan), 404, "not_found")
sc.expect("GET a plan id that is not a number", alice.get("/api/v1/plans/abc"), 404, "not_found")
sc.expect("GET plan 0", alice.get("/api/v1/plans/0"), 404, "not_found")
sc.expect("GET plans of an unknown state", alice.get("/api/v1/plans?state=kept"), 422, "input")
sc.expect("GET plans of another collector's customer", ann.get("/api/v1/plans?customer=C002"), 404, "not_found")
sc.expect("GET plans of another tenant's customer", alice.get("/api/v1/plans?customer=X1"), 404, "not_found")
# the promises' tolerance (a manager's setting)
tol = "/api/v1/settings/promise-tolerance"
sc.expect("a collector sets the tolerance", ann.post(tol, {"tolerance_days": "5"}), 403, "forbidden")
for desc, body, status, code, field in (
        ("61 days", {"tolerance_days": "61"}, 422, "input", "tolerance_days"),
        ("101 percent", {"tolerance_percent": "101"}, 422, "input", "tolerance_percent"),
        ("days that are not a number", {"tolerance_days": "two"}, 422, "input", "tolerance_days"),
        ("a negative number", {"tolerance_days": "-1"}, 422, "input", "tolerance_days"),
        ("days as a JSON number", {"tolerance_days": 3}, 422, "wrong_type", "tolerance_days"),
        ("a key it does not take", {"grace_days": "3"}, 400, "unknown_field", "grace_days")):
    r = alice.post(tol, body)
    if sc.expect("POST %s, %s" % (tol, desc), r, status, code):
        sc.check("... names the field " + field, r.json["error"]["field"] == field, r)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
expect_db_unchanged "the refused promises and plans changed nothing"

# ---- promises that are recorded ----
serve_py <<'PY'
import datetime, json, os, subprocess
s = sc.Server()
c = sc.load_clients(s, os.environ["TMP"] + "/clients.json")
alice, ann = c["alice"], c["ann"]
day = lambda n: (datetime.datetime.now(datetime.timezone.utc).date() + datetime.timedelta(days=n)).isoformat()
p1 = {"customer_ref": "C001", "amount": "100.00", "date": day(10), "invoice_refs": ["I-001"], "note": "by phone"}
k = {"Idempotency-Key": "promise-1"}
r1 = alice.post("/api/v1/promises", p1, k)
sc.expect("a manager records a promise", r1, 201)
sc.check("the promise as the CLI lists it: customer, invoices, amount, date, state, the caller as maker",
         r1.json and r1.json["customer_ref"] == "C001" and r1.json["invoice_refs"] == ["I-001"]
         and r1.json["amount"] == "100.00" and r1.json["date"] == day(10) and r1.json["state"] == "current"
         and r1.json["made_by"] == "alice" and r1.json["note"] == "by phone", r1)
r2 = alice.post("/api/v1/promises", p1, k)
sc.expect("the same POST again with its key", r2, 201)
sc.check("... gets the first answer, replayed", r2.json == r1.json and r2.header("Idempotent-Replayed") == "true", r2)
sc.expect("the same key with another body", alice.post("/api/v1/promises", dict(p1, amount="101.00"), k), 422,
          "idempotency_mismatch")
r3 = ann.post("/api/v1/promises", {"customer_ref": "C003", "amount": "10", "date": day(3)},
              {"Idempotency-Key": "promise-ann"})
sc.expect("a collector records a promise on an assigned customer (the whole account)", r3, 201)
sc.check("... made by the collector, on every invoice", r3.json and r3.json["made_by"] == "ann"
         and r3.json["invoice_refs"] == [], r3)
r4 = alice.post("/api/v1/promises", {"customer_ref": "C002", "amount": "50.00", "date": day(1), "currency": "PLN"})
sc.expect("a manager records a promise on bob's customer", r4, 201)
lst = alice.get("/api/v1/promises")
sc.expect("the manager's list", lst, 200)
cli = subprocess.run([sc.RECOUP, "promise", "list", "--format", "json"], capture_output=True, check=True)
sc.check("the list is what `recoup promise list --format json` prints, next null",
         lst.json and lst.json["items"] == json.loads(cli.stdout) and lst.json["next"] is None, lst, cli.stdout)
mine = ann.get("/api/v1/promises")
sc.check("a collector's list holds only their customers' promises",
         mine.status == 200 and [p["customer_ref"] for p in mine.json["items"]] == ["C001", "C003"], mine)
one = alice.get("/api/v1/promises?customer=C003&state=current")
sc.check("filters: customer and state", one.status == 200 and [p["id"] for p in one.json["items"]] == [r3.json["id"]], one)
sc.check("state kept: none yet", alice.get("/api/v1/promises?state=kept").json["items"] == [])
seen, after, pages = [], None, 0
while pages < 10:
    r = alice.get("/api/v1/promises?limit=2" + ("&after=" + after if after else ""))
    if r.status != 200:
        break
    pages += 1
    seen += [p["id"] for p in r.json["items"]]
    after = r.json["next"]
    if after is None:
        break
sc.check("pages of 2 by the cursor hold every promise once (%d pages)" % pages,
         seen == [p["id"] for p in lst.json["items"]] and pages == 2, seen)
# ---- plans ----
pl = {"customer_ref": "C001", "invoice_refs": ["I-001"], "instalments": [day(5) + ":600.00", day(35) + ":600.00"]}
k = {"Idempotency-Key": "plan-1"}
p1 = alice.post("/api/v1/plans", pl, k)
sc.expect("a manager agrees a plan", p1, 201)
sc.check("the plan as `plan show` prints it: instalments, invoices, total, the caller as maker",
         p1.json and p1.json["kind"] == "plan" and p1.json["state"] == "current" and p1.json["total"] == "1200.00"
         and [(i["due"], i["amount"]) for i in p1.json["instalments"]] == [(day(5), "600.00"), (day(35), "600.00")]
         and [i["invoice_ref"] for i in p1.json["invoices"]] == ["I-001"] and p1.json["made_by"] == "alice", p1)
p2 = alice.post("/api/v1/plans", pl, k)
sc.check("the same POST again with its key gets the first answer, replayed",
         p2.status == 201 and p2.json == p1.json and p2.header("Idempotent-Replayed") == "true", p2)
sc.expect("the same key with another body", alice.post("/api/v1/plans", dict(pl, fees="10.00"), k), 422, "idempotency_mismatch")
sc.expect("another plan on an invoice under a current plan",
          alice.post("/api/v1/plans", pl), 409, "conflict")
p3 = ann.post("/api/v1/plans", {"customer_ref": "C003", "count": "5", "every": "month", "first": day(3)},
              {"Idempotency-Key": "plan-ann"})
sc.expect("a collector agrees a plan on an assigned customer (count, every, first)", p3, 201)
sc.check("... five monthly instalments of the balance, made by the collector",
         p3.json and [i["amount"] for i in p3.json["instalments"]] == ["25000"] * 5 and p3.json["made_by"] == "ann", p3)
p4 = alice.post("/api/v1/plans", {"customer_ref": "C002", "count": "2", "every": "week", "first": day(1), "fees": "10.00"})
sc.expect("a manager agrees a plan with fees on bob's customer", p4, 201)
sc.check("... the fees on top of the balance", p4.json and p4.json["total"] == "460.00" and p4.json["fees"] == "10.00", p4)
show = alice.get("/api/v1/plans/%d" % p1.json["id"])
cli = subprocess.run([sc.RECOUP, "plan", "show", str(p1.json["id"]), "--format", "json"], capture_output=True, check=True)
sc.check("GET /plans/{id} is what `recoup plan show --format json` prints", show.status == 200 and show.json == json.loads(cli.stdout),
         show, cli.stdout)
sc.expect("a collector reads a plan of an assigned customer", ann.get("/api/v1/plans/%d" % p3.json["id"]), 200)
sc.expect("a collector reads a plan of another collector's customer", ann.get("/api/v1/plans/%d" % p4.json["id"]), 404, "not_found")
lst = alice.get("/api/v1/plans")
cli = subprocess.run([sc.RECOUP, "plan", "list", "--format", "json"], capture_output=True, check=True)
sc.check("the plans are what `recoup plan list --format json` prints", lst.status == 200 and lst.json["items"] == json.loads(cli.stdout),
         lst, cli.stdout)
mine = ann.get("/api/v1/plans")
sc.check("a collector's plans are their customers'", mine.status == 200
         and [p["customer_ref"] for p in mine.json["items"]] == ["C001", "C003"], mine)
pg1 = alice.get("/api/v1/plans?limit=2")
pg2 = alice.get("/api/v1/plans?limit=2&after=" + str(pg1.json["next"]))
sc.check("two pages of plans", [p["id"] for p in pg1.json["items"] + pg2.json["items"]] == [p["id"] for p in lst.json["items"]]
         and pg2.json["next"] is None, pg1, pg2)
sc.check("filters: customer and state", [p["id"] for p in alice.get("/api/v1/plans?customer=C002&state=current").json["items"]]
         == [p4.json["id"]])
# the promises' tolerance
tol = "/api/v1/settings/promise-tolerance"
sc.check("a collector reads the tolerance: the default", ann.get(tol).json == {"tolerance_days": 2, "tolerance_percent": 0})
t = alice.post(tol, {"tolerance_days": "5"})
sc.check("a manager sets the days; the percent stays", t.status == 200 and t.json == {"tolerance_days": 5, "tolerance_percent": 0}, t)
r = alice.post("/api/v1/promises", {"customer_ref": "C005", "amount": "10.00", "date": day(4)})
sc.check("a promise made now is held 5 days past its date", r.status == 201 and r.json["until"] == day(9), r)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "four promises, one per request" "4" "$(sql "SELECT count(*) FROM promise")"
expect_eq "each audited as its maker" "alice ann alice alice" \
	"$(sql_join " " "SELECT actor FROM audit_log WHERE action = 'promise.add' ORDER BY id")"
expect_eq "three plans of the default tenant" "3" "$(sql "SELECT count(*) FROM agreement a JOIN tenant t ON t.id = a.tenant_id WHERE t.name = 'default' AND a.kind = 'plan'")"
expect_eq "each audited as its maker" "alice ann alice" \
	"$(sql_join " " "SELECT actor FROM audit_log WHERE action = 'plan.add' AND tenant_id = (SELECT id FROM tenant WHERE name = 'default') ORDER BY id")"
expect_exit 0 recoup promise settings
expect_stdout_contains "promise tolerance: 5 days, 0%"
expect_eq "the tolerance audited as the manager" "alice" "$(sql "SELECT actor FROM audit_log WHERE action = 'promise.settings'")"
expect_eq "the promise holds its invoice" "1" "$(sql "SELECT count(*) FROM account_hold WHERE kind = 'promise' AND invoice_id IS NOT NULL")"
finish
