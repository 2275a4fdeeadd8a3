#!/usr/bin/env bash
# No command writes over the database's run lock (DB-run.lock), as none writes
# over the database or its -wal: every output is a new file renamed into place,
# so `export --out DB-run.lock --force` made a new lock file while a run held
# the old one, and the next run or assign locked the new one and went ahead
# beside it. It is refused, naming the file and what it is, and the lock holds.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-11-16,PLN,70.00
CSV
recoup user add ann --role collector >/dev/null
tenant=$(sql "SELECT id FROM tenant WHERE name = 'default'")

# a process holding the tenant's run lock stands in for a run in progress (as in t0611)
hold_sqlite_run_lock "$tenant"
holder=$HOLDER
lock_inode=$(stat -c %i "$RECOUP_DB-run.lock")

db_snapshot
for cmd in "export customers --out" "backup" "export invoices --format json --out"; do
	# shellcheck disable=SC2086
	expect_exit 1 recoup $cmd "$RECOUP_DB-run.lock" --force
	expect_stderr_contains "is the database's run lock; refusing to write over it"
done
expect_exit 1 recoup export customers --out "./$(basename "$RECOUP_DB")-run.lock" --force
expect_stderr_contains "is the database's run lock '$RECOUP_DB-run.lock'"
expect_eq "the lock file is the one the holder locked" "$lock_inode" "$(stat -c %i "$RECOUP_DB-run.lock")"
expect_exit 3 recoup assign --as-of 2026-11-17
expect_stderr_contains "the daily run or another assign of this tenant is in progress"
expect_exit 3 recoup run --as-of 2026-11-17
expect_db_unchanged "and nothing was written"
finish
