#!/usr/bin/env bash
# GET /api/v1/contacts/{ref}, /payments/{ref}, /credit-notes/{ref}: one
# record by its ref, keyed by its CSV file's column names (docs/csv.md), as
# the list routes give it. A collector reads only the records of customers
# assigned to them (others are 404, as unknown refs); another tenant's refs
# are 404; a token of no user reads none below a manager; a revoked token
# is refused; a ref no record could have is 404, not an error.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

serve_setup_agreements # ann: C001 C003 C005, bob: C002 C004; tenant acme with X1
recoup import contacts "$DATA/import/contacts.csv" >/dev/null
recoup import payments "$DATA/import/payments.csv" >/dev/null
recoup import credit-notes "$(csv_file credit-notes.csv <<'CSV'
credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason
CN-1,C001,,2026-03-02,10.00,USD,goodwill
CN-2,C002,,2026-03-02,5.00,PLN,rounding
CSV
)" >/dev/null
recoup --tenant acme import payments "$(csv_file acme-payments.csv <<'CSV'
payment_ref,customer_ref,date,amount,currency
XP1,X1,2026-03-01,5.00,USD
CSV
)" >/dev/null
ERP=$(recoup token create erp --role manager)
DIALER=$(recoup token create dialer --role collector)
OLD=$(recoup token create old --role manager)
recoup token revoke old >/dev/null
export ERP DIALER OLD
serve_py <<'PY'
import os
s = sc.Server()
alice = sc.Client(s, "alice", "alice-password")
ann = sc.Client(s, "ann", "ann-password")
bob = sc.Client(s, "bob", "bob-password")
acme = sc.Client(s, "alice", "acme-alice-pw", tenant="acme")
erp, dialer, old = (sc.Client(s, token=os.environ[k]) for k in ("ERP", "DIALER", "OLD"))
for c in (alice, ann, bob, acme):
    sc.expect("signed in", c.signin, 201)

# each record as the customer's list route gives it, keyed by its CSV columns
for kind, ref, customer, key in (("contacts", "K-001", "C001", "contact_ref"), ("payments", "P-001", "C001", "payment_ref"),
                                 ("credit-notes", "CN-1", "C001", "credit_note_ref")):
    r = alice.get("/api/v1/%s/%s" % (kind, ref))
    sc.expect("a manager reads %s/%s" % (kind, ref), r, 200)
    one = r.json or {}
    listed = alice.get("/api/v1/customers/%s/contacts" % customer if kind == "contacts" else "/api/v1/%s?customer=%s" % (kind, customer))
    same = [i for i in (listed.json or {"items": []})["items"] if i.get(key) == ref]
    sc.check("... keyed by the CSV columns (%s=%s, customer_ref=%s)" % (key, ref, customer),
             one.get(key) == ref and one.get("customer_ref") == customer, one)
    sc.check("... the record the list gives, key for key", same and same[0] == one, one, same)
    sc.expect("ann, whose customer it is, reads it", ann.get("/api/v1/%s/%s" % (kind, ref)), 200)
    sc.expect("bob, whose customer it is not, gets 404", bob.get("/api/v1/%s/%s" % (kind, ref)), 404, "not_found")
    sc.expect("a collector token of no user gets 404", dialer.get("/api/v1/%s/%s" % (kind, ref)), 404, "not_found")
    sc.expect("a manager token reads it", erp.get("/api/v1/%s/%s" % (kind, ref)), 200)
    sc.expect("a revoked token is refused", old.get("/api/v1/%s/%s" % (kind, ref)), 401, "unauthenticated")
    sc.expect("no credential", s.request("GET", "/api/v1/%s/%s" % (kind, ref)), 401, "unauthenticated")
    sc.expect("the other tenant's manager gets 404", acme.get("/api/v1/%s/%s" % (kind, ref)), 404, "not_found")
    sc.expect("an unknown ref is 404", alice.get("/api/v1/%s/NOPE-1" % kind), 404, "not_found")
    sc.expect("a ref of 300 bytes is 404", alice.get("/api/v1/%s/%s" % (kind, "X" * 300)), 404, "not_found")
    sc.expect("a percent-encoded NUL is 404", alice.get("/api/v1/%s/K%%00" % kind), 404)
    sc.expect("a body is refused", s.request("GET", "/api/v1/%s/%s" % (kind, ref), body="x",
              headers=alice.headers({"Content-Type": "text/plain"})), 400, "malformed")
    sc.expect("POST is not a method of it", alice.post("/api/v1/%s/%s" % (kind, ref), {}), 405, "method_not_allowed")

r = alice.get("/api/v1/payments/P-003")
sc.check("bob's customer's payment: amount and currency as the file has them",
         r.status == 200 and r.json["amount"] == "500.00" and r.json["currency"] == "PLN", r)
sc.expect("bob reads his customer's credit note", bob.get("/api/v1/credit-notes/CN-2"), 200)
sc.expect("ann does not", ann.get("/api/v1/credit-notes/CN-2"), 404, "not_found")
sc.expect("acme reads its own payment", acme.get("/api/v1/payments/XP1"), 200)
sc.expect("the default tenant does not", alice.get("/api/v1/payments/XP1"), 404, "not_found")
r = alice.get("/api/v1/contacts/NOPE-1")
sc.check("a 404 names the ref", r.json and r.json["error"]["field"] == "ref" and "NOPE-1" in r.json["error"]["message"], r)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
finish
