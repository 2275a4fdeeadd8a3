#!/usr/bin/env bash
# Records through the API: a customer created (checked as an imported row)
# and corrected (recorded and audited), a contact added, listed and
# corrected, a credit note posted once under an Idempotency-Key. A
# collector gets 403 on the managers' routes and 404 on a customer not
# assigned to them; another tenant's refs are 404; malformed bodies get a
# 4xx naming the field and change nothing.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

export USER=boss
recoup init >/dev/null
serve_setup
expect_exit 0 recoup assign # bob, the one collector, gets every overdue customer
expect_exit 0 recoup init --tenant acme
recoup --tenant acme import customers "$(csv_file acme-customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email
X1,Other Creditor's Debtor,company,US,America/New_York,en,USD,ap@x1.example
CSV
)" >/dev/null
serve_py <<'PY'
import os
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
b = sc.Client(s, "bob", "bob-password")
cust = {"customer_ref": "C100", "name": "New Debtor Ltd", "kind": "company", "country": "US",
        "timezone": "America/Chicago", "language": "en", "currency": "USD", "email": "ap@new.example",
        "phone": "+1 312 555 0100"}
r = a.post("/api/v1/customers", cust)
sc.expect("a manager creates a customer", r, 201)
sc.check("... the answer is the record sent, created", r.json and r.json.get("created") is True
         and r.json.get("customer_ref") == "C100", r)
sc.expect("the same customer again: stored already, nothing new", a.post("/api/v1/customers", cust), 200)
sc.expect("... then read back", a.get("/api/v1/customers/C100"), 200)
r = a.post("/api/v1/customers", dict(cust, customer_ref="C101", country="XX"))
sc.expect("a customer with a bad country", r, 422, "input")
sc.check("... names the column", r.json and r.json["error"]["field"] == "country", r)
r = a.post("/api/v1/customers", dict(cust, customer_ref="C100", name="Another Name"))
sc.expect("another customer under a stored ref", r, 422, "input")

r = a.send("PATCH", "/api/v1/customers/C100", {"name": "New Debtor Limited", "credit_limit": "5000.00"})
sc.expect("a manager corrects a customer", r, 200)
sc.check("... the changes are listed", r.json and sorted(c["field"] for c in r.json["changes"]) == ["credit_limit", "name"], r)
sc.check("... and stored", a.get("/api/v1/customers/C100").json["name"] == "New Debtor Limited")
r = a.send("PATCH", "/api/v1/customers/C100", {"name": "New Debtor Limited"})
sc.expect("the same value again", r, 200)
sc.check("... changes nothing", r.json and r.json["changes"] == [], r)
r = a.send("PATCH", "/api/v1/customers/C100", {"currency": "EUR"})
sc.expect("a customer's identity is not correctable", r, 400, "unknown_field")
sc.check("... naming it", r.json and r.json["error"]["field"] == "currency", r)
r = a.send("PATCH", "/api/v1/customers/C100", {"email": "not an email"})
sc.expect("a bad email", r, 422, "input")
sc.check("... naming it", r.json and r.json["error"]["field"] == "email", r)
sc.expect("an unknown customer", a.send("PATCH", "/api/v1/customers/NOPE", {"name": "x"}), 404, "not_found")
sc.expect("an empty correction", a.send("PATCH", "/api/v1/customers/C100", {}), 422, "input")

inv = {"invoice_ref": "I-100", "customer_ref": "C100", "issue_date": "2026-10-01", "due_date": "2026-10-31",
       "currency": "USD", "amount": "420.00", "signed": True}
k = {"Idempotency-Key": "inv-100"}
r1 = a.post("/api/v1/invoices", inv, k)
sc.expect("a manager creates an invoice", r1, 201)
r2 = a.post("/api/v1/invoices", inv, k)
sc.check("... sent again with its key: the first answer, replayed", r2.status == 201 and r2.json == r1.json
         and r2.header("Idempotent-Replayed") == "true", r2)
r = a.get("/api/v1/invoices?customer=C100")
sc.check("... open, at its amount", r.status == 200 and [(i["invoice_ref"], i["balance"]) for i in r.json["items"]]
         == [("I-100", "420.00")], r)
r = a.post("/api/v1/invoices", dict(inv, invoice_ref="I-101", due_date="2026-09-01"))
sc.expect("an invoice due before it was issued", r, 422, "input")
r = a.post("/api/v1/invoices", dict(inv, invoice_ref="I-101", currency="EUR"))
sc.expect("an invoice in another currency than its customer's", r, 422, "input")

contact = {"contact_ref": "C100-AP", "name": "Pat Payables", "role": "accounts_payable",
           "email": "pat@new.example", "phone": "+1 312 555 0101", "pays_bills": True}
r = a.post("/api/v1/customers/C100/contacts", contact)
sc.expect("a manager adds a contact", r, 201)
sc.check("... to the customer of the path", r.json and r.json.get("customer_ref") == "C100", r)
r = a.get("/api/v1/customers/C100/contacts")
sc.expect("the customer's contacts", r, 200)
refs = [c["contact_ref"] for c in r.json["items"]] if r.json else []
sc.check("... hold the primary contact and the new one", "C100" in refs and "C100-AP" in refs, r)
sc.expect("a contact naming its customer in the body", a.post("/api/v1/customers/C100/contacts",
          dict(contact, customer_ref="C001")), 400, "unknown_field")
r = a.post("/api/v1/customers/C100/contacts", dict(contact, contact_ref="C100-X", role="nobody-knows"))
sc.expect("a contact with an unknown role", r, 422, "input")
r = a.send("PATCH", "/api/v1/contacts/C100-AP", {"best_time": "mon-fri 09:00-11:00", "name": "Pat Q. Payables"})
sc.expect("a manager corrects a contact", r, 200)
sc.check("... two fields changed", r.json and len(r.json["changes"]) == 2, r)

note = {"credit_note_ref": "CN-1", "customer_ref": "C001", "invoice_ref": "I-001", "date": "2026-11-01",
        "amount": "100.00", "currency": "USD", "reason": "damaged goods"}
k = {"Idempotency-Key": "cn-1-key"}
r1 = a.post("/api/v1/credit-notes", note, k)
sc.expect("a manager posts a credit note", r1, 201)
r2 = a.post("/api/v1/credit-notes", note, k)
sc.expect("the same with the same key", r2, 201)
sc.check("... replays the first answer", r2.json == r1.json and r2.header("Idempotent-Replayed") == "true", r1, r2)
sc.expect("the same key, another body", a.post("/api/v1/credit-notes", dict(note, amount="99.00"), k), 422,
          "idempotency_mismatch")
sc.expect("a credit note as a JSON number", a.post("/api/v1/credit-notes", dict(note, credit_note_ref="CN-2", amount=5)),
          422, "wrong_type")
r = a.post("/api/v1/credit-notes", dict(note, credit_note_ref="CN-2", customer_ref="C999"))
sc.expect("a credit note for an unknown customer", r, 422, "input")
sc.check("... names the column", r.json and r.json["error"]["field"] == "customer_ref", r)

r = a.get("/api/v1/credit-notes?customer=C001")
sc.expect("the customer's credit notes", r, 200)
sc.check("... CN-1 once, all of it applied to I-001", r.json and [(n["credit_note_ref"], n["applied"]) for n in r.json["items"]]
         == [("CN-1", "100.00")], r)
sc.expect("a payment", a.post("/api/v1/payments", {"payment_ref": "P-1", "customer_ref": "C001", "date": "2026-11-02",
                                                   "amount": "50.00", "currency": "USD"}), 201)
r = a.get("/api/v1/payments?customer=C001")
sc.expect("the customer's payments", r, 200)
sc.check("... P-1, with the payment's CSV columns", r.json and [p["payment_ref"] for p in r.json["items"]] == ["P-1"]
         and list(r.json["items"][0])[:3] == ["payment_ref", "customer_ref", "invoice_ref"], r)
sc.check("another customer has none", a.get("/api/v1/payments?customer=C002").json["items"] == [])
sc.expect("the list needs the customer", a.get("/api/v1/payments"), 400, "usage")
sc.expect("an unknown customer's credit notes", a.get("/api/v1/credit-notes?customer=NOPE"), 404, "not_found")

# roles
for method, path, body in (("POST", "/api/v1/customers", cust), ("PATCH", "/api/v1/customers/C001", {"name": "x"}),
                           ("POST", "/api/v1/invoices", inv),
                           ("POST", "/api/v1/credit-notes", note)):
    sc.expect("a collector on the manager's route %s %s" % (method, path), b.send(method, path, body), 403, "forbidden")
sc.expect("a collector reads an assigned customer's contacts", b.get("/api/v1/customers/C001/contacts"), 200)
sc.expect("... its payments", b.get("/api/v1/payments?customer=C001"), 200)
sc.expect("... its credit notes", b.get("/api/v1/credit-notes?customer=C001"), 200)
sc.expect("a collector on the payments of a customer not assigned to them", b.get("/api/v1/payments?customer=C100"), 404, "not_found")
sc.expect("a collector on a customer not assigned to them", b.get("/api/v1/customers/C100/contacts"), 404, "not_found")
sc.expect("... adding a contact to it", b.post("/api/v1/customers/C100/contacts", dict(contact, contact_ref="B1")),
          404, "not_found")
sc.expect("... correcting its contact", b.send("PATCH", "/api/v1/contacts/C100-AP", {"name": "x"}), 404, "not_found")
r = b.send("PATCH", "/api/v1/contacts/C001", {"best_time": "mon-fri 14:00-16:00"})
sc.expect("a collector corrects an assigned customer's contact", r, 200)

# the other tenant
for method, path, body in (("PATCH", "/api/v1/customers/X1", {"name": "x"}), ("GET", "/api/v1/customers/X1/contacts", None),
                           ("GET", "/api/v1/payments?customer=X1", None), ("GET", "/api/v1/credit-notes?customer=X1", None),
                           ("POST", "/api/v1/customers/X1/contacts", dict(contact, contact_ref="X1-B")),
                           ("PATCH", "/api/v1/contacts/X1", {"name": "x"})):
    sc.expect("the other tenant's ref: %s %s" % (method, path), a.send(method, path, body), 404, "not_found")
r = a.post("/api/v1/credit-notes", dict(note, credit_note_ref="CN-3", customer_ref="X1", invoice_ref=""))
sc.expect("a credit note for the other tenant's customer", r, 422, "input")
sc.save_clients(os.environ["TMP"] + "/clients.json", {"a": a, "b": b})
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "one invoice I-100" "1" "$(sql "SELECT count(*) FROM invoice WHERE ref = 'I-100'")"
expect_eq "one credit note CN-1" "1" "$(sql "SELECT count(*) FROM credit_note WHERE ref = 'CN-1'")"
expect_eq "I-001 less the credit note and the payment" "1050.00" \
	"$(recoup export invoices --format csv | awk -F, '$1 == "I-001" {print $NF}')"
expect_eq "the corrections are recorded" "4" "$(sql "SELECT count(*) FROM record_change WHERE ref IN ('C100', 'C100-AP') AND changed_by = 'alice'")"
expect_eq "... and audited" "2" "$(sql "SELECT count(*) FROM audit_log WHERE actor = 'alice' AND entity IN ('customer', 'contact') AND action LIKE '%.correct'")"

sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
db_snapshot
serve_py <<'PY'
import os
s = sc.Server()
c = sc.load_clients(s, os.environ["TMP"] + "/clients.json")
a = c["a"]
bad = [
    ("POST", "/api/v1/customers", "{", 400, "malformed"),
    ("POST", "/api/v1/customers", "[]", 400, "malformed"),
    ("POST", "/api/v1/customers", {"customer_ref": "C200", "nickname": "x"}, 400, "unknown_field"),
    ("POST", "/api/v1/customers", {"customer_ref": "C200", "name": "N", "kind": "company", "country": "US",
                                   "currency": "USD", "credit_limit": 12}, 422, "wrong_type"),
    ("POST", "/api/v1/customers", {"customer_ref": "C" * 200, "name": "N", "kind": "company", "country": "US",
                                   "currency": "USD"}, 422, "too_long"),
    ("POST", "/api/v1/customers", {"customer_ref": "C200", "kind": "company", "country": "US", "currency": "USD"},
     422, "input"),
    ("POST", "/api/v1/customers", {"customer_ref": "C200", "name": "N", "kind": "robot", "country": "US",
                                   "currency": "USD"}, 422, "input"),
    ("PATCH", "/api/v1/customers/C001", {"credit_limit": "-5.00"}, 422, "input"),
    ("PATCH", "/api/v1/customers/C001", {"name": ""}, 422, "input"),
    ("PATCH", "/api/v1/customers/C001", {"name": "a\u0001b"}, 422, "input"),
    ("PATCH", "/api/v1/customers/C001", {"name": ["x"]}, 422, "wrong_type"),
    ("PATCH", "/api/v1/contacts/C001", {"pays_bills": "maybe"}, 422, "input"),
    ("PATCH", "/api/v1/contacts/C001", {"customer_ref": "C002"}, 400, "unknown_field"),
    ("POST", "/api/v1/customers/C001/contacts", {"contact_ref": "Z1"}, 422, "input"),
    ("POST", "/api/v1/credit-notes", {"credit_note_ref": "CN-9", "customer_ref": "C001", "date": "2026-02-30",
                                      "amount": "1.00", "currency": "USD", "reason": "r"}, 422, "input"),
    ("POST", "/api/v1/credit-notes", {"credit_note_ref": "CN-9", "customer_ref": "C001", "date": "2026-02-01",
                                      "amount": "99999999999999999999.00", "currency": "USD", "reason": "r"}, 422, "input"),
    ("POST", "/api/v1/credit-notes", {"credit_note_ref": "CN-9", "customer_ref": "C001", "date": "2026-02-01",
                                      "amount": "1.00", "currency": "USD"}, 422, "input"),
]
for method, path, body, status, code in bad:
    r = a.send(method, path, body, {"Content-Type": "application/json"})
    sc.expect("malformed %s %s %s" % (method, path, str(body)[:60]), r, status, code)
r = a.send("POST", "/api/v1/customers", '{"customer_ref":"C200"}', {"Content-Type": "text/plain"})
sc.expect("not JSON by its type", r, 415, "unsupported_media_type")
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
expect_db_unchanged "the refused requests changed nothing"
finish
