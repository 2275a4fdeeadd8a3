#!/usr/bin/env bash
# A payment after the run cancels the waiting message for that invoice at the
# next run; a message that still has an unpaid invoice keeps waiting.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-11-20,PLN,70.00
A1,ACME,2026-10-01,2026-11-20,BRL,100.00
A2,ACME,2026-10-01,2026-11-20,BRL,100.00
CSV
daily_run 2026-11-15
actions_json --state scheduled
expect_eq "two reminders wait" 2 "$(jq_actions 'len(a)')"
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method
P1,WAW,W1,2026-11-16,70.00,PLN,transfer
P2,ACME,A1,2026-11-16,100.00,BRL,transfer
CSV
)" >/dev/null
daily_run 2026-11-17
expect_eq "the run cancels one" 1 "$(jq_out 'o["cancelled"]')"
actions_json --customer WAW
expect_eq "WAW's reminder is cancelled: its invoice is paid" "cancelled settled" \
	"$(jq_actions 'a[0]["state"] + " " + a[0]["reason_code"]')"
actions_json --customer ACME
expect_eq "ACME's still lists an unpaid invoice: it waits" scheduled "$(jq_actions 'a[0]["state"]')"
expect_eq "nothing new for either" 0 "$(jq_out 'sum(o["actions"].values())')"
# a replay of the day before the payment still sees the invoice open
daily_run 2026-11-15 --dry-run
expect_eq "as known on 2026-11-15, nothing is settled" 0 "$(jq_out 'o["cancelled"]')"
finish
