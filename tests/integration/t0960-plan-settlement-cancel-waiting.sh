#!/usr/bin/env bash
# A payment plan, a settlement offered within authority and one approved
# hold their invoices from their moment, but only promises and disputes
# cancelled what the daily run had scheduled about them: after `plan add`
# or `settlement offer` the call stayed waiting, the work queue offered it
# to the collector the same afternoon, and a letter waiting could still be
# printed, until the next run's review. Now each cancels at once, in its
# transaction, every waiting message, call or task whose open invoices are
# all held (reason code `plan` or `settlement`, as the run's review would:
# app/holds_cancel.c); one that also lists an invoice nothing holds waits,
# and a plan's own courtesy reminder (strategy plan-ID) is spared by its
# plan's hold, as the run and `recoup send` spare it. A settlement waiting
# for approval holds nothing and cancels nothing until it is approved; a
# refused plan cancels nothing.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-11-27,BRL,1000.00
A2,ACME,2026-10-01,2026-11-27,BRL,1500.00
W1,WAW,2026-10-01,2026-11-27,PLN,900.00
N1,NOMAIL,2026-10-01,2026-11-27,PLN,700.00
CSV
recoup user add cy --role collector >/dev/null
recoup user add mo --role manager >/dev/null

# a plan on A1 the day before the run, its first instalment three days after it
run recoup_at 2026-12-03T10:00:00Z plan add ACME --invoice A1 --instalment 2026-12-07:500.00 \
	--instalment 2027-01-07:500.00 --at 2026-12-03T10:00:00Z --by cy
expect_eq "plan 1 on A1 is agreed" 0 "$status"
daily_run 2026-12-04
recoup assign --as-of 2026-12-04 >/dev/null

# waiting: "customer:strategy:kind:state:reason_code:invoices" of every action not superseded, by id
waiting() {
	actions_json
	jq_actions '" ".join("%s:%s:%s:%s:%s:%s" % (x["customer_ref"], x["strategy"], x["kind"], x["state"],
		x["reason_code"] or "", ",".join(x["invoice_refs"])) for x in a if x["state"] != "superseded")'
}
queue_refs() {
	run recoup queue --collector cy --now "$1" --format json
	jq_out '" ".join(sorted({r["customer_ref"] for r in o}))'
}
expect_eq "the run of 2026-12-04 schedules a call per account (ACME's about A2, which the plan does not hold) and plan 1's reminder" \
	"ACME:plan-1:email:scheduled:plan_instalment:A1 ACME:b2b-gentle:call:scheduled::A2 WAW:b2b-gentle:call:scheduled::W1 NOMAIL:b2b-gentle:call:scheduled::N1" \
	"$(waiting)"
expect_eq "all three are in cy's queue in the afternoon" "ACME NOMAIL WAW" "$(queue_refs 2026-12-04T14:00:00Z)"

db_snapshot
run recoup_at 2026-12-04T12:00:00Z plan add ACME --invoice A2 --instalment 2026-12-20:1000.00 \
	--at 2026-12-04T12:00:00Z --by cy
expect_eq "a plan whose instalments fall short of the balance: exit 1" 1 "$status"
expect_db_unchanged "a refused plan cancels nothing"

run recoup_at 2026-12-04T12:00:00Z plan add ACME --invoice A2 --count 3 --every month --first 2026-12-20 \
	--at 2026-12-04T12:00:00Z --by cy
expect_eq "plan 2 on A2 is agreed" 0 "$status"
run recoup_at 2026-12-04T12:05:00Z settlement offer WAW --pay 850.00 --by 2026-12-20 \
	--at 2026-12-04T12:05:00Z --by-user cy
expect_eq "a settlement within cy's authority is offered" 0 "$status"
expect_stdout_contains "current"
run recoup_at 2026-12-04T12:10:00Z settlement offer NOMAIL --pay 500.00 --by 2026-12-20 --request-approval \
	--at 2026-12-04T12:10:00Z --by-user cy
expect_eq "one beyond it waits for approval" 0 "$status"
expect_stdout_contains "pending_approval"
expect_eq "the plan's and the settlement's calls are cancelled at once; plan 1's reminder waits; NOMAIL's call too (no hold yet)" \
	"ACME:plan-1:email:scheduled:plan_instalment:A1 ACME:b2b-gentle:call:cancelled:plan:A2 WAW:b2b-gentle:call:cancelled:settlement:W1 NOMAIL:b2b-gentle:call:scheduled::N1" \
	"$(waiting)"
actions_json --kind call
expect_eq "with the run's sentence" \
	"the strategy waits while a plan holds the invoices it listed|the strategy waits while a settlement holds the invoices it listed" \
	"$(jq_actions '"|".join(x["reason"] for x in a if x["state"] == "cancelled")')"
expect_eq "only NOMAIL is left in cy's queue" "NOMAIL" "$(queue_refs 2026-12-04T14:00:00Z)"

run recoup_at 2026-12-04T13:00:00Z approval approve 4 --at 2026-12-04T13:00:00Z --by-user mo
expect_eq "mo approves NOMAIL's settlement" 0 "$status"
expect_eq "its call is cancelled when it is approved" "NOMAIL:b2b-gentle:call:cancelled:settlement:N1" \
	"$(waiting | tr ' ' '\n' | grep '^NOMAIL')"
expect_eq "cy's queue is empty" "" "$(queue_refs 2026-12-04T14:00:00Z)"

daily_run 2026-12-05
expect_eq "the next run cancels nothing more" "0" "$(jq_out 'o["cancelled"]')"
actions_json
expect_eq "and records no step for the held accounts" "0" \
	"$(jq_actions 'len([x for x in a if x["run_date"] == "2026-12-05" and x["strategy"] == "b2b-gentle" and x["state"] != "superseded"])')"
finish
