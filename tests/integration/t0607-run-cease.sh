#!/usr/bin/env bash
# A cease flag stops everything: no message or call is scheduled, each is
# recorded refused with the rule's code and sentence, and a message already
# waiting is cancelled.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-11-19,PLN,700.00
CSV
# Saturday 2026-11-14: the courtesy reminder waits for Monday morning
daily_run 2026-11-14
expect_eq "a reminder waits" 1 "$(jq_out 'o["actions"]["email"]')"
# Sunday: the debtor's letter asking to cease is recorded
recoup customer flag WAW cease --at 2026-11-15T10:00:00Z --reason "letter of 2026-11-13" >/dev/null
daily_run 2026-11-15
expect_eq "the waiting reminder is cancelled" 1 "$(jq_out 'o["cancelled"]')"
daily_run 2026-11-19
expect_eq "on the due date nothing is scheduled" 0 "$(jq_out 'sum(o["actions"].values())')"
expect_eq "refused: cease" 1 "$(jq_out 'o["refused"]["cease"]')"
actions_json --customer WAW
expect_eq "the reminder: cancelled, cease" "cancelled cease" \
	"$(jq_actions 'a[0]["state"] + " " + a[0]["reason_code"]')"
expect_eq "the due-date email: refused, cease, never allowed" "refused cease None" \
	"$(jq_actions '" ".join(str(x) for x in [a[1]["state"], a[1]["reason_code"], a[1]["next_allowed_at"]])')"
case $(jq_actions 'a[1]["reason"]') in
*"cease communication"*) pass "the reason is the rule's sentence" ;;
*) fail "the reason is the rule's sentence" "$(jq_actions 'a[1]["reason"]')" ;;
esac
for day in 2026-11-26 2026-12-16 2027-01-15; do
	daily_run $day
done
actions_json --customer WAW --state scheduled
expect_eq "weeks later, still nothing scheduled" 0 "$(jq_actions 'len(a)')"
finish
