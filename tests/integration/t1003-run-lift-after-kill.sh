#!/usr/bin/env bash
# The credit review's lift after the walk looks at the holds of the customers
# the run visited alone when the last lift was a whole one (app/run.c,
# lift_scope): a hold becomes liftable only by a write to its customer, which
# marks it, and the run visits the marked. Not after a run that visited and
# died before its lift (its run row left "running"): the customers it visited
# are marked no more, and the next run, or the same day's run again, looks at
# every hold. The state such a kill leaves is made here by hand (the hold
# still on, the run row "running"), as a kill between the last commit of the
# walk and the lift cannot be timed; t0985 compares the visited-only lift
# with the whole one day after day.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

# ACME's step at +60 holds it on 2026-10-31
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-08-01,2026-09-01,BRL,100.00
CSV
expect_exit 0 recoup customer set ACME credit_limit=10000.00 --by ann

held() { # ACME's run hold: held or released
	sql "SELECT CASE WHEN released_at IS NULL THEN 'held' ELSE 'released' END FROM credit_hold
	     WHERE source = 'run' ORDER BY id"
}
# what a kill between the walk and the lift of DAY's run leaves: its visits done, the hold on, the run "running"
killed_before_lift() {
	sql "UPDATE credit_hold SET released_at = NULL, released_by = '', release_reason = '' WHERE source = 'run'"
	sql "UPDATE run SET state = 'running', finished_at = NULL WHERE run_date = '$1'"
}

daily_run 2026-10-31
expect_eq "the step at +60 sets the hold" held "$(held)"

recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,ACME,A1,2026-11-01,100.00,BRL,transfer,cleared,
CSV
)" >/dev/null
RECOUP_RUN_TIMES=1 daily_run 2026-11-01
expect_eq "paid, the next run visits ACME and lifts the hold" released "$(held)"
expect_stderr_contains "run credit lift: the holds of the 1 customers visited"

killed_before_lift 2026-11-01
RECOUP_RUN_TIMES=1 daily_run 2026-11-02
expect_eq "after a run that died before its lift, the next run looks at every hold: ACME's lifted" released \
	"$(held)"
expect_stderr_contains "run credit lift: every hold"

# the day before as if it had finished: only the day's own run row left "running" says it
sql "UPDATE run SET state = 'done', finished_at = started_at WHERE run_date = '2026-11-01'"
killed_before_lift 2026-11-02
RECOUP_RUN_TIMES=1 daily_run 2026-11-02
expect_eq "the same day run again looks at every hold too" released "$(held)"
expect_stderr_contains "run credit lift: every hold"

RECOUP_RUN_TIMES=1 daily_run 2026-11-03
expect_stderr_contains "run credit lift: the holds of the 0 customers visited"
expect_eq "and the hold stays lifted" released "$(held)"
finish
