#!/usr/bin/env bash
# An Idempotency-Key sent again with another request gets 422
# idempotency_mismatch (docs/api.md, "Idempotency"). The request's hash
# was its method, path and body only: a document upload (the file's bytes
# as the body, its name, kind and invoice in the query, its type in
# Content-Type) sent with a key used before for the same bytes under
# another ?name=, ?kind=, ?invoice= or Content-Type was answered 201 with
# the first upload's response (Idempotent-Replayed: true) and the second
# document was never stored, though the client was told it was. Now the
# query arguments (in any order) and a raw body's Content-Type and
# X-File-Name are part of the request: another of them is 422 and writes
# nothing; the same request again is still replayed, its arguments in
# another order too. Both backends.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
serve_py <<'PY'
import os
s = sc.Server(args=["--files", os.path.join(os.environ["TMP"], "files")])
a = sc.Client(s, "alice", "alice-password")
pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
base = "/api/v1/customers/C001/documents?"


def upload(query, key, ctype="application/pdf", extra=None):
    h = {"Content-Type": ctype, "Idempotency-Key": key}
    h.update(extra or {})
    return a.send("POST", base + query, pdf, h)


r = upload("kind=po&name=po-4411.pdf", "doc-1")
sc.expect("a purchase order uploaded with key doc-1", r, 201)
first = r.body
r = upload("kind=po&name=po-4411.pdf", "doc-1")
sc.check("the same upload again: the first response, replayed",
         r.status == 201 and r.body == first and r.header("Idempotent-Replayed") == "true", r)
r = upload("name=po-4411.pdf&kind=po", "doc-1")
sc.check("... its arguments in another order: the same request, replayed",
         r.status == 201 and r.body == first and r.header("Idempotent-Replayed") == "true", r)
for desc, query, ctype, extra in (
        ("another ?name=", "kind=po&name=contract.pdf", "application/pdf", None),
        ("another ?kind=", "kind=contract&name=po-4411.pdf", "application/pdf", None),
        ("an ?invoice= added", "kind=po&name=po-4411.pdf&invoice=I-001", "application/pdf", None),
        ("another Content-Type", "kind=po&name=po-4411.pdf", "image/png", None),
        ("the name in X-File-Name instead", "kind=po", "application/pdf", {"X-File-Name": "po-4411.pdf"})):
    r = upload(query, "doc-1", ctype, extra)
    sc.check("the same bytes and key, %s: 422 idempotency_mismatch, not the first response" % desc,
             r.status == 422 and r.error_code() == "idempotency_mismatch" and
             r.header("Idempotent-Replayed") is None, r)
r = a.get("/api/v1/customers/C001/documents")
sc.check("one document stored: the first", r.status == 200 and [d["file_name"] for d in r.json["items"]] ==
         ["po-4411.pdf"], r)
r = upload("kind=contract&name=contract.pdf&invoice=I-001", "doc-2")
sc.expect("the contract under a key of its own", r, 201)
r = a.get("/api/v1/customers/C001/documents")
sc.check("... is stored beside it", r.status == 200 and sorted(d["file_name"] for d in r.json["items"]) ==
         ["contract.pdf", "po-4411.pdf"], r)

# a JSON body's route: its key as before (no query: the same hash), another body still 422
pay = {"payment_ref": "P-K1", "customer_ref": "C001", "date": "2026-11-01", "amount": "5.00", "currency": "USD"}
sc.expect("a payment with key pay-1", a.post("/api/v1/payments", pay, {"Idempotency-Key": "pay-1"}), 201)
r = a.post("/api/v1/payments", pay, {"Idempotency-Key": "pay-1"})
sc.check("... sent again: replayed", r.status == 201 and r.header("Idempotent-Replayed") == "true", r)
sc.expect("... with another amount: 422",
          a.post("/api/v1/payments", dict(pay, amount="6.00"), {"Idempotency-Key": "pay-1"}), 422,
          "idempotency_mismatch")
s.stop()
PY
expect_eq "two documents in the table" "2" "$(sql "SELECT count(*) FROM document")"
finish
