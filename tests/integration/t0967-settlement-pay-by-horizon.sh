#!/usr/bin/env bash
# A settlement holds its invoices through its pay-by date: nothing of the
# strategy happens to them until then. A promise's date is at most 366 days
# ahead ("that is a payment plan"); a pay-by date had no limit, so a
# mistyped year (2099 for 2026) was recorded and silently stopped the
# strategy on the account for 73 years. Now a pay-by date more than 366
# days after the offer is refused (exit 1) with the dates, nothing
# recorded, with or without --request-approval; one 366 days ahead is not.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-07-01,2026-08-01,PLN,700.00
A1,ACME,2026-07-01,2026-08-01,BRL,4000.00
CSV
recoup user add carol --role collector >/dev/null

db_snapshot
run recoup settlement offer WAW --pay 680.00 --by 2099-11-30 --at 2026-11-01T10:00:00Z --by-user carol
expect_eq "a pay-by date 73 years ahead: exit 1" 1 "$status"
expect_stderr_contains "--by 2099-11-30 is more than 366 days after the offer (2026-11-01): agree a payment plan instead"
run recoup settlement offer ACME --pay 3000.00 --by 2027-11-03 --at 2026-11-01T10:00:00Z --by-user carol \
	--request-approval
expect_eq "nor for approval: exit 1" 1 "$status"
expect_stderr_contains "--by 2027-11-03 is more than 366 days after the offer (2026-11-01)"
expect_db_unchanged "nothing is recorded, nothing held"

run recoup settlement offer WAW --pay 680.00 --by 2027-11-02 --at 2026-11-01T10:00:00Z --by-user carol
expect_eq "366 days after the offer is accepted" 0 "$status"
expect_eq "held through the pay-by date" "1" \
	"$(sql "SELECT COUNT(*) FROM account_hold WHERE kind = 'settlement' AND until = '2027-11-02'")"
finish
