#!/usr/bin/env bash
# Ten days without a run produce one step, not a burst: the latest step now
# due is done once, the earlier ones are recorded superseded.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-11-16,PLN,700.00
CSV
daily_run 2026-11-11
expect_eq "the courtesy reminder" 1 "$(jq_out 'o["actions"]["email"]')"
# no run from 2026-11-12 to 2026-11-23: the due-date email (+0) and the first call (+7) fell due
daily_run 2026-11-24
expect_eq "one new action" 1 "$(jq_out 'sum(o["actions"].values())')"
expect_eq "the latest step: the call" 1 "$(jq_out 'o["actions"]["call"]')"
expect_eq "the missed email is superseded" 1 "$(jq_out 'o["superseded"]')"
actions_json --date 2026-11-24
expect_eq "recorded as such" "call:first-call:scheduled email:due-today:superseded" \
	"$(jq_actions '" ".join(sorted(x["kind"] + ":" + x["step"] + ":" + x["state"] for x in a))')"
daily_run 2026-11-25
expect_eq "the next day, nothing" 0 "$(jq_out 'sum(o["actions"].values()) + o["superseded"]')"
finish
