#!/usr/bin/env bash
# A kept plan: two instalments paid on time (one early, by a payment naming
# no invoice) keep the strategy off WAW until the plan is paid in full; the
# review then completes it (its hold ends, nothing is owed, no step after).
# A reversal of a payment (a returned payment) counts against the plan.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-07-01,2026-08-01,PLN,600.00
N1,NOMAIL,2026-07-01,2026-08-01,PLN,400.00
CSV
expect_exit 0 recoup plan add WAW --instalment 2026-09-01:300.00 --instalment 2026-10-01:300.00 \
	--at 2026-08-05T10:00:00Z --by bob
expect_exit 0 recoup plan add NOMAIL --count 2 --every month --first 2026-09-01 --at 2026-08-05T10:00:00Z --by bob
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,WAW,,2026-08-30,300.00,PLN,transfer,cleared,
P2,WAW,W1,2026-09-25,300.00,PLN,transfer,cleared,
P3,NOMAIL,N1,2026-08-30,200.00,PLN,transfer,returned,2026-09-02
CSV
)" >/dev/null

for day in 2026-08-10 2026-09-03 2026-09-20; do daily_run $day; done
run recoup plan show 1 --format json --as-of 2026-09-20
expect_eq "on the 20th WAW's first instalment is paid, the second not due: current" "current 300.00 300.00 0.00" \
	"$(jq_out 'o["state"] + " " + o["paid"] + " " + " ".join(i["paid"] for i in o["instalments"])')"
run recoup plan show 2 --format json
expect_eq "NOMAIL's payment came back: nothing counts as paid, and its plan broke" "broken 0.00" \
	"$(jq_out 'o["state"] + " " + o["paid"]')"
daily_run 2026-09-26
run recoup plan list --format json
expect_eq "paid in full, WAW's plan completes; NOMAIL's broke (its first instalment bounced)" \
	"1 completed paid in full|2 broken instalment 1 due 2026-09-01 unpaid after 3 days' grace" \
	"$(jq_out '"|".join(str(p["id"]) + " " + p["state"] + " " + p["end_reason"] for p in o)')"
actions_json --customer WAW
expect_eq "no step for WAW after the plan was made" "" \
	"$(jq_actions '" ".join(x["step"] for x in a if x["run_date"] > "2026-08-05" and x["state"] != "superseded")')"
expect_eq "both plans' holds ended" "completed broken" \
	"$(sql_join ' ' "SELECT end_reason FROM account_hold WHERE kind = 'plan' ORDER BY source_id")"
expect_eq "the completion is audited" "plan.add plan.add plan.break plan.complete" \
	"$(sql_join ' ' "SELECT action FROM audit_log WHERE entity = 'plan' ORDER BY id")"
daily_run 2026-09-27
expect_eq "idempotent: nothing more to settle" "4" "$(sql "SELECT COUNT(*) FROM audit_log WHERE entity = 'plan'")"
expect_exit 0 recoup check
expect_eq "WAW owes nothing" "0" "$(sql "SELECT balance FROM invoice WHERE ref = 'W1'")"
finish
