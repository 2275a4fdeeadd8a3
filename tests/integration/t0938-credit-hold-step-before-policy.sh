#!/usr/bin/env bash
# A credit hold a strategy's step set lasts until the invoices of that step are
# settled, even when the step comes before the credit policy's days: a
# tenant's strategy holding at +30 days, under the default policy of 60, set
# the hold on day 30 and the next day's review lifted it ("back within the
# credit policy": nothing was overdue more than 60 days), so the step held
# new orders for one day. Paid, the next review lifts it as before.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-09-01,2026-10-01,BRL,100.00
CSV
expect_exit 0 recoup customer set ACME credit_limit=10000.00 --by ann
cat >"$TMP/early.json" <<'JSON'
{ "name": "early-hold", "priority": 200, "segment": { "kind": "company" },
  "steps": [ { "name": "hold", "offset_days": 30, "action": "credit_hold", "template": "credit-hold-notice" } ] }
JSON
recoup strategy set early-hold "$TMP/early.json" >/dev/null

current_holds() {
	sql "SELECT a.run_date FROM credit_hold h JOIN action a ON a.tenant_id = h.tenant_id AND a.id = h.action_id
	     WHERE h.source = 'run' AND h.released_at IS NULL ORDER BY h.id" | tr '\n' ' ' | sed 's/ $//'
}
daily_run 2026-10-31
expect_eq "the step at +30 sets the hold" "2026-10-31" "$(current_holds)"
daily_run 2026-11-01
daily_run 2026-11-02
expect_eq "A1 unpaid at 32 days (within the policy's 60): the hold stays" "2026-10-31" "$(current_holds)"
run recoup credit check ACME --amount 1.00 --as-of 2026-11-02 --format json
expect_stdout_contains '"on_hold"'

recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method
P1,ACME,A1,2026-11-02,100.00,BRL,transfer
CSV
)" >/dev/null
daily_run 2026-11-03
expect_eq "A1 paid: the next review lifts it" "" "$(current_holds)"
expect_eq "with the reason" "back within the credit policy" \
	"$(sql "SELECT release_reason FROM credit_hold WHERE source = 'run'")"
finish
