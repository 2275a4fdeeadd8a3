#!/usr/bin/env bash
# The daily run's courtesy reminder, 5 days before the due date (b2b-gentle):
# scheduled in the debtor's preferred window, on a working day, in the
# debtor's local time; the rules agree at that moment.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-12-02,BRL,1200.00
W1,WAW,2026-10-01,2026-12-03,PLN,700.00
CSV
# the tenant's b2b profile prefers emails between 09:00 and 11:00
cat >"$TMP/b2b.json" <<'JSON'
{ "name": "b2b", "extends": "b2b",
  "preferred": { "call": { "mon": ["09:00-11:00", "14:30-16:00"], "tue": ["09:00-11:00", "14:30-16:00"],
                           "wed": ["09:00-11:00", "14:30-16:00"], "thu": ["09:00-11:00", "14:30-16:00"],
                           "fri": ["09:00-11:00", "14:30-16:00"] },
                 "email": { "mon": ["09:00-11:00"], "tue": ["09:00-11:00"], "wed": ["09:00-11:00"],
                            "thu": ["09:00-11:00"], "fri": ["09:00-11:00"] } } }
JSON
recoup rules set b2b "$TMP/b2b.json" >/dev/null

# nothing is due a week before
daily_run 2026-11-25
expect_eq "a week before the due date nothing is due" 0 "$(jq_out 'sum(o["actions"].values())')"

# Friday 2026-11-27, 5 days before ACME's due date (Wednesday 2026-12-02)
daily_run 2026-11-27
expect_eq "one email" 1 "$(jq_out 'o["actions"]["email"]')"
actions_json --customer ACME
expect_eq "the courtesy reminder of b2b-gentle" "b2b-gentle courtesy-reminder email scheduled" \
	"$(jq_actions '" ".join([a[0]["strategy"], a[0]["step"], a[0]["kind"], a[0]["state"]])')"
expect_eq "to the contact who pays the bills" ACME-AP "$(jq_actions 'a[0]["contact_ref"]')"
expect_eq "at 09:00 in Sao Paulo, the start of the preferred window (not 08:00, when emails are allowed)" \
	2026-11-27T12:00:00Z "$(jq_actions 'a[0]["scheduled_at"]')"
expect_eq "the local time is shown" "2026-11-27T09:00-03:00 America/Sao_Paulo" "$(jq_actions 'a[0]["local_time"]')"
expect_eq "the amount is the invoice's, as a decimal string" "1200.00" "$(jq_actions 'a[0]["amount"]')"

# Saturday 2026-11-28, 5 days before WAW's due date (Thursday 2026-12-03): moved to Monday
daily_run 2026-11-28
expect_eq "one email, postponed" "1 1" "$(jq_out '"%d %d" % (o["actions"]["email"], o["postponed"])')"
actions_json --customer WAW
expect_eq "scheduled on Monday at 09:00 in Warsaw, a working day in the preferred window" \
	2026-11-30T08:00:00Z "$(jq_actions 'a[0]["scheduled_at"]')"
expect_eq "postponed because Saturday has no window for emails" outside_hours "$(jq_actions 'a[0]["reason_code"]')"

# the contact rules agree at those moments, and call them preferred
for pair in ACME-AP@2026-11-27T12:00:00Z WAW@2026-11-30T08:00:00Z; do
	run recoup rules check --contact "${pair%@*}" --channel email --at "${pair#*@}" --format json
	expect_eq "rules check allows ${pair%@*} at ${pair#*@}, in a preferred window" "True True" \
		"$(jq_out '"%s %s" % (o["allowed"], o["preferred"])')"
done
run recoup rules check --contact WAW --channel email --at 2026-11-28T08:00:00Z --format json
expect_eq "and refuse the Saturday" False "$(jq_out 'o["allowed"]')"
finish
