#!/usr/bin/env bash
# An assign dated before the day the latest accounts were given out (a replay,
# a mistyped year) released the accounts overdue only since and gave the rest
# out again as of its date: `assign --as-of 1900-01-01` released every current
# assignment. It is refused, naming both days, and changes nothing; a dry run
# may look at any day; an assign on that day or later goes ahead.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

today=$(date -u +%F)
issued=$(date -u -d "$today - 60 days" +%F)
due=$(date -u -d "$today - 30 days" +%F)
day=$(date -u -d "$today - 5 days" +%F)
before=$(date -u -d "$today - 40 days" +%F)
run_setup <<CSV
invoice_ref,customer_ref,issue_date,due_date,currency,amount
B1,ANA,$issued,$due,BRL,1999.99
CSV
recoup user add ann --role collector >/dev/null

run recoup assign --as-of "$day" --format json
expect_eq "an assign for a past day gives the overdue account out" 1 "$(jq_out 'o["added"]')"
expect_eq "... since that day" "$day" "$(sql "SELECT since FROM assignment")"

db_snapshot
for earlier in "$before" 1900-01-01; do
	run recoup assign --as-of "$earlier"
	expect_eq "an assign for $earlier, before $day, exits 1" 1 "$status"
	expect_stderr_contains "the assign's date $earlier is before $day, the day the latest accounts were given out"
	expect_stderr_contains "assign for $day or later, or look at that day with --dry-run"
	expect_db_unchanged "and nothing is written: ann keeps the account"
done

run recoup assign --as-of "$before" --dry-run --format json
expect_eq "a dry run may look at an earlier day" 0 "$status"
expect_eq "... where the account was not overdue yet" 0 "$(jq_out 'o["overdue"]')"
expect_db_unchanged "writing nothing"

run recoup assign --as-of "$day" --format json
expect_eq "the same day again goes ahead" 0 "$status"
expect_eq "... and keeps the account" 1 "$(jq_out 'o["kept"]')"
run recoup assign --format json
expect_eq "today goes ahead" 0 "$status"
expect_eq "... keeping the account since $day" "$day" "$(sql "SELECT since FROM assignment")"
finish
