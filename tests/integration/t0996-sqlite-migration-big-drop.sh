#!/usr/bin/env bash
# A migration that drops a large index applies. A statement keeps the first
# images of the pages it changes in its statement journal; with SQLite
# 3.40.1 and a statement journal kept in memory up to more than SQLite's
# 64 KiB before it spills to a file (SQLITE_CONFIG_STMTJRNL_SPILL, 4 MiB
# here until now), a DROP INDEX of a few hundred pages failed at the spill
# with "database or disk is full": migration 0043, which drops
# run_watch_due, failed so on the 1,000,000-customer book, and so did 0042
# (action_invoice's index). The statement journal is now kept in memory
# whole (store/sqlite/db.c, sqlite_setup). Here the index is put back,
# filled to a few hundred pages, and the migration that drops it recorded
# as not applied.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

expect_exit 0 recoup init
sqlite3 "$RECOUP_DB" "
WITH RECURSIVE x(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM x WHERE i < 400000)
INSERT INTO run_watch(tenant_id, customer_id, next_date, accounts, snap)
  SELECT 1, i, date('2026-11-01', '+' || (i % 90) || ' days'), 1, '' FROM x;
CREATE INDEX run_watch_due ON run_watch(tenant_id, next_date) WHERE next_date IS NOT NULL;
DELETE FROM schema_migration WHERE name = '0043_run_watch_scan';
PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
pages=$(sqlite3 "$RECOUP_DB" "SELECT count(*) FROM dbstat WHERE name = 'run_watch_due'")
if (( pages > 300 )); then
	pass "the index takes $pages pages of 16 KiB"
else
	fail "the index takes more than 300 pages" "$pages"
fi
expect_exit 0 recoup user list
expect_eq "the migration is recorded" "0043_run_watch_scan" \
	"$(sqlite3 "$RECOUP_DB" "SELECT name FROM schema_migration WHERE name = '0043_run_watch_scan'")"
expect_eq "the index is gone" "0" \
	"$(sqlite3 "$RECOUP_DB" "SELECT count(*) FROM sqlite_master WHERE name = 'run_watch_due'")"
expect_eq "the rows stay" "400000" "$(sqlite3 "$RECOUP_DB" "SELECT count(*) FROM run_watch")"
expect_eq "the file is whole" "ok" "$(sqlite3 "$RECOUP_DB" "PRAGMA integrity_check")"
finish
