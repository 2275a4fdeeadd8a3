#!/usr/bin/env bash
# An agreement recorded after the fact (--at) cannot be older than the debt
# it covers. `dispute open` refused a moment before the invoice's issue
# date; a plan, a promise, a settlement and a write-off did not: a plan
# --at 2026-01-01 on an invoice issued on 2026-07-01 posted its agreed fees
# to the ledger six months before the invoice existed, and held and counted
# money from then. Each is now refused (exit 1) naming the invoice and its
# issue date, nothing changed; one from the issue date on is recorded.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-07-01,2026-08-01,PLN,700.00
A1,ACME,2026-06-01,2026-07-01,BRL,2500.00
A2,ACME,2026-07-10,2026-08-10,BRL,1500.00
CSV
recoup user add mike --role manager >/dev/null

db_snapshot
refused() {
	local what=$1 msg=$2
	shift 2
	run recoup "$@"
	expect_eq "$what: exit 1" 1 "$status"
	expect_stderr_contains "$msg"
}
refused "a plan with fees before W1 was issued" "--at 2026-01-01: invoice 'W1' was not issued yet then (issued 2026-07-01)" \
	plan add WAW --instalment 2026-12-01:730.00 --fees 30.00 --at 2026-01-01T10:00:00Z
refused "a promise on the whole account before A2 was issued" \
	"--at 2026-07-05: invoice 'A2' was not issued yet then (issued 2026-07-10)" \
	promise add ACME --amount 100.00 --date 2026-07-20 --at 2026-07-05T10:00:00Z
refused "a promise naming A2 before it was issued" "invoice 'A2' was not issued yet then" \
	promise add ACME --amount 100.00 --date 2026-07-20 --invoice A1 --invoice A2 --at 2026-07-09T23:59:59Z
refused "a settlement before A2 was issued" "--at 2026-07-01: invoice 'A2' was not issued yet then (issued 2026-07-10)" \
	settlement offer ACME --pay 3900.00 --by 2026-07-31 --at 2026-07-01T10:00:00Z --by-user mike
refused "a write-off before W1 was issued" "--at 2026-06-30: invoice 'W1' was not issued yet then (issued 2026-07-01)" \
	writeoff WAW --reason "gone" --at 2026-06-30T10:00:00Z --by-user mike
expect_db_unchanged "nothing is recorded, no fee posted"

expect_exit 0 recoup promise add ACME --amount 100.00 --date 2026-07-20 --invoice A1 --at 2026-07-05T10:00:00Z
expect_exit 0 recoup plan add WAW --instalment 2026-12-01:730.00 --fees 30.00 --at 2026-07-01T00:00:00Z
expect_eq "the plan's fee is dated on W1's issue day, not before" "fee 3000 2026-07-01" \
	"$(sql "SELECT kind || ' ' || amount || ' ' || date FROM ledger_entry")"
expect_exit 0 recoup check
finish
