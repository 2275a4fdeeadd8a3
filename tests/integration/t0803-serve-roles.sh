#!/usr/bin/env bash
# Roles: a collector sees the customers assigned to them and nothing else
# (404, as an unknown ref), and gets 403 on a manager's route; a manager
# sees the whole tenant.
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
echo "ada-password" | recoup user add ada --role admin --password-stdin >/dev/null
expect_exit 0 recoup assign --as-of 2026-03-10
ANN=$(sql_join " " "SELECT c.ref FROM assignment a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
  JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id WHERE u.name = 'ann' ORDER BY c.ref")
BOB=$(sql_join " " "SELECT c.ref FROM assignment a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
  JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id WHERE u.name = 'bob' ORDER BY c.ref")
if [[ -n $ANN && -n $BOB ]]; then
	pass "both collectors have accounts ($ANN / $BOB)"
else
	fail "both collectors have accounts" "ann: $ANN" "bob: $BOB"
fi
serve_py <<'PY'
import os
s = sc.Server()
clients = {n: sc.Client(s, n, n + "-password") for n in ("ann", "max", "ada")}
for n, c in clients.items():
    sc.expect(n + " signs in", c.signin, 201)
sc.save_clients(os.environ["TMP"] + "/clients.json", clients)
s.stop()
PY
db_snapshot # after the sign-ins, which the audit trail records
export ANN BOB
serve_py <<'PY'
import os
ann_refs = os.environ["ANN"].split()
bob_refs = os.environ["BOB"].split()
s = sc.Server()
c = sc.load_clients(s, os.environ["TMP"] + "/clients.json")
ann, mx, ada = c["ann"], c["max"], c["ada"]
mine, theirs = ann_refs[0], bob_refs[0]
sc.expect("a collector reads an assigned customer", ann.get("/api/v1/customers/" + mine), 200)
sc.expect("a collector reads an assigned account", ann.get("/api/v1/accounts/" + mine), 200)
sc.expect("a collector reads an assigned customer's invoices", ann.get("/api/v1/invoices?customer=" + mine), 200)
for path in ("/api/v1/customers/", "/api/v1/accounts/", "/api/v1/invoices?customer="):
    r = ann.get(path + theirs)
    sc.expect("a collector on another collector's customer " + path, r, 404, "not_found")
    u = ann.get(path + "NO-SUCH-REF")
    sc.check("... with the code an unknown ref gets " + path, u.status == 404 and u.error_code() == r.error_code(), u, r)
r = ann.post("/api/v1/contacts/%s/log" % theirs, {"channel": "call", "outcome": "no_answer", "at": "2026-03-10T14:00:00Z"})
sc.expect("a collector logging a call on another's contact", r, 404, "not_found")
lst = ann.get("/api/v1/customers")
refs = [c["customer_ref"] for c in lst.json["items"]] if lst.json else []
sc.check("a collector's customer list holds only their customers", sorted(refs) == sorted(ann_refs), refs, ann_refs)
for method, path in (("GET", "/api/v1/aging"), ("POST", "/api/v1/payments"), ("POST", "/api/v1/imports/invoices")):
    r = ann.send(method, path, "{}" if method == "POST" else None, {"Content-Type": "application/json"} if method == "POST" else None)
    sc.expect("a collector on the manager's route %s %s" % (method, path), r, 403, "forbidden")
sc.expect("a manager reads any customer", mx.get("/api/v1/customers/" + theirs), 200)
sc.expect("a manager reads the aging", mx.get("/api/v1/aging"), 200)
lst = mx.get("/api/v1/customers?limit=1000")
sc.check("a manager's list holds the whole tenant", lst.json and len(lst.json["items"]) >= len(ann_refs) + len(bob_refs), lst)
sc.expect("an admin reads the aging", ada.get("/api/v1/aging"), 200)
q = ann.get("/api/v1/queue")
sc.expect("a collector reads their queue", q, 200)
sc.check("the queue holds only the collector's accounts",
         all(i["collector"] == "ann" for i in q.json["items"]) if q.json else False, q)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null # a request may move last_seen (once a minute)
expect_db_unchanged "the refused requests changed nothing (reads wrote nothing either)"
finish
