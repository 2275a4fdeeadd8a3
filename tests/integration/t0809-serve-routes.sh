#!/usr/bin/env bash
# Every route doing its work: customers by pages (the cursor), one
# customer, its invoices, the account screen, the aging (and by customer),
# the queue, a CSV upload (the same counts as the CLI, then nothing new the
# second time), a payment, a contact attempt logged; the JSON keys of a
# record are its CSV columns.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
recoup import contacts "$DATA/import/contacts.csv" >/dev/null
HEADER=$(recoup export customers --format csv | head -1)
export HEADER DATA
serve_py <<'PY'
import os
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
seen, after, pages = [], None, 0
while True:
    r = a.get("/api/v1/customers?limit=2" + ("&after=" + after if after else ""))
    if not sc.expect("customers page %d" % (pages + 1), r, 200):
        break
    pages += 1
    seen += [c["customer_ref"] for c in r.json["items"]]
    after = r.json["next"]
    if after is None or pages > 10:
        break
sc.check("the pages hold every customer once, in import order (%d pages)" % pages,
         seen == ["C001", "C002", "C003", "C004", "C005"] and pages == 3, seen)
r = a.get("/api/v1/customers/C001")
sc.expect("one customer", r, 200)
cols = os.environ["HEADER"].split(",")
sc.check("a customer's keys are its CSV columns, in order", list(r.json.keys())[:len(cols)] == cols, list(r.json.keys()), cols)
sc.check("the customer's balance", r.json["owed"] == "2300.50" and r.json["open_invoices"] == 3, r)
inv = a.get("/api/v1/invoices?customer=C001")
sc.expect("the customer's invoices", inv, 200)
sc.check("three open invoices, oldest due first, next null",
         [i["invoice_ref"] for i in inv.json["items"]] == ["I-001", "I-002", "I-003"] and inv.json["next"] is None, inv)
acc = a.get("/api/v1/accounts/C001")
sc.expect("the account screen", acc, 200)
sc.check("it names who to call and has the script's facts", acc.json["call"]["contact_ref"] and acc.json["facts"], acc)
ag = a.get("/api/v1/aging?as_of=2026-11-30")
sc.expect("the aging", ag, 200)
sc.check("the aging's buckets and a row per currency", ag.json["buckets"][0] == "current"
         and sorted(i["currency"] for i in ag.json["items"]) == ["BHD", "BRL", "JPY", "PLN", "USD"], ag)
agc = a.get("/api/v1/aging?by_customer=true")
sc.check("the aging by customer", agc.status == 200 and all("customer_ref" in i for i in agc.json["items"]), agc)
sc.expect("the queue", a.get("/api/v1/queue"), 200)
csv = ("invoice_ref,customer_ref,issue_date,due_date,currency,amount\n"
       "N-1,C001,2026-10-01,2026-10-31,USD,10.00\nN-2,C002,2026-10-01,2026-10-31,PLN,20.00\n")
up = a.post("/api/v1/imports/invoices", csv, {"Content-Type": "text/csv"})
sc.expect("a CSV upload", up, 201)
sc.check("it counts like the CLI", up.json == {"kind": "invoices", "rows": 2, "inserted": 2, "unchanged": 0, "rejected": 0}, up)
again = a.post("/api/v1/imports/invoices", csv, {"Content-Type": "text/csv; charset=utf-8"})
sc.check("the same upload again writes nothing", again.status == 200 and again.json["inserted"] == 0
         and again.json["unchanged"] == 2, again)
bad = a.post("/api/v1/imports/invoices", open(os.environ["DATA"] + "/import/bad-three-rows.csv", "rb").read(),
             {"Content-Type": "text/csv"})
sc.expect("an upload with bad rows", bad, 422, "input")
rows = bad.json["error"].get("rows", [])
sc.check("every bad row is listed with its line, column and reason",
         [(x["line"], x["column"]) for x in rows] == [(3, "customer_ref"), (5, "issue_date"), (6, "amount")], rows)
p = a.post("/api/v1/payments", {"payment_ref": "P-R1", "customer_ref": "C002", "date": "2026-11-02",
                                "amount": "450.00", "currency": "PLN", "method": "transfer"})
sc.expect("a payment", p, 201)
sc.check("the payment's keys are the payment columns", list(p.json.keys())[:2] == ["payment_ref", "customer_ref"], p)
inv = a.get("/api/v1/invoices?customer=C002")
sc.check("the payment paid C002's invoice I-010", [i["invoice_ref"] for i in inv.json["items"]] == ["N-2"], inv)
lg = a.post("/api/v1/contacts/C001/log", {"channel": "call", "outcome": "no_answer", "at": "2026-11-20T15:00:00Z",
                                          "note": "rang twice"})
sc.expect("a contact attempt logged", lg, 201)
sc.check("it names the customer and the contact", lg.json["customer_ref"] == "C001" and lg.json["contact_ref"] == "C001", lg)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_exit 0 recoup contact history --customer C001
expect_stdout_contains "rang twice"
expect_eq "the upload is recorded as an import batch" "1" "$(sql "SELECT count(*) FROM import_batch WHERE kind = 'invoices' AND rows = 2")"
finish
