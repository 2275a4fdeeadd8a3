#!/usr/bin/env bash
# recoup report recovery (issue 10 point 8) on four placements with two
# agencies: placed and recovered per agency, currency and age at placement
# (the aging buckets of the days past due on the placement's date); a
# payment dated on the placement's day is the creditor's, a returned one is
# no money, one after the recall is not the agency's; --from/--to pick the
# placements by their date. Hand-checked figures, in CSV, JSON and table.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-08-20,2026-09-20,BRL,1000.00
N1,ANA,2026-09-01,2026-10-01,BRL,600.00
W1,WAW,2026-09-10,2026-10-10,PLN,400.00
M1,NOMAIL,2026-02-01,2026-03-01,PLN,2000.00
CSV
# ACME 43 and ANA 32 days past due (31-60), WAW 24 (1-30), NOMAIL 247 (181-365)
recoup agency place ACME ANA --agency Alpha --at 2026-11-02T10:00:00Z >/dev/null
recoup agency place WAW NOMAIL --agency Beta --at 2026-11-03T10:00:00Z >/dev/null
recoup agency recall NOMAIL --at 2026-11-20T10:00:00Z >/dev/null
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,ACME,A1,2026-11-10,300.00,BRL,transfer,cleared,
P2,ANA,N1,2026-11-02,100.00,BRL,transfer,cleared,
P3,ANA,N1,2026-11-20,50.00,BRL,transfer,cleared,
P4,WAW,W1,2026-11-15,400.00,PLN,transfer,cleared,
P5,NOMAIL,M1,2026-11-04,500.00,PLN,cheque,returned,2026-11-06
P6,NOMAIL,M1,2026-11-25,200.00,PLN,transfer,cleared,
P7,ACME,A1,2026-12-01,10.00,BRL,transfer,cleared,
CSV
)" >/dev/null

run recoup report recovery --from 2026-11-01 --to 2026-11-30 --format csv
expect_stdout "per agency, currency and age at placement (csv)" <<'TXT'
section,agency,currency,age_at_placement,placements,placed,recovered,recovery_rate_pct,recalled
recovery,Alpha,BRL,31-60,2,1600.00,350.00,21.87,0
recovery,Beta,PLN,1-30,1,400.00,400.00,100.00,0
recovery,Beta,PLN,181-365,1,2000.00,0.00,0.00,1
TXT
run recoup report recovery --from 2026-11-03 --to 2026-11-30 --format json
expect_eq "--from picks the placements by date; JSON keys" \
	'[{"age_at_placement": "1-30", "agency": "Beta", "currency": "PLN", "placed": "400.00", "placements": 1, "recalled": 0, "recovered": "400.00", "recovery_rate_pct": "100.00"}, {"age_at_placement": "181-365", "agency": "Beta", "currency": "PLN", "placed": "2000.00", "placements": 1, "recalled": 1, "recovered": "0.00", "recovery_rate_pct": "0.00"}]' \
	"$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["recovery"], sort_keys=True))' "$TMP/out")"
run recoup report recovery --from 2026-11-01 --to 2026-11-15 --format csv
expect_stdout_contains "recovery,Alpha,BRL,31-60,2,1600.00,300.00,18.75,0"
expect_stdout_contains "recovery,Beta,PLN,181-365,1,2000.00,0.00,0.00,0"
run recoup report recovery --from 2026-11-01 --to 2026-12-31
expect_stdout_contains "recovery report, 2026-11-01 to 2026-12-31"
expect_stdout_contains "Alpha"
expect_stdout_contains "360.00"
run recoup report recovery --from 2026-10-01 --to 2026-10-31 --format csv
expect_stdout "no placement in October: the header alone is not printed" </dev/null
expect_exit 0 recoup check
finish
