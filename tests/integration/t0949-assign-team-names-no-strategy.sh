#!/usr/bin/env bash
# A collector's team names the strategy whose accounts it works
# (docs/queue.md); one whose team names no strategy of the tenant (the
# README's free-text "Enterprise East", a typo) gets no new account. The
# docs promised that the assign's table says so and that its JSON has
# `team_names_a_strategy`; neither did: the collector showed 0 accounts
# and nothing why. Now the table notes it on the collector's row and the
# JSON says false (true for a team naming a preset or one of the tenant's
# strategies, and for no team).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
cat >"$TMP/customers.csv" <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
A,Acme,company,US,America/New_York,en,USD,,a@example.com,+12125550100,1 Main St,
B,Bravo,company,US,America/New_York,en,USD,,b@example.com,+12125550101,2 Main St,
CSV
cat >"$TMP/invoices.csv" <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount,description
A1,A,2026-09-01,2026-10-01,USD,100.00,x
B1,B,2026-09-01,2026-10-01,USD,200.00,x
CSV
recoup import customers "$TMP/customers.csv" >/dev/null
recoup import invoices "$TMP/invoices.csv" >/dev/null
recoup user add east --role collector --team "Enterprise East" >/dev/null
recoup user add gentle --role collector --team b2b-gentle >/dev/null
recoup user add pool --role collector >/dev/null

run recoup assign --as-of 2026-11-01
expect_eq "assign exits 0" 0 "$status"
expect_eq "the collector whose team names no strategy: its row says why it got nothing" \
	"  east                 Enterprise East            40        0        0        0        0  (its team names no strategy: no new account; recoup strategy list)" \
	"$(grep '^  east ' "$TMP/out")"
expect_eq "a team naming a preset: no note, and both companies' accounts (b2b-gentle)" \
	"  gentle               b2b-gentle                 40        2        0        2        0" \
	"$(grep '^  gentle ' "$TMP/out")"
expect_eq "no team: no note" \
	"  pool                 -                          40        0        0        0        0" \
	"$(grep '^  pool ' "$TMP/out")"

run recoup assign --as-of 2026-11-01 --dry-run --format json
expect_eq "assign --format json exits 0" 0 "$status"
expect_eq "team_names_a_strategy per collector, after works" \
	"east Enterprise East True False 0
gentle b2b-gentle True True 2
pool  True True 0" \
	"$(python3 -c '
import json, sys
for c in json.load(open(sys.argv[1]))["collectors"]:
    keys = list(c)
    assert keys.index("team_names_a_strategy") == keys.index("works") + 1, keys
    print(c["collector"], c["team"], c["works"], c["team_names_a_strategy"], c["accounts"])' "$TMP/out")"

# a team naming one of the tenant's own strategies counts too
cat >"$TMP/east.json" <<'JSON'
{"name": "enterprise-east", "segment": {"kind": "company"},
 "steps": [{"name": "call", "offset_days": 7, "action": "call", "template": "call"}]}
JSON
recoup strategy set enterprise-east "$TMP/east.json" >/dev/null
recoup user set east --team enterprise-east >/dev/null
run recoup assign --as-of 2026-11-01 --dry-run --format json
expect_eq "a team naming the tenant's strategy: true" "True" \
	"$(python3 -c '
import json, sys
print([c for c in json.load(open(sys.argv[1]))["collectors"] if c["collector"] == "east"][0]["team_names_a_strategy"])' "$TMP/out")"

finish
