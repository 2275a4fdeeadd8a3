#!/usr/bin/env bash
# The work queue reads the holds of the customers it offers for a callback or
# a promise broken: an account placed with an agency (or in special handling)
# had its waiting calls cancelled by the placement, but a callback the debtor
# asked for before still offered it to the collector, though the agency now
# calls. The queue leaves out an account whose whole-account hold of kind
# `placed` or `special` is current, in the currency held (special handling:
# every currency; the rules alone would let a call to a deceased debtor's
# executor through), and offers it again once the hold ends (agency recall).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A2,ACME,2026-10-01,2026-11-27,BRL,2500.00
W1,WAW,2026-10-01,2026-11-27,PLN,700.00
N1,NOMAIL,2026-10-01,2026-11-27,PLN,900.00
CSV
# NOMAIL's executor: the contact rules allow a call to the estate's representative of a deceased
# debtor, so for NOMAIL it is the queue's own look at the holds that keeps the callback back
recoup import contacts "$(csv_file contacts.csv <<'CSV'
contact_ref,customer_ref,name,role,phone,email,timezone,pays_bills,best_time,notes
NOMAIL-EX,NOMAIL,Jan Nowak,executor,+48 22 555 0404,,,true,,
CSV
)" >/dev/null
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

# special handling: the executor of NOMAIL, deceased, asks to be called back at 15:00 in Warsaw
run env USER=cy "$RECOUP" contact log --contact NOMAIL-EX --channel call --outcome callback \
	--at 2026-12-04T09:00:00Z --callback-at 2026-12-04T14:00:00Z
expect_eq "the executor's callback is recorded" 0 "$status"
expect_eq "at the hour asked the queue offers NOMAIL for it" "NOMAIL/PLN" \
	"$(queue_accounts 2026-12-04T14:05:00Z | tr ' ' '\n' | grep NOMAIL || true)"
run recoup customer flag NOMAIL deceased --by cy --at 2026-12-04T10:00:00Z
expect_eq "NOMAIL is flagged deceased" 0 "$status"
run recoup rules check --contact NOMAIL-EX --channel call --at 2026-12-04T14:05:00Z --format json
expect_stdout_contains '"allowed": true'
expect_eq "the rules still allow the call to the executor, but in special handling the queue does not offer it" \
	"" "$(queue_accounts 2026-12-04T14:05:00Z | tr ' ' '\n' | grep NOMAIL || true)"
finish
