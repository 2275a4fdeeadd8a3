#!/usr/bin/env bash
# t0120: kill -9 in the middle of a large import leaves the database exactly
# as before (DESIGN.md invariant 2), a kill during the commit leaves it as
# before or as after, never in between; the store stays intact and the same
# import then succeeds with every row.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

CUSTOMERS=20000
INVOICES=200000

# invoices_csv N PREFIX: N invoices for the awk-made customers K00001..K20000.
invoices_csv() {
	awk -v n="$1" -v p="$2" -v c="$CUSTOMERS" 'BEGIN {
		print "invoice_ref,customer_ref,issue_date,due_date,currency,amount,description"
		for (i = 1; i <= n; i++) {
			m = i % 12 + 1; d = i % 28 + 1
			printf "%s%07d,K%05d,2026-%02d-%02d,2026-12-%02d,USD,%d.%02d,\"crash test, row %d\"\n", \
				p, i, i % c + 1, m, d, d, i % 9000 + 1, i % 100, i
		}
	}'
}

# awk_customers_csv: the customers K00001..K20000 that invoices_csv bills.
awk_customers_csv() {
	awk -v c="$CUSTOMERS" 'BEGIN {
		print "customer_ref,name,kind,country,currency"
		for (i = 1; i <= c; i++) printf "K%05d,Customer %d,company,US,USD\n", i, i
	}'
}

# The portfolio: `recoup generate` when it exists, else awk-made files.
mkdir gen
if recoup generate --help >/dev/null 2>&1 &&
	recoup generate --customers "$CUSTOMERS" --seed 7 --as-of 2026-11-22 --out gen >/dev/null 2>&1 &&
	[[ -s gen/customers.csv && -s gen/invoices.csv ]]; then
	echo "# using recoup generate"
	CUST_FILE=gen/customers.csv
	INV_FILE=gen/invoices.csv
	GENERATED=1
else
	echo "# recoup generate is not available: awk-made files"
	awk_customers_csv >gen/customers.csv
	invoices_csv "$INVOICES" N >gen/invoices.csv
	CUST_FILE=gen/customers.csv
	INV_FILE=gen/invoices.csv
	GENERATED=0
fi
INV_ROWS=$(($(wc -l <"$INV_FILE") - 1))
echo "# $INV_ROWS invoice rows"

expect_exit 0 recoup import customers "$CUST_FILE"
invoices_before=$(sql "SELECT count(*) FROM invoice")

# start_import FILE: the import in the background; its pid in $import_pid.
start_import() {
	"$RECOUP" import invoices "$1" >"$TMP/import.out" 2>"$TMP/import.err" &
	import_pid=$!
	track_pid "$import_pid"
}

# kill_midway FILE: kill -9 the import once it has read half of FILE (its
# read offset in /proc/PID/fdinfo; rows are written as they are read, so half
# the rows are in the open transaction), or after 0.5 s where /proc cannot
# tell. Sets $killed to 1 if it was still running, 0 if it had finished.
kill_midway() {
	local path size half fd pos i
	path=$(readlink -f "$1")
	size=$(stat -c %s "$path")
	half=$((size / 2))
	for ((i = 0; i < 6000; i++)); do
		kill -0 "$import_pid" 2>/dev/null || break
		pos=0
		for fd in /proc/"$import_pid"/fd/*; do
			if [[ $(readlink "$fd" 2>/dev/null) == "$path" ]]; then
				pos=$(awk '/^pos:/ { print $2 }' /proc/"$import_pid"/fdinfo/"${fd##*/}" 2>/dev/null || echo 0)
				break
			fi
		done
		if [[ ! -d /proc/$import_pid && $i -ge 50 ]] || [[ ${pos:-0} -ge $half ]]; then
			break
		fi
		sleep 0.01
	done
	if kill -9 "$import_pid" 2>/dev/null; then
		killed=1
		echo "# killed at byte ${pos:-?} of $size"
	else
		killed=0
	fi
	wait "$import_pid" 2>/dev/null || true
}

# ---- 1. a kill while rows are being written: the database is as before.
file=$INV_FILE
rows=$INV_ROWS
killed=0
for attempt in 1 2 3; do
	db_snapshot
	start_import "$file"
	kill_midway "$file"
	[[ $killed == 1 ]] && break
	# The import ended before the kill: try a bigger file.
	echo "# attempt $attempt: the import finished before the kill; retrying with a bigger file"
	rows=$((rows * 2))
	invoices_csv "$rows" "B$attempt-" >bigger.csv
	if [[ $GENERATED == 1 ]]; then
		awk_customers_csv >awk-customers.csv
		recoup import customers awk-customers.csv >/dev/null
	fi
	invoices_before=$(sql "SELECT count(*) FROM invoice")
	file=bigger.csv
done
expect_eq "the import was killed while running" 1 "$killed"
expect_db_unchanged "kill -9 during the import: the dump equals the dump from before"
expect_eq "integrity_check after the kill" ok "$(sql 'PRAGMA integrity_check')"
expect_eq "no invoice of the killed import is visible" "$invoices_before" "$(sql 'SELECT count(*) FROM invoice')"

# ---- 2. a kill as the commit writes the WAL: before or after, never in between.
# The WAL is written at the commit, which can start and end between two polls
# on a loaded machine; then the import simply finished (the database is as
# after, which is also correct), and we try again with a fresh, bigger file
# so that the kill lands during a commit, as in part 1.
wal_seen=0
for attempt in 1 2 3; do
	invoices_before=$(sql "SELECT count(*) FROM invoice")
	db_snapshot
	start_import "$file"
	while kill -0 "$import_pid" 2>/dev/null; do
		if [[ -s "$RECOUP_DB-wal" ]]; then
			wal_seen=1
			break
		fi
		sleep 0.01
	done
	kill -9 "$import_pid" 2>/dev/null || true
	wait "$import_pid" 2>/dev/null || true
	[[ $wal_seen == 1 ]] && break
	echo "# attempt $attempt: the commit ended between two looks at the WAL; retrying with a fresh file"
	expect_eq "an import not interrupted stored every row" "$((invoices_before + rows))" \
		"$(sql 'SELECT count(*) FROM invoice')"
	rows=$((rows * 2))
	invoices_csv "$rows" "W$attempt-" >wal-$attempt.csv
	awk_customers_csv >awk-customers.csv
	recoup import customers awk-customers.csv >/dev/null
	file=wal-$attempt.csv
done
expect_eq "the import reached its commit (the WAL grew) before the kill" 1 "$wal_seen"
expect_eq "integrity_check after a kill during the commit" ok "$(sql 'PRAGMA integrity_check')"
after=$(sql "SELECT count(*) FROM invoice")
if [[ $after == "$invoices_before" ]]; then
	expect_db_unchanged "killed during the commit: the database is as before"
elif [[ $after == $((invoices_before + rows)) ]]; then
	pass "killed during the commit: the database is as after the import (all $rows rows)"
	expect_exit 0 recoup check
else
	fail "killed during the commit: before or after, never in between" \
		"invoices before $invoices_before, after $after, file rows $rows"
fi

# ---- 3. the same import, run again to the end, stores every row.
expect_exit 0 recoup import invoices "$file"
expect_eq "every invoice of the file is stored" "$((invoices_before + rows))" "$(sql 'SELECT count(*) FROM invoice')"
expect_eq "each new invoice is open for its full amount" "0" \
	"$(sql "SELECT count(*) FROM invoice WHERE balance <> amount AND import_id = (SELECT max(id) FROM import_batch)")"
if [[ $GENERATED == 0 && $file == "$INV_FILE" ]]; then
	# total of the awk-made amounts: sum over i of (i % 9000 + 1) * 100 + i % 100, in cents
	want=$(awk -v n="$rows" 'BEGIN { for (i = 1; i <= n; i++) t += (i % 9000 + 1) * 100 + i % 100; printf "%.0f", t }')
	expect_eq "the stored amounts add up to the file's" "$want" "$(sql 'SELECT sum(amount) FROM invoice')"
fi
expect_eq "integrity_check at the end" ok "$(sql 'PRAGMA integrity_check')"
expect_exit 0 recoup check
expect_exit 0 recoup import invoices "$file"
expect_stdout_contains "nothing changed"

finish
