#!/usr/bin/env bash
# Small claims (issue 10 point 7): legal candidates lists the accounts
# worth taking to court, each criterion including or excluding on its own:
# balance above the tenant's threshold (in the account's currency), the
# oldest open invoice within the limitation period, the debtor tagged
# 'assets', every open invoice signed, no case open. legal mark records
# filed, judgment, paid in that order, by a manager only; bad input and a
# collector change nothing; recoup check passes.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone,tags
GOOD,Good Debtor GmbH,company,DE,Europe/Berlin,de,EUR,a@good.example,,assets
GOODJP,Good KK,company,JP,Asia/Tokyo,ja,JPY,a@goodjp.example,,assets;key-account
SMALL,Small GmbH,company,DE,Europe/Berlin,de,EUR,a@small.example,,assets
OLD,Old GmbH,company,DE,Europe/Berlin,de,EUR,a@old.example,,assets
NOASSETS,Bare GmbH,company,DE,Europe/Berlin,de,EUR,a@bare.example,,key-account
UNSIGNED,Loose GmbH,company,DE,Europe/Berlin,de,EUR,a@loose.example,,assets
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount,signed
G1,GOOD,2025-05-01,2025-06-01,EUR,2000.00,true
J1,GOODJP,2025-05-01,2025-06-01,JPY,200000,true
S1,SMALL,2025-05-01,2025-06-01,EUR,500.00,true
O1,OLD,2018-12-01,2019-01-10,EUR,3000.00,true
N1,NOASSETS,2025-05-01,2025-06-01,EUR,3000.00,true
U1,UNSIGNED,2025-05-01,2025-06-01,EUR,2000.00,true
U2,UNSIGNED,2025-06-01,2025-07-01,EUR,500.00,false
CSV
)" >/dev/null
recoup user add carl --role collector >/dev/null
recoup user add mona --role manager >/dev/null

candidates() { # the refs of `legal candidates` ARGS (JSON)
	recoup legal candidates --format json "$@" >"$TMP/cand.json"
	python3 -c 'import json,sys; print(" ".join(c["customer_ref"] for c in json.load(open(sys.argv[1]))["candidates"] if c["candidate"]))' "$TMP/cand.json"
}
verdict() { # REF: its criteria in --all (threshold limitation assets signed)
	python3 -c 'import json,sys
c = [x for x in json.load(open(sys.argv[1]))["candidates"] if x["customer_ref"] == sys.argv[2]][0]
print(" ".join(str(int(c[k])) for k in ("above_threshold", "within_limitation", "has_assets", "all_signed")))' "$TMP/cand.json" "$1"
}

expect_eq "the defaults (above 1000 in the account's currency, 6 years): GOOD and GOODJP" "GOOD GOODJP" "$(candidates)"
candidates --all >/dev/null
expect_eq "SMALL: 500.00 is not above 1000" "0 1 1 1" "$(verdict SMALL)"
expect_eq "OLD: due 2019-01-10, past 6 years" "1 0 1 1" "$(verdict OLD)"
expect_eq "NOASSETS: no 'assets' tag" "1 1 0 1" "$(verdict NOASSETS)"
expect_eq "UNSIGNED: one open invoice unsigned" "1 1 1 0" "$(verdict UNSIGNED)"
run recoup legal candidates --all --format csv
expect_stdout_contains "SMALL,EUR,500.00,1000.00,2025-06-01,2031-06-01,no,yes,yes,yes,,no,no"
expect_stdout_contains "GOODJP,JPY,200000,1000,2025-06-01,2031-06-01,yes,yes,yes,yes,,no,yes"

recoup legal set min_balance=400 >/dev/null
recoup legal set limitation_years=20 >/dev/null
expect_eq "a lower threshold and a longer period take in SMALL and OLD" "GOOD GOODJP OLD SMALL" "$(candidates)"
recoup legal set min_balance=2500.00 >/dev/null
expect_eq "a threshold of 2500.00: OLD alone (GOODJP's 200000 yen stays above it)" "GOODJP OLD" "$(candidates)"
recoup legal set min_balance=1000 >/dev/null
recoup legal set limitation_years=6 >/dev/null

# bad input and a collector: nothing changed
db_snapshot
expect_exit 2 recoup legal set min_balance=abc
expect_stderr_contains "min_balance: amount 'abc' is not a decimal number"
expect_exit 1 recoup legal set min_balance=-5
expect_stderr_contains "min_balance '-5' is not an amount of 0 or more"
expect_exit 2 recoup legal set limitation_years=0
expect_stderr_contains "limitation_years '0': expected a whole number from 1 to 100"
expect_exit 1 recoup legal set judge=lenient
expect_exit 2 recoup legal set min_balance
expect_exit 1 recoup legal mark GOOD --state won --by mona
expect_stderr_contains "--state 'won' is not filed, judgment or paid"
expect_exit 1 recoup legal mark NOPE --state filed --by mona
expect_stderr_contains "unknown customer 'NOPE'"
expect_exit 1 recoup legal mark GOOD --state judgment --by mona
expect_stderr_contains "before the claim is filed"
expect_exit 1 recoup legal mark GOOD --state filed --by carl
expect_stderr_contains "user 'carl' is a collector: only a manager or an admin marks a legal case"
expect_exit 1 recoup legal mark GOOD --state filed --by mona --at 2099-01-01T00:00:00Z
expect_exit 2 recoup legal mark GOOD --by mona
expect_db_unchanged "refused settings and marks change nothing"

expect_exit 0 recoup legal mark GOOD --state filed --by mona --at 2026-11-20T10:00:00Z
expect_eq "a filed case is no longer a candidate" "GOODJP" "$(candidates)"
candidates --all >/dev/null
expect_eq "--all shows its state" "filed" \
	"$(python3 -c 'import json,sys; print([c for c in json.load(open(sys.argv[1]))["candidates"] if c["customer_ref"] == "GOOD"][0]["legal_state"])' "$TMP/cand.json")"
expect_exit 1 recoup legal mark GOOD --state filed --by mona
expect_exit 0 recoup legal mark GOOD --state judgment --by mona --at 2026-11-25T10:00:00Z
expect_exit 0 recoup legal mark GOOD --state paid --by mona --at 2026-11-28T10:00:00Z
expect_exit 1 recoup legal mark GOOD --state judgment --by mona
run recoup audit --entity customer --ref GOOD --format json
expect_eq "each step is in the audit trail with its state before and after, by mona" \
	"legal.mark mona None filed|legal.mark mona filed judgment|legal.mark mona judgment paid" \
	"$(python3 -c 'import json,sys
e = json.load(open(sys.argv[1]))["entries"]
print("|".join("%s %s %s %s" % (x["action"], x["actor"], (x["before"] or {}).get("state"), x["after"]["state"]) for x in e))' "$TMP/out")"
run recoup audit --entity setting --format json
expect_eq "the settings' changes are audited with the value before" "None 400 2500.00" \
	"$(python3 -c 'import json,sys
e = [x for x in json.load(open(sys.argv[1]))["entries"] if x["ref"] == "legal.min_balance"]
print(" ".join(str((x["before"] or {}).get("value")) for x in e))' "$TMP/out")"
expect_exit 0 recoup check
finish
