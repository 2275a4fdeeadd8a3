#!/usr/bin/env bash
# recoup report collectors (issue 10 point 8): per collector and period,
# accounts worked (distinct accounts they logged an attempt on), attempts,
# RPC, promises (the promises recorded, by who made them, per currency) and
# the amount promised, and the amount collected on their assigned
# accounts (cleared payments dated in the period, from the assignment's
# date, per currency), in table, CSV and JSON. Hand-checked figures.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-09-01,2026-10-01,BRL,500.00
W1,WAW,2026-09-01,2026-10-01,PLN,700.00
N1,ANA,2026-09-01,2026-10-01,BRL,300.00
CSV
# ann works the companies, bob the persons: each team names the strategy its accounts follow
daily_run 2026-11-01
recoup user add ann --role collector --team b2b-gentle >/dev/null
recoup user add bob --role collector --team consumer-br >/dev/null
recoup assign --as-of 2026-11-01 >/dev/null
expect_eq "the assignments" "ACME ann|ANA bob|WAW ann" \
	"$(sql_join '|' "SELECT c.ref || ' ' || u.name FROM assignment a JOIN customer c ON c.id = a.customer_id JOIN app_user u ON u.id = a.user_id ORDER BY c.ref")"

log() { # USER ARGS...: recoup contact log as USER
	local who=$1
	shift
	USER=$who recoup contact log "$@" >/dev/null
}
log ann --contact ACME-AP --channel call --outcome no_answer --at 2026-11-02T09:10:00Z
log ann --contact ACME-AP --channel call --outcome right_party --at 2026-11-02T09:40:00Z
log ann --contact WAW --channel call --outcome promise --at 2026-11-03T14:00:00Z
log bob --contact ANA --channel call --outcome promise --at 2026-11-02T11:00:00Z
log bob --contact ACME-AP --channel email --outcome sent --at 2026-11-02T11:30:00Z
# the promises those calls ended with, recorded by who made them
recoup promise add WAW --amount 200.00 --date 2026-11-20 --at 2026-11-03T14:01:00Z --by ann >/dev/null
recoup promise add ANA --amount 150.00 --date 2026-11-25 --at 2026-11-02T11:01:00Z --by bob >/dev/null
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,ACME,A1,2026-11-10,100.00,BRL,transfer,cleared,
P2,WAW,W1,2026-11-12,50.00,PLN,transfer,cleared,
P3,ANA,N1,2026-11-15,30.00,BRL,transfer,cleared,
P4,ANA,N1,2026-11-16,20.00,BRL,cheque,returned,2026-11-18
P5,WAW,W1,2026-10-25,10.00,PLN,transfer,cleared,
P6,ACME,A1,2026-12-01,40.00,BRL,transfer,cleared,
CSV
)" >/dev/null

run recoup report collectors --from 2026-11-01 --to 2026-11-30 --format csv
expect_stdout "per collector and currency (csv)" <<'TXT'
section,collector,accounts_worked,attempts,call_attempts,rpc,rpc_rate_pct,promises,currency,amount_promised,amount_collected
collectors,ann,2,3,3,2,66.66,1,BRL,0.00,100.00
collectors,ann,2,3,3,2,66.66,1,PLN,200.00,50.00
collectors,bob,2,2,1,1,100.00,1,BRL,150.00,30.00
TXT
run recoup report collectors --from 2026-11-01 --to 2026-11-30 --format json
expect_eq "JSON keys and figures of bob" \
	'{"accounts_worked": 2, "amount_collected": "30.00", "amount_promised": "150.00", "attempts": 2, "call_attempts": 1, "collector": "bob", "currency": "BRL", "promises": 1, "rpc": 1, "rpc_rate_pct": "100.00"}' \
	"$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["collectors"][2], sort_keys=True))' "$TMP/out")"
run recoup report collectors --from 2026-12-01 --to 2026-12-31 --format csv
expect_stdout "December: only ACME's payment, nothing logged" <<'TXT'
section,collector,accounts_worked,attempts,call_attempts,rpc,rpc_rate_pct,promises,currency,amount_promised,amount_collected
collectors,ann,0,0,0,0,n/a,0,BRL,0.00,40.00
TXT
run recoup report collectors --from 2026-11-01 --to 2026-11-30
expect_stdout_contains "collectors report, 2026-11-01 to 2026-11-30"
expect_exit 2 recoup report collectors --from 2026-11-01 --to 2026-11-30 --format xml
expect_exit 0 recoup check
finish
