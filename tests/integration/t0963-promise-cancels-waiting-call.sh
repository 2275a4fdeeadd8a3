#!/usr/bin/env bash
# A promise recorded with `promise add` (one that came by email, say, with no
# call logged) holds its invoices at once, but the call the daily run had
# scheduled about them went on waiting until the next run: the work queue
# put the account in front of its collector two hours after the debtor
# promised. Now `promise add` cancels, in its transaction, each waiting
# message, call or task whose open invoices are all held (by this promise,
# or by it and the holds already there), with the reason `promise`, as the
# run's review would (docs/agreements.md, "Holds"); one that also lists an
# invoice nothing holds goes on waiting. A refused promise cancels nothing.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-11-27,BRL,2500.00
A2,ACME,2026-10-01,2026-11-27,BRL,1500.00
W1,WAW,2026-10-01,2026-11-27,PLN,700.00
CSV
recoup user add cy --role collector >/dev/null
daily_run 2026-12-04
recoup assign --as-of 2026-12-04 >/dev/null

# waiting_calls: "customer:state:reason_code" of every call, by id
waiting_calls() {
	actions_json --kind call
	jq_actions '" ".join("%s:%s:%s" % (x["customer_ref"], x["state"], x["reason_code"] or "") for x in a)'
}
queue_refs() {
	run recoup queue --collector cy --now "$1" --format json
	jq_out '" ".join(sorted({r["customer_ref"] for r in o}))'
}
expect_eq "the run of 2026-12-04 schedules the first call of both accounts" \
	"ACME:scheduled: WAW:scheduled:" "$(waiting_calls)"
expect_eq "both are in cy's queue in the afternoon" "ACME WAW" "$(queue_refs 2026-12-04T14:00:00Z)"

db_snapshot
run recoup_at 2026-12-04T12:00:00Z promise add ACME --amount 5000.00 --date 2026-12-10 \
	--at 2026-12-04T12:00:00Z --by cy
expect_eq "a promise of more than the balance: exit 1" 1 "$status"
expect_stderr_contains "--amount 5000.00 BRL is more than the balance promised on (4000.00 BRL)"
expect_db_unchanged "a refused promise cancels nothing"

run recoup_at 2026-12-04T12:00:00Z promise add ACME --amount 1000.00 --date 2026-12-10 --invoice A1 \
	--at 2026-12-04T12:00:00Z --by cy
expect_eq "a promise on A1 is recorded" 0 "$status"
expect_eq "the call also lists A2, which nothing holds: it waits" "ACME:scheduled: WAW:scheduled:" "$(waiting_calls)"
run recoup_at 2026-12-04T12:05:00Z promise add ACME --amount 1500.00 --date 2026-12-10 --invoice A2 \
	--at 2026-12-04T12:05:00Z --by cy
expect_eq "a promise on A2 is recorded" 0 "$status"
run recoup_at 2026-12-04T12:10:00Z promise add WAW --amount 700.00 --date 2026-12-08 \
	--at 2026-12-04T12:10:00Z --by cy
expect_eq "a promise on WAW's whole account is recorded" 0 "$status"
expect_eq "both calls are cancelled at once: every invoice they list is promised" \
	"ACME:cancelled:promise WAW:cancelled:promise" "$(waiting_calls)"
expect_eq "with the run's reason" "the strategy waits while a promise holds the invoices it listed" \
	"$(jq_actions 'a[0]["reason"]')"
expect_eq "the queue offers no call to a debtor who has just promised" "" "$(queue_refs 2026-12-04T14:00:00Z)"

daily_run 2026-12-05
actions_json
expect_eq "the next run records no new step for the promised accounts" "0" \
	"$(jq_actions 'len([x for x in a if x["run_date"] == "2026-12-05"])')"
expect_eq "and cancels nothing more" "0" "$(jq_out 'o["cancelled"]')"
finish
