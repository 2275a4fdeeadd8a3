#!/usr/bin/env bash
# recoup strategy list|show|set|default: the presets and the tenant's own,
# strict validation that names the JSON path of every problem and stores
# nothing, a stored strategy that the next run applies, and defaults per kind.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-11-16,PLN,70.00
B1,ANA,2026-10-01,2026-11-16,BRL,100.00
CSV
run recoup strategy list
expect_stdout_contains "b2b-gentle"
expect_stdout_contains "default for company"
expect_stdout_contains "consumer-standard"
expect_stdout_contains "default for person"

run recoup strategy show b2b-gentle
expect_eq "show prints the canonical JSON" b2b-gentle "$(jq_out 'o["name"]')"
cp "$TMP/out" "$TMP/b2b.json"

# every problem, under its path; nothing stored
cat >"$TMP/bad.json" <<'JSON'
{ "name": "key-accounts", "priority": 5000, "segment": { "countries": ["US", "UK"] },
  "steps": [ { "name": "a", "offset_days": 3, "action": "mail", "template": "x" } ] }
JSON
db_snapshot
expect_exit 1 recoup strategy set key-accounts "$TMP/bad.json"
expect_stderr_contains "priority"
expect_stderr_contains "segment.countries[1]"
expect_stderr_contains "steps[0].action"
expect_db_unchanged "a refused strategy stores nothing"
sed 's/"name": "b2b-gentle"/"name": "other"/' "$TMP/b2b.json" >"$TMP/misnamed.json"
expect_exit 1 recoup strategy set key-accounts "$TMP/misnamed.json"
expect_stderr_contains "named 'other'"
expect_exit 1 recoup strategy show no-such
expect_exit 1 recoup strategy default no-such

# a tenant strategy for Polish companies: a letter on the due date
cat >"$TMP/pl.json" <<'JSON'
{ "name": "pl-firms", "segment": { "kind": "company", "countries": ["PL"] },
  "steps": [ { "name": "wezwanie", "offset_days": 0, "action": "letter", "template": "wezwanie" } ] }
JSON
expect_exit 0 recoup strategy set pl-firms "$TMP/pl.json"
run recoup strategy list
expect_stdout_contains "pl-firms"
daily_run 2026-11-16
actions_json --customer WAW
expect_eq "the run applies the tenant's strategy to WAW" "pl-firms wezwanie letter" \
	"$(jq_actions '" ".join([a[0]["strategy"], a[0]["step"], a[0]["kind"]])')"
actions_json --customer ANA
expect_eq "and the default for persons to ANA" consumer-br "$(jq_actions 'a[0]["strategy"]')"

# a preset the tenant replaces is listed once, as the tenant's copy
sed 's/^  "priority": [0-9]*/  "priority": 321/' "$TMP/b2b.json" >"$TMP/b2b-own.json"
expect_exit 0 recoup strategy set b2b-gentle "$TMP/b2b-own.json"
run recoup strategy list
expect_eq "the replaced preset is listed once, as the tenant's" "b2b-gentle tenant (replaces the preset) 321" \
	"$(grep '^b2b-gentle ' "$TMP/out" | awk '{ print $1, $2, $3, $4, $5, $6 }')"

# the default for persons
expect_exit 0 recoup strategy default consumer-standard --kind person
run recoup strategy list
expect_stdout_contains "default for person"
expect_exit 2 recoup strategy default b2b-gentle --kind robot

# a segment by risk band (core/risk.h): an account whose band is not computed would not match
cat >"$TMP/new.json" <<'JSON'
{ "name": "new-debtors", "priority": 300, "segment": { "kind": "person", "risk_bands": ["A", "B", "C", "D"] },
  "steps": [ { "name": "welcome-call", "offset_days": 1, "action": "call", "template": "welcome" } ] }
JSON
expect_exit 0 recoup strategy set new-debtors "$TMP/new.json"
daily_run 2026-11-17
actions_json --customer ANA --date 2026-11-17
expect_eq "the run segments by risk band: ANA (a short history, band A-D) gets it" "new-debtors welcome-call call" \
	"$(jq_actions '" ".join([a[0]["strategy"], a[0]["step"], a[0]["kind"]])')"
finish
