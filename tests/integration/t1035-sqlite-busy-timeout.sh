#!/usr/bin/env bash
# How long a SQLite writer waits for another's write lock. It was SQLite's
# 10 s, fixed: a daily run started while a long import still wrote exited
# 3 "database is locked", and the message named neither the other writer
# nor the wait. A command now waits 60 s (serve keeps 10 s: its clients
# give up after 30), RECOUP_BUSY_TIMEOUT sets it in seconds, a bad value is
# refused (exit 2, naming the variable, the value and why) before anything
# is read or written, and a wait that runs out says that the database is
# busy with another writer, for how long it waited and which variable sets
# it. Found by an operations probe. SQLite only: PostgreSQL writers wait as
# long as it takes (t0440).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-11-16,PLN,70.00
CSV

# hold_write_lock SECONDS: another process holds the book's write lock
# (BEGIN IMMEDIATE, as an import's transaction does) for SECONDS, then
# commits. Sets HOLDER (tracked) and returns once the lock is held.
hold_write_lock() {
	rm -f "$TMP/held"
	/usr/bin/python3 -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[3], "w").close()
time.sleep(float(sys.argv[2]))
c.execute("COMMIT")' "$RECOUP_DB" "$1" "$TMP/held" &
	HOLDER=$!
	track_pid "$HOLDER"
	for _ in $(seq 100); do
		[[ -e $TMP/held ]] && break
		sleep 0.1
	done
}

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# ---- a bad value: refused before the book is opened, whatever the command ----
db_snapshot
for bad in abc 1.5 -1 86401 " 3" 10s 99999999999999999999; do
	RECOUP_BUSY_TIMEOUT=$bad expect_exit 2 recoup import invoices "$TMP/invoices.csv"
	expect_stderr_contains "RECOUP_BUSY_TIMEOUT '$bad': expected a whole number of seconds from 0 to 86400"
done
RECOUP_BUSY_TIMEOUT=abc expect_exit 2 recoup aging
expect_stderr_contains "(how long a SQLite writer waits for another's write lock)"
expect_db_unchanged "a refused RECOUP_BUSY_TIMEOUT changed nothing"
# empty is unset, as for RECOUP_DB
RECOUP_BUSY_TIMEOUT='' expect_exit 0 recoup aging

# ---- the wait runs out: the message says why and what sets it ----
hold_write_lock 30
start=$(now_ms)
RECOUP_BUSY_TIMEOUT=1 expect_exit 3 recoup run --as-of 2026-11-17
took=$(($(now_ms) - start))
expect_stderr_contains "database '$RECOUP_DB': starting a transaction: database is locked: busy with another writer"
expect_stderr_contains "gave up after waiting 1 s for its write lock; RECOUP_BUSY_TIMEOUT sets the wait, in seconds"
expect_eq "RECOUP_BUSY_TIMEOUT=1 waited about a second (${took} ms)" yes \
	"$([[ $took -ge 900 && $took -lt 8000 ]] && echo yes || echo no)"
RECOUP_BUSY_TIMEOUT=0 expect_exit 3 recoup import invoices "$TMP/invoices.csv"
expect_stderr_contains "gave up after waiting 0 s for its write lock"
kill "$HOLDER"
wait "$HOLDER" 2>/dev/null || true
expect_db_unchanged "the runs that gave up changed nothing"

# ---- by default a command outlasts a writer that holds the lock past 10 s ----
hold_write_lock 12
start=$(now_ms)
expect_exit 0 recoup run --as-of 2026-11-17
took=$(($(now_ms) - start))
expect_eq "the run waited for the other writer, past SQLite's 10 s (${took} ms)" yes \
	"$([[ $took -ge 10500 ]] && echo yes || echo no)"
wait "$HOLDER" 2>/dev/null || true
expect_eq "the run recorded its day" 1 "$(sql "SELECT count(*) FROM run WHERE run_date = '2026-11-17'")"

finish
