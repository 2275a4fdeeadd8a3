#!/usr/bin/env bash
# A database upgraded by a newer recoup (schema_migration lists a migration
# this binary does not have) is refused when opened, exit 3, naming the
# database, the migration and what to do, before anything is applied or
# written: by init, a report, a write, and migrate into such a target.
# Before, every command opened it as its own and wrote into a schema it did
# not know (a newer column left unfilled, a newer constraint not kept).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
recoup import customers "$DATA/import/customers.csv" >/dev/null
sql "INSERT INTO schema_migration (name) VALUES ('9999_from_the_future')"
db_snapshot

for cmd in "init" "aging" "init --tenant other" "import invoices $DATA/import/invoices.csv"; do
	# shellcheck disable=SC2086
	expect_exit 3 recoup $cmd
	expect_stderr_contains "database '$RECOUP_DB' was upgraded by a newer recoup: it has migration 9999_from_the_future"
	expect_stderr_contains "nothing was changed (run the newer recoup, or restore a backup taken before the upgrade)"
	expect_db_unchanged "recoup $cmd: the database is unchanged"
done

# migrate into a target a newer recoup upgraded: refused, the target untouched
SQ="$TMP/source.db"
recoup --db "$SQ" import customers "$DATA/import/customers.csv" >/dev/null
TARGET=$(db_new target)
recoup --db "$TARGET" init >/dev/null
sql "INSERT INTO schema_migration (name) VALUES ('9999_from_the_future')" "$TARGET"
db_snapshot "$TARGET"
expect_exit 3 recoup --db "$SQ" migrate --to "$TARGET"
expect_stderr_contains "database '$TARGET' was upgraded by a newer recoup: it has migration 9999_from_the_future"
expect_db_unchanged "migrate: the target is unchanged" "$TARGET"

# the same database without the stranger opens as before
sql "DELETE FROM schema_migration WHERE name = '9999_from_the_future'"
expect_exit 0 recoup aging
finish
