#!/usr/bin/env bash
# Settlements and authority limits refuse bad input with a message naming
# what and why, and change nothing: a bad amount, a pay-by date before the
# offer, an unknown customer, invoice or user, a wrong currency, a disputed
# invoice, a waiver --waive does not allow, a whole balance, a lapsed offer
# in the review. The authority limits are set per role and segment, in JSON
# or by flags, and a bad document is refused.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-07-01,2026-08-01,BRL,1000.00
A2,ACME,2026-07-01,2026-08-01,BRL,200.00
W1,WAW,2026-07-01,2026-08-01,PLN,6000.00
CSV
recoup user add carol --role collector >/dev/null
recoup user add ann --role admin >/dev/null
recoup user add old --role manager >/dev/null
recoup user disable old >/dev/null
recoup customer flag ACME dispute --invoice A2 --reason "short delivery" --at 2026-08-05T10:00:00Z >/dev/null

refused() { # EXIT TEXT CMD...: refused with TEXT on stderr, the database unchanged
	local want=$1 text=$2
	shift 2
	db_snapshot
	expect_exit "$want" "$@"
	expect_stderr_contains "$text"
	expect_db_unchanged "nothing changed: $*"
}
OFFER=(recoup settlement offer --at 2026-09-01T10:00:00Z --by-user carol)
refused 1 "--pay: " "${OFFER[@]}" ACME --invoice A1 --pay 950.001 --by 2026-09-30
refused 2 "--pay: amount '9,50' is not a decimal number" "${OFFER[@]}" ACME --invoice A1 --pay 9,50 --by 2026-09-30
refused 1 "--pay must be above 0 and below the balance of 1000.00 BRL" "${OFFER[@]}" ACME --invoice A1 --pay 1000.00 \
	--by 2026-09-30
refused 1 "--by 2026-08-31 is before the offer (2026-09-01)" "${OFFER[@]}" ACME --invoice A1 --pay 950 --by 2026-08-31
refused 2 "--by" "${OFFER[@]}" ACME --invoice A1 --pay 950 --by tomorrow
refused 2 "a settlement needs --by DATE" "${OFFER[@]}" ACME --invoice A1 --pay 950
refused 1 "customer 'NOPE' not found" "${OFFER[@]}" NOPE --pay 950 --by 2026-09-30
refused 1 "--invoice: invoice 'Z1' not found" "${OFFER[@]}" ACME --invoice Z1 --pay 950 --by 2026-09-30
refused 1 "--invoice: invoice 'A1' is in BRL, not PLN" "${OFFER[@]}" ACME --currency PLN --invoice A1 --pay 950 \
	--by 2026-09-30
refused 1 "a settlement cannot cover invoice 'A2': it is disputed" "${OFFER[@]}" ACME --pay 950 --by 2026-09-30
refused 1 "--pay waives 50.00 BRL of principal: --waive principal is needed" "${OFFER[@]}" ACME --invoice A1 \
	--pay 950 --by 2026-09-30 --waive fees --waive interest
refused 2 "--waive 'penalties': fees, interest or principal" "${OFFER[@]}" ACME --invoice A1 --pay 950 \
	--by 2026-09-30 --waive penalties
refused 1 "--by-user: 'nobody' is not a user of this tenant" recoup settlement offer ACME --invoice A1 --pay 950 \
	--by 2026-09-30 --at 2026-09-01T10:00:00Z --by-user nobody
refused 1 "--by-user: user 'old' is disabled" recoup settlement offer ACME --invoice A1 --pay 950 --by 2026-09-30 \
	--at 2026-09-01T10:00:00Z --by-user old
refused 1 "no authority limit of a collector covers a balance of 6000.00 PLN" "${OFFER[@]}" WAW --pay 5990 \
	--by 2026-09-30

# within authority (5% of principal on a balance under 5000.00): recorded, then it lapses unpaid
expect_exit 0 "${OFFER[@]}" ACME --invoice A1 --pay 950 --by 2026-09-30
refused 1 "invoice 'A1' is already under a current settlement" "${OFFER[@]}" ACME --invoice A1 --pay 960 \
	--by 2026-09-30
daily_run 2026-09-30
expect_eq "unpaid on its last day it is still current" "current" "$(sql "SELECT state FROM agreement")"
daily_run 2026-10-01
expect_eq "the day after, it has lapsed and its hold ended; nothing was written off" "lapsed|1|0" \
	"$(sql "SELECT state || '|' || (SELECT COUNT(*) FROM account_hold WHERE ended_at IS NOT NULL) || '|' ||
	        (SELECT COUNT(*) FROM ledger_entry WHERE kind = 'write_off') FROM agreement")"

# the authority limits: the default, then set by flags and by a document
run recoup authority show
expect_stdout_contains '"role": "collector", "waive": ["fees", "interest", "principal"], "principal_max_percent": 10, "balance_under": "5000.00"'
expect_exit 0 recoup authority set --role collector --waive-principal-max 20% --balance-under 10000.00 --kind company
run recoup authority show
expect_stdout_contains '"balance_under":"10000.00","kind":"company","principal_max_percent":20,"role":"collector"'
expect_exit 0 "${OFFER[@]}" WAW --pay 5000 --by 2026-10-30 --at 2026-10-02T10:00:00Z
expect_stdout_contains "settlement 2 for WAW offered: current"
refused 2 "--waive-principal-max '150%': expected a whole percentage from 0 to 100" \
	recoup authority set --role collector --waive-principal-max 150%
refused 1 "limits[0].role: must be admin, manager or collector" recoup authority set "$(csv_file bad1.json <<'JSON'
{"limits": [{"role": "boss", "principal_max_percent": 10}]}
JSON
)"
refused 1 "plan_grace_days: a whole number of days from 0 to 60" recoup authority set "$(csv_file bad2.json <<'JSON'
{"plan_grace_days": -1, "limits": []}
JSON
)"
refused 1 "limits[0].balance_under: an amount above 0 as text" recoup authority set "$(csv_file bad3.json <<'JSON'
{"limits": [{"role": "manager", "principal_max_percent": 10, "balance_under": 5000}]}
JSON
)"
refused 1 "authority: not JSON" recoup authority set "$(csv_file bad4.json <<<'{"limits": [')"
# a mistyped key inside a limit ("writeoff") was stored as typed, the right it meant silently lost
refused 1 "limits[1]: unknown key 'writeoff' (role, principal_max_percent, balance_under, kind, waive, write_off)" \
	recoup authority set "$(csv_file bad5.json <<'JSON'
{"limits": [{"role": "collector", "principal_max_percent": 10}, {"role": "manager", "principal_max_percent": 40, "writeoff": true}]}
JSON
)"
# a key given twice: which one counts is not left to the order
refused 1 'authority: the key "principal_max_percent" is given twice (line 1)' recoup authority set "$(csv_file bad6.json <<'JSON'
{"limits": [{"role": "collector", "principal_max_percent": 10, "principal_max_percent": 100}]}
JSON
)"
expect_exit 0 recoup authority set "$(csv_file good.json <<'JSON'
{"plan_grace_days": 5, "limits": [{"role": "manager", "principal_max_percent": 50, "write_off": true}]}
JSON
)"
run recoup authority show
expect_stdout_contains '"plan_grace_days":5'
expect_eq "each change of the limits is in the audit trail" "2" \
	"$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'authority.set'")"

expect_exit 0 recoup check
finish
