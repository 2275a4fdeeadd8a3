#!/usr/bin/env bash
# recoup report promises (issue 10 point 8): the promises made in a period,
# kept rate by collector (who took them) and by segment (customer kind),
# the amounts promised and kept (docs/reports.md "Promises"), in table,
# CSV and JSON; the tenant's tolerance (1 day, 10 percent) judges them:
# 950.00 of 1000.00 is kept, 100.00 of 500.00 partially kept, nothing
# broken. recoup check passes.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=boss
recoup import customers "$DATA/queue/customers.csv" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-02-01,2026-03-03,USD,1000.00
I2,C2,2026-02-01,2026-03-03,USD,3000.00
I3,P1,2026-02-01,2026-03-03,USD,500.00
I4,C3,2026-02-01,2026-03-03,USD,500.00
CSV
)" >/dev/null
run recoup promise settings --tolerance-days 1 --tolerance-percent 10
expect_stdout_contains "promise tolerance: 1 day, 10%"
AT=2026-03-11T15:00:00Z
recoup promise add C1 --amount 1000.00 --date 2026-03-13 --at $AT --by ann >/dev/null
recoup promise add C2 --amount 3000.00 --date 2026-03-13 --at $AT --by bob >/dev/null
recoup promise add P1 --amount 500.00 --date 2026-03-13 --at $AT --by ann >/dev/null
recoup promise add C3 --amount 200.00 --date 2026-03-30 --at $AT --by bob >/dev/null
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,C1,I1,2026-03-13,950.00,USD,transfer,cleared,
P2,P1,I3,2026-03-12,100.00,USD,transfer,cleared,
CSV
)" >/dev/null
daily_run 2026-03-15

expect_exit 0 recoup report promises --format csv
expect_stdout "CSV: totals, by collector, by segment" <<'OUT'
dimension,key,currency,made,due,kept,partially_kept,broken,current,kept_rate_pct,amount_promised,amount_kept
total,all,USD,4,3,1,1,1,1,33.33,4700.00,1050.00
collector,ann,USD,2,2,1,1,0,0,50.00,1500.00,1050.00
collector,bob,USD,2,1,0,0,1,1,0.00,3200.00,0.00
segment,company,USD,3,2,1,0,1,1,50.00,4200.00,950.00
segment,person,USD,1,1,0,1,0,0,0.00,500.00,100.00
OUT
run recoup report promises --from 2026-03-01 --to 2026-03-31 --format json
expect_eq "JSON: the period and the rows' keys" \
	"2026-03-01 2026-03-31 5 amount_kept amount_promised broken currency current dimension due kept kept_rate_pct key made partially_kept" \
	"$(python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
print(r["from"], r["to"], len(r["rows"]), " ".join(sorted(r["rows"][0].keys())))' "$TMP/out")"
run recoup report promises --from 2026-03-12 --to 2026-03-31
expect_stdout_contains "(no promise)"
run recoup report promises
expect_stdout_contains "collector  ann"
expect_exit 2 recoup report promises --from 2026-03-31 --to 2026-03-01
expect_stderr_contains "--to is before --from"

expect_eq "the states" "1:kept 2:broken 3:partially_kept 4:current" \
	"$(recoup promise list --format json | python3 -c 'import json,sys; print(" ".join(str(p["id"]) + ":" + p["state"] for p in json.load(sys.stdin)))')"
run recoup check
expect_eq "recoup check passes" "0" "$status"
finish
