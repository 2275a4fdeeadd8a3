#!/usr/bin/env bash
# t0170: what a user types after --out, --rejects or --db never destroys,
# truncates or half-writes a file: the database, its -wal/-shm/-journal and
# the input are refused as outputs (by name, through ./ or a symlink); an
# existing file needs --force; a failed write leaves the old file and no
# temporary; a failed command leaves no database it created.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

IMP="$DATA/import"
recoup import customers "$IMP/customers.csv" >/dev/null
recoup import invoices "$IMP/invoices.csv" >/dev/null
cp "$IMP/bad-three-rows.csv" bad.csv
cp "$IMP/invoices.csv" invoices.csv
sha() { sha256sum "$1" | cut -d' ' -f1; }
bad_sha=$(sha bad.csv)

# refused_output DESC MESSAGE CMD...: exit 1, MESSAGE, database and inputs unchanged.
refused_output() {
	local desc=$1 message=$2
	shift 2
	db_snapshot
	local db_size
	db_size=$(stat -c %s "$RECOUP_DB")
	expect_exit 1 "$@"
	expect_stderr_contains "$message"
	expect_db_unchanged "$desc: the database is unchanged"
	expect_eq "$desc: the database file was not truncated" "$db_size" "$(stat -c %s "$RECOUP_DB")"
	expect_eq "$desc: the input is unchanged" "$bad_sha" "$(sha bad.csv)"
}

# ---- the database and its companions are never an output
refused_output "export --out DB" "'$RECOUP_DB' is the database; refusing to write over it" \
	recoup export invoices --out "$RECOUP_DB"
refused_output "export --out ./recoup.db" "'./recoup.db' is the database" \
	recoup export invoices --out ./recoup.db
refused_output "export --out recoup.db --force" "is the database" \
	recoup export invoices --out recoup.db --force
ln -s recoup.db link.db
refused_output "export --out a symlink to the DB" "'link.db' is the database" \
	recoup export invoices --out link.db --force
refused_output "export --out DB-wal" "the database's -wal file" \
	recoup export invoices --out recoup.db-wal --force
refused_output "export --out DB-journal" "the database's -journal file" \
	recoup export invoices --out ./recoup.db-journal
refused_output "import --rejects DB" "is the database" \
	recoup import invoices bad.csv --rejects "$RECOUP_DB" --force
refused_output "import --rejects DB-shm" "the database's -shm file" \
	recoup import invoices bad.csv --rejects recoup.db-shm
refused_output "generate --out into the DB's folder with the DB named invoices.csv" "is the database" \
	recoup --db "$TMP/invoices.csv" generate --customers 3 --seed 1 --as-of 2026-11-22 --out . --force
expect_eq "generate left no customers.csv beside the refused one" "no" "$([[ -e customers.csv ]] && echo yes || echo no)"

# ---- the input is never an output
refused_output "import --rejects INPUT" "'bad.csv' is the file this command reads" \
	recoup import invoices bad.csv --rejects bad.csv --force
refused_output "import --rejects ./INPUT" "is the file this command reads" \
	recoup import invoices bad.csv --rejects ./bad.csv --force
ln -s bad.csv bad-link.csv
refused_output "import --rejects a symlink to the input" "is the file this command reads" \
	recoup import invoices bad.csv --rejects bad-link.csv --force

# ---- an existing file needs --force, and --force really overwrites
recoup export invoices >want.csv
echo "precious" >out.csv
refused_output "export over an existing file" "'out.csv' exists; use --force to overwrite it" \
	recoup export invoices --out out.csv
expect_eq "the existing file is untouched" "precious" "$(cat out.csv)"
expect_exit 0 recoup export invoices --out out.csv --force
expect_same_file "--force replaced the file with the export" want.csv out.csv
expect_exit 0 recoup export invoices --out new.csv
expect_same_file "a new --out file holds the export" want.csv new.csv

echo "old rejects" >rejects.csv
expect_exit 1 recoup import invoices bad.csv --rejects rejects.csv
expect_stderr_contains "'rejects.csv' exists; use --force to overwrite it"
expect_eq "the old rejects file is untouched" "old rejects" "$(cat rejects.csv)"
expect_exit 1 recoup import invoices bad.csv --rejects rejects.csv --force
expect_eq "--force rewrote the rejects file" "line,column,reason" "$(head -1 rejects.csv)"
expect_eq "the input survived --rejects" "$bad_sha" "$(sha bad.csv)"

# a clean import writes no rejects file
expect_exit 0 recoup import invoices invoices.csv --rejects clean-rejects.csv
expect_eq "no rejects file when no row is bad" "no" "$([[ -e clean-rejects.csv ]] && echo yes || echo no)"

# ---- a failed write leaves the old file and no temporary
echo "precious" >keep.csv
expect_exit 3 env RECOUP_TEST_FAIL_COMMIT=1 "$RECOUP" export invoices --out keep.csv --force
expect_stderr_contains "cannot write 'keep.csv'"
expect_eq "a failed export leaves the old file" "precious" "$(cat keep.csv)"
expect_eq "a failed export leaves no temporary" "" "$(ls -A | grep '^\.keep\.csv\.' || true)"
expect_exit 3 env RECOUP_TEST_FAIL_COMMIT=1 "$RECOUP" export invoices --out fresh.csv
expect_eq "a failed export leaves no file" "no" "$([[ -e fresh.csv ]] && echo yes || echo no)"
expect_eq "nor a temporary" "" "$(ls -A | grep '^\.fresh\.csv\.' || true)"

# ---- generate: each file through the same rules
mkdir gen
expect_exit 0 recoup generate --customers 3 --seed 1 --as-of 2026-11-22 --out gen
cp gen/invoices.csv gen-invoices.csv
expect_exit 1 recoup generate --customers 4 --seed 2 --as-of 2026-11-22 --out gen
expect_stderr_contains "exists; use --force to overwrite it"
expect_same_file "a refused generate leaves the old files" gen-invoices.csv gen/invoices.csv
expect_exit 0 recoup generate --customers 4 --seed 2 --as-of 2026-11-22 --out gen --force
expect_eq "generate --force rewrote the files" 1 "$(grep -c '^C0000004,' gen/customers.csv)"

# ---- --db traps
: >empty.db
expect_exit 3 recoup --db empty.db aging
expect_stderr_contains "'empty.db' is empty, not a recoup database"
expect_eq "the empty file stays empty" 0 "$(stat -c %s empty.db)"
expect_exit 3 recoup --db empty.db export invoices
expect_eq "export too leaves it empty" 0 "$(stat -c %s empty.db)"

expect_exit 2 recoup --db '' aging
expect_stderr_contains "--db is empty"

mkdir fresh && cd fresh
expect_exit 1 env RECOUP_DB= "$RECOUP" import invoices ../bad.csv
expect_eq "a refused import with RECOUP_DB='' leaves no database" "" "$(ls -A)"
expect_exit 1 recoup --db new.db import invoices ../bad.csv
expect_eq "a refused import into a new --db leaves nothing" "" "$(ls -A)"
expect_exit 1 recoup --db new.db import invoices ../u-missing.csv
expect_eq "an unreadable input leaves no database either" "" "$(ls -A)"
expect_exit 0 recoup --db new.db init
expect_eq "init creates the database" "yes" "$([[ -s new.db ]] && echo yes || echo no)"
cd ..

: >empty2.db
expect_exit 1 recoup --db empty2.db import invoices bad.csv
expect_eq "a refused import leaves an empty --db empty" 0 "$(stat -c %s empty2.db)"

# "file:NAME" is the file of that name, not SQLite's URI of NAME: the checks and the book agree
mkdir uri && cd uri
expect_exit 0 recoup --db file:u.db init
expect_eq "init creates the file named file:u.db, not u.db" "file:u.db" "$(ls -A)"
expect_exit 0 recoup --db file:u.db import customers "$IMP/customers.csv"
expect_exit 0 recoup --db file:u.db check
expect_exit 1 recoup --db file:u.db export customers --out file:u.db --force
expect_stderr_contains "database"
expect_exit 0 recoup --db ./file:u.db check
expect_eq "the book kept its customers" "$(grep -c . "$IMP/customers.csv" | awk '{ print $1 - 1 }')" \
	"$(recoup --db file:u.db export customers | tail -n +2 | wc -l)"
cd ..

finish
