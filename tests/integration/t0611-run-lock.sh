#!/usr/bin/env bash
# Two runs of a tenant never execute at once: while another process holds
# the tenant's run lock, `recoup run` says so and exits 3, changing nothing;
# the lock dies with its holder (kill -9), and the next run goes ahead. A
# dry run needs no lock; another tenant's run is not held up. `recoup assign`
# takes the same lock.
#
# The holder stands in for a first run, so that the test does not depend on
# timing: on SQLite a process holding a record lock on byte TENANT of
# DB-run.lock (a classic POSIX lock conflicts with the run's open file
# description lock), on PostgreSQL a session holding the advisory lock
# (0x72756e00, TENANT).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-11-16,PLN,70.00
CSV
recoup init --tenant other >/dev/null
tenant=$(sql "SELECT id FROM tenant WHERE name = 'default'")

if [[ $TEST_BACKEND == postgres ]]; then
	# an idle session (psql waiting for its input), as a run between two statements
	mkfifo "$TMP/fifo"
	psql -X -q -d "$RECOUP_DB" <"$TMP/fifo" >/dev/null 2>&1 &
	holder=$!
	exec 7>"$TMP/fifo"
	echo "SELECT pg_advisory_lock($((0x72756e00)), $tenant);" >&7
	for _ in $(seq 100); do
		n=$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND objid = $tenant
		     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
		[[ $n == 1 ]] && break
		sleep 0.1
	done
else
	hold_sqlite_run_lock "$tenant"
	holder=$HOLDER
fi
track_pid "$holder"

db_snapshot
expect_exit 3 recoup run --as-of 2026-11-17
expect_stderr_contains "another run of this tenant is in progress"
expect_db_unchanged "the refused run changed nothing"
expect_exit 0 recoup run --as-of 2026-11-17 --dry-run
expect_exit 0 recoup run --as-of 2026-11-17 --tenant other
# assign shares the lock: it never balances loads while a run or another assign writes
recoup user add ann --role collector >/dev/null
db_snapshot
expect_exit 3 recoup assign --as-of 2026-11-17
expect_stderr_contains "the daily run or another assign of this tenant is in progress"
expect_db_unchanged "the refused assign changed nothing"
expect_exit 0 recoup assign --as-of 2026-11-17 --dry-run

kill -9 "$holder"
wait "$holder" 2>/dev/null || true
if [[ $TEST_BACKEND == postgres ]]; then
	exec 7>&-
	# the server ends the session when it sees the socket closed
	for _ in $(seq 100); do
		n=$(sql "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = $tenant
		     AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")
		[[ $n == 0 ]] && break
		sleep 0.1
	done
fi
expect_exit 0 recoup run --as-of 2026-11-17
expect_eq "the run after the holder died recorded its actions" 2 "$(sql "SELECT count(*) FROM action")"
expect_exit 0 recoup assign --as-of 2026-11-17
expect_eq "and the assign after it gave the account out" 1 "$(sql "SELECT count(*) FROM assignment")"
finish
