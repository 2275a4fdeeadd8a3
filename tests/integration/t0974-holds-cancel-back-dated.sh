#!/usr/bin/env bash
# An agreement recorded after the fact (--at a moment before now) cancels
# what waits on the account as the holds stand now, not as they stood at
# --at (app/holds_cancel.h; docs/agreements.md, "Holds"): the waiting
# actions are those of now, and whether the strategy waits is a question
# about now. A promise back-dated to the week before, whose promised date
# and tolerance have already run out, holds nothing now: the call the run
# scheduled since goes on waiting (the next run judges the promise, and the
# strategy goes on). One back-dated to yesterday, still current, cancels
# the call at once. A settlement recorded late, whose pay-by date has
# passed, cancels nothing; a dispute recorded late (open-ended) does.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-11-27,BRL,2500.00
W1,WAW,2026-10-01,2026-11-27,PLN,700.00
N1,NOMAIL,2026-10-01,2026-11-27,PLN,900.00
N2,NOMAIL,2026-10-01,2026-11-27,PLN,100.00
CSV
recoup user add cy --role collector >/dev/null
daily_run 2026-12-04
recoup assign --as-of 2026-12-04 >/dev/null

# calls: "customer:state:reason_code" of every call, by id
calls() {
	actions_json --kind call
	jq_actions '" ".join("%s:%s:%s" % (x["customer_ref"], x["state"], x["reason_code"] or "") for x in a)'
}
expect_eq "the run of 2026-12-04 schedules a call per account" \
	"ACME:scheduled: WAW:scheduled: NOMAIL:scheduled:" "$(calls)"

run recoup_at 2026-12-04T12:00:00Z promise add WAW --amount 700.00 --date 2026-11-29 \
	--at 2026-11-26T10:00:00Z --by cy
expect_eq "a promise made on 2026-11-26 for 2026-11-29 is recorded on 2026-12-04" 0 "$status"
run recoup promise list --customer WAW --format json
expect_eq "it held WAW until the tolerance after 2026-11-29 ran out, before today" "current 2026-12-01" \
	"$(jq_out '"%s %s" % (o[0]["state"], o[0]["until"])')"
expect_eq "so WAW's call waits: nothing holds the account now" \
	"ACME:scheduled: WAW:scheduled: NOMAIL:scheduled:" "$(calls)"

run recoup_at 2026-12-04T12:00:00Z promise add ACME --amount 2500.00 --date 2026-12-10 \
	--at 2026-12-03T18:00:00Z --by cy
expect_eq "a promise made yesterday for 2026-12-10 is recorded" 0 "$status"
expect_eq "it holds ACME now: the call the run scheduled this morning is cancelled" \
	"ACME:cancelled:promise WAW:scheduled: NOMAIL:scheduled:" "$(calls)"

run recoup_at 2026-12-04T12:00:00Z settlement offer NOMAIL --pay 950.00 --by 2026-11-30 \
	--at 2026-11-25T10:00:00Z --by-user cy
expect_eq "a settlement offered on 2026-11-25, to be paid by 2026-11-30, is recorded" 0 "$status"
expect_eq "its hold ended with 2026-11-30: NOMAIL's call waits" \
	"ACME:cancelled:promise WAW:scheduled: NOMAIL:scheduled:" "$(calls)"

run recoup_at 2026-12-04T12:00:00Z dispute open NOMAIL --invoice N1 --reason damaged \
	--at 2026-12-01T10:00:00Z --by cy
expect_eq "a dispute of N1 opened on 2026-12-01 is recorded" 0 "$status"
expect_eq "NOMAIL's call also lists N2, which nothing holds now: it waits" \
	"ACME:cancelled:promise WAW:scheduled: NOMAIL:scheduled:" "$(calls)"
run recoup_at 2026-12-04T12:00:00Z dispute open NOMAIL --invoice N2 --reason damaged \
	--at 2026-12-02T10:00:00Z --by cy
expect_eq "a dispute of N2 opened on 2026-12-02: both open invoices are held now, the call is cancelled" \
	"ACME:cancelled:promise WAW:scheduled: NOMAIL:cancelled:dispute" "$(calls)"
finish
