#!/usr/bin/env bash
# A public holiday of the debtor's country moves a step to the next working
# day: 11 November is Poland's Independence Day; Brazil works that day.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-11-16,BRL,100.00
W1,WAW,2026-10-01,2026-11-16,PLN,70.00
CSV
daily_run 2026-11-11
expect_eq "two reminders, one postponed" "2 1" "$(jq_out '"%d %d" % (o["actions"]["email"], o["postponed"])')"
actions_json --customer WAW
expect_eq "Warsaw's reminder moves to Thursday 12 November, 08:00 local" 2026-11-12T07:00:00Z \
	"$(jq_actions 'a[0]["scheduled_at"]')"
expect_eq "postponed for the holiday" holiday "$(jq_actions 'a[0]["reason_code"]')"
reason=$(jq_actions 'a[0]["reason"]')
case $reason in
*"public holiday"*) pass "the reason names the public holiday" ;;
*) fail "the reason names the public holiday" "$reason" ;;
esac
actions_json --customer ACME
expect_eq "Sao Paulo's is sent that day" 2026-11-11T11:00:00Z "$(jq_actions 'a[0]["scheduled_at"]')"
finish
