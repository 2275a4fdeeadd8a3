#!/usr/bin/env bash
# Documents over the API (issue 13, point 5): a PDF, PNG or JPEG uploaded
# as the raw body of POST /api/v1/customers/{ref}/documents (file name in
# ?name= or X-File-Name, kind and invoice in the query, Idempotency-Key
# honoured) is stored under --files and read back by GET
# /api/v1/documents/{id} with its Content-Type, Content-Disposition inline
# (the UTF-8 name kept) and nosniff. A type the content contradicts or
# that is not taken is 415, a file over the limit 413, each changing
# nothing. A collector reaches only the customers assigned to them (404
# otherwise, as an unknown id), another tenant's documents are 404, and a
# cookie upload needs the CSRF token.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

export USER=boss
recoup import customers "$DATA/queue/customers.csv" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-02-01,2026-03-01,USD,100.00
I2,C2,2026-02-01,2026-03-01,USD,200.00
I3,C3,2026-02-01,2026-03-01,USD,300.00
I4,C4,2026-02-01,2026-03-01,USD,400.00
CSV
)" >/dev/null
daily_run 2026-03-10
echo "ann-password" | recoup user add ann --role collector --password-stdin >/dev/null
echo "bob-password" | recoup user add bob --role collector --password-stdin >/dev/null
echo "max-password" | recoup user add max --role manager --password-stdin >/dev/null
recoup --tenant other init >/dev/null 2>&1 || true
echo "zed-password" | recoup --tenant other user add zed --role manager --password-stdin >/dev/null
expect_exit 0 recoup assign --as-of 2026-03-10
ANN=$(sql_join " " "SELECT c.ref FROM assignment a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
  JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id WHERE u.name = 'ann' ORDER BY c.ref")
BOB=$(sql_join " " "SELECT c.ref FROM assignment a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
  JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id WHERE u.name = 'bob' ORDER BY c.ref")
export ANN BOB
serve_py <<'PY'
import hashlib, os, urllib.parse
TMP = os.environ["TMP"]
FILES = TMP + "/files"
s = sc.Server(["--files", FILES])
mx = sc.Client(s, "max", "max-password")
ann = sc.Client(s, "ann", "ann-password")
zed = sc.Client(s, "zed", "zed-password", tenant="other")
for n, c in (("max", mx), ("ann", ann), ("zed", zed)):
    sc.expect(n + " signs in", c.signin, 201)
mine, theirs = os.environ["ANN"].split()[0], os.environ["BOB"].split()[0]

pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x02\0\0\0"
jpg = b"\xff\xd8\xff\xe0\0\x10JFIF\0"

def upload(c, ref, data, ctype, query, extra=None):
    h = {"Content-Type": ctype}
    h.update(extra or {})
    return c.post("/api/v1/customers/%s/documents?%s" % (ref, query), data, h)

r = upload(mx, "C1", pdf, "application/pdf", "name=po.pdf&kind=po&invoice=I1", {"Idempotency-Key": "doc-1"})
sc.expect("a manager uploads a PDF to an invoice", r, 201)
doc = r.json or {}
sc.check("the row names it", (doc.get("customer_ref"), doc.get("invoice_ref"), doc.get("kind"), doc.get("file_name"),
         doc.get("content_type"), doc.get("size"), doc.get("sha256"), doc.get("uploaded_by")) ==
         ("C1", "I1", "po", "po.pdf", "application/pdf", len(pdf), hashlib.sha256(pdf).hexdigest(), "max"), r)
sha = hashlib.sha256(pdf).hexdigest()
sc.check("the file is under --files, named by its sha256",
         open("%s/%s/%s" % (FILES, sha[:2], sha), "rb").read() == pdf)
r2 = upload(mx, "C1", pdf, "application/pdf", "name=po.pdf&kind=po&invoice=I1", {"Idempotency-Key": "doc-1"})
sc.check("the same Idempotency-Key replays the upload", r2.status == 201 and r2.json == r.json and
         r2.header("Idempotent-Replayed") == "true", r2)

g = mx.get("/api/v1/documents/%d" % doc["id"])
sc.expect("the document is read back", g, 200)
sc.check("the same bytes", g.body == pdf, g)
sc.check("with its Content-Type", g.header("Content-Type") == "application/pdf", g.headers)
sc.check("inline, with its name", g.header("Content-Disposition") == "inline; filename=\"po.pdf\"; filename*=UTF-8''po.pdf",
         g.headers)
sc.check("and nosniff", g.header("X-Content-Type-Options") == "nosniff", g.headers)

name = "nota fiscal \u00e7\"1\".png"
r = upload(mx, "C1", png, "image/png", "kind=signed", {"X-File-Name": "scan.png"})
sc.expect("the name may come in X-File-Name", r, 201)
r = upload(mx, "C1", png, "image/png", "kind=signed&name=" + urllib.parse.quote(name))
sc.expect("a PNG with a UTF-8 name", r, 201)
g = mx.get("/api/v1/documents/%d" % r.json["id"])
sc.check("the UTF-8 name kept, percent-encoded, with an ASCII fallback",
         g.header("Content-Disposition") ==
         "inline; filename=\"nota fiscal __1_.png\"; filename*=UTF-8''nota%20fiscal%20%C3%A7%221%22.png", g.headers)
sc.check("image/png", g.header("Content-Type") == "image/png" and g.body == png, g.headers)

r = mx.get("/api/v1/customers/C1/documents")
sc.expect("the customer's documents", r, 200)
sc.check("newest first", [d["file_name"] for d in r.json["items"]] == [name, "scan.png", "po.pdf"], r)
r = mx.get("/api/v1/customers/C1/documents?invoice=I1")
sc.check("of one invoice", [d["file_name"] for d in r.json["items"]] == ["po.pdf"], r)

# refusals, none of which writes a row or a file
files_before = sorted(os.path.join(d, f) for d, _, fs in os.walk(FILES) for f in fs)
sc.expect("a PNG declared a PDF", upload(mx, "C1", png, "application/pdf", "name=x.pdf"), 415, "unsupported_media_type")
sc.expect("a type not taken", upload(mx, "C1", b"<html></html>", "text/html", "name=x.html"), 415, "unsupported_media_type")
sc.expect("content that is none of the types", upload(mx, "C1", b"hello", "image/jpeg", "name=x.jpg"), 415,
          "unsupported_media_type")
big = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)
r = upload(mx, "C1", big, "application/pdf", "name=big.pdf")
sc.expect("a file over the 10 MiB limit", r, 413, "payload_too_large")
sc.check("the message says the limit", "over the limit of 10485760" in (r.json or {}).get("error", {}).get("message", ""), r)
sc.expect("an empty file", upload(mx, "C1", b"", "application/pdf", "name=e.pdf"), 422, "input")
sc.expect("no file name", upload(mx, "C1", pdf, "application/pdf", "kind=po"), 422, "input")
sc.expect("an unknown kind", upload(mx, "C1", pdf, "application/pdf", "name=a.pdf&kind=bill"), 422, "input")
sc.expect("another customer's invoice", upload(mx, "C1", pdf, "application/pdf", "name=a.pdf&invoice=I2"), 422, "input")
sc.expect("an unknown customer", upload(mx, "NOPE", pdf, "application/pdf", "name=a.pdf"), 404, "not_found")
sc.expect("a cookie upload without the CSRF token",
          s.request("POST", "/api/v1/customers/C1/documents?name=a.pdf", pdf,
                    {"Cookie": mx.cookie, "Content-Type": "application/pdf"}), 403, "csrf")
sc.expect("no sign-in", s.request("GET", "/api/v1/documents/%d" % doc["id"]), 401, "unauthenticated")
sc.check("no refusal stored a file",
         sorted(os.path.join(d, f) for d, _, fs in os.walk(FILES) for f in fs) == files_before)
sc.check("nor a row", len(mx.get("/api/v1/customers/C1/documents").json["items"]) == 3)

# a collector: only their customers
r = upload(ann, mine, jpg, "image/jpeg", "name=photo.jpg&kind=receipt")
sc.expect("a collector uploads to an assigned customer", r, 201)
own = r.json["id"]
sc.expect("and reads it", ann.get("/api/v1/documents/%d" % own), 200)
sc.expect("and lists them", ann.get("/api/v1/customers/%s/documents" % mine), 200)
r = upload(mx, theirs, pdf, "application/pdf", "name=other.pdf")
sc.expect("the manager uploads to another collector's customer", r, 201)
other = r.json["id"]
sc.expect("a collector cannot read it", ann.get("/api/v1/documents/%d" % other), 404, "not_found")
sc.expect("nor list that customer's", ann.get("/api/v1/customers/%s/documents" % theirs), 404, "not_found")
sc.expect("nor upload to it", upload(ann, theirs, pdf, "application/pdf", "name=x.pdf"), 404, "not_found")
sc.expect("an unknown id is the same 404", ann.get("/api/v1/documents/999999"), 404, "not_found")
sc.expect("a malformed id too", ann.get("/api/v1/documents/1x"), 404, "not_found")
# digits only: " 1" and "+1" read as 1 by strtoll, an id past 64 bits clamped to INT64_MAX in the message
for bad in ("%%20%d" % doc["id"], "%%2B%d" % doc["id"], "99999999999999999999"):
    r = mx.get("/api/v1/documents/" + bad)
    sc.check("the id '%s' is no id: 404, named as sent" % bad, r.status == 404 and r.error_code() == "not_found"
             and "9223372036854775807" not in r.json["error"]["message"], r)

# another tenant
sc.expect("another tenant's manager gets 404", zed.get("/api/v1/documents/%d" % doc["id"]), 404, "not_found")
sc.expect("and no list", zed.get("/api/v1/customers/C1/documents"), 404, "not_found")
s.stop()
PY
finish
