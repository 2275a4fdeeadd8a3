#!/usr/bin/env bash
# A settlement beyond a collector's authority: ACME owes 4000.00 BRL; carol
# (a collector: 10% of principal on balances under 5000.00) offers to
# settle for 3000.00 (25% waived): refused with the limit in the message
# and nothing recorded; with --request-approval it waits in the approval
# queue; carol cannot approve it herself, another collector cannot either;
# mike (a manager: 40%) approves it. ACME pays 3000.00 by the date, the
# daily run writes the other 1000.00 off through the ledger with the
# settlement as its reason, and every decision is in the audit trail.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-07-01,2026-08-01,BRL,2500.00
A2,ACME,2026-07-01,2026-08-10,BRL,1500.00
W1,WAW,2026-07-01,2026-08-01,PLN,700.00
CSV
recoup user add carol --role collector >/dev/null
recoup user add sam --role collector >/dev/null
recoup user add mike --role manager >/dev/null

db_snapshot
run recoup settlement offer ACME --pay 3000.00 --by 2026-09-30 --at 2026-09-01T10:00:00Z --by-user carol
expect_eq "beyond a collector's authority: refused (exit 1)" "1" "$status"
expect_stderr_contains "settlement beyond the authority of collector 'carol': a collector may waive at most 10% of principal (400.00 of 4000.00 BRL) on balances under 5000.00; this offer waives 1000.00 BRL of principal (25%)"
expect_db_unchanged "a refused offer records nothing"

run recoup settlement offer ACME --pay 3000.00 --by 2026-09-30 --at 2026-09-01T10:00:00Z --by-user carol \
	--request-approval
expect_eq "with --request-approval it is recorded (exit 0)" "0" "$status"
expect_stdout_contains "settlement 1 for ACME sent for approval: pending_approval, 3000.00 BRL of 4000.00 BRL by 2026-09-30"
run recoup approval list --format json
expect_eq "it waits in the approval queue, with why" \
	"1 settlement carol beyond the authority of collector 'carol': a collector may waive at most 10% of principal (400.00 of 4000.00 BRL) on balances under 5000.00" \
	"$(jq_out '" ".join(str(x["id"]) + " " + x["kind"] + " " + x["made_by"] + " " + x["reason"] for x in o)')"
expect_eq "no hold while it waits: the strategy goes on" "0" "$(sql "SELECT COUNT(*) FROM account_hold")"

db_snapshot
run recoup approval approve 1 --by-user carol
expect_eq "the requester may not approve her own request" "1" "$status"
expect_stderr_contains "user 'carol' requested settlement 1: someone else must decide it"
run recoup approval approve 1 --by-user sam
expect_stderr_contains "collector 'sam' may not approve settlement 1: a collector may waive at most 10% of principal"
run recoup approval approve 1 --by-user nobody
expect_stderr_contains "--by-user: 'nobody' is not a user of this tenant"
expect_db_unchanged "refused approvals change nothing"

run recoup approval approve 1 --by mike --reason "customer of 12 years, cash-flow trouble" \
	--at 2026-09-02T09:00:00Z
expect_eq "a manager's authority covers 25%: approved" "0" "$status"
expect_stdout_contains "settlement 1 for ACME approved: current"
run recoup approval approve 1 --by-user mike
expect_stderr_contains "approval 1 was decided already: settlement current by mike"
expect_eq "approved: it holds both invoices through the pay-by date" "2026-09-30 2026-09-30" \
	"$(sql_join ' ' "SELECT until FROM account_hold WHERE kind = 'settlement' ORDER BY invoice_id")"

recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,ACME,,2026-09-20,3000.00,BRL,transfer,cleared,
CSV
)" >/dev/null
daily_run 2026-09-21
run recoup settlement list --format json
expect_eq "paid in full by the date: the rest is written off under the settlement" \
	"paid paid 3000.00 BRL by the date; 1000.00 BRL written off under settlement 1" \
	"$(jq_out '" ".join(x["state"] + " " + x["end_reason"] for x in o)')"
expect_eq "the write-off went through the ledger (kind write_off)" "-100000" \
	"$(sql "SELECT SUM(amount) FROM ledger_entry WHERE kind = 'write_off'")"
expect_eq "ACME owes nothing" "0 0" "$(sql_join ' ' "SELECT balance FROM invoice WHERE ref LIKE 'A%' ORDER BY ref")"
expect_eq "its hold has ended" "0" "$(sql "SELECT COUNT(*) FROM account_hold WHERE ended_at IS NULL")"
expect_eq "every decision is in the audit trail, by whom" \
	"settlement.request carol|approval.approve mike|settlement.paid cli" \
	"$(sql_join '|' "SELECT action || ' ' || actor FROM audit_log WHERE entity = 'settlement' ORDER BY id")"
expect_eq "the approval's entry says what and why" "1" \
	"$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'approval.approve' AND ref = '1'
	        AND after_json LIKE '%\"decided_by\":\"mike\"%' AND after_json LIKE '%cash-flow trouble%'
	        AND before_json LIKE '%pending_approval%'")"
daily_run 2026-09-22
expect_eq "the review is idempotent: one write-off (of A2, what the payment left)" "1" "$(sql "SELECT COUNT(*) FROM ledger_entry WHERE kind = 'write_off'")"

expect_exit 0 recoup check
expect_eq "every balance is the sum of its ledger" "0" \
	"$(sql "SELECT COUNT(*) FROM invoice i WHERE i.balance <> (SELECT SUM(l.amount) FROM ledger l WHERE l.invoice_id = i.id)")"
finish
