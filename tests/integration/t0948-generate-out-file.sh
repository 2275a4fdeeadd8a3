#!/usr/bin/env bash
# `recoup generate --out PATH` where PATH exists and is not a directory (a
# file typed for the directory) is the input refused: exit 1, a message
# naming it, the file as it was and nothing written beside it; `demo
# --data` the same, before it generates or imports anything. A directory
# that cannot be created (under a file) stays an environment error, exit
# 3, as for export (t0200).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

echo "not a directory" >"$TMP/sample.csv"
expect_exit 1 recoup generate --customers 10 --seed 1 --as-of 2026-11-22 --out "$TMP/sample.csv"
expect_stderr_contains "recoup generate: --out '$TMP/sample.csv' exists and is not a directory (generate writes its CSV files into a directory); nothing written"
expect_eq "the file is as it was" "not a directory" "$(cat "$TMP/sample.csv")"
expect_eq "nothing written beside it" "sample.csv" "$(ls -A "$TMP" | grep -v '^err$\|^out$' | tr '\n' ' ' | sed 's/ $//')"
# a symlink to a file is a file too; to a directory it is the directory
ln -s "$TMP/sample.csv" "$TMP/link"
expect_exit 1 recoup generate --customers 10 --out "$TMP/link"
expect_stderr_contains "--out '$TMP/link' exists and is not a directory"
mkdir "$TMP/dir"
ln -s "$TMP/dir" "$TMP/dirlink"
expect_exit 0 recoup generate --customers 10 --seed 1 --as-of 2026-11-22 --out "$TMP/dirlink"
if [[ -s "$TMP/dir/customers.csv" ]]; then pass "a symlink to a directory is written into"; else fail "a symlink to a directory is written into" "dir/customers.csv" "$(ls "$TMP/dir")"; fi
# under a file: cannot be created, exit 3 as before
expect_exit 3 recoup generate --customers 10 --out "$TMP/sample.csv/sub"
expect_stderr_contains "cannot create directory '$TMP/sample.csv/sub'"

# demo --data: the same refusal, before any database is made or data generated
expect_exit 1 recoup demo --db "$TMP/demo.db" --customers 10 --data "$TMP/sample.csv"
expect_stderr_contains "recoup demo: --data '$TMP/sample.csv' exists and is not a directory"
if [[ -e "$TMP/demo.db" ]]; then fail "demo leaves no database" "none" "$(ls -l "$TMP/demo.db")"; else pass "demo leaves no database"; fi
expect_eq "the file is still as it was" "not a directory" "$(cat "$TMP/sample.csv")"
finish
