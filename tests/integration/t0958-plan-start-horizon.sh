#!/usr/bin/env bash
# A payment plan could start years ahead: `plan add WAW --count 3 --every
# month --first 2036-03-01` (2036 for 2026) was agreed, and its hold kept the
# strategy off the invoices for ten years with nothing due. As a settlement
# refuses a pay-by date more than 366 days after the offer (t0967), a plan
# whose first instalment is due more than 366 days after the plan's date
# (--at's UTC date, else today) is refused, exit 1, naming the option, the
# date and the limit; nothing is written (no fee posted, no hold). A first
# instalment 366 days ahead is accepted, and later instalments may run past
# the year (a plan of 24 months).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-02-01,2026-03-01,PLN,1200.00
A1,ACME,2026-02-01,2026-03-01,BRL,2400.00
CSV
AT=(--at 2026-03-10T10:00:00Z)

db_snapshot
run recoup plan add WAW --count 3 --every month --first 2036-03-01 --fees 30.00 "${AT[@]}"
expect_eq "a mistyped year: exit 1" "1" "$status"
expect_stderr_contains "--first 2036-03-01 is more than 366 days after the plan (2026-03-10): a plan's first instalment is due within a year"
run recoup plan add WAW --count 3 --every month --first 2027-03-12 "${AT[@]}"
expect_eq "367 days after the plan: exit 1" "1" "$status"
expect_stderr_contains "--first 2027-03-12 is more than 366 days after the plan (2026-03-10)"
run recoup plan add WAW --instalment 2027-03-12:600.00 --instalment 2027-04-12:600.00 "${AT[@]}"
expect_eq "the same with --instalment: exit 1" "1" "$status"
expect_stderr_contains "--instalment 1 is due 2027-03-12, more than 366 days after the plan (2026-03-10)"
run recoup plan add WAW --count 2 --every week --first "$(date -u -d '+367 days' +%F)"
expect_eq "without --at, judged from today: exit 1" "1" "$status"
expect_stderr_contains "is more than 366 days after the plan ($(date -u +%F))"
expect_db_unchanged "the refused plans wrote nothing: no plan, no fee, no hold"

expect_exit 0 recoup plan add WAW --count 3 --every month --first 2027-03-11 "${AT[@]}"
expect_eq "366 days after the plan: agreed" "2027-03-11" \
	"$(recoup plan show 1 --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)["instalments"][0]["due"])')"
expect_exit 0 recoup plan add ACME --count 24 --every month --first 2026-04-10 "${AT[@]}"
expect_eq "24 monthly instalments from next month: the last two years ahead" "24 2028-03-10" \
	"$(recoup plan show 2 --format json | python3 -c 'import json,sys; i = json.load(sys.stdin)["instalments"]; print(len(i), i[-1]["due"])')"
expect_exit 0 recoup check
finish
