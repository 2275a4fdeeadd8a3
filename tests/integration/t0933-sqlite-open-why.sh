#!/usr/bin/env bash
# A SQLite database that cannot be opened says why: --db naming a directory,
# or a file in a directory that does not exist, printed only SQLite's
# "unable to open database file", which names neither. The message now ends
# with the system's reason; the exit code stays 3 (environment) and init
# leaves nothing behind.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

mkdir folder
run recoup --db folder aging
expect_eq "a directory as the database: exit 3" 3 "$status"
expect_stderr_contains "database 'folder': cannot open: unable to open database file (Is a directory)"

run recoup --db folder init
expect_eq "init on a directory: exit 3" 3 "$status"
expect_stderr_contains "(Is a directory)"
expect_eq "the directory is left empty" "" "$(ls -A folder)"

run recoup --db nowhere/recoup.db init
expect_eq "init in a directory that does not exist: exit 3" 3 "$status"
expect_stderr_contains "database 'nowhere/recoup.db': cannot open: unable to open database file (No such file or directory)"
expect_eq "nothing is created" "no" "$([[ -e nowhere ]] && echo yes || echo no)"

run recoup --db nowhere/recoup.db import customers "$DATA/import/customers.csv"
expect_eq "an import into it: exit 3" 3 "$status"
expect_stderr_contains "(No such file or directory)"

finish
