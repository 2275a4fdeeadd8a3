#!/usr/bin/env bash
# A ref may hold '/' (payment refs such as PAY/2026/7 are common, and the
# importer takes them), and a client puts it in a path percent-encoded:
# GET /api/v1/payments/PAY%2F2026%2F7. libmicrohttpd decodes the path
# before the server routes it, so the encoded '/' split the ref into
# segments and no route matched (404 "no route"): such a payment, customer
# or contact could be written but never read, corrected or assigned
# through the API. Likewise a %00 cut the path or a query argument short:
# /api/v1/customers/C001%00x read C001, ?limit=1%00x was limit 1. Now an
# encoded '/' stays inside its segment (%252F is the three characters
# "%2F"), and a NUL in the path is 404 (no ref has one), in a query
# argument 400, changing nothing. Both backends.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
echo "ann-password" | recoup user add ann --role collector --password-stdin >/dev/null
recoup import customers "$(csv_file slash-customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email
ACME/EU,Acme Europe,company,DE,Europe/Berlin,de,EUR,ap@acme.example
A%2FB,Percent Literal,company,DE,Europe/Berlin,de,EUR,pl@example.com
CSV
)" >/dev/null
serve_py <<'PY'
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
ann = sc.Client(s, "ann", "ann-password")

pay = {"payment_ref": "PAY/2026/7", "customer_ref": "C001", "date": "2026-11-01", "amount": "5.00", "currency": "USD"}
sc.expect("a payment whose ref holds '/'", a.post("/api/v1/payments", pay), 201)
r = a.get("/api/v1/payments/PAY%2F2026%2F7")
sc.check("GET /api/v1/payments/PAY%2F2026%2F7: that payment",
         r.status == 200 and r.json.get("payment_ref") == "PAY/2026/7", r)
r = a.get("/api/v1/payments/PAY%2f2026%2f7")
sc.check("... %2f in lower case too", r.status == 200 and r.json.get("payment_ref") == "PAY/2026/7", r)
sc.expect("PAY/2026/7 unencoded is another path: no route", a.get("/api/v1/payments/PAY/2026/7"), 404, "not_found")

r = a.get("/api/v1/customers/ACME%2FEU")
sc.check("GET /api/v1/customers/ACME%2FEU: the customer", r.status == 200 and r.json.get("customer_ref") == "ACME/EU", r)
tag = r.header("ETag")
r = a.get("/api/v1/customers/ACME%2FEU/contacts")
sc.check("... its contacts", r.status == 200 and [c["contact_ref"] for c in r.json["items"]] == ["ACME/EU"], r)
r = a.send("PATCH", "/api/v1/customers/ACME%2FEU", {"name": "Acme Europe GmbH"}, {"If-Match": tag})
sc.check("... corrected with PATCH and If-Match", r.status == 200 and r.json.get("customer_ref") == "ACME/EU", r)
r = a.get("/api/v1/contacts/ACME%2FEU")
sc.check("GET /api/v1/contacts/ACME%2FEU: its primary contact", r.status == 200 and r.json.get("customer_ref") == "ACME/EU", r)
r = a.send("DELETE", "/api/v1/customers/ACME%2FEU")
sc.check("DELETE of it: 405, Allow naming the customer's methods",
         r.status == 405 and r.header("Allow") == "GET, HEAD, PATCH", r, r.headers)
r = a.send("PUT", "/api/v1/assignments/ACME%2FEU", {"collector": "ann"})
sc.check("assigned to ann with PUT /api/v1/assignments/ACME%2FEU", r.status == 200 and r.json.get("changed") is True, r)
r = ann.get("/api/v1/accounts/ACME%2FEU")
sc.check("ann opens its account screen", r.status == 200 and r.json.get("customer_ref") == "ACME/EU", r)

r = a.get("/api/v1/customers/A%252FB")
sc.check("%252F is a literal %2F: the customer A%2FB", r.status == 200 and r.json.get("customer_ref") == "A%2FB", r)
sc.expect("a file name with an encoded '/' is no file of the workspace", s.request("GET", "/..%2F..%2Fetc%2Fpasswd"),
          404)

r = a.get("/api/v1/customers/C001%00x")
sc.check("a NUL in the path: 404, not customer C001", r.status == 404 and r.error_code() == "not_found", r)
r = a.get("/api/v1/customers?limit=1%00x")
sc.check("a NUL in a query argument: 400, not limit 1", r.status == 400 and r.error_code() == "usage", r)
r = a.send("PATCH", "/api/v1/customers/C001%00x", {"name": "Changed"})
sc.check("a PATCH with a NUL in its path: 404", r.status == 404 and r.error_code() == "not_found", r)
r = a.get("/api/v1/customers/C001")
sc.check("... and C001 is unchanged", r.status == 200 and r.json.get("name") != "Changed", r)
s.stop()
PY
expect_eq "the payment is stored under its ref" "1" "$(sql "SELECT count(*) FROM payment WHERE ref = 'PAY/2026/7'")"
expect_eq "the correction of ACME/EU is stored" "Acme Europe GmbH" "$(sql "SELECT name FROM customer WHERE ref = 'ACME/EU'")"
finish
