#!/usr/bin/env bash
# A run recorded for a day before the latest recorded run is refused and
# changes nothing: as of that day it would record the steps due then that no
# run recorded (here an invoice imported after the later run, due before it)
# and schedule their messages for moments long passed, which the next send
# would hand over at once, days late. The latest day may run again (a rerun
# after a crash records nothing twice); a dry run of the earlier day shows
# what it would have done; --replay records it anyway (on a copy of the
# book: replaying, backtesting).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

# b2b-gentle: reminder at -5, due date, call at +7, statement at +15
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-11-16,PLN,700.00
CSV
daily_run 2026-11-11
daily_run 2026-12-01
# imported after the run of 12-01: an invoice of ACME due on 11-16
recoup import invoices "$(csv_file late.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-11-16,BRL,500.00
CSV
)" >/dev/null

db_snapshot
run "$RECOUP" run --as-of 2026-11-20 --now 2026-12-01T08:00:00Z --format json
expect_eq "a run for 11-20 after the run of 12-01: refused (exit 1)" 1 "$status"
expect_stderr_contains "the run for 2026-12-01 is recorded already, and 2026-11-20 is before it"
expect_stderr_contains "recoup run --as-of 2026-11-20 --dry-run"
expect_stderr_contains "--replay"
expect_eq "... nothing on stdout" "" "$(cat "$TMP/out")"
expect_db_unchanged "... and the book is as it was (no action, no run row, no agreement reviewed)"
run "$RECOUP" run --as-of 2026-11-30
expect_eq "so is a run for the day before the latest" 1 "$status"
expect_db_unchanged "... which changes nothing either"

# a dry run of that day: what it would have done, nothing written
run "$RECOUP" run --as-of 2026-11-20 --dry-run --format json
expect_eq "the dry run of 11-20 runs" 0 "$status"
expect_eq "... and says it would schedule A1's due-date email" 1 "$(jq_out 'o["actions"].get("email", 0)')"
expect_db_unchanged "... and writes nothing"

# --replay: recorded as asked, and what the refusal spares is plain: a message for a moment passed
run "$RECOUP" run --as-of 2026-11-20 --now 2026-12-01T08:00:00Z --replay --format json
expect_eq "--replay records the run for 11-20" 0 "$status"
expect_eq "... its run row is there" 1 "$(sql "SELECT count(*) FROM run WHERE run_date = '2026-11-20'")"
actions_json --date 2026-11-20 --customer ACME
expect_eq "... and A1's due-date email, scheduled days before the moment it was recorded" "due-today True" \
	"$(jq_actions '" ".join(x["step"] + " " + str(x["scheduled_at"] < "2026-12-01T08:00:00Z") for x in a if x["state"] == "scheduled")')"

# the latest day again: allowed (a rerun after a crash), and the next day after it
daily_run 2026-12-01
expect_eq "a rerun of the latest day (12-01) runs" 0 "$status"
daily_run 2026-12-02
expect_eq "the next day runs after the replay" 1 "$(sql "SELECT count(*) FROM run WHERE run_date = '2026-12-02'")"

# a book written before runs for a later day were refused may hold one: it does not count as the
# latest (else every run would be refused until its day came)
sql "INSERT INTO run (tenant_id, run_date, state, started_at, finished_at, summary)
     SELECT tenant_id, '2099-06-01', state, started_at, finished_at, summary FROM run WHERE run_date = '2026-12-02'"
daily_run 2026-12-03
expect_eq "a run for a day after the latest up to today runs beside a run recorded for 2099" 1 \
	"$(sql "SELECT count(*) FROM run WHERE run_date = '2026-12-03'")"
run "$RECOUP" run --as-of 2026-12-02
expect_eq "... and one for a day before it is still refused" 1 "$status"
expect_stderr_contains "the run for 2026-12-03 is recorded already"
finish
