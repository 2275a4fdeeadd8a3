#!/usr/bin/env bash
# A run of the same day again keeps the credit hold its credit_hold step set.
# b2b-gentle's step is at +60 days and the credit policy refuses orders past
# 60 days ("more than"), so on the step's own day the account is within
# policy by the review's reading: the review before a second run of that day
# (a rerun, or the run again after a kill -9 between its walk and the end)
# lifted the hold ("back within the credit policy") that the first run had
# just set, and a lifted hold is never set again: the customer kept ordering
# on credit. A hold is now not lifted by the review of the day its step was
# recorded (nor of an earlier day), so a rerun records nothing new; it is
# still lifted on a later day once the account is back within policy.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

# ACME's credit limit is 10000.00: A1 alone keeps it within the limit
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-08-01,2026-09-01,BRL,100.00
CSV
expect_exit 0 recoup customer set ACME credit_limit=10000.00 --by ann

current_holds() { # the run's holds not released: action run date, or nothing
	sql "SELECT a.run_date FROM credit_hold h JOIN action a ON a.tenant_id = h.tenant_id AND a.id = h.action_id
	     WHERE h.source = 'run' AND h.released_at IS NULL ORDER BY h.id" | tr '\n' ' ' | sed 's/ $//'
}

daily_run 2026-10-31
expect_eq "the step at +60 sets the hold" "2026-10-31" "$(current_holds)"

daily_run 2026-10-31
expect_eq "a second run of the day keeps it" "2026-10-31" "$(current_holds)"
expect_eq "and releases nothing" 0 "$(sql "SELECT COUNT(*) FROM credit_hold WHERE released_at IS NOT NULL")"
run recoup credit check ACME --amount 1.00 --as-of 2026-10-31 --format json
expect_stdout_contains '"on_hold"'

daily_run 2026-11-01
expect_eq "the next day keeps it: 61 days overdue is beyond the policy" "2026-10-31" "$(current_holds)"

# paid: the next run lifts it
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,ACME,A1,2026-11-02,100.00,BRL,transfer,cleared,
CSV
)" >/dev/null
daily_run 2026-11-03
expect_eq "paid up, a later day's review lifts it" "" "$(current_holds)"
expect_eq "with the reason" "back within the credit policy" \
	"$(sql "SELECT release_reason FROM credit_hold WHERE source = 'run'")"

finish
