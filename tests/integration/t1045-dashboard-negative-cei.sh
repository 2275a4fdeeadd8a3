#!/usr/bin/env bash
# A month whose balances grew with nothing collected (a payment returned)
# has a CEI below 0: `report kpi` printed -100.00 and the dashboard's KPI
# row said null ("n/a"), because one helper read every value below 0 as "no
# rate". The dashboard now gives the KPI's value; null stays for a KPI with
# none (a month with nothing to collect) and for rates with nothing to
# divide by. Both backends.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
printf 'customer_ref,name,kind,country,currency\nC1,One,company,US,USD\n' >"$TMP/c.csv"
printf 'invoice_ref,customer_ref,issue_date,due_date,currency,amount\nI1,C1,2026-09-01,2026-09-30,USD,100.00\nI2,C1,2026-09-01,2026-09-30,USD,100.00\n' >"$TMP/i.csv"
printf 'payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date\nP1,C1,I2,2026-10-15,100.00,USD,cheque,returned,2026-11-10\n' >"$TMP/p.csv"
recoup import customers "$TMP/c.csv" >/dev/null
recoup import invoices "$TMP/i.csv" >/dev/null
recoup import payments "$TMP/p.csv" >/dev/null

run recoup report kpi --from 2026-11-01 --to 2026-11-30 --format json
expect_eq "report kpi exits 0" 0 "$status"
kpi=$(python3 -c 'import json,sys; print([c["cei_pct"] for c in json.load(open(sys.argv[1]))["currencies"] if c["currency"] == "USD"][0])' "$TMP/out")
expect_eq "November's CEI is below 0 in report kpi" "-100.00" "$kpi"

expect_exit 0 recoup dashboard refresh --as-of 2026-11-30 --months 1
run recoup dashboard --from 2026-11-01 --to 2026-11-30
expect_eq "dashboard exits 0" 0 "$status"
dash=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([m["cei_pct"] for m in d["kpi"]["items"] if m["currency"] == "USD"][-1])' "$TMP/out")
expect_eq "the dashboard gives November's CEI as report kpi does" "-100.00" "$dash"
finish
