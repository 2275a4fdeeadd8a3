#!/usr/bin/env bash
# recoup audit (issue 10): the command line's own writes are in the audit
# trail, each in the transaction of its change, with who made it (the
# operating-system user, or --by), what it was and what it became: an
# import batch with its counts, a user added and changed, a strategy set
# and made the default, a rules profile's default, a closed day, a flag
# set and cleared, a correction, a contact logged. Filters by --since,
# --user, --entity and --ref; a refused write adds no entry; bad options
# are usage errors; recoup check passes.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=alice
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-09-01,2026-10-01,BRL,500.00
W1,WAW,2026-09-01,2026-10-01,PLN,700.00
CSV
USER=bob recoup user add carl --role collector --capacity 10 >/dev/null
USER=bob recoup user set carl --capacity 25 --team north >/dev/null
cat >"$TMP/esc.json" <<'JSON'
{ "name": "esc", "segment": { "kind": "company" },
  "steps": [ { "name": "remind", "offset_days": 0, "action": "email", "template": "remind" } ] }
JSON
recoup strategy set esc "$TMP/esc.json" >/dev/null
recoup strategy default esc --kind company >/dev/null
recoup rules default b2b >/dev/null
recoup rules closed-day 2026-12-24 --name "Christmas Eve" >/dev/null
recoup customer flag ACME cease --reason "asked in writing" --by carol --at 2026-11-20T10:00:00Z >/dev/null
recoup customer unflag ACME cease --reason "withdrawn" --by carol >/dev/null
recoup customer set WAW email=pay@wawel.example >/dev/null
USER=carl recoup contact log --contact ACME-AP --channel call --outcome right_party --at 2026-11-21T13:00:00Z >/dev/null

audit() { # ARGS...: `recoup audit --format json ARGS` into $TMP/audit.json
	recoup audit --format json "$@" >"$TMP/audit.json"
}
q() { # EXPR over the entries (e) of the last audit()
	python3 -c 'import json,sys
e = json.load(open(sys.argv[1]))["entries"]
r = eval(sys.argv[2])
print(r if not isinstance(r, (list, dict)) else json.dumps(r, sort_keys=True))' "$TMP/audit.json" "$1"
}

audit
expect_eq "every write, in order, with its actor" \
	"import.batch:alice import.batch:alice import.batch:alice user.add:bob user.set:bob strategy.set:alice strategy.default:alice profile.default:alice closed_day.add:alice flag.set:carol flag.clear:carol customer.correct:alice contact.log:carl" \
	"$(q '" ".join(x["action"] + ":" + x["actor"] for x in e)')"
expect_eq "an import batch: its file and counts" '{"file": "'"$TMP"'/invoices.csv", "inserted": 2, "kind": "invoices", "rows": 2, "unchanged": 0, "updated": 0}' \
	"$(q '[x["after"] for x in e if x["action"] == "import.batch"][2]')"
expect_eq "a user changed: before and after" \
	'[{"capacity": 10, "disabled": false, "role": "collector", "team": ""}, {"capacity": 25, "disabled": false, "role": "collector", "team": "north"}]' \
	"$(q '[[x["before"], x["after"]] for x in e if x["action"] == "user.set"][0]')"
expect_eq "the default strategy: the preset it replaced, and esc" '[{"kind": "company", "strategy": "b2b-gentle"}, {"kind": "company", "strategy": "esc"}]' \
	"$(q '[[x["before"], x["after"]] for x in e if x["action"] == "strategy.default"][0]')"
expect_eq "a strategy set: no before (new), the stored JSON after" "None esc" \
	"$(q '" ".join(str(x["before"]) + " " + x["after"]["name"] for x in e if x["action"] == "strategy.set")')"
expect_eq "a flag set and cleared, about the customer" "ACME cease asked in writing|ACME cease withdrawn" \
	"$(q '"|".join(x["ref"] + " " + (x["after"] or x["before"])["flag"] + " " + (x["after"] or x["before"])["reason"] for x in e if x["entity"] == "customer" and x["action"].startswith("flag"))')"
expect_eq "a correction: the field as it was and as it is" '[{"email": "ap@wawel.example"}, {"email": "pay@wawel.example"}]' \
	"$(q '[[x["before"], x["after"]] for x in e if x["action"] == "customer.correct" and x["ref"] == "WAW"][0]')"
expect_eq "a contact logged" "ACME-AP call right_party 2026-11-21T13:00:00Z" \
	"$(q '" ".join(x["after"][k] for x in e if x["action"] == "contact.log" for k in ("contact_ref", "channel", "outcome", "at"))')"
expect_eq "every entry from the command line" "cli" "$(q '" ".join(sorted(set(x["origin"] for x in e)))')"

audit --user bob
expect_eq "--user" "user.add user.set" "$(q '" ".join(x["action"] for x in e)')"
audit --user carol
expect_eq "--user finds the flag set and cleared by --by carol (the person who took them, not the shell's user)" \
	"flag.set:carol flag.clear:carol" "$(q '" ".join(x["action"] + ":" + (x["after"] or x["before"])["by"] for x in e)')"
audit --entity user --ref carl
expect_eq "--entity and --ref" "2" "$(q 'len(e)')"
audit --since 2099-01-01
expect_eq "--since after every entry: none" "0" "$(q 'len(e)')"
audit --since "$(date -u +%Y-%m-%d)"
expect_eq "--since today (a date): all of them" "13" "$(q 'len(e)')"
run recoup audit --user bob
expect_stdout_contains "user.add"
expect_stdout_contains '"capacity":25'

# a refused write adds no entry, and bad options are usage errors
db_snapshot
expect_exit 1 recoup user add dave --role wizard
expect_exit 1 recoup customer set WAW email=not-an-email
expect_exit 2 recoup audit --since yesterday
expect_exit 2 recoup audit --format csv
expect_exit 2 recoup audit extra
expect_db_unchanged "refused writes leave no audit entry"
expect_exit 0 recoup check
finish
