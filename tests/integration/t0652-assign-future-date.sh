#!/usr/bin/env bash
# An assign is for today or an earlier day, as the daily run (t0648): one for a
# later day (a mistyped year) gave a collector an account not yet overdue,
# recorded since that day. It is refused, naming the date and today, and
# changes nothing; a dry run may look ahead; today's assign goes ahead.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

today=$(date -u +%F)
issued=$(date -u -d "$today - 20 days" +%F)
due=$(date -u -d "$today + 10 days" +%F)
ahead=$(date -u -d "$today + 1 year" +%F)
run_setup <<CSV
invoice_ref,customer_ref,issue_date,due_date,currency,amount
B1,ANA,$issued,$due,BRL,1999.99
CSV
recoup user add ann --role collector >/dev/null

db_snapshot
run recoup assign --as-of "$ahead"
expect_eq "an assign for a day after today exits 1" 1 "$status"
expect_stderr_contains "the assign's date $ahead is after today ($today, UTC)"
expect_stderr_contains "a dry run shows what a later day would bring"
expect_db_unchanged "and nothing is written: no assignment"

run recoup assign --as-of "$ahead" --dry-run --format json
expect_eq "a dry run may look ahead" 0 "$status"
expect_eq "and sees the account overdue that day" 1 "$(jq_out 'o["added"]')"
expect_db_unchanged "writing nothing"

run recoup assign --format json
expect_eq "today's assign goes ahead" 0 "$status"
expect_eq "the account is not overdue today: no one gets it" "0 0" "$(jq_out 'o["overdue"]') $(jq_out 'o["added"]')"
expect_eq "no assignment is stored" 0 "$(sql "SELECT count(*) FROM assignment")"
finish
