#!/usr/bin/env bash
# One SQLite book, however it is named. The run lock was a file named after
# the path as typed: a run through a symbolic link (or a relative path
# beside an absolute one) took another lock file, and two runs of one
# tenant went ahead at once. It is named after the real path now. The lock
# file takes the book's mode (and owner, where the process may give it):
# one made by root's command was 0600 root's, and the service user's daily
# runs could not open it. A book with two names (a hard link) is refused by
# every command: SQLite keeps a log per name, and two writers through the
# two names corrupted it ("database disk image is malformed"). Found by an
# operations probe, thirty-second session. SQLite only (PostgreSQL has no
# file names: its lock is an advisory lock, t0611).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-11-16,PLN,70.00
CSV
tenant=$(sql "SELECT id FROM tenant WHERE name = 'default'")

# another process holds the tenant's run lock, as a first run would (t0611)
hold_sqlite_run_lock "$tenant"
holder=$HOLDER
ln -s "$RECOUP_DB" "$TMP/alias.db"
db_snapshot
expect_exit 3 "$RECOUP" --db "$TMP/alias.db" run --as-of 2026-11-17
expect_stderr_contains "another run of this tenant is in progress"
(cd "$(dirname "$RECOUP_DB")" && expect_exit 3 "$RECOUP" --db "./$(basename "$RECOUP_DB")" run --as-of 2026-11-17)
expect_db_unchanged "the runs through other names changed nothing"
kill "$holder"
wait "$holder" 2>/dev/null || true
expect_exit 0 "$RECOUP" --db "$TMP/alias.db" run --as-of 2026-11-17
expect_eq "no lock file by the link's name" "no" "$([[ -e $TMP/alias.db-run.lock ]] && echo yes || echo no)"
expect_eq "the lock file has the book's mode" "$(stat -c %a "$RECOUP_DB")" "$(stat -c %a "$RECOUP_DB-run.lock")"

# a hard link: two names, refused by every command until one is left
ln "$RECOUP_DB" "$TMP/hard.db"
db_snapshot
for cmd in "aging" "run --as-of 2026-11-18"; do
	# shellcheck disable=SC2086
	expect_exit 3 recoup $cmd
	expect_stderr_contains "has 2 names (hard links)"
	# shellcheck disable=SC2086
	expect_exit 3 "$RECOUP" --db "$TMP/hard.db" $cmd
done
expect_db_unchanged "nothing written through either name"
rm "$TMP/hard.db"
expect_exit 0 recoup aging
finish
