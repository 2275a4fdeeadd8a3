#!/usr/bin/env bash
# A run records for today or an earlier day, never for a day still ahead: a
# run for a later day (a mistyped year) would post that day's fees and
# interest into today's balances and put that day's messages in the outbox.
# It is refused, naming the date and today, and changes nothing; a dry run
# may look ahead, writing nothing; the same day's run goes ahead once it is
# today (the machine's clock moved there with faketime).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

today=$(date -u +%F)
issued=$(date -u -d "$today - 40 days" +%F)
due=$(date -u -d "$today - 10 days" +%F)
ahead=$(date -u -d "$today + 20 days" +%F)
run_setup <<CSV
invoice_ref,customer_ref,issue_date,due_date,currency,amount
B1,ANA,$issued,$due,BRL,1000.00
CSV
# a fee step 25 days after the due date: not due today, due on the day ahead
cat >"$TMP/late-fee.json" <<'JSON'
{ "name": "late-fee", "priority": 200, "segment": { "kind": "person", "countries": ["BR"] },
  "steps": [ { "name": "fine", "offset_days": 25, "action": "fee", "fee": { "percent": "2" } } ] }
JSON
recoup strategy set late-fee "$TMP/late-fee.json" >/dev/null

db_snapshot
run recoup run --as-of "$ahead"
expect_eq "a run for a day after today exits 1" 1 "$status"
expect_stderr_contains "the run's date $ahead is after today ($today, UTC)"
expect_stderr_contains "a dry run shows what a later day would bring"
expect_db_unchanged "and nothing is written: no action, no fee, no run"
# nor is a run made before its day began: what it records carries that moment
run recoup run --as-of "$today" --now 1960-01-01T00:00:00Z
expect_eq "a run whose --now is before its day exits 1" 1 "$status"
expect_stderr_contains "the run's moment 1960-01-01T00:00:00Z (--now) is before its date $today began (UTC)"
expect_db_unchanged "and writes nothing either"

run recoup run --as-of "$ahead" --dry-run --format json
expect_eq "a dry run may look ahead" 0 "$status"
expect_eq "and sees the fee step due that day" 1 "$(jq_out 'o["actions"]["fee"]')"
expect_db_unchanged "writing nothing"

daily_run "$today"
expect_eq "today's run goes ahead: no fee due yet" 0 \
	"$(sql "SELECT count(*) FROM ledger_entry WHERE kind = 'fee'")"
expect_eq "nor any dated after today" 0 "$(sql "SELECT count(*) FROM ledger_entry WHERE date > '$today'")"

# the same day, once the clock is there: the fee is posted, dated that day
daily_run "$ahead"
expect_eq "the day's run, on its own day, posts its fee (2% of 1000.00)" "$ahead|2000" \
	"$(sql "SELECT date, amount FROM ledger_entry WHERE kind = 'fee'")"
finish
