#!/usr/bin/env bash
# A run of the same day again creates nothing new, also when the day's fee
# is what makes a later step due. A strategy's fee step at +30 and, at +45,
# a step whose condition is a minimum balance the invoice reaches only with
# the fee: the first run found the +45 step's condition failing (the
# balance before the fee), did the fee, and stopped; a second run of the
# same day read the balance with the fee, found the +45 step due and
# recorded it (found on the 1,000,000-customer bench book: a Brazilian
# consumer's interest made its legal review due on the rerun). The first
# run now looks at the account again once its charges are posted.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-09-01,2026-10-01,PLN,100.00
CSV
cat >"$TMP/late.json" <<'JSON'
{ "name": "late", "priority": 900, "segment": { "kind": "company" },
  "steps": [ { "name": "late-fee", "offset_days": 30, "action": "fee", "fee": { "amount": "10.00" } },
             { "name": "review", "offset_days": 45, "action": "legal_review", "template": "legal-review",
               "conditions": { "min_balance": "105.00" } } ] }
JSON
recoup strategy set late "$TMP/late.json" >/dev/null
daily_run 2026-11-20
first=$(sql "SELECT step || ':' || state FROM action ORDER BY step")
expect_eq "the fee posted once" "fee:1000" "$(sql "SELECT kind || ':' || amount FROM ledger_entry WHERE kind = 'fee'")"
expect_eq "the first run records the review the fee made due, beside the fee" \
	"late-fee:done review:scheduled" "$(echo $first)"
daily_run 2026-11-20
expect_eq "the run again records nothing new" "$(echo $first)" \
	"$(echo $(sql "SELECT step || ':' || state FROM action ORDER BY step"))"
expect_eq "and posts nothing new" 1 "$(sql "SELECT count(*) FROM ledger_entry WHERE kind = 'fee'")"
jq_out '"%d %s" % (o["actions"]["legal_review"], o["actions"]["fee"])' >"$TMP/counts"
expect_eq "its summary counts the review and the fee once" "1 1" "$(cat "$TMP/counts")"
run recoup check
expect_eq "the ledger invariant holds (recoup check)" 0 "$status"
finish
