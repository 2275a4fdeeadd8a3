#!/usr/bin/env bash
# Debtors in Sao Paulo (UTC-3) and Warsaw (UTC+1) with invoices due the
# same day get their reminders at their own local hours: 08:00 in each city,
# four hours apart in UTC.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-12-01,BRL,100.00
W1,WAW,2026-10-01,2026-12-01,PLN,70.00
CSV
daily_run 2026-11-26
expect_eq "two reminders" 2 "$(jq_out 'o["actions"]["email"]')"
actions_json
expect_eq "Sao Paulo at 08:00 local is 11:00 UTC" "2026-11-26T11:00:00Z 2026-11-26T08:00-03:00 America/Sao_Paulo" \
	"$(jq_actions '[x["scheduled_at"] + " " + x["local_time"] for x in a if x["customer_ref"] == "ACME"][0]')"
expect_eq "Warsaw at 08:00 local is 07:00 UTC" "2026-11-26T07:00:00Z 2026-11-26T08:00+01:00 Europe/Warsaw" \
	"$(jq_actions '[x["scheduled_at"] + " " + x["local_time"] for x in a if x["customer_ref"] == "WAW"][0]')"
expect_eq "every moment is UTC ISO 8601 with Z" True "$(jq_actions 'all(x["scheduled_at"].endswith("Z") for x in a)')"
expect_eq "currencies are never mixed" "BRL PLN" "$(jq_actions '" ".join(sorted(x["currency"] for x in a))')"
finish
