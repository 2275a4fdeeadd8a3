#!/usr/bin/env bash
# promise add refuses bad input (issue 10 point 2, "Bad input"), each case
# with a message naming what, where and why, exit 1 (2 for a usage error),
# and nothing changed: an unknown customer or invoice, another customer's
# invoice, a paid invoice, a date before the day it is made or too far, an
# amount that is not money in the account's currency, <= 0 or over the
# balance, another currency, a moment ahead of the clock. Then a good one
# is recorded, and recoup check passes.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=ann
recoup import customers "$DATA/queue/customers.csv" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-02-01,2026-03-03,USD,1000.00
I2,C1,2026-02-01,2026-03-03,USD,200.00
I3,C2,2026-02-01,2026-03-03,USD,300.00
CSV
)" >/dev/null
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,C1,I2,2026-03-05,200.00,USD,transfer,cleared,
CSV
)" >/dev/null

AT=2026-03-11T15:00:00Z
refused() { # CODE MESSAGE ARGS...: promise add ARGS is refused with CODE and MESSAGE
	local code=$1 msg=$2
	shift 2
	expect_exit "$code" recoup promise add "$@"
	expect_stderr_contains "$msg"
}
db_snapshot
refused 1 "unknown customer 'NOPE'" NOPE --amount 10.00 --date 2026-03-20 --at $AT
refused 1 "--invoice: unknown invoice 'I9'" C1 --amount 10.00 --date 2026-03-20 --invoice I9 --at $AT
refused 1 "--invoice: invoice 'I3' belongs to customer 'C2', not 'C1'" C1 --amount 10.00 --date 2026-03-20 --invoice I3 --at $AT
refused 1 "--invoice: invoice 'I2' is paid" C1 --amount 10.00 --date 2026-03-20 --invoice I2 --at $AT
refused 1 "--date 2026-03-10 is in the past (the promise is made on 2026-03-11)" C1 --amount 10.00 --date 2026-03-10 --at $AT
refused 1 "--date 2027-12-01 is more than 366 days ahead" C1 --amount 10.00 --date 2027-12-01 --at $AT
refused 1 "--amount 0.00 USD: a promise is of more than 0" C1 --amount 0 --date 2026-03-20 --at $AT
refused 1 "--amount -5.00 USD: a promise is of more than 0" C1 --amount -5.00 --date 2026-03-20 --at $AT
refused 1 "--amount:" C1 --amount 10.001 --date 2026-03-20 --at $AT
refused 2 "--amount: amount 'ten' is not a decimal number" C1 --amount ten --date 2026-03-20 --at $AT
refused 1 "--amount 1000.01 USD is more than the balance promised on (1000.00 USD)" C1 --amount 1000.01 --date 2026-03-20 --invoice I1 --at $AT
refused 1 "--amount 1000.01 USD is more than the balance promised on (1000.00 USD)" C1 --amount 1000.01 --date 2026-03-20 --at $AT
refused 1 "--amount '100.00 EUR': the account is in USD, not EUR" C1 --amount "100.00 EUR" --date 2026-03-20 --at $AT
refused 1 "--invoice: invoice 'I1' is in USD, the promise in EUR" C1 --amount 100.00 --currency EUR --date 2026-03-20 --invoice I1 --at $AT
refused 1 "customer 'C1' owes nothing in EUR" C1 --amount 100.00 --currency EUR --date 2026-03-20 --at $AT
refused 1 "--at" C1 --amount 10.00 --date 2030-03-20 --at 2030-03-11T15:00:00Z
refused 2 "promise add needs CUSTOMER, --amount and --date" C1 --date 2026-03-20 --at $AT
refused 2 "--date" C1 --amount 10.00 --date 2026-02-30 --at $AT
expect_db_unchanged "nothing written by the refusals"

run recoup promise add C1 --amount "1000.00 USD" --date 2026-03-20 --invoice I1 --at $AT
expect_stdout_contains "promise 1: customer 'C1' promised 1000.00 USD by 2026-03-20 on I1 (held until 2026-03-22)"
expect_eq "one promise, one hold, one audit entry" "1 1 1" \
	"$(sql "SELECT (SELECT COUNT(*) FROM promise) || ' ' || (SELECT COUNT(*) FROM account_hold) || ' ' || (SELECT COUNT(*) FROM audit_log WHERE action = 'promise.add')")"
expect_exit 1 recoup promise list --state gone
expect_stderr_contains "--state 'gone' is not a promise state"
expect_exit 1 recoup promise list --customer NOPE
expect_stderr_contains "unknown customer 'NOPE'"

run recoup check
expect_eq "recoup check passes" "0" "$status"
finish
