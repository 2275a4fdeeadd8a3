#!/usr/bin/env bash
# The money invariant on a generated portfolio: for every invoice the balance
# equals the sum of its ledger entries (amount + fees + interest + reversals
# - payments - credits - write-offs), and the aging total equals the sum of
# the balances, per currency. Checked twice: by `recoup check`, and by SQL
# written here, independently of the code under test.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup generate --customers 3000 --seed 11 --as-of 2026-11-22 --out gen >/dev/null
for kind in customers contacts invoices payments; do
	recoup import "$kind" "gen/$kind.csv" >/dev/null
done
expect_eq "the portfolio has returned payments" 1 \
	"$([[ $(sql "SELECT count(*) FROM payment WHERE status = 'returned'") -gt 0 ]] && echo 1)"

expect_exit 0 recoup check
expect_stdout_contains "ledger ok"

expect_eq "no invoice whose balance differs from the sum of its ledger rows" 0 \
	"$(sql "SELECT count(*) FROM invoice i WHERE i.balance <>
	        (SELECT SUM(amount) FROM ledger l WHERE l.tenant_id = i.tenant_id AND l.invoice_id = i.id)")"
expect_eq "no invoice whose balance differs from amount + fees + interest + reversals - payments - credits - write-offs" 0 \
	"$(sql "SELECT count(*) FROM invoice i WHERE i.balance <> i.amount
	        + COALESCE((SELECT SUM(amount) FROM ledger_entry l WHERE l.tenant_id = i.tenant_id AND l.invoice_id = i.id
	                    AND kind IN ('fee', 'interest', 'reversal')), 0)
	        - COALESCE((SELECT SUM(-amount) FROM ledger_entry l WHERE l.tenant_id = i.tenant_id AND l.invoice_id = i.id
	                    AND kind IN ('payment', 'credit_note', 'write_off')), 0)")"
expect_eq "every payment is fully accounted for (applied + unapplied + reversed = 0 or its amount)" 0 \
	"$(sql "SELECT count(*) FROM payment p WHERE
	        (SELECT -SUM(amount) FROM ledger_entry l WHERE l.tenant_id = p.tenant_id AND l.payment_id = p.id)
	        <> CASE p.status WHEN 'cleared' THEN p.amount ELSE 0 END")"

# aging totals per currency against the balances, in minor units
recoup aging --as-of 2026-11-22 --format csv >aging.csv
python3 - aging.csv <<'PY' >aging-minor.txt
import csv, sys
from decimal import Decimal
for row in csv.DictReader(open(sys.argv[1])):
    exp = {"JPY": 0, "BHD": 3, "KWD": 3}.get(row["currency"], 2)
    total = Decimal(row["total"]) * (10 ** exp)
    parts = sum(Decimal(row[k]) for k in row if k not in ("currency", "total", "unapplied_credit", "net")) * (10 ** exp)
    assert total == parts, row
    print(f"{row['currency']}|{int(total)}")
PY
sql "SELECT currency, SUM(balance) FROM invoice WHERE balance <> 0 GROUP BY currency ORDER BY currency" >balances.txt
expect_same_file "aging total per currency equals the sum of balances" balances.txt aging-minor.txt
expect_eq "several currencies are present" 1 "$([[ $(wc -l <balances.txt) -ge 4 ]] && echo 1)"

# the check can fail: a balance moved behind the ledger's back is found
victim=$(sql "SELECT ref FROM invoice WHERE balance > 0 ORDER BY id LIMIT 1")
sql "UPDATE invoice SET balance = balance + 1 WHERE ref = '$victim'"
expect_exit 1 recoup check
expect_stderr_contains "invoice '$victim': balance does not match its ledger entries"
run sql "UPDATE ledger_entry SET amount = 0 WHERE id = 1"
expect_eq "ledger entries cannot be updated" 1 "$([[ $status != 0 ]] && echo 1)"
expect_stderr_contains "ledger entries are never updated"
run sql "DELETE FROM ledger_entry WHERE id = 1"
expect_stderr_contains "ledger entries are never deleted"
run sql "UPDATE invoice SET amount = amount + 1 WHERE ref = '$victim'"
expect_eq "an invoice's amount cannot be changed" 1 "$([[ $status != 0 ]] && echo 1)"
expect_stderr_contains "never change"

finish
