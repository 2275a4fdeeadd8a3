#!/usr/bin/env bash
# A fee step posts once however often the run repeats, within the profile's
# limits (Brazil's consumer fine: 2%), and stays after the principal is paid.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
B1,ANA,2026-10-01,2026-11-16,BRL,1000.00
CSV
# a tenant strategy asking for 5%: the br-consumer profile caps it at 2%
cat >"$TMP/greedy.json" <<'JSON'
{ "name": "greedy", "priority": 200, "segment": { "kind": "person", "countries": ["BR"] },
  "steps": [ { "name": "fine", "offset_days": 1, "action": "fee", "fee": { "percent": "5" } },
             { "name": "juros", "offset_days": 31, "action": "interest", "interest": { "monthly_percent": "3" } } ] }
JSON
recoup strategy set greedy "$TMP/greedy.json" >/dev/null
for i in 1 2 3; do
	daily_run 2026-11-17
done
fees() { sql "SELECT kind || ':' || amount FROM ledger_entry WHERE kind IN ('fee', 'interest') ORDER BY id"; }
expect_eq "one fee of 2% (20.00), however often the run repeats" "fee:2000" "$(fees)"
actions_json --kind fee
expect_eq "recorded done, once" "1 done 20.00" "$(jq_actions '"%d %s %s" % (len(a), a[0]["state"], a[0]["amount"])')"
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method
P1,ANA,B1,2026-11-19,1000.00,BRL,pix
CSV
)" >/dev/null
daily_run 2026-11-20
expect_eq "the fee stays after the principal is paid" "fee:2000" "$(fees)"
expect_eq "and is still owed" 2000 "$(sql "SELECT balance FROM invoice WHERE ref = 'B1'")"
# interest at +31: 1% a month at most (the profile), on the 20.00 left, for the 31 days since the due date
daily_run 2026-12-17
daily_run 2026-12-17
expect_eq "interest once, within 1% a month" "fee:2000 interest:20" "$(fees | tr '\n' ' ' | sed 's/ $//')"
run recoup check
expect_eq "the ledger invariant holds (recoup check)" 0 "$status"
finish
