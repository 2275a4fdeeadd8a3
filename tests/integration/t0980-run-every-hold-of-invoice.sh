#!/usr/bin/env bash
# The daily run judged a waiting message by the first hold of each of its
# invoices only. A plan's hold spares the plan's own courtesy reminder; a
# promise made since on the same invoice does not (`recoup send` and the
# cancellation at `promise add` look at every hold). With a plan on N1 and a
# later promise on N1, the run recorded the instalment's reminder and kept
# it waiting (the plan's hold, first, spared it; the promise's was never
# looked at), while `recoup send` cancelled it (code promise) and `promise
# add` would have. Now the run passes over a hold that spares the message
# and looks at the next, so the three agree: the reminder is cancelled,
# code `promise`, with the sentence `promise add` writes. A plan alone
# still keeps its reminder (t0716).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

# NOMAIL has no email: its reminder is a letter; WAW's an email
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
N1,NOMAIL,2026-09-01,2026-11-01,PLN,1000.00
W1,WAW,2026-09-01,2026-11-01,PLN,1000.00
CSV
for c in NOMAIL:N1 WAW:W1; do
	run recoup_at 2026-11-20T10:00:00Z plan add "${c%:*}" --invoice "${c#*:}" --instalment 2026-12-10:500.00 \
		--instalment 2027-01-10:500.00 --at 2026-11-20T10:00:00Z --by cy
	expect_eq "a plan on ${c#*:}" 0 "$status"
done
run recoup_at 2026-12-05T10:00:00Z promise add NOMAIL --invoice N1 --amount 500.00 --date 2026-12-20 \
	--at 2026-12-05T10:00:00Z --by cy
expect_eq "a promise on N1 since, for 2026-12-20" 0 "$status"

# reminders: "customer:kind:state:reason_code" of the plans' reminders, by customer
reminders() {
	actions_json
	jq_actions '" ".join(sorted("%s:%s:%s:%s" % (x["customer_ref"], x["kind"], x["state"], x["reason_code"])
		for x in a if x["strategy"].startswith("plan-")))'
}
daily_run 2026-12-07
expect_eq "the run three days before the instalment cancels it (one cancelled)" "1" "$(jq_out 'o["cancelled"]')"
expect_eq "NOMAIL's reminder is recorded and cancelled for the promise; WAW's, under its plan alone, waits" \
	"NOMAIL:letter:cancelled:promise WAW:email:scheduled:plan_instalment" "$(reminders)"
expect_eq "with the sentence the promise's own cancellation writes" \
	"the strategy waits while a promise holds the invoices it listed" \
	"$(jq_actions '[x["reason"] for x in a if x["customer_ref"] == "NOMAIL"][0]')"

run recoup letter --scheduled 2026-12-07 --out "$TMP/preview.pdf"
expect_eq "the day's letters: none to print, none left for the check at printing to cancel" \
	"no letter to print up to 2026-12-07: $TMP/preview.pdf not written" "$(cat "$TMP/out")"

run recoup_at 2026-12-07T12:00:00Z promise add WAW --invoice W1 --amount 500.00 --date 2026-12-20 \
	--at 2026-12-07T12:00:00Z --by cy
expect_eq "a promise on W1 now" 0 "$status"
expect_eq "cancels WAW's reminder at once, the same way" \
	"NOMAIL:letter:cancelled:promise WAW:email:cancelled:promise" "$(reminders)"
expect_eq "with the same sentence" "the strategy waits while a promise holds the invoices it listed" \
	"$(jq_actions '[x["reason"] for x in a if x["customer_ref"] == "WAW"][0]')"

daily_run 2026-12-08
expect_eq "the next run records no reminder again and cancels nothing" "0 NOMAIL:letter:cancelled:promise WAW:email:cancelled:promise" \
	"$(jq_out 'o["cancelled"]') $(reminders)"
finish
