#!/usr/bin/env bash
# A payment plan of 3 instalments covering two invoices of WAW: while it is
# kept the strategy waits (no step for its invoices, no reminder), the first
# instalment is paid, the second is missed, and the day after the grace days
# the daily run's review breaks the plan, ends its hold and the strategy
# resumes. ACME, with no plan, is worked all along. The money stays exact:
# recoup check passes and every balance equals its ledger.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-07-01,2026-08-01,PLN,700.00
W2,WAW,2026-07-01,2026-08-03,PLN,300.00
A1,ACME,2026-07-01,2026-08-01,BRL,500.00
CSV

daily_run 2026-08-01
run recoup plan add WAW --count 3 --every month --first 2026-09-01 --fees 30.00 \
	--at 2026-08-10T10:00:00Z --by alice
expect_eq "plan add exits 0" "0" "$status"
expect_stdout_contains "plan 1 for WAW agreed: current, 1030.00 PLN of 1000.00 PLN"
run recoup plan show 1 --format json
expect_eq "the balance plus the fees split exactly, the remainder on the last" \
	"343.33 343.33 343.34 2026-09-01 2026-10-01 2026-11-01" \
	"$(jq_out '" ".join([i["amount"] for i in o["instalments"]] + [i["due"] for i in o["instalments"]])')"
expect_eq "the agreed fees are in the ledger, as a fee on the first invoice" "30.00|fee" \
	"$(sql "SELECT printf('%.2f', amount / 100.0) || '|' || kind FROM ledger_entry WHERE kind = 'fee'" 2>/dev/null ||
		sql "SELECT to_char(amount / 100.0, 'FM990.00') || '|' || kind FROM ledger_entry WHERE kind = 'fee'")"
expect_eq "the plan holds both invoices" "W1 W2" \
	"$(sql_join ' ' "SELECT i.ref FROM account_hold h JOIN invoice i ON i.id = h.invoice_id WHERE h.kind = 'plan' ORDER BY i.ref")"

# The first instalment is paid on time, the second never is.
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,WAW,,2026-08-28,343.33,PLN,transfer,cleared,
CSV
)" >/dev/null

waw_actions() { # FROM TO: WAW's steps recorded (not superseded) on run dates FROM..TO
	actions_json --customer WAW
	jq_actions '" ".join(sorted(x["step"] for x in a if "'"$1"'" <= x["run_date"] <= "'"$2"'" and x["state"] != "superseded"))'
}
for day in 2026-08-15 2026-09-05 2026-10-01 2026-10-04; do daily_run $day; done
expect_eq "while the plan is kept (and in its grace days) nothing is recorded for WAW but the courtesy reminder of the instalment due 2026-10-01" \
	"instalment-2" "$(waw_actions 2026-08-11 2026-10-04)"
actions_json --customer ACME
expect_eq "ACME, with no plan, is worked meanwhile" "1" \
	"$(jq_actions 'int(any(x["run_date"] > "2026-08-11" and x["state"] != "superseded" for x in a))')"
run recoup plan show 1 --format json
expect_eq "the payment went to the first instalment" "current 343.33 343.33 0.00" \
	"$(jq_out 'o["state"] + " " + o["paid"] + " " + " ".join(i["paid"] for i in o["instalments"][:2])')"

daily_run 2026-10-05
run recoup plan show 1 --format json
expect_eq "the day after the grace days the plan is broken" \
	"broken instalment 2 due 2026-10-01 unpaid after 3 days' grace" "$(jq_out 'o["state"] + " " + o["end_reason"]')"
expect_eq "its hold has ended" "2" "$(sql "SELECT COUNT(*) FROM account_hold WHERE kind = 'plan' AND ended_at IS NOT NULL")"
expect_eq "the strategy resumes: a step for WAW on the day it broke" "1" \
	"$([[ -n "$(waw_actions 2026-10-05 2026-10-05)" ]] && echo 1 || echo 0)"
expect_eq "the break is in the audit trail" "plan.add plan.break" \
	"$(sql_join ' ' "SELECT action FROM audit_log WHERE entity = 'plan' ORDER BY id")"
run recoup plan list --state broken --format json
expect_eq "plan list --state broken" "1 WAW alice" "$(jq_out '" ".join(str(p["id"]) + " " + p["customer_ref"] + " " + p["made_by"] for p in o)')"

expect_exit 0 recoup check
expect_eq "balances equal the ledger (W1 700 + 30 fee - 343.33, W2 300)" "38667 30000" \
	"$(sql_join ' ' "SELECT i.balance FROM invoice i WHERE i.ref LIKE 'W%' ORDER BY i.ref")"
expect_eq "every balance is the sum of its ledger" "0" \
	"$(sql "SELECT COUNT(*) FROM invoice i WHERE i.balance <> (SELECT SUM(l.amount) FROM ledger l WHERE l.invoice_id = i.id)")"
finish
