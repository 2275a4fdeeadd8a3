#!/usr/bin/env bash
# Unapplied credit that sums beyond int64 is a clear input error, not an
# internal one. Every payment is within the 10^15 minor-unit limit, but
# 9,300 of them at the limit, none applied, hold 9.3 * 10^18 minor units of
# credit for C001: SQLite's SUM() stopped with "integer overflow" and
# PostgreSQL's cast with "bigint out of range", and aging, customer show,
# account show, export customers, the daily run and assign exited 3 as if
# the database had failed. Now each exits 1 naming the customer, the
# currency and what to do, and changes nothing (the run stops at that
# customer's chunk, as it does for an account whose invoices overflow); the
# other customers are shown as before, and `recoup check` still lists the
# sum.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

for k in customers contacts invoices payments; do
	recoup import "$k" "$DATA/import/$k.csv" >/dev/null
done
{
	echo "payment_ref,customer_ref,invoice_ref,date,amount,currency,status,returned_date"
	for i in $(seq 1 9300); do echo "U-$i,C001,,2026-03-01,10000000000000.00,USD,,"; done
} >big.csv
run recoup import payments big.csv
expect_eq "each payment is within the limit: imported" 0 "$status"
expect_eq "C002's account is unaffected" 0 "$(recoup customer show C002 >/dev/null 2>&1; echo $?)"

WHY="customer 'C001': unapplied credit in USD adds up beyond the 64-bit range of minor units; correct or void the oversized payments or credit notes (recoup check lists every such sum)"
recoup user add cy --role collector >/dev/null
db_snapshot
for cmd in "aging" "aging --by customer --format csv" "customer show C001" "account show C001" \
	"export customers" "assign --as-of 2026-03-02 --dry-run"; do
	# shellcheck disable=SC2086 # the words of the command
	expect_exit 1 recoup $cmd
	expect_stderr_contains "$WHY"
done
expect_db_unchanged "nothing was written"

# the daily run stops at the chunk of that customer, as for its invoices' sums (t0180):
# what it recorded before stands (here the returned payments' review), and a run after
# the correction goes on
expect_exit 1 recoup run --as-of 2026-03-02 --now 2026-03-02T05:00:00Z
expect_stderr_contains "$WHY; the run stops here (what it recorded before stands): correct the account, then run again"
expect_eq "the chunk's decisions were not recorded" 0 \
	"$(sql "SELECT count(*) FROM action WHERE strategy NOT LIKE 'nsf-%'")"

run recoup check
expect_eq "recoup check names the sum (exit 1)" 1 "$status"
expect_stderr_contains "customer 'C001': unapplied credit in USD adds up beyond the 64-bit range of minor units"

# Two customers whose credit fits each, 5 * 10^18, but not the two together: the aging
# by currency added them in C, past int64 (undefined behaviour). Their currency's row
# is left out and named, as for balances; by customer every row is right.
recoup init --tenant two >/dev/null
recoup --tenant two import customers "$(csv_file two.csv <<'CSV'
customer_ref,name,kind,country,currency
T1,One Inc,company,US,USD
T2,Two Inc,company,US,USD
T3,Three sp. z o.o.,company,PL,PLN
CSV
)" >/dev/null
{
	echo "payment_ref,customer_ref,invoice_ref,date,amount,currency,status,returned_date"
	for c in T1 T2; do
		for i in $(seq 1 5000); do echo "$c-$i,$c,,2026-03-01,10000000000000.00,USD,,"; done
	done
	echo "T3-1,T3,,2026-03-01,10.00,PLN,,"
} >two-pay.csv
recoup --tenant two import payments two-pay.csv >/dev/null
run recoup --tenant two aging --format csv
expect_eq "aging: the USD row is left out (exit 1)" 1 "$status"
expect_stderr_contains "recoup aging: the USD balances add up beyond the 64-bit range of minor units; left out"
expect_eq "the PLN row is right" "PLN,-10.00" "$(grep '^PLN,' "$TMP/out" | awk -F, '{print $1 "," $NF}')"
run recoup --tenant two aging --by customer --format csv
expect_eq "by customer: every row" 0 "$status"
expect_eq "each customer's credit" "T1,-50000000000000000.00 T2,-50000000000000000.00 T3,-10.00" \
	"$(tail -n +2 "$TMP/out" | awk -F, '{print $1 "," $NF}' | tr '\n' ' ' | sed 's/ $//')"
finish
