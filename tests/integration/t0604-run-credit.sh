#!/usr/bin/env bash
# Netting first: a customer whose credit (a credit note, unapplied cash)
# covers its balance in a currency gets nothing; a partly paid invoice stays
# in the strategy for what is left.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-11-01,BRL,100.00
A2,ACME,2026-11-01,2026-12-01,BRL,40.00
W1,WAW,2026-10-01,2026-12-01,PLN,70.00
N1,NOMAIL,2026-10-01,2026-12-01,PLN,90.00
CSV
# ACME overpaid A1 by 50.00: 50.00 of unapplied credit covers A2's 40.00
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method
P1,ACME,A1,2026-11-02,150.00,BRL,transfer
P2,NOMAIL,N1,2026-11-02,30.00,PLN,transfer
CSV
)" >/dev/null
# a credit note of 70.00 on W1 covers it; one of 40.00 naming no invoice is NOMAIL's unapplied credit
recoup import credit-notes "$(csv_file credit-notes.csv <<'CSV'
credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason
CN1,WAW,W1,2026-11-20,70.00,PLN,goods returned
CN2,NOMAIL,,2026-11-20,10.00,PLN,price correction
CSV
)" >/dev/null
run recoup check
expect_eq "the book is consistent (recoup check)" 0 "$status"

daily_run 2026-11-26
expect_eq "two accounts in credit or settled, one owing" 1 "$(jq_out 'o["accounts_seen"]')"
actions_json
expect_eq "nothing for ACME (credit 50.00 >= 40.00) nor WAW (credited)" "NOMAIL" \
	"$(jq_actions '" ".join(sorted(set(x["customer_ref"] for x in a)))')"
expect_eq "the partly paid invoice stays, for what is left, net of the unapplied credit" "N1 50.00" \
	"$(jq_actions 'a[0]["invoice_refs"][0] + " " + a[0]["amount"]')"
finish
