#!/usr/bin/env bash
# A settlement accepts --pay if paid in full by its pay-by date
# (docs/agreements.md, "Settlements"). The daily review used to count every
# payment dated up to the run's date, so a payment a day after the pay-by
# date, read by the run of that day, made the settlement "paid ... by the
# date" and wrote the rest off: the debtor got the discount without keeping
# its terms. Now the money of payments dated after the pay-by date does not
# count (the settlement lapses, the payment stays a payment and the rest is
# owed), whether the run is on the next day or days later; money paid in
# time, applied or unapplied, does, and the return of a payment made in time
# counts whenever it comes.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-07-01,2026-08-01,PLN,700.00
A1,ACME,2026-07-01,2026-08-01,BRL,2500.00
A2,ACME,2026-07-01,2026-08-10,BRL,1500.00
N1,NOMAIL,2026-07-01,2026-08-01,PLN,400.00
CSV
recoup user add carol --role collector >/dev/null
recoup user add mike --role manager >/dev/null

# WAW: 650.00 of 700.00 by 2026-11-15 (within carol's authority: 7% of principal)
run recoup settlement offer WAW --pay 650.00 --by 2026-11-15 --at 2026-11-01T10:00:00Z --by-user carol
expect_eq "WAW's offer is recorded" 0 "$status"
# ACME: 3600.00 of 4000.00 by 2026-11-15 (a manager's: 10%)
run recoup settlement offer ACME --pay 3600.00 --by 2026-11-15 --at 2026-11-01T10:00:00Z --by-user mike
expect_eq "ACME's offer is recorded" 0 "$status"
# NOMAIL: 380.00 of 400.00 by 2026-11-15
run recoup settlement offer NOMAIL --pay 380.00 --by 2026-11-15 --at 2026-11-01T10:00:00Z --by-user carol
expect_eq "NOMAIL's offer is recorded" 0 "$status"

daily_run 2026-11-14
daily_run 2026-11-15
# the bank files of the 15th and after arrive; no run on the 16th and 17th:
# the review of the 18th catches up
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,WAW,W1,2026-11-16,650.00,PLN,transfer,cleared,
P2,ACME,A1,2026-11-14,2000.00,BRL,transfer,cleared,
P3,ACME,,2026-11-15,1600.00,BRL,transfer,cleared,
P4,NOMAIL,N1,2026-11-15,380.00,PLN,transfer,cleared,
CSV
)" >/dev/null
recoup import payments "$(csv_file returns.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P4,NOMAIL,N1,2026-11-15,380.00,PLN,transfer,returned,2026-11-17
CSV
)" >/dev/null

daily_run 2026-11-18
run recoup settlement list --format json
expect_eq "WAW paid a day late: lapsed, with nothing paid by the date" \
	"lapsed paid 0.00 PLN of 650.00 PLN by the date" \
	"$(jq_out '" ".join(x["state"] + " " + x["end_reason"] for x in o if x["customer_ref"] == "WAW")')"
expect_eq "ACME paid 2000.00 on A1 and 1600.00 unapplied by the date: paid, the rest written off" \
	"paid paid 3600.00 BRL by the date; 400.00 BRL written off under settlement 2" \
	"$(jq_out '" ".join(x["state"] + " " + x["end_reason"] for x in o if x["customer_ref"] == "ACME")')"
expect_eq "NOMAIL's payment in time came back after the date: lapsed" \
	"lapsed paid 0.00 PLN of 380.00 PLN by the date" \
	"$(jq_out '" ".join(x["state"] + " " + x["end_reason"] for x in o if x["customer_ref"] == "NOMAIL")')"
expect_eq "nothing of WAW's or NOMAIL's is written off" "0" \
	"$(sql "SELECT COUNT(*) FROM ledger_entry l JOIN customer c ON c.id = l.customer_id
	        WHERE l.kind = 'write_off' AND c.ref IN ('WAW', 'NOMAIL')")"
expect_eq "WAW still owes the 50.00 the late payment left" "5000" "$(sql "SELECT balance FROM invoice WHERE ref = 'W1'")"
expect_eq "the held invoices are free again: no settlement hold left" "0" \
	"$(sql "SELECT COUNT(*) FROM account_hold WHERE kind = 'settlement' AND ended_at IS NULL")"
expect_eq "the audit trail has the lapses and the payment" "settlement.lapse 1|settlement.lapse 3|settlement.paid 2" \
	"$(sql_join '|' "SELECT action || ' ' || ref FROM audit_log WHERE action IN ('settlement.paid', 'settlement.lapse') ORDER BY action, ref")"
expect_exit 0 recoup check
finish
