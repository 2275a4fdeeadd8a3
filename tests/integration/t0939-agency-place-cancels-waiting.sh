#!/usr/bin/env bash
# `recoup agency place` wrote the `placed` hold but left the calls the daily
# run had scheduled on the account waiting until the next run: the work
# queue (which reads no holds) kept offering the account to its collector
# for the rest of the day after the company had handed the debt to an
# agency. Now the placement cancels, in its transaction, each waiting
# message, call or task of the account it places, reason code `placed`,
# as the run's next review would (docs/agreements.md, "Holds"); the
# place_with_agency task the placement settles is done, not cancelled; a
# refused placement cancels nothing. The runs while placed record nothing
# for the account; after `agency recall` the next run gives each invoice the
# step due that day, once, and does not redo the call cancelled.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

# ACME: A1 90 days past due (the agency review is due), A2 7 days (the
# first call); WAW is not placed
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-08-01,2026-09-05,BRL,1200.00
A2,ACME,2026-10-01,2026-11-27,BRL,2500.00
W1,WAW,2026-10-01,2026-11-27,PLN,700.00
CSV
recoup user add cy --role collector >/dev/null
daily_run 2026-12-04
recoup assign --as-of 2026-12-04 >/dev/null

# waiting: "customer:kind:currency:state:reason_code" of every call and task not superseded, by id
waiting() {
	actions_json
	jq_actions '" ".join("%s:%s:%s:%s:%s" % (x["customer_ref"], x["kind"], x["currency"], x["state"],
		x["reason_code"] or "") for x in a if x["kind"] in ("call", "place_with_agency") and x["state"] != "superseded")'
}
expect_eq "the run of 2026-12-04: a call per account and ACME's agency review (A1)" \
	"ACME:call:BRL:scheduled: ACME:place_with_agency:BRL:scheduled: WAW:call:PLN:scheduled:" "$(waiting)"
expect_eq "cy's queue offers ACME and WAW in the afternoon" "ACME/BRL WAW/PLN" \
	"$(queue_accounts 2026-12-04T14:00:00Z)"

db_snapshot
run recoup_at 2026-12-04T12:00:00Z agency place ACME NOPE --agency Kroll --at 2026-12-04T12:00:00Z --by cy
expect_eq "a placement naming an unknown customer: exit 1" 1 "$status"
expect_db_unchanged "a refused placement cancels nothing"

run recoup_at 2026-12-04T12:00:00Z agency place ACME --agency Kroll --at 2026-12-04T12:00:00Z --by cy
expect_eq "ACME is placed with Kroll" 0 "$status"
expect_stdout_contains "placed 1 customer with 'Kroll': 1 placement, 2 open invoices; 1 place_with_agency action done"
expect_eq "the call is cancelled at once, the review is done; WAW's call waits" \
	"ACME:call:BRL:cancelled:placed ACME:place_with_agency:BRL:done:placed WAW:call:PLN:scheduled:" "$(waiting)"
expect_eq "with the run's sentence" "the strategy waits while the account is placed with an agency" \
	"$(jq_actions '[x["reason"] for x in a if x["state"] == "cancelled"][0]')"
expect_eq "the queue no longer offers the account placed" "WAW/PLN" "$(queue_accounts 2026-12-04T14:00:00Z)"

daily_run 2026-12-05
expect_eq "the next run has nothing left to cancel" "0" "$(jq_out 'o["cancelled"]')"
daily_run 2026-12-12
actions_json
expect_eq "while placed, no step for ACME (A2's statement is due on 2026-12-12); WAW's statement comes" \
	"WAW:statement" \
	"$(jq_actions '" ".join("%s:%s" % (x["customer_ref"], x["step"]) for x in a if x["run_date"] > "2026-12-04")')"

run recoup_at 2026-12-12T12:00:00Z agency recall ACME --at 2026-12-12T12:00:00Z --by cy
expect_eq "ACME is recalled" 0 "$status"
daily_run 2026-12-13
actions_json --customer ACME
expect_eq "the run after the recall: the step due that day on A2, once; no call redone, nothing on A1" \
	"A2:statement:scheduled" \
	"$(jq_actions '" ".join(sorted("%s:%s:%s" % (r, x["step"], x["state"]) for x in a if x["run_date"] > "2026-12-04" for r in x["invoice_refs"]))')"
daily_run 2026-12-13
actions_json --customer ACME
expect_eq "a rerun of the day adds nothing" "1" "$(jq_actions 'len([x for x in a if x["run_date"] > "2026-12-04"])')"
finish
