#!/usr/bin/env bash
# t0460: kill -9 of an import on PostgreSQL, at a quarter, half and three
# quarters of the file, leaves the database exactly as before (DESIGN.md
# invariant 2); the server stays consistent (`recoup check`) and the same
# import then stores every row. The SQLite version is t0120, which also kills
# during the write of the WAL file; on PostgreSQL the commit is the server's,
# so killing the client can only leave the transaction uncommitted or
# committed whole, and the dump proves which.
set -euo pipefail
export RECOUP_TEST_BACKEND=postgres
. "$SRCDIR/tests/integration/lib.sh"

recoup generate --customers 8000 --seed 7 --as-of 2026-11-22 --out gen >/dev/null
INV=gen/invoices.csv
ROWS=$(($(wc -l <"$INV") - 1))
expect_exit 0 recoup import customers gen/customers.csv

# kill_at FILE FRACTION: starts the import of FILE and kills it -9 once its
# read offset (/proc/PID/fdinfo: the file is read by the client, rows are
# sent as they are read) passes FRACTION (percent) of the file. Sets $killed
# to 1 when it was still running then.
kill_at() {
	local path size want pos fd i pid
	path=$(readlink -f "$1")
	size=$(stat -c %s "$path")
	want=$((size * $2 / 100))
	"$RECOUP" import invoices "$1" >"$TMP/import.out" 2>"$TMP/import.err" &
	pid=$!
	track_pid "$pid"
	pos=0
	for ((i = 0; i < 6000; i++)); do
		kill -0 "$pid" 2>/dev/null || break
		for fd in /proc/"$pid"/fd/*; do
			if [[ $(readlink "$fd" 2>/dev/null) == "$path" ]]; then
				pos=$(awk '/^pos:/ { print $2 }' /proc/"$pid"/fdinfo/"${fd##*/}" 2>/dev/null || echo 0)
				break
			fi
		done
		[[ ${pos:-0} -ge $want ]] && break
		sleep 0.01
	done
	killed=0
	if kill -9 "$pid" 2>/dev/null; then
		killed=1
		echo "# killed at byte ${pos:-?} of $size"
	fi
	wait "$pid" 2>/dev/null || true
}

for pct in 25 50 75; do
	db_snapshot
	kill_at "$INV" "$pct"
	expect_eq "the import was still running at $pct% of the file" 1 "$killed"
	expect_db_unchanged "kill -9 at $pct% of the file: the dump equals the dump from before"
	expect_eq "no invoice of the killed import is visible ($pct%)" 0 "$(sql 'SELECT count(*) FROM invoice')"
done

# The server dropped the dead client's transaction and its tenant lock: the
# same import now runs to the end and stores every row, once.
expect_exit 0 recoup import invoices "$INV"
expect_eq "every invoice of the file is stored" "$ROWS" "$(sql 'SELECT count(*) FROM invoice')"
expect_exit 0 recoup check
expect_exit 0 recoup import invoices "$INV"
expect_stdout_contains "nothing changed"

finish
