#!/usr/bin/env bash
# The day's snapshot is the same whether the day ran once or again (a rerun,
# or the run again after a crash): it is taken after the day's fees and
# interest, which a second run reads from the ledger. And an account whose
# open invoices its unapplied credit covers (nothing owed, so no step) is
# still in it: the snapshot's totals are the aging's, which shows the credit
# beside them (docs/dashboard.md: the dashboard's aging equals recoup aging).
# The summary's count of waiting actions cancelled is the date's too, not
# what one invocation cancelled: a rerun printed and stored 0.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
B1,ANA,2026-10-01,2026-11-16,BRL,1000.00
W1,WAW,2026-10-25,2026-11-01,PLN,100.00
W2,NOMAIL,2026-10-01,2026-11-02,PLN,40.00
A1,ACME,2026-10-01,2026-11-10,BRL,500.00
CSV
# WAW paid 100.00 before W1 was issued, naming no invoice: unapplied credit, which covers W1
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method
P0,WAW,,2026-10-20,100.00,PLN,transfer
CSV
)" >/dev/null
cat >"$TMP/greedy.json" <<'JSON'
{ "name": "greedy", "priority": 200, "segment": { "kind": "person", "countries": ["BR"] },
  "steps": [ { "name": "fine", "offset_days": 1, "action": "fee", "fee": { "percent": "2" } } ] }
JSON
recoup strategy set greedy "$TMP/greedy.json" >/dev/null

snapshot() {
	sql "SELECT dimension || '|' || key || '|' || currency || '|' || bucket || '|' || accounts || '|' || invoices || '|' || balance
	     FROM run_snapshot WHERE run_date = '2026-11-17' ORDER BY dimension, key, currency, bucket"
}
daily_run 2026-11-17
snapshot >"$TMP/first.txt"
expect_eq "the fee was posted (20.00 on B1)" 2000 "$(sql "SELECT amount FROM ledger_entry WHERE kind = 'fee'")"
daily_run 2026-11-17
snapshot >"$TMP/again.txt"
expect_eq "the day run again stores the same snapshot" "$(cat "$TMP/first.txt")" "$(cat "$TMP/again.txt")"
expect_eq "which counts the day's fee (BRL 1,000.00 + 20.00 + 500.00)" 152000 \
	"$(sql "SELECT sum(balance) FROM run_snapshot WHERE run_date = '2026-11-17' AND dimension = 'total' AND currency = 'BRL'")"

recoup aging --as-of 2026-11-17 --format json >"$TMP/aging.json"
aging_pln=$(python3 -c 'import json, sys
rows = json.load(open(sys.argv[1]))
rows = rows if isinstance(rows, list) else rows.get("rows", rows.get("currencies", []))
print([r for r in rows if r["currency"] == "PLN"][0]["total"])' "$TMP/aging.json")
expect_eq "recoup aging counts WAW's covered invoice in PLN's total" "140.00" "$aging_pln"
expect_eq "so does the snapshot (both accounts, both invoices)" "2|2|14000" \
	"$(sql "SELECT sum(accounts) || '|' || sum(invoices) || '|' || sum(balance) FROM run_snapshot
	        WHERE run_date = '2026-11-17' AND dimension = 'total' AND currency = 'PLN'")"
expect_eq "and WAW gets no step (nothing owed)" 0 \
	"$(sql "SELECT count(*) FROM action a JOIN customer c ON c.id = a.customer_id WHERE c.ref = 'WAW'")"

# ACME's call of 2026-11-17 (b2b-gentle, +7) waits for its window that day; A1 paid, the next day's run cancels it
expect_eq "a call of ACME waits" 1 \
	"$(sql "SELECT count(*) FROM action a JOIN customer c ON c.id = a.customer_id WHERE c.ref = 'ACME'
	        AND a.state = 'scheduled' AND a.kind = 'call'")"
recoup import payments "$(csv_file payments2.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method
P1,ACME,A1,2026-11-18,500.00,BRL,pix
CSV
)" --as-of 2026-11-18 >/dev/null
daily_run 2026-11-18
expect_eq "the run cancels it" 1 "$(jq_out 'o["cancelled"]')"
daily_run 2026-11-18
expect_eq "the day run again says the same" 1 "$(jq_out 'o["cancelled"]')"
expect_eq "and stores it" 1 "$(sql "SELECT summary FROM run WHERE run_date = '2026-11-18'" |
	python3 -c 'import json, sys; print(json.load(sys.stdin)["cancelled"])')"
finish
