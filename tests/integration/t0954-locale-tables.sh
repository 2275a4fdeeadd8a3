#!/usr/bin/env bash
# Tables show amounts in RECOUP_LOCALE's format (default en: 1,234.56; de:
# 1.234,56), CSV and JSON always plain decimals (1234.56), as recoup --help
# and the README say. aging and queue did; every other table printed plain
# amounts (12345.67). Now each command's table follows the locale, the
# same command's CSV and JSON are byte for byte the same whatever
# RECOUP_LOCALE says, with plain decimals; and account show prints its net
# (owed less unapplied credit), which was printed as the owed amount.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-09-01,2026-10-01,BRL,12345.67
A2,ACME,2026-09-15,2026-10-15,BRL,2500.00
W1,WAW,2026-09-01,2026-10-01,PLN,4321.09
N1,ANA,2026-09-01,2026-10-01,BRL,3000.00
M1,NOMAIL,2026-09-01,2026-10-01,PLN,5000.00
CSV
cat >"$TMP/esc.json" <<'JSON'
{ "name": "esc", "segment": { "kind": "company" },
  "steps": [ { "name": "remind", "offset_days": 0, "action": "email", "template": "remind" },
             { "name": "agency-review", "offset_days": 30, "action": "place_with_agency", "template": "agency-review" },
             { "name": "call-2", "offset_days": 35, "action": "call", "template": "call" } ] }
JSON
recoup strategy set esc "$TMP/esc.json" >/dev/null 2>&1
recoup strategy default esc --kind company >/dev/null
for day in 2026-10-01 2026-10-31 2026-11-05; do daily_run $day; done
recoup user add ann --role collector >/dev/null
recoup user add mike --role manager >/dev/null
recoup promise add ACME --amount 1234.56 --invoice A1 --date 2026-11-20 --at 2026-11-05T10:00:00Z --by ann >/dev/null
recoup dispute open ACME --invoice A2 --reason damaged --at 2026-11-05T10:00:00Z --by mike >/dev/null
recoup plan add WAW --instalment 2026-11-10:2000.00 --instalment 2026-12-10:2321.09 --at 2026-11-05T10:00:00Z --by ann >/dev/null
recoup settlement offer ANA --pay 1500.00 --by 2026-12-31 --request-approval --at 2026-11-05T10:00:00Z --by-user ann >/dev/null
recoup agency place NOMAIL --agency Norte --at 2026-11-05T10:00:00Z >/dev/null
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,NOMAIL,M1,2026-11-10,1200.00,PLN,transfer,cleared,
CSV
)" >/dev/null
# ACME's unapplied credit: net 13,845.67 against 14,845.67 owed
recoup import credit-notes "$(csv_file credit-notes.csv <<'CSV'
credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason
CN1,ACME,,2026-11-10,1000.00,BRL,goodwill
CSV
)" --as-of 2026-11-30 >/dev/null
recoup writeoff NOMAIL --reason "gone" --at 2026-11-11T10:00:00Z --by-user ann >/dev/null

# table NAME EN DE CMD...: CMD's table, RECOUP_LOCALE unset, has EN and no
# plain amount (four digits or more before the point, ungrouped) in the
# lines $lines selects (sed; default all); with RECOUP_LOCALE=de it has DE.
lines=p
table() {
	local name=$1 en=$2 de=$3 plain
	shift 3
	run env -u RECOUP_LOCALE "$RECOUP" "$@"
	[[ $status == 0 ]] || fail "$name: exit 0" "exit $status" "$(cat "$TMP/err")"
	expect_stdout_contains "$en"
	plain=$(sed -n "$lines" "$TMP/out" | grep -E '(^|[^0-9.,])[0-9]{4,}\.[0-9]{2}([^0-9]|$)' || true)
	expect_eq "$name: no plain amount in the default table" "" "$plain"
	run env RECOUP_LOCALE=de "$RECOUP" "$@"
	expect_stdout_contains "$de"
	lines=p
}

# same NAME PLAIN CMD...: CMD's CSV or JSON is byte for byte the same with
# RECOUP_LOCALE=de as without, and has the plain amount PLAIN.
same() {
	local name=$1 plain=$2
	shift 2
	env -u RECOUP_LOCALE "$RECOUP" "$@" >"$TMP/plain.txt"
	run env RECOUP_LOCALE=de "$RECOUP" "$@"
	expect_same_file "$name: the same whatever RECOUP_LOCALE says" "$TMP/plain.txt" "$TMP/out"
	expect_stdout_contains "$plain"
}

table "actions" "BRL    12,345.67 scheduled" "BRL    12.345,67 scheduled" actions --customer ACME
same "actions CSV" ",BRL,12345.67,email," actions --customer ACME --format csv
same "actions JSON" '"amount":"12345.67"' actions --customer ACME --format json

# (WAW's agency review is no candidate: its plan, made after the run, cancelled it at once)
table "agency candidates" "BRL      12,345.67  awaiting" "BRL      12.345,67  awaiting" agency candidates
same "agency candidates JSON" '"amount": "12345.67"' agency candidates --format json
expect_eq "agency candidates: not WAW, whose plan cancelled its review" "" "$(grep WAW "$TMP/out" || true)"

table "report trend" "17,845.67  current 17,845.67" "17.845,67  current 17.845,67" \
	report trend --from 2026-10-01 --to 2026-11-05
table "report trend, several buckets" "1-30 2,500.00, 31-60 15,375.67" "1-30 2.500,00, 31-60 15.375,67" \
	report trend --from 2026-10-01 --to 2026-11-05
same "report trend CSV" ",BRL,current,2,3,17845.67" report trend --from 2026-10-01 --to 2026-11-05 --format csv
same "report trend JSON" '"balance":"17845.67"' report trend --from 2026-10-01 --to 2026-11-05 --format json

# account show: the net is owed less the unapplied credit (it printed the owed amount); the call
# script's sentences (from line 20 on) are the JSON's too, and keep plain decimals
lines=1,19p
table "account show" "owed 14,845.67 BRL on 2 open invoices, overdue 14,845.67 BRL on 2" \
	"owed 14.845,67 BRL on 2 open invoices, overdue 14.845,67 BRL on 2" account show ACME --now 2026-11-12T14:00:00Z
lines=1,19p
table "account show: net" "unapplied credit 1,000.00, net 13,845.67" "unapplied credit 1.000,00, net 13.845,67" \
	account show ACME --now 2026-11-12T14:00:00Z
expect_stdout_contains "amount 12.345,67 balance 12.345,67 BRL"
expect_stdout_contains "purchase history (invoices issued, 18 months): 2 invoices, 14.845,67 BRL"
same "account show JSON" '"net": "13845.67"' account show ACME --now 2026-11-12T14:00:00Z --format json

table "customer show" "unapplied credit 1,000.00 BRL, net 13,845.67 BRL" \
	"unapplied credit 1.000,00 BRL, net 13.845,67 BRL" customer show ACME
expect_stdout_contains "invoice A1             due 2026-10-01  amount 12.345,67  balance 12.345,67 BRL"
same "customer show JSON" '"owed": "14845.67"' customer show ACME --format json

# the reasons are the answer's messages, the JSON's too: plain decimals
lines=1p
table "credit check" "refuse: ACME 1,000.00 BRL (open balance 14,845.67, limit 0.00)" \
	"refuse: ACME 1.000,00 BRL (open balance 14.845,67, limit 0,00)" credit check ACME --amount 1000.00
same "credit check JSON" '"open_balance": "14845.67"' credit check ACME --amount 1000.00 --format json

table "dispute list" "2,500.00 BRL  2026-11-05T10:00:00Z" "2.500,00 BRL  2026-11-05T10:00:00Z" dispute list
same "dispute list JSON" '"balance": "2500.00"' dispute list --format json
table "report disputes" "1       2,500.00      7.0" "1       2.500,00      7.0" report disputes --as-of 2026-11-12
same "report disputes CSV" "BRL,damaged,1,1,2500.00,7.0" report disputes --as-of 2026-11-12 --format csv
same "report disputes JSON" '"open_balance": "2500.00"' report disputes --as-of 2026-11-12 --format json

table "promise list" "ACME               1,234.56 BRL" "ACME               1.234,56 BRL" promise list
same "promise list JSON" '"amount":"1234.56"' promise list --format json

table "legal candidates" "ACME             BRL      14,845.67 2026-10-01" "ACME             BRL      14.845,67 2026-10-01" \
	legal candidates --all
same "legal candidates CSV" "ACME,BRL,14845.67,1000.00" legal candidates --all --format csv
same "legal candidates JSON" '"balance": "14845.67"' legal candidates --all --format json

table "plan list" "current              4,321.09 PLN     4,321.09 PLN" "current              4.321,09 PLN     4.321,09 PLN" \
	plan list
same "plan list JSON" '"amount": "4321.09"' plan list --format json
table "plan show" "2    2026-12-10     2,321.09 PLN         0.00 PLN" "2    2026-12-10     2.321,09 PLN         0,00 PLN" \
	plan show 1 --as-of 2026-11-12
expect_stdout_contains "plan 1 for WAW: current, 4.321,09 PLN of 4.321,09 PLN"
same "plan show JSON" '"2321.09"' plan show 1 --as-of 2026-11-12 --format json

table "settlement list" "pending_approval     3,030.00 BRL     1,500.00 BRL 2026-12-31" \
	"pending_approval     3.030,00 BRL     1.500,00 BRL 2026-12-31" settlement list
same "settlement list JSON" '"amount": "1500.00"' settlement list --format json
table "approval list" "pending_approval     3,800.00 PLN     3,800.00 PLN -" \
	"pending_approval     3.800,00 PLN     3.800,00 PLN -" approval list
same "approval list JSON" '"amount": "3800.00"' approval list --format json
table "writeoff list" "pending_approval     3,800.00 PLN     3,800.00 PLN -" \
	"pending_approval     3.800,00 PLN     3.800,00 PLN -" writeoff list
same "writeoff list JSON" '"amount": "3800.00"' writeoff list --format json

table "report collectors" "BRL          1,234.56        0.00" "BRL          1.234,56        0,00" \
	report collectors --from 2026-11-01 --to 2026-11-30
same "report collectors CSV" "BRL,1234.56,0.00" report collectors --from 2026-11-01 --to 2026-11-30 --format csv
same "report collectors JSON" '"amount_promised": "1234.56"' report collectors --from 2026-11-01 --to 2026-11-30 --format json
table "report recovery" "5,000.00     1,200.00     24.00" "5.000,00     1.200,00     24.00" \
	report recovery --from 2026-11-01 --to 2026-11-30
same "report recovery CSV" "PLN,31-60,1,5000.00,1200.00,24.00" report recovery --from 2026-11-01 --to 2026-11-30 --format csv
same "report recovery JSON" '"recovered": "1200.00"' report recovery --from 2026-11-01 --to 2026-11-30 --format json
finish
