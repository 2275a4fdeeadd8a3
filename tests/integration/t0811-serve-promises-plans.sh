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
# a plan of acme's, whose id the default tenant must not reach
expect_exit 0 recoup --tenant acme plan add X1 --instalment "$(date -u -d '+5 days' +%F):50.00"

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
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
expect_db_unchanged "the refused promises changed nothing"

# ---- promises that are recorded ----
serve_py <<'PY'
import datetime, os, subprocess
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
import json
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
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "three promises, one per request" "3" "$(sql "SELECT count(*) FROM promise")"
expect_eq "each audited as its maker" "alice ann alice" \
	"$(sql_join " " "SELECT actor FROM audit_log WHERE action = 'promise.add' ORDER BY id")"
expect_eq "the promise holds its invoice" "1" "$(sql "SELECT count(*) FROM account_hold WHERE kind = 'promise' AND invoice_id IS NOT NULL")"
finish
