#!/usr/bin/env bash
# `recoup assign` gives an account no run has recorded an action for to the
# team of the strategy the run would pick: from the balance before the fees
# and interest dated the day (docs/strategies.md, "Fees and interest"), as
# the run and `account show` pick it. "small" takes accounts up to 105.00,
# "large" those above; the account owes 100.00 and a plan agreed and
# withdrawn that day left its 10.00 fee (110.00). Picked from 110.00 it went
# to large's team; the run keeps it in small that day.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-09-01,2026-10-01,PLN,100.00
CSV
cat >"$TMP/small.json" <<'JSON'
{ "name": "small", "priority": 900, "segment": { "kind": "company", "balance": { "max": "105.00" } },
  "steps": [ { "name": "small-call", "offset_days": 60, "action": "call", "template": "call-script" } ] }
JSON
cat >"$TMP/large.json" <<'JSON'
{ "name": "large", "priority": 900, "segment": { "kind": "company", "balance": { "min": "105.01" } },
  "steps": [ { "name": "large-call", "offset_days": 60, "action": "call", "template": "call-script" } ] }
JSON
recoup strategy set small "$TMP/small.json" >/dev/null
recoup strategy set large "$TMP/large.json" >/dev/null
recoup user add ann --role collector --team small >/dev/null
recoup user add bob --role collector --team large >/dev/null
expect_exit 0 recoup plan add WAW --count 1 --every month --first 2026-11-30 --fees 10.00 --at 2026-10-31T10:00:00Z
id=$(recoup plan list --customer WAW --format json | jq -r '.[0].id')
expect_exit 0 recoup plan cancel "$id" --reason "entered by mistake" --at 2026-10-31T11:00:00Z
expect_eq "the plan's fee stays, dated the day" "fee:1000:2026-10-31" \
	"$(sql "SELECT kind || ':' || amount || ':' || date FROM ledger_entry WHERE kind = 'fee'")"
expect_eq "no run recorded an action" 0 "$(sql "SELECT count(*) FROM action")"

expect_exit 0 recoup assign --as-of 2026-10-31
expect_eq "the account goes to the team of the strategy picked without the day's fee" "ann" \
	"$(sql "SELECT u.name FROM assignment a JOIN app_user u ON u.id = a.user_id")"
run recoup account show WAW --now 2026-10-31T12:00:00Z --format json
expect_eq "account show names the same strategy" "0:small" "$status:$(jq -r .next_steps.strategy "$TMP/out")"
finish
