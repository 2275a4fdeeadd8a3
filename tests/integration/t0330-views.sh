#!/usr/bin/env bash
# What the views show: the contact history with the contact's ref, who was
# spoken with, the note and the invoices (table and JSON); unapplied credit
# and the net beside the aging (table, csv, json) and in customer show; demo
# refuses a database that already holds data.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

IMP="$DATA/import"
for k in customers contacts invoices payments; do recoup import "$k" "$IMP/$k.csv" >/dev/null; done

# ---- contact history ----
recoup contact log --contact K-001 --channel call --outcome promise --at 2026-01-05T15:00:00Z \
	--invoice I-002 --spoke-with "Mary Smith" --note "pays Friday, \"promised\"" >/dev/null
recoup contact log --contact C001 --channel email --outcome sent --at 2026-01-06T09:00:00Z --inbound >/dev/null
expect_exit 0 recoup contact history --customer C001
expect_stdout "history as a table: contact ref, invoices, spoke with, note" <<'OUT'
2026-01-05T15:00:00Z  outbound call    promise       K-001        I-002  spoke with Mary Smith  note: pays Friday, "promised"  (conversation)
2026-01-06T09:00:00Z  inbound  email   sent          C001         I-002,I-003
2 attempts, 1 conversation
OUT
expect_exit 0 recoup contact history --customer C001 --format json
expect_stdout "history as JSON" <<'OUT'
{"customer_ref": "C001", "attempts": [
  {"at":"2026-01-05T15:00:00Z","contact_ref":"K-001","channel":"call","outcome":"promise","direction":"outbound","spoke_with":"Mary Smith","note":"pays Friday, \"promised\"","invoice_refs":["I-002"],"logged_by":"cli","callback_at":null,"rules_breach":""},
  {"at":"2026-01-06T09:00:00Z","contact_ref":"C001","channel":"email","outcome":"sent","direction":"inbound","spoke_with":"","note":"","invoice_refs":["I-002","I-003"],"logged_by":"cli","callback_at":null,"rules_breach":""}
], "summary": {"attempts":2,"conversations":1,"messages_left":[]}}
OUT
expect_exit 0 recoup contact history --customer C002 --format json
expect_stdout "no history: an empty list" <<'OUT'
{"customer_ref": "C002", "attempts": [], "summary": {"attempts":0,"conversations":0,"messages_left":[]}}
OUT
expect_exit 2 recoup contact history --customer C001 --format csv

# ---- unapplied credit: C002 paid 50.00 PLN more than it owed ----
expect_exit 0 recoup aging --as-of 2026-03-31 --by customer --format csv
expect_stdout "aging by customer: credit and net at the end, C002 holds credit only" <<'OUT'
customer_ref,currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total,unapplied_credit,net
C001,USD,300.00,200.00,0.00,0.00,0.00,0.00,0.00,500.00,0.00,500.00
C002,PLN,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,50.00,-50.00
C003,JPY,0,0,125000,0,0,0,0,125000,0,125000
C004,BHD,70.000,0.000,0.000,0.000,0.000,0.000,0.000,70.000,0.000,70.000
OUT
expect_exit 0 recoup aging --as-of 2026-03-31 --format json
expect_stdout_contains '{"currency":"PLN","current":"0.00","1-30":"0.00","31-60":"0.00","61-90":"0.00","91-180":"0.00","181-365":"0.00","over-365":"0.00","total":"0.00","invoices":0,"unapplied_credit":"50.00","net":"-50.00"}'
expect_exit 0 recoup aging --as-of 2026-03-31
expect_stdout_contains "unapplied credit              net"
expect_stdout_contains "PLN                 0.00            0.00            0.00            0.00            0.00            0.00            0.00             0.00            50.00           -50.00"
# before the over-payment there was no credit
expect_exit 0 recoup aging --as-of 2026-01-01 --by customer --format csv
if grep -q '^C002,' "$TMP/out"; then fail "no credit before the payment"; else pass "no credit before the payment"; fi

# a customer with open invoices and credit: net = open - credit
cat >more.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I-900,C002,2026-02-01,2026-03-01,PLN,80.00
CSV
recoup import invoices more.csv >/dev/null
expect_exit 0 recoup aging --as-of 2026-03-31 --by customer --format csv
expect_stdout_contains "C002,PLN,0.00,80.00,0.00,0.00,0.00,0.00,0.00,80.00,50.00,30.00"
expect_exit 0 recoup customer show C002
expect_stdout_contains "owed 80.00 PLN in 1 open invoice,"
expect_stdout_contains "unapplied credit 50.00 PLN, net 30.00 PLN, credit limit none"

# ---- demo on a database that holds data ----
db_snapshot
expect_exit 1 recoup demo --customers 5 --data demo-data
expect_stderr_contains "already holds data; demo needs an empty one (use --db demo.db)"
expect_lines 1 "one error line, not one per customer" "$TMP/err"
expect_db_unchanged "demo wrote nothing"

# A stray word is refused, not ignored: a pasted line that lost its -- fails loudly.
expect_exit 2 recoup contact history --customer C001 json
expect_stderr_contains "unexpected argument 'json'"
finish
