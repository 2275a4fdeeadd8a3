#!/usr/bin/env bash
# A SQLite book the process may not write, or on a full disk, says where
# and why. The messages were SQLite's alone: "attempt to write a readonly
# database" (a folder the user may not write: SQLite makes the book's -wal
# and -shm files beside it, even to read; or a book another user owns),
# "unable to open database file" (a file system mounted read-only), "disk
# I/O error" (no room for the -shm) and "database or disk is full" (no
# room for the import's log): none named the folder, the file or the
# cause. Each now does, exit 3, and the book is as it was. Found by an
# operations probe. SQLite only: a PostgreSQL server's disk and
# permissions are its own, and its messages say so.
#
# Root passes file modes by: the refused-permission cases run as nobody
# (lib.sh, as_bound_user). The read-only and the small file systems are
# mounts in a mount namespace of the command's own (in_own_mounts,
# on_small_fs), so that none outlives it.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

for k in customers contacts invoices payments; do recoup import "$k" "$DATA/import/$k.csv" >/dev/null; done
recoup generate --customers 300 --seed 1 --as-of 2026-06-30 --out gen >/dev/null
db_snapshot

# ---- a folder the user may not write: the -wal and -shm cannot be made, even to read ----
mkdir ro
cp "$RECOUP_DB" ro/book.db
[[ $(id -u) != 0 ]] || chown 65534:65534 ro/book.db
chmod 0555 ro
for cmd in aging "import customers $DATA/import/customers.csv"; do
	# shellcheck disable=SC2086
	run as_bound_user "$RECOUP" --db "$TMP/ro/book.db" $cmd
	expect_eq "${cmd%% *} on a book in a read-only folder: exit 3" 3 "$status"
	expect_stderr_contains "database '$TMP/ro/book.db': attempt to write a readonly database: the folder '$TMP/ro' is not writable by this user, and SQLite makes the book's -wal and -shm files there, even to read it"
done
expect_eq "nothing was made in the folder" "book.db" "$(ls -A ro)"
chmod 0755 ro
expect_db_unchanged "the book in the read-only folder is unchanged" "$TMP/ro/book.db"

# ---- a book the user may not write, in a folder it may: read, not written ----
mkdir rw
cp "$RECOUP_DB" rw/book.db
if [[ $(id -u) == 0 ]]; then chmod 0777 rw; else chmod 0444 rw/book.db; fi
run as_bound_user "$RECOUP" --db "$TMP/rw/book.db" aging
expect_eq "aging on a book the user may only read: exit 0" 0 "$status"
run as_bound_user "$RECOUP" --db "$TMP/rw/book.db" import customers "$DATA/import/customers.csv"
expect_eq "an import into it: exit 3" 3 "$status"
expect_stderr_contains "attempt to write a readonly database: the file '$TMP/rw/book.db' is not writable by this user"
expect_db_unchanged "the book the user may not write is unchanged" "$TMP/rw/book.db"

# ---- a file system mounted read-only ----
mkdir rofs
cp "$RECOUP_DB" rofs/book.db
run in_own_mounts bash -c 'mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" && shift && exec "$@"' \
	_ "$TMP/rofs" "$RECOUP" --db "$TMP/rofs/book.db" aging
expect_eq "aging on a read-only file system: exit 3" 3 "$status"
expect_stderr_contains "database '$TMP/rofs/book.db': unable to open database file: the file system holding '$TMP/rofs' is mounted read-only"
expect_stderr_contains "(Read-only file system)"

# ---- a full file system: no room for the -shm, then none for the import's log ----
book_kib=$(($(stat -c %s "$RECOUP_DB") / 1024))
mkdir small.in
cp "$RECOUP_DB" small.in/book.db
on_small_fs "$book_kib" "$RECOUP" --db "$TMP/small/book.db" aging
expect_eq "aging with no room for the -shm: exit 3" 3 "$status"
expect_stderr_contains "database '$TMP/small/book.db': disk I/O error: the file system holding '$TMP/small' is full (No space left on device)"
expect_db_unchanged "the book on a full disk is unchanged (no room for the -shm)" "$TMP/small.out/book.db"

on_small_fs $((book_kib + 64)) "$RECOUP" --db "$TMP/small/book.db" import customers "$TMP/gen/customers.csv"
expect_eq "an import with no room for its log: exit 3" 3 "$status"
expect_stderr_contains "database or disk is full: the file system holding '$TMP/small' is full (No space left on device): free space there"
expect_db_unchanged "the book on a full disk is unchanged (no room for the import)" "$TMP/small.out/book.db"

finish
