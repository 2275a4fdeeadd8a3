#!/usr/bin/env bash
# A refusal names the value the way its caller gave it: the API by the JSON
# field (error.field, and the message begins with it: "amount ...", "at
# ...", "invoice_refs: ..."), never a command-line option ("--amount");
# the CLI by its option ("--amount ...", "--invoice: ..."), as before. The
# use cases name the field; the CLI shows the option it stands for
# (cli/main.c). An import's refusal of a future payment date tells the CLI
# of --as-of, and the API (which has none) only why.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

serve_setup_agreements
recoup import contacts "$DATA/import/contacts.csv" >/dev/null
CONTACT=$(sql "SELECT k.ref FROM contact k JOIN customer c ON c.id = k.customer_id WHERE c.ref = 'C001' ORDER BY k.id LIMIT 1")
export CONTACT
serve_py <<'PY'
import datetime, os
s = sc.Server()
alice = sc.Client(s, "alice", "alice-password")
ann = sc.Client(s, "ann", "ann-password")
now = datetime.datetime.now(datetime.timezone.utc)
day = lambda n: (now.date() + datetime.timedelta(days=n)).isoformat()
later = (now + datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
promise = {"customer_ref": "C001", "amount": "100.00", "date": day(10)}

def refused(desc, r, status, field, starts=None):
    """r is refused with `status`, names `field`, and its message says the field, no option."""
    e = r.json.get("error", {}) if isinstance(r.json, dict) else {}
    msg = e.get("message", "")
    ok = (r.status == status and e.get("field") == field and "--" not in msg and
          msg.startswith(starts if starts is not None else field))
    sc.check("%s: %d, field %s, a message about %s" % (desc, status, field, field), ok, r)

refused("a promise of an amount that is no number", ann.post("/api/v1/promises", dict(promise, amount="12x")), 422, "amount")
refused("a promise of 0", ann.post("/api/v1/promises", dict(promise, amount="0")), 422, "amount")
refused("a promise of more than is owed", ann.post("/api/v1/promises", dict(promise, amount="99999999")), 422, "amount")
refused("a promise in another currency", ann.post("/api/v1/promises", dict(promise, amount="10.00 EUR")), 422, "amount")
refused("a promise recorded ahead of time", ann.post("/api/v1/promises", dict(promise, at=later)), 422, "at")
refused("a promise due in the past", ann.post("/api/v1/promises", dict(promise, date=day(-3))), 422, "date")
refused("a promise on an unknown invoice", ann.post("/api/v1/promises", dict(promise, invoice_refs=["NOPE"])), 404,
        "invoice_refs")
refused("a promise naming an invoice twice",
        ann.post("/api/v1/promises", dict(promise, invoice_refs=["I-001", "I-001"])), 422, "invoice_refs")
refused("a tolerance of 61 days", alice.post("/api/v1/settings/promise-tolerance", {"tolerance_days": "61"}), 422,
        "tolerance_days")
refused("actions of an unknown kind", alice.get("/api/v1/actions?kind=pigeon"), 400, "kind")
refused("a call logged ahead of time",
        ann.post("/api/v1/contacts/%s/log" % os.environ["CONTACT"],
                 {"channel": "call", "outcome": "no_answer", "at": later}), 422, "at")

# plans and settlements: the use cases' fields renamed to the body's keys (invoice -> invoice_refs), message too
plan = {"customer_ref": "C001", "count": "2", "every": "month", "first": day(5)}
refused("a plan on an unknown invoice", alice.post("/api/v1/plans", dict(plan, invoice_refs=["NOPE"])), 404,
        "invoice_refs")
refused("a plan every fortnight", alice.post("/api/v1/plans", dict(plan, every="fortnight")), 422, "every")
refused("a plan with negative fees", alice.post("/api/v1/plans", dict(plan, fees="-1.00")), 422, "fees")
offer = {"customer_ref": "C001", "invoice_refs": ["I-002"], "pay": "700.00", "pay_by": day(10)}
refused("a settlement paying 'abc'", alice.post("/api/v1/settlements", dict(offer, pay="abc")), 422, "pay")
refused("a settlement on an invoice named twice",
        alice.post("/api/v1/settlements", dict(offer, invoice_refs=["I-002", "I-002"])), 422, "invoice_refs")

pay = {"payment_ref": "P-F1", "customer_ref": "C001", "date": day(3), "amount": "5.00", "currency": "USD"}
r = alice.post("/api/v1/payments", pay)
sc.check("a payment dated after today: refused, naming date, no option", r.status == 422 and
         "--" not in r.body.decode() and "after today" in r.body.decode() and r.json["error"].get("field") == "date", r)
csv = "payment_ref,customer_ref,date,amount,currency\nP-F2,C001,%s,5.00,USD\n" % day(3)
r = alice.send("POST", "/api/v1/imports/payments", csv.encode(), {"Content-Type": "text/csv"})
sc.check("an import of a payment dated after today: refused, no option in it", r.status == 422 and
         "--" not in r.body.decode() and "after today" in r.body.decode(), r)
PY

# the CLI names its options, as before
expect_exit 1 recoup promise add C001 --amount 99999999 --date "$(date -u -d '+10 days' +%F)"
expect_stderr_contains "recoup promise: --amount 99999999.00 USD is more than the balance"
expect_exit 1 recoup promise add C001 --amount 10 --date "$(date -u -d '+10 days' +%F)" --invoice NOPE
expect_stderr_contains "recoup promise: --invoice: unknown invoice 'NOPE'"
expect_exit 1 recoup promise add C001 --amount 10 --date "$(date -u -d '+10 days' +%F)" \
	--at "$(date -u -d '+2 days' +%FT%TZ)"
expect_stderr_contains "recoup promise: --at 20"
expect_stderr_contains "is after now"
expect_exit 1 recoup promise add C001 --amount 10 --date "$(date -u -d '-3 days' +%F)"
expect_stderr_contains "recoup promise: --date "
expect_exit 1 recoup promise add C001 --amount 10 --date "$(date -u -d '+10 days' +%F)" --note "$(printf 'a\001b')"
expect_stderr_contains "recoup promise: --note: "
# a bad option value is usage (exit 2), in the range the use case keeps (its own message said
# "at most 60" where the command line's said "0 to 1000"; --every exited 1)
expect_exit 2 recoup promise settings --tolerance-days 61
expect_stderr_contains "recoup promise: --tolerance-days '61': expected a whole number from 0 to 60"
expect_exit 2 recoup promise settings --tolerance-percent 101
expect_stderr_contains "recoup promise: --tolerance-percent '101': expected a whole number from 0 to 100"
expect_exit 2 recoup plan add C001 --count 2 --every fortnight --first "$(date -u -d '+5 days' +%F)"
expect_stderr_contains "recoup plan: --every 'fortnight': week or month"
# a currency recoup does not know is named as such, not "owes nothing in XXX"
expect_exit 1 recoup promise add C001 --amount 10 --date "$(date -u -d '+10 days' +%F)" --currency XXX
expect_stderr_contains "recoup promise: --currency 'XXX': not an ISO 4217 currency code recoup knows"
expect_exit 1 recoup plan add C001 --count 2 --every month --first "$(date -u -d '+5 days' +%F)" --invoice NOPE
expect_stderr_contains "recoup plan: --invoice: invoice 'NOPE' not found"
expect_exit 2 recoup actions --kind pigeon
expect_stderr_contains "recoup actions: --kind: unknown kind 'pigeon'"
expect_exit 1 recoup import payments "$(csv_file future.csv <<CSV
payment_ref,customer_ref,date,amount,currency
P-F3,C001,$(date -u -d '+3 days' +%F),5.00,USD
CSV
)"
expect_stderr_contains "give import --as-of DATE"
expect_eq "nothing refused was written" "0" \
	"$(sql "SELECT count(*) FROM payment WHERE ref LIKE 'P-F%'")"
finish
