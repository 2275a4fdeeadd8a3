#!/usr/bin/env bash
# Tenants: an agency's two creditors in one server. A user of one tenant
# gets 404 for every ref of the other, on every route that takes a ref; a
# sign-in names its tenant; the same user name in two tenants is two users.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
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
serve_py <<'PY'
import os
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
x = sc.Client(s, "alice", "acme-alice-pw", tenant="acme")
sc.expect("alice of the default tenant signs in", a.signin, 201)
sc.expect("alice of acme signs in naming her tenant", x.signin, 201)
sc.expect("acme's password in the default tenant", sc.Client(s, "alice", "acme-alice-pw").signin, 401, "unauthenticated")
sc.expect("an unknown tenant", sc.Client(s, "alice", "alice-password", tenant="nope").signin, 401, "unauthenticated")
sc.save_clients(os.environ["TMP"] + "/clients.json", {"a": a, "x": x})
s.stop()
PY
sql "DELETE FROM signin_failure" >/dev/null # the wrong password above
db_snapshot # after the sign-ins, which the audit trail records
serve_py <<'PY'
import os
s = sc.Server()
c = sc.load_clients(s, os.environ["TMP"] + "/clients.json")
a, x = c["a"], c["x"]
sc.expect("acme reads its own customer", x.get("/api/v1/customers/X1"), 200)
for who, other, name in ((a, "X1", "default"), (x, "C001", "acme")):
    for method, path, body in (("GET", "/api/v1/customers/%s", None), ("GET", "/api/v1/accounts/%s", None),
                               ("GET", "/api/v1/invoices?customer=%s", None),
                               ("POST", "/api/v1/contacts/%s/log", {"channel": "call", "outcome": "no_answer", "at": "2026-11-20T15:00:00Z"})):
        r = who.send(method, path % other, body)
        sc.expect("%s's user, the other tenant's ref: %s %s" % (name, method, path % other), r, 404, "not_found")
pay = {"payment_ref": "P-X", "customer_ref": "X1", "date": "2026-11-01", "amount": "1.00", "currency": "USD"}
r = a.post("/api/v1/payments", pay)
sc.expect("a payment for the other tenant's customer", r, 422, "input")
sc.check("... refused as an unknown customer", "unknown customer 'X1'" in r.json["error"]["message"], r)
lst = a.get("/api/v1/customers?limit=1000")
sc.check("the default tenant's list has none of acme's customers",
         lst.json and all(c["customer_ref"] != "X1" for c in lst.json["items"]), lst)
lst = x.get("/api/v1/customers")
sc.check("acme's list has only acme's customer", lst.json and [c["customer_ref"] for c in lst.json["items"]] == ["X1"], lst)
ag = x.get("/api/v1/aging")
sc.check("acme's aging counts only acme's invoices", ag.json and [i["currency"] for i in ag.json["items"]] == ["USD"]
         and ag.json["items"][0]["total"] == "50.00", ag)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null # a request may move last_seen (once a minute)
expect_db_unchanged "the cross-tenant requests changed nothing"
finish
