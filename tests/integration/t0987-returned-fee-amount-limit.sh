#!/usr/bin/env bash
# The fee of a returned (NSF) payment never takes an invoice's balance
# beyond the largest amount recoup keeps (10^15 minor units, core/money.h).
# The credit policy may ask up to 100% of the amount returned: a payment of
# 9,000,000,000,000.00 BRL returned whole reopened its invoice and a fee as
# large again was posted, 18,000,000,000,000.00, a balance no payment can
# settle, which the day's reminder then asked for. As the run's fee and
# interest steps (t0971), such a fee is now not posted (not capped) and the
# fee action says why, reason_code amount_limit: refused when no fee of the
# payment was posted, done for the invoices charged otherwise; recorded
# once. A second return on the same invoice in the same review sees the
# first one's fee in the balance.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
BIG,ACME,2026-10-01,2026-11-20,BRL,9000000000000.00
SMALL,ACME,2026-10-01,2026-11-20,BRL,100.00
W1,WAW,2026-10-01,2026-11-20,PLN,6000000000000.00
W2,WAW,2026-10-01,2026-11-20,PLN,200.00
CSV
# P1 paid BIG whole, P2 SMALL; WAW's P3 and P4 paid 4e12 and 2e12 of W1 (6e12)
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,ACME,BIG,2026-11-23,9000000000000.00,BRL,cheque,returned,2026-11-25
P2,ACME,SMALL,2026-11-23,100.00,BRL,cheque,returned,2026-11-25
P3,WAW,W1,2026-11-23,4000000000000.00,PLN,cheque,returned,2026-11-25
P4,WAW,W1,2026-11-23,2000000000000.00,PLN,cheque,returned,2026-11-25
CSV
)" >/dev/null
recoup credit policy --nsf-fee-bp 10000 >/dev/null
daily_run 2026-11-25
expect_eq "the run's summary: two fees done, two refused for the limit" '2 {"amount_limit": 2}' \
	"$(jq_out 'str(o["actions"]["fee"]) + " " + json.dumps(o["refused"])')"

fees() { sql_join ' ' "SELECT i.ref || ':' || e.amount FROM ledger_entry e JOIN invoice i ON i.id = e.invoice_id WHERE e.kind = 'fee' ORDER BY i.ref, e.id"; }
# "customer:state:reason_code:invoices:amount" of every returned payment's fee action
fee_actions() {
	actions_json --kind fee
	jq_actions '" ".join("%s:%s:%s:%s:%s" % (x["customer_ref"], x["state"], x["reason_code"], "+".join(x["invoice_refs"]), x["amount"]) for x in a if x["step"] == "returned_payment")'
}
expect_eq "fees posted where the balance stays within the limit: SMALL's, P3's on W1 (to the limit exactly); not BIG's, not P4's" \
	"SMALL:10000 W1:400000000000000" "$(fees)"
expect_eq "each fee action says so: P1's refused, P2's done, P3's done, P4's refused (W1 at the limit with P3's fee)" \
	"ACME:refused:amount_limit:BIG:0.00 ACME:done:nsf:SMALL:100.00 WAW:done:nsf:W1:4000000000000.00 WAW:refused:amount_limit:W1:0.00" \
	"$(fee_actions)"
expect_eq "naming the fee, the invoice and the limit" \
	"a fee of 9000000000000.00 BRL on invoice 'BIG' would take its balance beyond 10000000000000.00 BRL, the largest amount recoup keeps: not posted (a mistyped amount?)" \
	"$(jq_actions '[x["reason"] for x in a if x["invoice_refs"] == ["BIG"]][0]')"
expect_eq "the refused fee was done at no moment" "None None" \
	"$(jq_actions '" ".join(str(x[k]) for x in a if x["invoice_refs"] == ["BIG"] for k in ("scheduled_at", "local_time"))')"
expect_eq "no balance passes 10^15 minor units" "BIG:900000000000000 SMALL:20000 W1:1000000000000000 W2:20000" \
	"$(sql_join ' ' "SELECT ref || ':' || balance FROM invoice ORDER BY ref")"
actions_json --customer ACME --kind email
expect_eq "the day's reminder asks for what is owed, no fee beyond the limit in it" "9000000000200.00" \
	"$(jq_actions '[x["amount"] for x in a if x["state"] == "scheduled"][0]')"

daily_run 2026-11-26
expect_eq "a refused fee is recorded: the next run posts nothing more" "SMALL:10000 W1:400000000000000" "$(fees)"
expect_eq "and records no second fee" 4 "$(sql "SELECT count(*) FROM action WHERE kind = 'fee'")"
run recoup check
expect_eq "the books check (recoup check, the limit included)" 0 "$status"
finish
