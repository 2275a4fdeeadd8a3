#!/usr/bin/env bash
# The credit review reads the credit_hold actions recorded since its mark
# (table credit_review), not every one since the first run, and sets the
# same holds as when it read them all: the run that records a step holds
# at once (its review after the walk); after a run killed before that
# review, a replay's action gets its hold from the review of a date on or
# after its own while an action dated later waits for a review of its date; a hold released by hand is not set again
# from its action, which is still scheduled; a book with no mark yet (one
# migrated with its history) reads them all once and sets nothing twice.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

# b2b-gentle's credit hold is at +60: A1's on 2026-10-31 (W1's, imported later, on 2026-10-28)
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-08-01,2026-09-01,BRL,100.00
CSV

# holds: "customer:run_date:released" of the run's holds, by action id
holds() {
	sql "SELECT c.ref || ':' || a.run_date || ':' || CASE WHEN h.released_at IS NULL THEN 'current' ELSE 'released' END
	     FROM credit_hold h JOIN action a ON a.tenant_id = h.tenant_id AND a.id = h.action_id
	     JOIN customer c ON c.tenant_id = h.tenant_id AND c.id = h.customer_id
	     WHERE h.source = 'run' ORDER BY h.action_id" | tr '\n' ' ' | sed 's/ $//'
}
# steps CUSTOMER: "run_date:state" of the customer's credit_hold actions, by id
steps() {
	sql "SELECT a.run_date || ':' || a.state FROM action a JOIN customer c ON c.tenant_id = a.tenant_id
	     AND c.id = a.customer_id WHERE a.kind = 'credit_hold' AND c.ref = '$1' ORDER BY a.id" | tr '\n' ' ' |
		sed 's/ $//'
}

daily_run 2026-10-31
expect_eq "the run of 2026-10-31 records ACME's credit_hold step" "2026-10-31:scheduled" "$(steps ACME)"
expect_eq "and holds ACME at once, once its walk is committed" "ACME:2026-10-31:current" "$(holds)"
# as a run killed between its walk's commit and that review leaves the book:
# the action recorded, no hold, the mark before it (the next reviews must catch up)
sql "DELETE FROM credit_hold; UPDATE credit_review SET action_id = 0" >/dev/null
recoup import invoices "$(csv_file w1.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-07-29,2026-08-29,PLN,70.00
CSV
)" >/dev/null

# a replay of 2026-10-28 records W1's step after ACME's, dated before it
daily_run 2026-10-28 --replay
expect_eq "the replay of 2026-10-28 records WAW's step" "2026-10-28:scheduled" "$(steps WAW)"
expect_eq "and holds WAW from it; ACME's action, dated later, waits" "WAW:2026-10-28:current" "$(holds)"
daily_run 2026-10-29 --replay
expect_eq "the replay of 2026-10-29 adds none; ACME's still waits" "WAW:2026-10-28:current" "$(holds)"
daily_run 2026-11-01
expect_eq "the run of 2026-11-01 holds ACME from the action it waited on" \
	"ACME:2026-10-31:current WAW:2026-10-28:current" "$(holds)"
daily_run 2026-11-02
daily_run 2026-10-30 --replay
expect_eq "a later run and a replay add none" "ACME:2026-10-31:current WAW:2026-10-28:current" "$(holds)"

# released by hand: the action stays scheduled, and its hold is not set again
recoup credit release ACME --reason "a guarantee was given" --by boss >/dev/null
daily_run 2026-11-03
daily_run 2026-10-31 --replay
expect_eq "ACME's step is still scheduled" "2026-10-31:scheduled" "$(steps ACME)"
expect_eq "no hold set again from it by a run nor a replay" \
	"ACME:2026-10-31:released WAW:2026-10-28:current" "$(holds)"

# no mark: the review reads every credit_hold action once, and sets none twice nor again
sql "DELETE FROM credit_review"
daily_run 2026-11-04
expect_eq "without a mark, the same holds" "ACME:2026-10-31:released WAW:2026-10-28:current" "$(holds)"
expect_eq "and the mark is back past every credit_hold action" \
	"$(sql "SELECT max(id) FROM action WHERE kind = 'credit_hold'")" "$(sql "SELECT action_id FROM credit_review")"
run recoup check
expect_eq "recoup check passes" 0 "$status"
finish
