#!/usr/bin/env bash
# `recoup check` proves that no invoice's balance is beyond the largest
# amount recoup keeps (MONEY_AMOUNT_MAX, 10^15 minor units, core/money.h).
# Runs before that limit was enforced posted interest of 10% a month on
# invoices due decades back (a mistyped year): 841,890,000,000,000.00 PLN on
# an invoice of 9,000,000,000,000.00. The run no longer does (t0971), but
# what it posted stays, and check said "ledger ok" of such a book: the
# cached balance matched its ledger, and the one invoice's sum fitted in 64
# bits. No payment, credit note or write-off can settle such a balance in
# one entry. Now check names each such invoice, its customer, due date,
# balance and the limit, and exits 1, as for its other invariants.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
OLD1,WAW,1950-01-01,1950-01-31,PLN,9000000000000.00
EDGE,WAW,2026-10-01,2026-10-31,PLN,9999999999999.00
BIG,ACME,1950-01-01,1950-01-31,BRL,1000000000000.00
CSV
# interest posted as an older run did: OLD1 far beyond the limit, EDGE to exactly the limit
older_run() { # older_run REF AMOUNT_IN_MINOR_UNITS
	sql "INSERT INTO ledger_entry (tenant_id, customer_id, invoice_id, kind, amount, currency, date)
	     SELECT tenant_id, customer_id, id, 'interest', $2, currency, '2026-12-01' FROM invoice WHERE ref = '$1';
	     UPDATE invoice SET balance = balance + $2 WHERE ref = '$1';"
}
older_run EDGE 100

run recoup check
expect_eq "a balance at the limit is within it: recoup check exits 0" 0 "$status"
expect_stdout_contains "ledger ok: every invoice balance equals the sum of its ledger entries, is within the largest amount, and every sum fits"

older_run OLD1 84189000000000000
db_snapshot
run recoup check
expect_eq "an invoice beyond the limit: recoup check exits 1" 1 "$status"
expect_stderr_contains "invoice 'OLD1' (customer 'WAW', due 1950-01-31): balance 850890000000000.00 PLN is beyond 10000000000000.00 PLN, the largest amount recoup keeps; no one payment, credit or write-off settles it (a fee or interest posted before the limit: correct or void the oversized entries)"
expect_stderr_contains "recoup check: 1 invoice balance is beyond the largest amount recoup keeps"
expect_eq "named once, and no other invoice (EDGE is at the limit; the ledger matches its cache)" 1 \
	"$(grep -c "^invoice '" "$TMP/err")"
expect_eq "nothing is said to be ok" 0 "$(grep -c 'ledger ok' "$TMP/out" || true)"
expect_db_unchanged "check writes nothing"

older_run BIG 93543333333333333
run recoup check
expect_eq "two: exit 1" 1 "$status"
expect_stderr_contains "invoice 'BIG' (customer 'ACME', due 1950-01-31): balance 936433333333333.33 BRL is beyond 10000000000000.00 BRL"
expect_stderr_contains "recoup check: 2 invoice balances are beyond the largest amount recoup keeps"

# beside a broken ledger: both said, in one summary
sql "UPDATE invoice SET balance = balance - 1 WHERE ref = 'EDGE'"
run recoup check
expect_eq "a broken cache too: exit 1" 1 "$status"
expect_stderr_contains "invoice 'EDGE': balance does not match its ledger entries"
expect_stderr_contains "recoup check: 1 invoice breaks the ledger invariant, and 2 invoice balances are beyond the largest amount recoup keeps"
finish
