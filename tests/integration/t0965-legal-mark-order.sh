#!/usr/bin/env bash
# A small-claims case goes filed, judgment, paid (docs/agreements.md, "Small
# claims"), each step recorded with its moment (--at, for a step recorded
# after the fact). The order of the states was checked, not the order of
# their moments: a judgment --at a month before the claim was filed was
# recorded, and so was a new claim dated before the last one was paid. Now
# a step dated before the case's last step is refused (exit 1) naming both
# moments, and nothing changes; one at or after it is recorded.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-07-01,2026-08-01,BRL,2500.00
CSV
recoup user add mona --role manager >/dev/null
expect_exit 0 recoup legal mark ACME --state filed --by mona --at 2026-11-01T09:00:00Z

db_snapshot
run recoup legal mark ACME --state judgment --by mona --at 2026-10-01T09:00:00Z
expect_eq "a judgment before the claim was filed: exit 1" 1 "$status"
expect_stderr_contains "--at 2026-10-01T09:00:00Z: customer 'ACME''s case was marked filed at 2026-11-01T09:00:00Z; judgment comes after it"
expect_db_unchanged "the refused step changes nothing"

expect_exit 0 recoup legal mark ACME --state judgment --by mona --at 2026-11-01T09:00:00Z
expect_exit 0 recoup legal mark ACME --state paid --by mona --at 2026-11-20T09:00:00Z
db_snapshot
run recoup legal mark ACME --state filed --by mona --at 2026-11-19T09:00:00Z
expect_eq "a new claim dated before the last one was paid: exit 1" 1 "$status"
expect_stderr_contains "customer 'ACME''s case was marked paid at 2026-11-20T09:00:00Z; filed comes after it"
expect_db_unchanged "nothing recorded"
expect_exit 0 recoup legal mark ACME --state filed --by mona --at 2026-11-21T09:00:00Z
expect_eq "the case's steps, in order" "filed|judgment|paid|filed" \
	"$(sql_join '|' "SELECT state FROM legal_event ORDER BY id")"
run recoup legal candidates --all --format json
expect_eq "the case is open again" "filed" "$(jq_out 'o["candidates"][0]["legal_state"]')"
finish
