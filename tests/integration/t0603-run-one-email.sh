#!/usr/bin/env bash
# Three invoices due for the same step give one email listing the three,
# never one per invoice; a fourth invoice of the customer not yet due is not
# in it, and an email to a customer without an email address goes as a letter.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-12-01,PLN,100.00
W2,WAW,2026-10-02,2026-12-01,PLN,200.00
W3,WAW,2026-10-03,2026-12-01,PLN,300.50
W4,WAW,2026-10-04,2026-12-20,PLN,999.00
N1,NOMAIL,2026-10-01,2026-12-01,PLN,50.00
CSV
daily_run 2026-11-26
actions_json --customer WAW
expect_eq "one action for WAW" 1 "$(jq_actions 'len(a)')"
expect_eq "an email listing the three invoices" 'email ["W1", "W2", "W3"]' \
	"$(jq_actions 'a[0]["kind"] + " " + json.dumps(a[0]["invoice_refs"])')"
expect_eq "for their sum" "600.50" "$(jq_actions 'a[0]["amount"]')"
actions_json --customer NOMAIL
expect_eq "no email address: a letter instead" "letter courtesy-reminder scheduled" \
	"$(jq_actions '" ".join([a[0]["kind"], a[0]["step"], a[0]["state"]])')"
n=$(sql "SELECT count(*) FROM action_invoice")
expect_eq "each invoice's step is recorded once" 4 "$n"
finish
