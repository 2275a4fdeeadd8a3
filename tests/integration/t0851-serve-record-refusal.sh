#!/usr/bin/env bash
# A record POSTed as JSON (a payment, a customer, an invoice, a credit note,
# a contact) is checked as a one-row file would be imported, and its
# refusal used to read like a file's: "line 2: amount: amount '-5.00' must
# be more than zero (1 bad rows; nothing was imported)", with rows [{"line":
# 2,...}], a line of a file the client never sent. Now the key and the
# reason ("amount: amount '-5.00' must be more than zero"), the key in
# `field`, no rows; an uploaded file keeps its lines and its rows.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
before=$(recoup export payments --format csv | wc -l)
serve_py <<'PY'
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
cases = [
    ("/api/v1/payments", {"payment_ref": "P-9", "customer_ref": "C001", "date": "2026-11-01", "amount": "-5.00",
                          "currency": "USD"}, "amount", "amount: amount '-5.00' must be more than zero"),
    ("/api/v1/customers", {"customer_ref": "C9", "name": "X", "kind": "robot", "country": "US", "currency": "USD"},
     "kind", "kind: 'robot' is not person or company"),
    ("/api/v1/invoices", {"invoice_ref": "I-9", "customer_ref": "C001", "issue_date": "2026-11-01",
                          "due_date": "2026-10-01", "currency": "USD", "amount": "1.00"},
     "due_date", "due_date: due date 2026-10-01 is before the issue date 2026-11-01"),
    ("/api/v1/credit-notes", {"credit_note_ref": "CN-9", "customer_ref": "C999", "date": "2026-11-01",
                              "amount": "1.00", "currency": "USD", "reason": "damaged"}, "customer_ref",
     "customer_ref: unknown customer 'C999'"),
]
for path, body, field, message in cases:
    r = a.post(path, body)
    sc.expect("POST %s refused" % path, r, 422, "input")
    e = (r.json or {}).get("error", {})
    sc.check("... names the key and the reason, as a record's", e.get("field") == field
             and e.get("message", "").startswith(message) and "line " not in e.get("message", "")
             and "bad rows" not in e.get("message", ""), r)
    sc.check("... with no rows of a file", "rows" not in e, r)
up = s.request("POST", "/api/v1/imports/invoices",
               "invoice_ref,customer_ref,issue_date,due_date,currency,amount\nI-9,C999,2026-11-01,2026-12-01,USD,1.00\n",
               a.headers({"Content-Type": "text/csv"}))
sc.expect("an uploaded file with a bad row", up, 422, "input")
sc.check("... keeps its line and its rows", up.json["error"]["message"].startswith("line 2: customer_ref: ")
         and up.json["error"]["rows"][0]["line"] == 2, up)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "no payment was written" "$before" "$(recoup export payments --format csv | wc -l)"
finish
