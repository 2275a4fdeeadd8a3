#!/usr/bin/env bash
# Credit notes (docs/csv.md): `import credit-notes` posts LEDGER_CREDIT_NOTE
# entries to the named invoice up to its balance, the rest (or all, with no
# invoice) as the customer's unapplied credit; the invariant, customer show,
# the aging and the export see them. All-or-nothing like the other imports:
# a bad row changes nothing and is named by line and column; a re-import is
# a no-op; a conflicting one names the differing column.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

cat >customers.csv <<'CSV'
customer_ref,name,kind,country,currency
C1,Alpha Ltd,company,GB,GBP
C2,Beta Ltd,company,GB,GBP
CSV
cat >invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-09-01,2026-10-01,GBP,100.00
I2,C1,2026-09-05,2026-10-05,GBP,50.00
I3,C2,2026-09-05,2026-10-05,GBP,70.00
I4,C1,2026-11-20,2026-12-20,GBP,10.00
CSV
expect_exit 0 recoup import customers customers.csv
expect_exit 0 recoup import invoices invoices.csv

balances() { sql_join ' ' "SELECT ref || '=' || balance FROM invoice ORDER BY ref"; }

# --- bad rows: each refused with its line and column, nothing written ---
db_snapshot
bad() { # bad DESC EXPECTED-STDERR ROW
	printf 'credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason\nOK1,C1,I1,2026-10-10,1.00,GBP,fine\n%s\n' "$3" >bad.csv
	expect_exit 1 recoup import credit-notes bad.csv --as-of 2026-11-30
	expect_stderr_contains "$2"
	expect_db_unchanged "$1: nothing written, not even the good row"
}
bad "unknown invoice" "bad.csv:3: invoice_ref: unknown invoice 'I9'" "N9,C1,I9,2026-10-10,5.00,GBP,x"
bad "another customer's invoice" "bad.csv:3: invoice_ref: invoice 'I3' belongs to customer 'C2', not 'C1'" \
	"N9,C1,I3,2026-10-10,5.00,GBP,x"
bad "currency of the invoice" "bad.csv:3: currency: currency EUR differs from invoice 'I1''s currency GBP" \
	"N9,C1,I1,2026-10-10,5.00,EUR,x"
bad "currency of the customer" "bad.csv:3: currency: currency EUR differs from customer 'C1''s currency GBP" \
	"N9,C1,,2026-10-10,5.00,EUR,x"
bad "a date after today" "bad.csv:3: date:" "N9,C1,I1,2026-12-01,5.00,GBP,x"
bad "an invoice issued after the credit note" "bad.csv:3: invoice_ref: invoice 'I4' was issued on 2026-11-20" \
	"N9,C1,I4,2026-11-01,5.00,GBP,x"
bad "amount 0" "bad.csv:3: amount:" "N9,C1,I1,2026-10-10,0.00,GBP,x"
bad "a negative amount" "bad.csv:3: amount:" "N9,C1,I1,2026-10-10,-5.00,GBP,x"
bad "unknown customer" "bad.csv:3: customer_ref: unknown customer 'C9'" "N9,C9,,2026-10-10,5.00,GBP,x"
bad "no reason" "bad.csv:3: reason: is empty" "N9,C1,I1,2026-10-10,5.00,GBP,"
bad "a duplicate in the file" "bad.csv:3: credit_note_ref: duplicate credit note 'OK1' in this file" \
	"OK1,C1,I1,2026-10-10,1.00,GBP,fine"
printf 'credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason\nN9,C1,I1,2026-10-10,5.00,GBP,a\0b\n' >nul.csv
expect_exit 1 recoup import credit-notes nul.csv --as-of 2026-11-30 --rejects rejects.csv
expect_stderr_contains "nul.csv:2: reason:"
expect_db_unchanged "a NUL byte: nothing written"
expect_eq "--rejects names the line and column" '2,"reason"' "$(sed -n 2p rejects.csv | cut -d, -f1,2)"

# --- netting, excess to credit, credit without an invoice ---
cat >notes.csv <<'CSV'
credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason
N1,C1,I1,2026-10-10,100.00,GBP,goods returned
N2,C1,I2,2026-10-11,80.00,GBP,price correction
N3,C2,,2026-10-12,5.00,GBP,"goodwill, late delivery"
CSV
expect_exit 0 recoup import credit-notes notes.csv --as-of 2026-11-30
expect_stdout_contains "3 rows imported into credit-notes"
expect_eq "a credit note covering the balance leaves the invoice at zero; the excess of N2 is credit" \
	"I1=0 I2=0 I3=7000 I4=1000" "$(balances)"
expect_eq "entries: to the invoice up to its balance, the rest without an invoice" \
	"I1|-10000 I2|-5000 |-3000 |-500" \
	"$(sql_join ' ' "SELECT COALESCE(i.ref, '') || '|' || l.amount FROM ledger_entry l
	                 LEFT JOIN invoice i ON i.id = l.invoice_id WHERE l.kind = 'credit_note' ORDER BY l.id")"
expect_eq "what each credit note applied" "N1|10000 N2|5000 N3|0" \
	"$(sql_join ' ' "SELECT ref || '|' || applied FROM credit_note ORDER BY ref")"
expect_exit 0 recoup check
run recoup customer show C1 --format json
expect_stdout_contains '"unapplied_credit": "30.00"'
expect_stdout_contains '"owed": "10.00"'
run recoup customer show C2
expect_stdout_contains "unapplied credit 5.00 GBP, net 65.00 GBP"
run recoup aging --as-of 2026-11-30 --format csv
expect_stdout_contains "GBP"
expect_stdout_contains ",80.00,35.00,45.00"
run recoup export customers --format csv
expect_stdout_contains "C1,Alpha Ltd,company,GB,,,GBP,0.00,,,,,,,30.00"
# the aging as of a day before the credit notes does not see them
run recoup aging --as-of 2026-10-09 --format csv
expect_stdout_contains ",220.00,0.00,220.00"

# --- re-import: unchanged; a conflict names the column ---
db_snapshot
expect_exit 0 recoup import credit-notes notes.csv --as-of 2026-11-30
expect_stdout_contains "all already stored; nothing changed"
expect_db_unchanged "a re-import writes nothing"
sed 's/N2,C1,I2,2026-10-11,80.00/N2,C1,I2,2026-10-11,81.00/' notes.csv >changed.csv
expect_exit 1 recoup import credit-notes changed.csv --as-of 2026-11-30
expect_stderr_contains "changed.csv:3: credit_note_ref: credit note 'N2' is already stored with amount '80.00', not '81.00'"
sed 's/goods returned/damaged/' notes.csv >changed.csv
expect_exit 1 recoup import credit-notes changed.csv --as-of 2026-11-30
expect_stderr_contains "credit note 'N1' is already stored with reason 'goods returned', not 'damaged'"
expect_db_unchanged "a conflict writes nothing"

# --- a credit note on a paid invoice is all credit ---
cat >more.csv <<'CSV'
credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason
N4,C1,I1,2026-11-01,12.34,GBP,rebate
CSV
expect_exit 0 recoup import credit-notes more.csv --as-of 2026-11-30
expect_eq "nothing to apply to a settled invoice" "0|-1234" \
	"$(sql "SELECT n.applied || '|' || l.amount FROM credit_note n JOIN ledger_entry l ON l.date = n.date
	        AND l.kind = 'credit_note' WHERE n.ref = 'N4' AND l.invoice_id IS NULL")"
expect_exit 0 recoup check
finish
