#!/usr/bin/env bash
# A collector sees only the customers assigned to them: any other ref gets
# the 404 an unknown ref gets (docs/api.md, "Sign-in, tokens and roles").
# That held for the customer a request names, not for the invoices and
# contacts in its body: bob, naming his own customer C002 with ann's
# invoice I-001, was told "invoice 'I-001' belongs to customer 'C001', not
# 'C002'" (a promise, a dispute, a flag, a logged call, a document) or
# "is not customer 'C002''s" (a plan, a settlement, a write-off), where an
# unknown invoice got 404: whether a ref exists and whose it is could be
# probed. Now another customer's invoice or contact is answered exactly as
# an unknown one, on every route that takes one, and nothing is written; a
# contact ref taken by another customer's contact is refused without
# naming that customer. A manager's refusals still say whose. Both backends.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

serve_setup_agreements
recoup import contacts "$DATA/import/contacts.csv" >/dev/null
expect_eq "K-001 is ann's customer C001's contact, I-001 its invoice" "K-001:C001 I-001:C001" \
	"$(sql "SELECT k.ref || ':' || c.ref FROM contact k JOIN customer c ON c.id = k.customer_id WHERE k.ref = 'K-001'") $(sql "SELECT i.ref || ':' || c.ref FROM invoice i JOIN customer c ON c.id = i.customer_id WHERE i.ref = 'I-001'")"
counts() {
	echo "$(sql "SELECT count(*) FROM agreement") $(sql "SELECT count(*) FROM dispute")" \
		"$(sql "SELECT count(*) FROM customer_flag") $(sql "SELECT count(*) FROM document")" \
		"$(sql "SELECT count(*) FROM contact_attempt") $(sql "SELECT count(*) FROM contact")"
}
before=$(counts)
serve_py <<'PY'
import datetime, json, os
s = sc.Server()
bob = sc.Client(s, "bob", "bob-password")
alice = sc.Client(s, "alice", "alice-password")
now = datetime.datetime.now(datetime.timezone.utc)
day = lambda n: (now.date() + datetime.timedelta(days=n)).isoformat()
at = now.strftime("%Y-%m-%dT%H:%M:%SZ")
pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def invoice_cases(ref):
    """(what, method, path, body) naming invoice `ref` with bob's customer C002 or its contact K-002."""
    return [
        ("a promise", "POST", "/api/v1/promises",
         {"customer_ref": "C002", "amount": "10.00", "date": day(5), "invoice_refs": ["I-010", ref]}),
        ("a plan", "POST", "/api/v1/plans",
         {"customer_ref": "C002", "count": "2", "every": "month", "first": day(5), "invoice_refs": [ref]}),
        ("a settlement", "POST", "/api/v1/settlements",
         {"customer_ref": "C002", "invoice_refs": [ref], "pay": "1.00", "pay_by": day(10)}),
        ("a write-off", "POST", "/api/v1/writeoffs", {"customer_ref": "C002", "invoice_refs": [ref], "reason": "x"}),
        ("a dispute", "POST", "/api/v1/disputes", {"customer_ref": "C002", "invoice_ref": ref, "reason": "damaged"}),
        ("a logged call", "POST", "/api/v1/contacts/K-002/log",
         {"channel": "call", "outcome": "no_answer", "at": at, "invoice_ref": ref}),
        ("a flag", "POST", "/api/v1/customers/C002/flags", {"flag": "dispute", "invoice_ref": ref}),
        ("a rules check", "POST", "/api/v1/rules/check", {"contact_ref": "K-002", "channel": "call", "invoice_ref": ref}),
        ("a document's upload", "POST", "/api/v1/customers/C002/documents?kind=po&name=po.pdf&invoice=" + ref, pdf),
        ("the documents of an invoice", "GET", "/api/v1/customers/C002/documents?invoice=" + ref, None),
    ]


def contact_cases(ref):
    return [("a flag on a contact", "POST", "/api/v1/customers/C002/flags", {"flag": "wrong-number", "contact_ref": ref})]


def send(c, method, path, body):
    if isinstance(body, bytes):
        return c.send(method, path, body, {"Content-Type": "application/pdf"})
    return c.send(method, path, body)


def same_as_unknown(cases, hidden, unknown):
    for (what, method, path, body), (_, _, upath, ubody) in zip(cases(hidden), cases(unknown)):
        r = send(bob, method, path, body)
        u = send(bob, method, upath, ubody)
        e = r.json.get("error", {}) if isinstance(r.json, dict) else {}
        ue = u.json.get("error", {}) if isinstance(u.json, dict) else {}
        sc.check("%s naming ann's %s: 404, as an unknown one" % (what, hidden),
                 r.status == 404 and e.get("code") == "not_found" and u.status == 404 and
                 e.get("field") == ue.get("field") and
                 e.get("message") == ue.get("message", "").replace(unknown, hidden), r, u)
        sc.check("... names neither C001 nor whose it is", b"C001" not in r.body and b"belongs" not in r.body, r)


same_as_unknown(invoice_cases, "I-001", "NOPE1")
same_as_unknown(contact_cases, "K-001", "NOPE1")

r = bob.post("/api/v1/customers/C002/contacts", {"contact_ref": "K-001", "name": "Pat", "role": "debtor"})
sc.check("a contact of bob's customer with ann's contact's ref: 422 naming contact_ref, not whose it is",
         r.status == 422 and r.json["error"]["field"] == "contact_ref" and b"C001" not in r.body and
         b"another customer" in r.body, r)
r = bob.post("/api/v1/customers/C002/contacts", {"contact_ref": "K-NEW", "name": "Pat", "role": "pilot"})
sc.check("... another refusal of a new contact is the importer's, as before",
         r.status == 422 and b"another customer" not in r.body, r)

# bob's own invoices and contacts work as before
sc.expect("a promise on bob's own invoice",
          bob.post("/api/v1/promises", {"customer_ref": "C002", "amount": "10.00", "date": day(5),
                                        "invoice_refs": ["I-010"]}), 201)
# a manager sees every customer: the use cases' own refusals, saying whose
r = alice.post("/api/v1/promises", {"customer_ref": "C002", "amount": "10.00", "date": day(5), "invoice_refs": ["I-001"]})
sc.check("a manager naming C001's invoice with C002: 422, saying it is C001's", r.status == 422 and b"C001" in r.body, r)
r = alice.post("/api/v1/customers/C002/contacts", {"contact_ref": "K-001", "name": "Pat", "role": "debtor"})
sc.check("a manager reusing K-001's ref: 422, saying it is C001's", r.status == 422 and b"C001" in r.body, r)
s.stop()
PY
expect_eq "the refused requests wrote no agreement, dispute, flag, document, attempt or contact" "$before" "$(counts)"
expect_eq "one promise: bob's on his own invoice" "1" "$(sql "SELECT count(*) FROM promise")"
finish
