#!/usr/bin/env bash
# recoup backup onto a full file system. Each failed try left SQLite's
# files of the copy behind, hidden beside the hidden temporary
# (.DEST.XXXXXX-wal and -shm, or its -journal), taking more of the space that
# was short, and the message ("copying the database: database or disk is
# full", or "disk I/O error") said neither which side was full nor the
# file. Now a failed backup leaves nothing in DEST's folder, and says
# "cannot write 'DEST': No space left on device (the book itself is
# unchanged)". Found by an operations probe. SQLite only: PostgreSQL is
# backed up by pg_dump (recoup refuses, t0450).
#
# The small file systems are tmpfs mounts in a mount namespace of the
# command's own (lib.sh, on_small_fs), so that no mount outlives it.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

for k in customers contacts invoices payments; do recoup import "$k" "$DATA/import/$k.csv" >/dev/null; done
book_kib=$(($(stat -c %s "$RECOUP_DB") / 1024))
db_snapshot

# no room for the copy's first pages
for try in 1 2; do
	on_small_fs 64 "$RECOUP" backup "$TMP/small/copy.db"
	expect_eq "a backup onto a full file system fails, exit 3 (try $try)" 3 "$status"
	expect_stderr_contains "recoup backup: cannot write '$TMP/small/copy.db': No space left on device (the book itself is unchanged)"
	expect_eq "nothing is left in DEST's folder (try $try)" "" "$(cat "$TMP/left")"
done

# room for the copy, not for the -wal and -shm of its switch to a rollback journal
on_small_fs $((book_kib + 20)) "$RECOUP" backup "$TMP/small/copy.db"
expect_eq "a backup whose last step meets the full disk fails, exit 3" 3 "$status"
expect_stderr_contains "recoup backup: cannot write '$TMP/small/copy.db': No space left on device (the book itself is unchanged)"
expect_eq "neither the temporary nor its -wal, -shm or -journal is left" "" "$(cat "$TMP/left")"

# --force over a DEST that is there: it stays as it was
on_small_fs $((book_kib + 20)) bash -c 'printf "old copy\n" >"$1" && "$2" backup --force "$1"; rc=$?; cat "$1"; exit $rc' \
	_ "$TMP/small/copy.db" "$RECOUP"
expect_eq "a backup over an existing DEST fails, exit 3" 3 "$status"
expect_stdout_contains "old copy"
expect_eq "only the old DEST is left" "copy.db" "$(cat "$TMP/left")"

# with room enough, the same command succeeds: the sizes above are what was short
on_small_fs $((book_kib + 256)) "$RECOUP" backup "$TMP/small/copy.db"
expect_eq "a backup with room enough: exit 0" 0 "$status"
expect_eq "the copy alone is left" "copy.db" "$(cat "$TMP/left")"

expect_db_unchanged "the backups that failed changed nothing in the book"
expect_exit 0 recoup check
finish
