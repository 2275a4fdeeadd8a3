#!/usr/bin/env bash
# A fee or interest step never takes an invoice's balance beyond the largest
# amount recoup keeps (10^15 minor units, core/money.h). Interest of 10% a
# month since a due date in 1950 (a mistyped year, most often) was posted
# whatever it came to: 841,890,000,000,000.00 PLN on an invoice of
# 9,000,000,000,000.00, a balance no file could hold, silently. Now such a
# charge is not posted (not capped: a capped figure is one no contract
# gives) and the step says why, reason_code amount_limit: `done` for the
# invoices of the group that were charged, `refused` when none was, counted
# in the run's summary, and not tried again (docs/strategies.md).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
OLD1,WAW,1950-01-01,1950-01-31,PLN,9000000000000.00
OLD2,WAW,1950-01-01,1950-01-31,PLN,100.00
BIG,ACME,1950-01-01,1950-01-31,BRL,1000000000000.00
NEW,NOMAIL,2026-10-01,2026-11-20,PLN,6000000000000.00
CSV
cat >"$TMP/usury.json" <<'JSON'
{ "name": "usury", "priority": 200, "segment": { "kind": "company" },
  "steps": [ { "name": "fine", "offset_days": 1, "action": "fee", "fee": { "percent": "100" } },
             { "name": "juros", "offset_days": 30, "action": "interest", "interest": { "monthly_percent": "10" } } ] }
JSON
recoup strategy set usury "$TMP/usury.json" >/dev/null

charges() { sql_join ' ' "SELECT i.ref || ':' || e.kind || ':' || e.amount FROM ledger_entry e JOIN invoice i ON i.id = e.invoice_id WHERE e.kind IN ('fee', 'interest') ORDER BY i.ref"; }
# "customer:kind:state:reason_code:amount" of the fee and interest steps
# done or refused (an ancient invoice's fee step is recorded superseded)
steps() {
	actions_json
	jq_actions '" ".join("%s:%s:%s:%s:%s" % (x["customer_ref"], x["kind"], x["state"], x["reason_code"], x["amount"])
		for x in sorted(a, key=lambda x: x["customer_ref"]) if x["kind"] in ("fee", "interest") and x["state"] != "superseded")'
}

daily_run 2026-12-01
expect_eq "the run summary counts the steps refused for the limit" '{"amount_limit": 2}' "$(jq_out 'o["refused"]')"
# 28,063 days since 1950-01-31 at 10% per 30 days: 93.54 times the balance
expect_eq "interest is posted where the balance stays within the limit (OLD2: 100.00 -> 9,354.33), nowhere else" \
	"OLD2:interest:935433" "$(charges)"
expect_eq "each step says so: WAW's done for OLD2, ACME's interest and NOMAIL's 100% fee refused" \
	"ACME:interest:refused:amount_limit:0.00 NOMAIL:fee:refused:amount_limit:0.00 WAW:interest:done:amount_limit:9354.33" \
	"$(steps)"
expect_eq "naming the charge, the invoice's due date and the limit" \
	"interest of 93543333333333.33 BRL on the invoice due 1950-01-31 would take its balance beyond 10000000000000.00 BRL, the largest amount recoup keeps: not posted (a mistyped due date or amount?)" \
	"$(jq_actions '[x["reason"] for x in a if x["customer_ref"] == "ACME" and x["kind"] == "interest"][0]')"
expect_eq "the same for WAW's OLD1, beside the interest posted on OLD2" \
	"interest of 841890000000000.00 PLN on the invoice due 1950-01-31 would take its balance beyond 10000000000000.00 PLN, the largest amount recoup keeps: not posted (a mistyped due date or amount?)" \
	"$(jq_actions '[x["reason"] for x in a if x["customer_ref"] == "WAW" and x["kind"] == "interest"][0]')"
expect_eq "and for a fee" \
	"a fee of 6000000000000.00 PLN on the invoice due 2026-11-20 would take its balance beyond 10000000000000.00 PLN, the largest amount recoup keeps: not posted (a mistyped due date or amount?)" \
	"$(jq_actions '[x["reason"] for x in a if x["customer_ref"] == "NOMAIL"][0]')"
expect_eq "no invoice's balance passes 10^15 minor units" 0 \
	"$(sql "SELECT count(*) FROM invoice WHERE balance > 1000000000000000")"

daily_run 2026-12-01
daily_run 2026-12-02
expect_eq "a step refused is recorded: the runs after it post nothing more" "OLD2:interest:935433" "$(charges)"
expect_eq "and record no second step" 3 \
	"$(sql "SELECT count(*) FROM action WHERE kind IN ('fee', 'interest') AND state <> 'superseded'")"
run recoup check
expect_eq "the ledger checks (recoup check)" 0 "$status"
finish
