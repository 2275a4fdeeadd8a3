#!/usr/bin/env bash
# The run's credit review (issue 9: it reads the credit_hold actions through
# their own index, action_credit_hold, where it read every action up to the
# date): each credit_hold step gets one hold from the run that records it
# (the review after its walk), none from a replay of an earlier date, and a
# later day's step gets its own hold that day.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

# b2b-gentle's credit hold is at +60: A1's on 2026-10-31, A2's on 2026-11-01
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-08-01,2026-09-01,BRL,100.00
A2,ACME,2026-08-02,2026-09-02,BRL,50.00
CSV

# holds_of: "action_id:run_date" of the actions the run's holds came from, in order
holds_of() {
	sql "SELECT h.action_id || ':' || a.run_date FROM credit_hold h JOIN action a ON a.tenant_id = h.tenant_id
	     AND a.id = h.action_id WHERE h.source = 'run' ORDER BY h.action_id" | tr '\n' ' ' | sed 's/ $//'
}
# hold_actions DATE: the ids of the credit_hold actions recorded by the run of DATE
hold_actions() {
	sql "SELECT id || ':' || run_date FROM action WHERE kind = 'credit_hold' AND run_date = '$1'
	     AND state IN ('scheduled', 'done') ORDER BY id"
}

daily_run 2026-10-31
first=$(hold_actions 2026-10-31)
expect_eq "the run of 2026-10-31 records one credit_hold action (A1's step)" 1 "$(echo "$first" | grep -c .)"
expect_eq "and holds from it the same day (the review after the walk)" "$first" "$(holds_of)"

daily_run 2026-10-30 --replay
expect_eq "a replay of the day before adds no hold" "$first" "$(holds_of)"

daily_run 2026-11-01
second=$(hold_actions 2026-11-01)
expect_eq "the run of 2026-11-01 records A2's credit_hold step" 1 "$(echo "$second" | grep -c .)"
expect_eq "and holds from it too: one hold per action" "$first $second" "$(holds_of)"

daily_run 2026-11-02
expect_eq "the day after adds none" "$first $second" "$(holds_of)"
daily_run 2026-11-02
expect_eq "a rerun of the day adds none" "$first $second" "$(holds_of)"
finish
