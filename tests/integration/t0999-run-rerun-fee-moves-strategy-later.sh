#!/usr/bin/env bash
# The account whose fee of the day moves it into another strategy follows it
# the next day also when a run of that day again visits it (t0995's book,
# with the steps at +26, and a write of the configuration between the two
# runs, so that the second visits everyone). The first run posts the fee
# and its watch looks again the next day (do_charges); the second posts
# nothing, and its watch row named no date the next day: the strategy's
# steps were done, and the day the invoice moves to an older bucket (+31)
# was the next date the watch knew. The run picks the strategy from the
# balance before the day's charges, so from the next day the fee counts and
# "large" takes the account: its +26 call waited for day +31 (fails before
# the fix, with watch-2 as with watch-3). Now the watch looks again the next
# day whenever the day's charges left the pick out (run.c, do_customer).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-09-05,2026-10-05,PLN,100.00
CSV
cat >"$TMP/small.json" <<'JSON'
{ "name": "small", "priority": 900, "segment": { "kind": "company", "balance": { "max": "105.00" } },
  "steps": [ { "name": "small-fee", "offset_days": 26, "action": "fee", "fee": { "amount": "10.00" } } ] }
JSON
cat >"$TMP/large.json" <<'JSON'
{ "name": "large", "priority": 900, "segment": { "kind": "company", "balance": { "min": "105.01" } },
  "steps": [ { "name": "large-call", "offset_days": 26, "action": "call", "template": "call-script" } ] }
JSON
recoup strategy set small "$TMP/small.json" >/dev/null
recoup strategy set large "$TMP/large.json" >/dev/null
daily_run 2026-10-31
expect_eq "the first run posts the fee of \"small\"" "small:small-fee:done" \
	"$(echo $(sql "SELECT strategy || ':' || step || ':' || state FROM action ORDER BY id"))"
# the manager stores "small" again that day (a write of the configuration: the next run visits everyone)
recoup strategy set small "$TMP/small.json" >/dev/null
daily_run 2026-10-31
expect_eq "the run again records nothing new" "small:small-fee:done" \
	"$(echo $(sql "SELECT strategy || ':' || step || ':' || state FROM action ORDER BY id"))"
expect_eq "and its watch looks again the next day" "2026-11-01" \
	"$(sql "SELECT next_date FROM run_watch w JOIN customer c ON c.id = w.customer_id WHERE c.ref = 'WAW'")"
run recoup run --as-of 2026-11-01 --now 2026-11-01T05:00:00Z --format json
expect_eq "the next day's run visits the account" "0:1" "$status:$(jq -r .customers_visited "$TMP/out")"
expect_eq "and follows it into \"large\": its call recorded then" \
	"small:small-fee:done large:large-call:scheduled" \
	"$(echo $(sql "SELECT strategy || ':' || step || ':' || state FROM action ORDER BY id"))"
finish
