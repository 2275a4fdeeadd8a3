#!/usr/bin/env bash
# A customer is placed with one agency at a time (docs/agreements.md,
# "Agency placement"): a placement is refused while another is current, but
# one recorded after the fact (--at) could start inside an earlier placement
# since recalled, or before it: WAW placed with Norte from 11-10 to 11-20,
# then with Sul --at 11-15. Both then "recovered" the payment of 11-17
# (report recovery counts each placement's payments from its date to its
# recall), so two agencies were credited, and paid commission, for one
# payment. Now such a placement is refused (exit 1) naming the earlier one,
# and nothing changes; one from the recall on is placed.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-07-01,2026-08-01,PLN,700.00
A1,ACME,2026-07-01,2026-08-01,BRL,2500.00
CSV
expect_exit 0 recoup agency place WAW --agency Norte --at 2026-11-10T10:00:00Z
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,WAW,W1,2026-11-17,200.00,PLN,transfer,cleared,
CSV
)" >/dev/null
expect_exit 0 recoup agency recall WAW --at 2026-11-20T10:00:00Z

db_snapshot
run recoup agency place WAW --agency Sul --at 2026-11-15T10:00:00Z
expect_eq "a placement inside the earlier one: exit 1" 1 "$status"
expect_stderr_contains "--at 2026-11-15T10:00:00Z: customer 'WAW' was placed with 'Norte' from 2026-11-10T10:00:00Z to 2026-11-20T10:00:00Z, which a placement from then would overlap"
run recoup agency place ACME WAW --agency Sul --at 2026-11-01T10:00:00Z
expect_eq "a placement before the earlier one, open-ended over it: exit 1, for both refs" 1 "$status"
expect_stderr_contains "customer 'WAW' was placed with 'Norte' from 2026-11-10T10:00:00Z"
expect_db_unchanged "the refused placements change nothing"

run recoup report recovery --from 2026-11-01 --to 2026-11-30 --format json
expect_eq "the payment of 11-17 is Norte's alone" "Norte 200.00" \
	"$(jq_out '" ".join(r["agency"] + " " + r["recovered"] for r in o["recovery"])')"

run recoup agency place WAW --agency Sul --at 2026-11-20T10:00:00Z
expect_eq "placed again from the recall on" 0 "$status"
expect_eq "two placements, one after the other" "Norte|Sul" \
	"$(sql_join '|' "SELECT agency FROM placement ORDER BY id")"
finish
