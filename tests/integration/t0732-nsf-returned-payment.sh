#!/usr/bin/env bash
# A returned (NSF) payment (issue 10 point 7): the payment's return reopens
# the invoice it paid, and the next run records its immediate step, a call
# task and a letter (step returned_payment, reason code nsf) on that
# invoice, once, and the tenant's fee within the profile's limit (posted
# through the ledger); a return older than the window (an imported
# history) triggers nothing; the books check.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-11-20,BRL,100.00
A2,ACME,2026-10-01,2026-12-20,BRL,40.00
N1,ANA,2026-10-01,2026-11-20,BRL,100.00
W1,WAW,2026-09-01,2026-09-20,PLN,50.00
CSV
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,ACME,A1,2026-11-23,100.00,BRL,cheque,cleared,
P2,ANA,N1,2026-11-23,100.00,BRL,cheque,cleared,
P0,WAW,W1,2026-10-01,50.00,PLN,cheque,returned,2026-10-05
CSV
)" >/dev/null
recoup credit policy --nsf-fee-bp 500 >/dev/null
daily_run 2026-11-24
expect_eq "A1 is paid" 0 "$(sql "SELECT balance FROM invoice WHERE ref = 'A1'")"

# the bank's return file: P1 and P2 came back on the 25th
recoup import payments "$(csv_file returns.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,ACME,A1,2026-11-23,100.00,BRL,cheque,returned,2026-11-25
P2,ANA,N1,2026-11-23,100.00,BRL,cheque,returned,2026-11-25
CSV
)" >/dev/null
expect_eq "the return reopens A1" 10000 "$(sql "SELECT balance FROM invoice WHERE ref = 'A1'")"
run recoup check
expect_eq "recoup check passes after the return" 0 "$status"

# a dry run does not review the returns (nor any agreement), and says so
daily_run 2026-11-25 --dry-run
expect_eq "a dry run's JSON says the agreements were not reviewed" "True False" \
	"$(jq_out 'str(o["dry_run"]) + " " + str(o["agreements_reviewed"])')"
run "$RECOUP" run --as-of 2026-11-25 --now 2026-11-25T05:00:00Z --dry-run
expect_stdout_contains "not counted          the agreements' reviews (returned payments' calls and letters"
# ANA asks to be left alone the next day: the run of the 25th, made after that, still gives the 25th's answer
recoup customer flag ANA cease --by mgr --at 2026-11-26T00:00:00Z >/dev/null
daily_run 2026-11-25
actions_json --customer ANA
expect_eq "a cease set after the run's date does not refuse that day's return steps" "call:scheduled letter:scheduled" \
	"$(jq_actions '" ".join(x["kind"] + ":" + x["state"] for x in a if x["step"] == "returned_payment" and x["kind"] != "fee")')"
expect_eq "a run's JSON says they were" True "$(jq_out 'str(o["agreements_reviewed"])')"
expect_eq "the run counts them among its actions (ANA's strategy adds a call of its own)" "True True 2" \
	"$(jq_out 'str(o["actions"]["call"] >= 2) + " " + str(o["actions"]["letter"] >= 2) + " " + str(o["actions"]["fee"])')"
actions_json --customer ACME
expect_eq "the immediate step: a call task and a letter on A1, reason nsf" \
	"call:returned_payment:nsf:A1:100.00:scheduled letter:returned_payment:nsf:A1:100.00:scheduled fee:returned_payment:nsf:A1:5.00:done" \
	"$(jq_actions '" ".join(":".join([x["kind"], x["step"], x["reason_code"], "+".join(x["invoice_refs"]), x["amount"], x["state"]]) for x in a if x["step"] == "returned_payment")')"
expect_eq "the call and the letter go to the contact who pays the bills" "ACME-AP ACME-AP" \
	"$(jq_actions '" ".join(x["contact_ref"] for x in a if x["step"] == "returned_payment" and x["kind"] != "fee")')"
expect_eq "the fee (policy: 5% of the amount returned; ACME's b2b profile sets no limit) went through the ledger" \
	10500 "$(sql "SELECT balance FROM invoice WHERE ref = 'A1'")"
actions_json --customer ANA --kind fee
expect_eq "ANA's fee is capped by its br-consumer profile: 2% of the invoice" "2.00 done" \
	"$(jq_actions 'a[0]["amount"] + " " + a[0]["state"]')"
expect_eq "the ledger has ANA's fee" "200" \
	"$(sql "SELECT e.amount FROM ledger_entry e JOIN invoice i ON i.id = e.invoice_id WHERE i.ref = 'N1' AND e.kind = 'fee'")"
actions_json --customer ACME
expect_eq "the reason names the payment" "payment 'P1' of 100.00 BRL returned on 2026-11-25" \
	"$(jq_actions '[x["reason"] for x in a if x["step"] == "returned_payment"][0]')"

daily_run 2026-11-26
daily_run 2026-11-27
actions_json --customer ACME
expect_eq "recorded once however many runs" 3 "$(jq_actions 'len([x for x in a if x["step"] == "returned_payment"])')"
actions_json --customer WAW
expect_eq "a return older than the window triggers nothing" 0 \
	"$(jq_actions 'len([x for x in a if x["step"] == "returned_payment"])')"
expect_eq "audit: the returns' steps" "payment.returned|P1 payment.returned|P2" \
	"$(sql "SELECT action, ref FROM audit_log WHERE action = 'payment.returned' ORDER BY ref" | tr '\n' ' ' | sed 's/ $//')"
run recoup check
expect_eq "recoup check passes at the end" 0 "$status"
finish
