#!/usr/bin/env bash
# An API refusal names a value by its JSON key, never by the command
# line's option (docs/api.md, "Conventions"; t0867 for the messages that
# begin with the field). Messages the use cases write with the CLI's
# options inside reached API clients as they were: "flag 'cease' does not
# take --contact", "give --instalment or --count, not both", "--count needs
# --first DATE", "--pay waives 124999 JPY of principal: --waive principal
# is needed", "...; --request-approval sends it to the approval queue".
# Now the API says the key (contact_ref, instalments, count, first, pay,
# waive, "request_approval": true), with the same status, code and field
# as before; the CLI keeps its options. Both backends.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

serve_setup_agreements
recoup import contacts "$DATA/import/contacts.csv" >/dev/null
serve_py <<'PY'
import datetime
s = sc.Server()
alice = sc.Client(s, "alice", "alice-password")
ann = sc.Client(s, "ann", "ann-password")
day = lambda n: (datetime.date.today() + datetime.timedelta(days=n)).isoformat()


def refused(desc, r, status, code, field, says):
    e = r.json.get("error", {}) if isinstance(r.json, dict) else {}
    msg = e.get("message", "")
    sc.check("%s: %d %s, field %s, says %r, no option" % (desc, status, code, field, says),
             r.status == status and e.get("code") == code and e.get("field") == field and "--" not in msg and
             says in msg, r)


flag = lambda body: ann.post("/api/v1/customers/C001/flags", body)
refused("a cease flag on one contact", flag({"flag": "cease", "contact_ref": "K-001"}), 422, "input", "contact_ref",
        "does not take contact_ref")
refused("a cease flag with a detail", flag({"flag": "cease", "detail": "x"}), 422, "input", "detail",
        "does not take detail")
refused("a cease flag with an address", flag({"flag": "cease", "address": "a@b.example"}), 422, "input", "address",
        "does not take address")
refused("an at-work flag without its contact", flag({"flag": "at-work"}), 422, "input", "contact_ref",
        "needs contact_ref")
refused("a forbearance flag without its detail", flag({"flag": "forbearance"}), 422, "input", "detail",
        "needs detail")
refused("a wrong-number flag without its number", flag({"flag": "wrong-number"}), 422, "input", "address",
        "needs address")

plan = {"customer_ref": "C001", "every": "month"}
refused("a plan of instalments and a count",
        alice.post("/api/v1/plans", dict(plan, count="2", first=day(5), instalments=[day(5) + ":10.00"])), 400,
        "usage", "count", "give instalments or count, not both")
refused("a plan of neither", alice.post("/api/v1/plans", {"customer_ref": "C001"}), 400, "usage", "instalments",
        "needs instalments DATE:AMOUNT or count N")
refused("a plan of a count without its first date", alice.post("/api/v1/plans", dict(plan, count="2")), 400, "usage",
        "first", "count needs first DATE")

offer = {"customer_ref": "C003", "invoice_refs": ["I-020"], "pay": "1", "pay_by": day(10)}
refused("a settlement waiving principal, waive naming fees only",
        alice.post("/api/v1/settlements", dict(offer, waive=["fees"])), 422, "input", "waive",
        "waive principal is needed")
refused("a collector's settlement beyond her authority", ann.post("/api/v1/settlements", offer), 403, "forbidden",
        "pay", '"request_approval": true sends it to the approval queue')
r = ann.post("/api/v1/settlements", dict(offer, request_approval=True))
sc.check("... sent with request_approval: waits for approval (202)", r.status == 202, r)
s.stop()
PY
expect_eq "one settlement written: the one sent for approval" "1" "$(sql "SELECT count(*) FROM agreement")"

# the command line keeps its options
expect_exit 1 recoup customer flag C001 cease --contact K-001
expect_stderr_contains "flag 'cease' does not take --contact"
expect_exit 2 recoup plan add C001 --count 2 --every month
expect_stderr_contains "--count needs --first DATE"
finish
