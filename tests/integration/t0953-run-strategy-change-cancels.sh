#!/usr/bin/env bash
# t0953: an account follows one strategy. When it crosses into another
# segment (here its balance: a second invoice takes it over the segment's
# minimum), the message the old strategy scheduled and that still waits is
# cancelled with the code strategy_changed when the run records the new
# strategy's step: the debtor does not get two emails about the same
# invoice at the same moment (docs/strategies.md, "Waiting actions").
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W-I1,WAW,2026-10-21,2026-11-21,PLN,500.00
CSV
cat >"$TMP/big.json" <<'JSON'
{ "name": "big-balance", "priority": 100, "segment": { "kind": "company", "balance": { "min": "1000.00" } },
  "steps": [ { "name": "big-heads-up", "offset_days": -10, "action": "email", "template": "big-heads-up" } ] }
JSON
expect_exit 0 recoup strategy set big-balance "$TMP/big.json"

# 500.00 PLN: below the segment, the default b2b-gentle's courtesy reminder 5 days before
daily_run 2026-11-16
actions_json --customer WAW
expect_eq "day 1: b2b-gentle's courtesy reminder waits" "b2b-gentle/courtesy-reminder/scheduled" \
	"$(jq_actions '" ".join(x["strategy"] + "/" + x["step"] + "/" + x["state"] for x in a)')"

# a second invoice the same day: 1,300.00 PLN, the account is big-balance's now
invoices2=$(csv_file invoices2.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W-I2,WAW,2026-10-26,2026-11-26,PLN,800.00
CSV
)
expect_exit 0 recoup import invoices "$invoices2"
daily_run 2026-11-16 --now 2026-11-16T06:00:00Z
expect_eq "the rerun counts the cancellation" 1 "$(jq_out 'o["cancelled"]')"
actions_json --customer WAW
expect_eq "the old strategy's reminder is cancelled, strategy_changed; the new one's step lists both invoices" \
	"b2b-gentle/courtesy-reminder/cancelled/strategy_changed/W-I1 big-balance/big-heads-up/scheduled/None/W-I1,W-I2" \
	"$(jq_actions '" ".join(sorted(x["strategy"] + "/" + x["step"] + "/" + x["state"] + "/" + str(x["reason_code"]) + "/" + ",".join(sorted(x["invoice_refs"])) for x in a))')"
expect_eq "its reason names the strategy the account follows now" \
	"the account follows strategy big-balance now" \
	"$(jq_actions '[x["reason"] for x in a if x["state"] == "cancelled"][0]')"
expect_eq "one email waits for WAW" 1 \
	"$(jq_actions 'sum(1 for x in a if x["kind"] == "email" and x["state"] == "scheduled")')"

# the run again: nothing new, nothing cancelled again
daily_run 2026-11-16 --now 2026-11-16T07:00:00Z
actions_json --customer WAW
expect_eq "a third run changes nothing" 2 "$(jq_actions 'len(a)')"
expect_eq "the date's cancelled count stays one" 1 "$(jq_out 'o["cancelled"]')"

# back under the minimum (a payment): the account follows b2b-gentle again; what big-balance
# scheduled waits no more, and b2b-gentle's courtesy reminder is not sent a second time
payments=$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency
WP1,WAW,W-I2,2026-11-16,800.00,PLN
CSV
)
expect_exit 0 recoup import payments "$payments" --as-of 2026-11-16
daily_run 2026-11-16 --now 2026-11-16T08:00:00Z
actions_json --customer WAW
expect_eq "big-balance's email is cancelled in turn (I2 paid, I1 back under b2b-gentle), and nothing is redone" \
	"b2b-gentle/courtesy-reminder/cancelled big-balance/big-heads-up/cancelled" \
	"$(jq_actions '" ".join(sorted(x["strategy"] + "/" + x["step"] + "/" + x["state"] for x in a))')"
finish
