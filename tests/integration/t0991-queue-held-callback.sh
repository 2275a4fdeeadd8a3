#!/usr/bin/env bash
# The work queue reads the holds of the customers it offers for a callback or
# a promise broken: an account placed with an agency (or in special handling)
# had its waiting calls cancelled by the placement, but a callback the debtor
# asked for before still offered it to the collector, though the agency now
# calls. The queue leaves out an account whose whole-account hold of kind
# `placed` or `special` is current, in the currency held (special handling:
# every currency), and offers it again once the hold ends (agency recall).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A2,ACME,2026-10-01,2026-11-27,BRL,2500.00
W1,WAW,2026-10-01,2026-11-27,PLN,700.00
CSV
recoup user add cy --role collector >/dev/null
daily_run 2026-12-04
recoup assign --as-of 2026-12-04 >/dev/null

# Paula asks to be called back at 14:00 in Sao Paulo (17:00 UTC); the call is logged, so ACME's
# scheduled call is done and the callback alone brings ACME back into the queue
run env USER=cy "$RECOUP" contact log --contact ACME-AP --channel call --outcome callback \
	--at 2026-12-04T11:00:00Z --callback-at 2026-12-04T17:00:00Z
expect_eq "the callback is recorded" 0 "$status"
expect_stdout_contains "callback asked for 2026-12-04T17:00:00Z"
expect_eq "at the hour asked the queue offers ACME for its callback" "ACME/BRL" \
	"$(queue_accounts 2026-12-04T17:05:00Z | tr ' ' '\n' | grep ACME || true)"
expect_eq "raised for it" True "$(jq_out 'str(any("asked to be called back this hour" in r["reasons"] for r in o if r["customer_ref"] == "ACME"))')"

run recoup_at 2026-12-04T12:00:00Z agency place ACME --agency Kroll --at 2026-12-04T12:00:00Z --by cy
expect_eq "ACME is placed with Kroll" 0 "$status"
expect_eq "placed with the agency: the callback no longer offers ACME" "" \
	"$(queue_accounts 2026-12-04T17:05:00Z | tr ' ' '\n' | grep ACME || true)"

run recoup_at 2026-12-04T12:30:00Z agency recall ACME --at 2026-12-04T12:30:00Z --by cy
expect_eq "ACME is recalled" 0 "$status"
expect_eq "recalled: the callback offers ACME again" "ACME/BRL" \
	"$(queue_accounts 2026-12-04T17:05:00Z | tr ' ' '\n' | grep ACME || true)"

# special handling (a deceased debtor's account): every currency held
run recoup customer flag ACME deceased --by cy --at 2026-12-04T13:00:00Z
expect_eq "ACME is flagged deceased" 0 "$status"
expect_eq "in special handling: the callback does not offer ACME" "" \
	"$(queue_accounts 2026-12-04T17:05:00Z | tr ' ' '\n' | grep ACME || true)"
finish
