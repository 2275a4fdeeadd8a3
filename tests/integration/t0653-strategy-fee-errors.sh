#!/usr/bin/env bash
# A strategy whose fee amount or percent (or interest rate) is refused says
# why, once: it used to add "give either an amount or a percent" (or
# "monthly_percent is missing") after the value the user did give, sending them
# to look for a missing field. That problem stays for a fee with neither or both.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
fee_strategy() {
	cat >"$TMP/s.json" <<JSON
{ "name": "late-fee", "priority": 200, "segment": { "kind": "person" },
  "steps": [ { "name": "fine", "offset_days": 25, "action": "$1", $2 } ] }
JSON
}
db_snapshot
fee_strategy fee '"fee": { "amount": "40,00" }'
expect_exit 1 recoup strategy set late-fee "$TMP/s.json"
expect_eq "a refused amount is the one problem" \
	"recoup strategy: $TMP/s.json: strategy 'late-fee': steps[0].fee.amount: amount '40,00' is not a decimal number (only digits, one '.' and a leading '-')" \
	"$(cat "$TMP/err")"
fee_strategy fee '"fee": { "percent": "150" }'
expect_exit 1 recoup strategy set late-fee "$TMP/s.json"
expect_eq "a refused percent is the one problem" \
	"recoup strategy: $TMP/s.json: strategy 'late-fee': steps[0].fee.percent: '150' must be more than 0 and at most 100" \
	"$(cat "$TMP/err")"
fee_strategy interest '"interest": { "monthly_percent": "12" }'
expect_exit 1 recoup strategy set late-fee "$TMP/s.json"
expect_eq "a refused interest rate is the one problem" \
	"recoup strategy: $TMP/s.json: strategy 'late-fee': steps[0].interest.monthly_percent: '12' must be more than 0 and at most 10" \
	"$(cat "$TMP/err")"
fee_strategy fee '"fee": { "amount": "1.00", "percent": "2" }'
expect_exit 1 recoup strategy set late-fee "$TMP/s.json"
expect_stderr_contains "steps[0].fee: give either an amount or a percent"
fee_strategy fee '"fee": { }'
expect_exit 1 recoup strategy set late-fee "$TMP/s.json"
expect_stderr_contains "steps[0].fee: give either an amount or a percent"
fee_strategy interest '"interest": { }'
expect_exit 1 recoup strategy set late-fee "$TMP/s.json"
expect_stderr_contains "steps[0].interest: monthly_percent is missing"
expect_db_unchanged "no strategy was stored"
finish
