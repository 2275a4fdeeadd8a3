#!/usr/bin/env bash
# A run of the same day again creates nothing new, also when the day's fee
# moves the account into another strategy's balance range. "small" takes
# accounts up to 105.00 and charges 10.00 at +30; "large" takes those above
# 105.00 and calls at +30. The first run picks "small" (100.00), posts the
# fee (110.00); a second run of the same day picks "large" and records its
# call, unless the first run follows the account into it. The first run
# does not, and the watched rerun recorded nothing new (the watch looks at
# the account again the next day only), but a rerun that visited everyone
# (RECOUP_RUN_WATCH=0, or the first run after a change of the tenant's
# configuration) read the balance with the fee, picked "large" and
# recorded its call. Now every run picks the strategy from the balance
# before the fees and interest dated its day (docs/strategies.md, "Fees and
# interest"): the reruns record nothing new, and the account follows
# "large" from the next day (its +30 call, due the day before, recorded
# once then). NOMAIL's fee (50.00 to 60.00) leaves it in "small": the next
# day's run does not visit it for that (the watch looks again the next day
# only when the day's charges make tomorrow's pick another strategy).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-09-01,2026-10-01,PLN,100.00
N1,NOMAIL,2026-09-01,2026-10-01,PLN,50.00
CSV
# WAW's actions, as strategy:step:state in order
waw_actions() {
	echo $(sql "SELECT a.strategy || ':' || a.step || ':' || a.state FROM action a
	            JOIN customer c ON c.id = a.customer_id WHERE c.ref = 'WAW' ORDER BY a.id")
}
cat >"$TMP/small.json" <<'JSON'
{ "name": "small", "priority": 900, "segment": { "kind": "company", "balance": { "max": "105.00" } },
  "steps": [ { "name": "small-fee", "offset_days": 30, "action": "fee", "fee": { "amount": "10.00" } } ] }
JSON
cat >"$TMP/large.json" <<'JSON'
{ "name": "large", "priority": 900, "segment": { "kind": "company", "balance": { "min": "105.01" } },
  "steps": [ { "name": "large-call", "offset_days": 30, "action": "call", "template": "call-script" } ] }
JSON
recoup strategy set small "$TMP/small.json" >/dev/null
recoup strategy set large "$TMP/large.json" >/dev/null
daily_run 2026-10-31
first=$(waw_actions)
expect_eq "the fee posted once" "fee:1000" "$(sql "SELECT l.kind || ':' || l.amount FROM ledger_entry l
                                               JOIN invoice i ON i.id = l.invoice_id WHERE l.kind = 'fee' AND i.ref = 'W1'")"
daily_run 2026-10-31
expect_eq "the run again records nothing new" "$first" "$(waw_actions)"
RECOUP_RUN_WATCH=0 daily_run 2026-10-31
expect_eq "nor a run again that visits every customer (it reads the balance with the fee)" "$first" "$(waw_actions)"
expect_eq "and posts nothing new (a fee on each account)" 2 "$(sql "SELECT count(*) FROM ledger_entry WHERE kind = 'fee'")"
expect_eq "the first run: the fee of the strategy the account was in" "small:small-fee:done" "$(echo $first)"
# the call-preparation screen names the strategy the run keeps the account in
# that day (it read the balance with the fee, 110.00, and named "large")
run recoup account show WAW --now 2026-10-31T12:00:00Z --format json
expect_eq "account show that day: the run's strategy" "0:small" "$status:$(jq -r .next_steps.strategy "$TMP/out")"
daily_run 2026-11-01
visited=$(jq -r '.visit + ":" + (.customers_visited | tostring)' "$TMP/out")
expect_eq "the next day follows the account into \"large\": its call (due the day before) recorded once" \
	"small:small-fee:done large:large-call:scheduled" "$(waw_actions)"
expect_eq "the next day visits WAW alone: NOMAIL's fee left it in \"small\", nothing of it can change" \
	"watched:1" "$visited"
expect_eq "NOMAIL: its fee, once" "small:small-fee:done" \
	"$(echo $(sql "SELECT a.strategy || ':' || a.step || ':' || a.state FROM action a
	              JOIN customer c ON c.id = a.customer_id WHERE c.ref = 'NOMAIL' ORDER BY a.id"))"
run recoup account show WAW --now 2026-11-01T12:00:00Z --format json
expect_eq "account show the next day: \"large\", as the run" "0:large" "$status:$(jq -r .next_steps.strategy "$TMP/out")"
finish
