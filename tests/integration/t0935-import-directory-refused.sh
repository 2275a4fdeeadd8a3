#!/usr/bin/env bash
# A directory named as the file to import is refused as the input it is
# (exit 1, "it is a directory, not a file"), as the files read whole are
# (t0844): `recoup import customers data/` printed "cannot read 'data/': Is
# a directory" and exited 3, an environment error, as if the disk had failed.
# The same for `rules check --questions DIR`. Nothing is changed, and an
# import that created the database leaves none behind.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

mkdir data
expect_exit 0 recoup import customers "$DATA/import/customers.csv"
db_snapshot
for kind in customers contacts invoices payments credit-notes contact-history flags; do
	expect_exit 1 recoup import "$kind" data
	expect_stderr_contains "recoup import: cannot read 'data': it is a directory, not a file"
done
expect_exit 1 recoup import customers --update data
expect_stderr_contains "cannot read 'data': it is a directory, not a file"
expect_exit 1 recoup import invoices data --rejects rejects.csv
expect_eq "no rejects file" no "$([[ -e rejects.csv ]] && echo yes || echo no)"
expect_exit 1 recoup rules check --questions data
expect_stderr_contains "recoup rules: cannot read 'data': it is a directory, not a file"
expect_db_unchanged "nothing was imported"

if [[ $TEST_BACKEND == sqlite ]]; then
	expect_exit 1 recoup --db fresh.db import customers data
	expect_eq "the database the import would have created is not left behind" no \
		"$([[ -e fresh.db ]] && echo yes || echo no)"
fi

finish
