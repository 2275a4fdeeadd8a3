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
# once then).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-09-01,2026-10-01,PLN,100.00
CSV
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
first=$(sql "SELECT strategy || ':' || step || ':' || state FROM action ORDER BY id")
expect_eq "the fee posted once" "fee:1000" "$(sql "SELECT kind || ':' || amount FROM ledger_entry WHERE kind = 'fee'")"
daily_run 2026-10-31
expect_eq "the run again records nothing new" "$(echo $first)" \
	"$(echo $(sql "SELECT strategy || ':' || step || ':' || state FROM action ORDER BY id"))"
RECOUP_RUN_WATCH=0 daily_run 2026-10-31
expect_eq "nor a run again that visits every customer (it reads the balance with the fee)" "$(echo $first)" \
	"$(echo $(sql "SELECT strategy || ':' || step || ':' || state FROM action ORDER BY id"))"
expect_eq "and posts nothing new" 1 "$(sql "SELECT count(*) FROM ledger_entry WHERE kind = 'fee'")"
expect_eq "the first run: the fee of the strategy the account was in" "small:small-fee:done" "$(echo $first)"
# the call-preparation screen names the strategy the run keeps the account in
# that day (it read the balance with the fee, 110.00, and named "large")
run recoup account show WAW --now 2026-10-31T12:00:00Z --format json
expect_eq "account show that day: the run's strategy" "0:small" "$status:$(jq -r .next_steps.strategy "$TMP/out")"
daily_run 2026-11-01
expect_eq "the next day follows the account into \"large\": its call (due the day before) recorded once" \
	"small:small-fee:done large:large-call:scheduled" \
	"$(echo $(sql "SELECT strategy || ':' || step || ':' || state FROM action ORDER BY id"))"
run recoup account show WAW --now 2026-11-01T12:00:00Z --format json
expect_eq "account show the next day: \"large\", as the run" "0:large" "$status:$(jq -r .next_steps.strategy "$TMP/out")"
finish
