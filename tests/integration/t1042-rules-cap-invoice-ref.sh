#!/usr/bin/env bash
# A per-debt call cap's refusal names the invoice by its ref. The rules
# engine knows the debts by their internal ids, and said "1 attempt about
# invoice 1": an id no user sees anywhere (not A1's ref, whatever the
# numbers look like). Now the refusal names 'A1', the ref the collector
# logged the call about: in `recoup rules check` (one invoice named, or
# every debt of the customer) and in the reason of the daily run's call
# postponed by the cap (the run knows its invoices by id alone: the ref is
# read when the refusal is written).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-11-20,BRL,100.00
A2,ACME,2026-10-01,2026-11-20,BRL,50.00
CSV
# the company profile with a tighter per-debt cap: one call about a debt in three days
recoup rules show b2b --format json | python3 -c 'import json, sys
d = json.load(sys.stdin)
cap = [c for c in d["caps"] if c["per_debt"]][0]
cap["count"], cap["period"] = 1, "3d"
print(json.dumps(d))' >b2b.json
expect_exit 0 recoup rules set b2b b2b.json
expect_exit 0 recoup contact log --contact ACME-AP --channel call --outcome no_answer \
	--at 2026-11-26T13:00:00Z --invoice A1 --by cy

run recoup rules check --contact ACME-AP --channel call --at 2026-11-27T13:00:00Z --invoice A1 --format json
expect_eq "rules check: the cap refuses a call about A1" 0 "$status"
expect_eq "naming A1 by its ref" \
	"1 attempt about invoice 'A1' in the last 3d already (limit 1 in 3d); the oldest leaves the window at 2026-11-29T13:00:00Z" \
	"$(jq_out '[r["message"] for r in o["reasons"] if r["code"] == "cap_calls_7d_per_debt"][0]')"
run recoup rules check --contact ACME-AP --channel call --at 2026-11-27T13:00:00Z --invoice A1
expect_stdout_contains "about invoice 'A1' in the last 3d"
run recoup rules check --contact ACME-AP --channel call --at 2026-11-27T13:00:00Z
expect_stdout_contains "refused  cap_calls_7d_per_debt      1 attempt about invoice 'A1' in the last 3d"

daily_run 2026-11-27
actions_json --kind call
expect_eq "the run's call about A1 and A2 waits for the cap, to Monday" \
	"scheduled:cap_calls_7d_per_debt:2026-11-30T12:00:00Z" \
	"$(jq_actions '"%s:%s:%s" % (a[0]["state"], a[0]["reason_code"], a[0]["scheduled_at"])')"
expect_eq "its reason names A1 by its ref" \
	"postponed: 1 attempt about invoice 'A1' in the last 3d already (limit 1 in 3d); the oldest leaves the window at 2026-11-29T13:00:00Z" \
	"$(jq_actions 'a[0]["reason"]')"
finish
