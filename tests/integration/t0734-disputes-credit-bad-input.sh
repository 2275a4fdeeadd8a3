#!/usr/bin/env bash
# Bad input to dispute, credit and special (issue 10): each refused with a
# message naming what, where and why, exit 1 (2 for a malformed command
# line: a malformed date or timestamp too, t0666, and a malformed amount,
# t0671), and nothing changed in the database.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-11-20,BRL,100.00
A2,ACME,2026-10-01,2026-11-20,BRL,200.00
W1,WAW,2026-10-01,2026-11-20,PLN,100.00
CSV
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method
P1,ACME,A2,2026-11-02,200.00,BRL,transfer
CSV
)" >/dev/null
recoup dispute open ACME --invoice A1 --reason damaged --at 2026-11-16T10:00:00Z >/dev/null
recoup dispute resolve 1 --outcome rejected --at 2026-11-17T10:00:00Z >/dev/null
recoup dispute open ACME --invoice A1 --reason wrong_price --at 2026-11-18T10:00:00Z >/dev/null
db_snapshot

# refused EXIT MESSAGE ARGS...: recoup ARGS exits EXIT with MESSAGE on stderr and changes nothing
refused() {
	local code=$1 msg=$2
	shift 2
	run recoup "$@"
	expect_eq "recoup $*: exit $code" "$code" "$status"
	expect_stderr_contains "$msg"
	expect_db_unchanged "recoup $*: nothing changed"
}

# dispute open
refused 1 "unknown customer 'NOPE'" dispute open NOPE --invoice A1 --reason damaged
refused 1 "unknown invoice 'ZZ'" dispute open ACME --invoice ZZ --reason damaged
refused 1 "invoice 'W1' belongs to customer 'WAW', not 'ACME'" dispute open ACME --invoice W1 --reason damaged
refused 1 "--reason 'lost' is not one of the tenant's codes" dispute open WAW --invoice W1 --reason lost
refused 2 "--deadline: '2026-02-30' is not a date" dispute open WAW --invoice W1 --reason damaged --deadline 2026-02-30
refused 1 "--deadline is before the day the dispute is opened" dispute open WAW --invoice W1 --reason damaged \
	--deadline 2026-11-01 --at 2026-11-16T10:00:00Z
refused 1 "is after now" dispute open WAW --invoice W1 --reason damaged --at 2099-01-01T00:00:00Z
refused 2 "--at: " dispute open WAW --invoice W1 --reason damaged --at yesterday
refused 1 "invoice 'A2' is settled: nothing to dispute" dispute open ACME --invoice A2 --reason damaged
refused 1 "invoice 'A1' is disputed already" dispute open ACME --invoice A1 --reason damaged
refused 2 "dispute open needs a customer ref, --invoice and --reason" dispute open ACME --invoice A1
# dispute resolve
refused 1 "unknown dispute 9" dispute resolve 9 --outcome upheld
refused 2 "dispute id 'x': expected a whole number from 1 to" dispute resolve x --outcome upheld
refused 1 "dispute 1 is rejected already" dispute resolve 1 --outcome upheld
refused 1 "--outcome 'won' is not upheld, rejected or credited" dispute resolve 2 --outcome won
refused 1 "--credit: outcome 'credited' needs an amount" dispute resolve 2 --outcome credited
refused 1 "--credit: a rejected dispute grants none" dispute resolve 2 --outcome rejected --credit 5.00
refused 1 "more than 2 decimals" dispute resolve 2 --outcome credited --credit 5.001
refused 2 "--credit: amount '5.00 USD' is not a decimal number" dispute resolve 2 --outcome credited --credit "5.00 USD"
refused 1 "--credit '0' must be more than zero" dispute resolve 2 --outcome credited --credit 0
refused 1 "--credit '100.01' is more than the open balance 100.00 BRL of invoice 'A1'" \
	dispute resolve 2 --outcome credited --credit 100.01
refused 1 "--at is before the dispute was opened" dispute resolve 2 --outcome upheld --at 2026-11-18T09:00:00Z
# dispute list, reasons
refused 1 "unknown customer 'NOPE'" dispute list --customer NOPE
refused 1 "--state 'closed' is not open, upheld, rejected or credited" dispute list --state closed
refused 1 "reason code 'Bad-Code' may hold only a-z, 0-9 and '_'" dispute reasons set damaged Bad-Code
refused 1 "reason code 'damaged' is given twice" dispute reasons set damaged damaged
# credit
refused 1 "unknown customer 'NOPE'" credit check NOPE --amount 10.00
refused 2 "--amount: amount '10.00 USD' is not a decimal number" credit check WAW --amount "10.00 USD"
refused 1 "more than 2 decimals" credit check WAW --amount 10.001
refused 1 "--amount '-5' must be more than zero" credit check WAW --amount -5
refused 2 "credit check needs a customer ref and --amount" credit check WAW
refused 1 "unknown customer 'NOPE'" credit hold NOPE
refused 1 "customer 'WAW' is not on credit hold" credit release WAW
refused 2 "--application-signed: '2026-13-01' is not a date" credit set WAW --application-signed 2026-13-01
refused 1 "--references-checked is after the day it is recorded" credit set WAW --references-checked 2099-01-01
refused 2 "--overdue-days '0': expected a whole number from 1 to 3650" credit policy --overdue-days 0
refused 2 "--nsf-fee-bp '10001': expected a whole number from 0 to 10000" credit policy --nsf-fee-bp 10001
# special
refused 2 "expected 'list'" special show

run recoup check
expect_eq "recoup check passes" 0 "$status"
finish
