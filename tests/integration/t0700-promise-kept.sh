#!/usr/bin/env bash
# A promise to pay (issue 10 point 2) made on day +8 and kept on day +12
# stops the calls: while it is current its invoice is held (no call step,
# the call already waiting is cancelled with the reason "promise"); the
# run of the day after date + tolerance marks it kept from the payment
# received and ends its hold. The same account without a promise is
# called on every step. recoup check passes: money untouched.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=boss
recoup import customers "$DATA/queue/customers.csv" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-02-01,2026-03-03,USD,1000.00
I2,C2,2026-02-01,2026-03-03,USD,1000.00
CSV
)" >/dev/null
cat >"$TMP/calls.json" <<'JSON'
{ "name": "calls", "segment": { "kind": "company" },
  "steps": [ { "name": "call-7", "offset_days": 7, "action": "call", "template": "call" },
             { "name": "call-9", "offset_days": 9, "action": "call", "template": "call" },
             { "name": "call-11", "offset_days": 11, "action": "call", "template": "call" },
             { "name": "call-13", "offset_days": 13, "action": "call", "template": "call" },
             { "name": "call-16", "offset_days": 16, "action": "call", "template": "call" } ] }
JSON
recoup strategy set calls "$TMP/calls.json" >/dev/null
recoup strategy default calls --kind company >/dev/null

calls() { # CUSTOMER: the days with a call recorded for it, not superseded nor cancelled
	actions_json --customer "$1" --kind call
	jq_actions '" ".join(x["run_date"][5:] for x in a if x["state"] not in ("superseded", "cancelled"))'
}

daily_run 2026-03-10
# day +8: C1 promises the whole 1000.00 by day +12 (tolerance: 2 days, so held through the 17th)
run recoup promise add C1 --amount 1000.00 --date 2026-03-15 --invoice I1 --at 2026-03-11T15:00:00Z --by ann
expect_eq "promise add succeeds" "0" "$status"
expect_stdout_contains "promise 1: customer 'C1' promised 1000.00 USD by 2026-03-15 on I1 (held until 2026-03-17)"
for d in 11 12 13 14; do daily_run 2026-03-$d; done
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,C1,I1,2026-03-15,1000.00,USD,transfer,cleared,
CSV
)" >/dev/null
for d in 15 16 17 18 19 20; do daily_run 2026-03-$d; done

expect_eq "C1: no call while the promise held (the one of day +7 was waiting), none after it was kept" "" "$(calls C1)"
expect_eq "C2, no promise: called on every step" "03-10 03-12 03-14 03-16 03-19" "$(calls C2)"
actions_json --customer C1 --kind call
expect_eq "the call waiting when the promise was made is cancelled, with the reason promise" "cancelled promise" \
	"$(jq_actions '" ".join(x["state"] + " " + x["reason_code"] for x in a)')"

run recoup promise list --format json
expect_eq "promise list: kept, with the payment, by ann" \
	"1 C1 ['I1'] 1000.00 USD 2026-03-15 kept ann 1000.00 2026-03-18" \
	"$(python3 -c 'import json,sys
p = json.load(open(sys.argv[1]))[0]
print(p["id"], p["customer_ref"], p["invoice_refs"], p["amount"], p["currency"], p["date"], p["state"], p["made_by"], p["paid"], p["settled_on"])' "$TMP/out")"
expect_eq "its hold ended on the review's day, with the state as the reason" "kept|2026-03-18T00:00:00Z" \
	"$(sql "SELECT end_reason || '|' || ended_at FROM account_hold WHERE kind = 'promise'" | sed 's/+00$//; s/ /T/; s/T00:00:00$/T00:00:00Z/')"
expect_eq "the audit trail has the promise and the review" "promise.add promise.review" \
	"$(sql_join ' ' "SELECT action FROM audit_log WHERE entity = 'promise' ORDER BY id")"

# the tolerance rounds in the debtor's favour: 100.05 less 10% is 90.045, so 90.04 keeps it
recoup promise settings --tolerance-percent 10 >/dev/null
recoup promise add C2 --amount 100.05 --date 2026-03-22 --invoice I2 --at 2026-03-21T15:00:00Z >/dev/null
recoup import payments "$(csv_file payments2.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P2,C2,I2,2026-03-22,90.04,USD,transfer,cleared,
CSV
)" >/dev/null
for d in 21 22 23 24 25; do daily_run 2026-03-$d; done
run recoup promise list --format json
expect_eq "90.04 of a 100.05 promise at 10% tolerance: kept (the threshold 90.04, not 90.05)" "kept 90.04" \
	"$(python3 -c 'import json,sys
p = [x for x in json.load(open(sys.argv[1])) if x["customer_ref"] == "C2"][0]
print(p["state"], p["paid"])' "$TMP/out")"

run recoup check
expect_eq "recoup check passes" "0" "$status"
finish
