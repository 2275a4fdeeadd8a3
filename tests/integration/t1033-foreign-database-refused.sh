#!/usr/bin/env bash
# A database that holds another program's tables and none of recoup's is
# refused by every command, exit 3, naming it, and nothing is written: a
# report on it (`recoup --db other-app.db aging`) applied every migration,
# created the tenant `default` beside the other program's tables, and
# printed an empty book with exit 0; on PostgreSQL the same in the
# database's schema. An empty file was refused already (t0110); a new
# database (no table at all) is still made recoup's by init and imports.
# Found by an operations probe, thirty-second session.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

OTHER=$(db_new other)
sql "CREATE TABLE ledger (id integer PRIMARY KEY, amount integer)" "$OTHER"
sql "INSERT INTO ledger VALUES (1, 250)" "$OTHER"
db_snapshot "$OTHER"
for cmd in "aging" "init" "import customers $DATA/import/customers.csv" "check"; do
	# shellcheck disable=SC2086
	expect_exit 3 recoup --db "$OTHER" $cmd
	expect_stderr_contains "is not a recoup database"
	expect_stderr_contains "(such as 'ledger')"
	expect_db_unchanged "recoup $cmd: the other program's database is as it was" "$OTHER"
done
expect_eq "its table holds what it held" "1|250" "$(sql "SELECT id || '|' || amount FROM ledger" "$OTHER")"

# a new database is made recoup's, and then opened as such
NEW=$(db_new fresh)
expect_exit 0 recoup --db "$NEW" init
expect_exit 0 recoup --db "$NEW" aging
finish
