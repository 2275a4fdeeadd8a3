#!/usr/bin/env bash
# Migration 0004 (tenant-first keys) upgrades a database written before it:
# the data, the exports, the aging and the history are the same after, the
# schema is the one a fresh database gets, and a database that already
# holds a cross-tenant reference is refused whole, left as it was.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

MIGRATIONS="$SRCDIR/src/store/migrations"
TABLES=(tenant import_batch customer contact invoice payment ledger_entry contact_attempt
	customer_flag rules_profile tenant_closed_day record_change)

# old_schema DB: a database as the releases before 0004 left it (0001-0003
# applied, each recorded as store_sqlite_open records it).
old_schema() {
	local m name
	# the text of src/store/sqlite.c's migrate(), so that the schemas compare equal
	sqlite3 -bail "$1" "CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))"
	for m in "$MIGRATIONS"/000[123]_*.sql; do
		name=$(basename "$m" .sql)
		{ echo "BEGIN;"; cat "$m"; echo "INSERT INTO schema_migration(name) VALUES ('$name'); COMMIT;"; } |
			sqlite3 -bail "$1"
	done
}

# old_columns TABLE: its columns in the old schema (later migrations add some)
old_columns() {
	[[ -f "$TMP/cols.db" ]] || old_schema "$TMP/cols.db"
	sqlite3 "$TMP/cols.db" "SELECT group_concat(name, ', ') FROM pragma_table_info('$1')"
}

# --- a database with a bit of everything, written by this release ---
expect_exit 0 recoup init --tenant acme
expect_exit 0 recoup init --tenant zenith
for t in acme zenith; do
	expect_exit 0 recoup --tenant $t import customers "$DATA/import/customers.csv"
	expect_exit 0 recoup --tenant $t import contacts "$DATA/import/contacts.csv"
	expect_exit 0 recoup --tenant $t import invoices "$DATA/import/invoices.csv"
	expect_exit 0 recoup --tenant $t import payments "$DATA/import/payments-returned.csv" --as-of 2026-11-30
done
expect_exit 0 recoup --tenant zenith contact log --contact K-001 --channel call --outcome no_answer \
	--at 2026-11-20T14:00:00Z --invoice I-001
expect_exit 0 recoup --tenant zenith contact log --contact K-001 --channel call --outcome no_answer \
	--at 2026-11-21T14:00:00Z
expect_exit 0 recoup --tenant acme customer flag C001 dispute --invoice I-002 --by tester --at 2026-11-21T10:00:00Z
expect_exit 0 recoup --tenant zenith customer set C001 name="Acme Renamed" --by tester
expect_eq "the fixture has attempts about invoices" 1 "$(sql "SELECT count(*) > 0 FROM attempt_invoice")"

# --- the same rows in a database of the old schema ---
new="$RECOUP_DB"
old="$TMP/old.db"
old_schema "$old"
{
	echo "ATTACH '$new' AS n; BEGIN;"
	for t in "${TABLES[@]}"; do
		echo "INSERT INTO main.$t SELECT $(old_columns "$t") FROM n.$t;"
	done
	echo "INSERT INTO main.contact_attempt_invoice(attempt_id, invoice_id) SELECT attempt_id, invoice_id FROM n.attempt_invoice;"
	echo "COMMIT;"
} | sqlite3 -bail "$old"
expect_eq "the old database has no 0004 yet" 0 \
	"$(sql "SELECT count(*) FROM schema_migration WHERE name = '0004_tenant_keys'" "$old")"

# --- opening it upgrades it ---
for t in acme zenith; do
	expect_exit 0 recoup --db "$old" --tenant $t check
done
expect_eq "0004 is recorded" 1 "$(sql "SELECT count(*) FROM schema_migration WHERE name = '0004_tenant_keys'" "$old")"

schema_of() {
	sql "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name" "$1"
}
schema_of "$new" >schema-new.txt
schema_of "$old" >schema-old.txt
expect_same_file "the upgraded schema is the schema of a fresh database" schema-new.txt schema-old.txt

# the columns the old database was given (later migrations add columns it
# could not hold, such as who logged an attempt: 0011)
for t in "${TABLES[@]}" attempt_invoice; do
	cols='*'
	[[ $t != attempt_invoice ]] && cols=$(old_columns "$t")
	sql "SELECT $cols FROM $t ORDER BY 1, 2, 3" "$new" >rows-new.txt
	sql "SELECT $cols FROM $t ORDER BY 1, 2, 3" "$old" >rows-old.txt
	expect_same_file "$t: the same rows after the upgrade" rows-new.txt rows-old.txt
done
run sqlite3 "$old" "PRAGMA foreign_key_check"
expect_eq "no foreign key is broken after the upgrade" "0::" "$status:$(cat out):$(cat err)"

for t in acme zenith; do
	for what in customers contacts invoices payments; do
		recoup --db "$new" --tenant $t export $what >exp-new.csv
		recoup --db "$old" --tenant $t export $what >exp-old.csv
		expect_same_file "$t: export $what is the same" exp-new.csv exp-old.csv
	done
	recoup --db "$new" --tenant $t aging --as-of 2026-11-30 --by customer --format csv >aging-new.csv
	recoup --db "$old" --tenant $t aging --as-of 2026-11-30 --by customer --format csv >aging-old.csv
	expect_same_file "$t: aging is the same" aging-new.csv aging-old.csv
	# what the old schema did not record (who logged, the callback, the rules' breach) is not compared
	for side in new old; do
		db=$new
		[[ $side == old ]] && db=$old
		recoup --db "$db" --tenant $t contact history --customer C001 --format json |
			python3 -c 'import json, sys
h = json.load(sys.stdin)
for a in h["attempts"]:
    for k in ("logged_by", "callback_at", "rules_breach"):
        a.pop(k, None)
print(json.dumps(h, sort_keys=True, indent=1))' >"hist-$side.json"
	done
	expect_same_file "$t: contact history is the same" hist-new.json hist-old.json
done

# --- a database that already points across tenants is refused whole ---
bad="$TMP/bad.db"
old_schema "$bad"
{
	echo "ATTACH '$new' AS n; BEGIN;"
	for t in "${TABLES[@]}"; do
		echo "INSERT INTO main.$t SELECT $(old_columns "$t") FROM n.$t;"
	done
	# an invoice of zenith for acme's customer: the old keys let it in
	echo "INSERT INTO invoice(tenant_id, ref, customer_id, issue_date, due_date, currency, amount, balance)
	      SELECT z.id, 'CROSS-1', c.id, '2026-09-01', '2026-10-01', 'USD', 100, 100
	        FROM tenant z, customer c JOIN tenant a ON a.id = c.tenant_id
	       WHERE z.name = 'zenith' AND a.name = 'acme' AND c.ref = 'C001';"
	echo "COMMIT;"
} | sqlite3 -bail "$bad"
db_snapshot "$bad"
expect_exit 3 recoup --db "$bad" --tenant acme check
expect_stderr_contains "migration 0004_tenant_keys"
expect_stderr_contains "FOREIGN KEY constraint failed"
expect_db_unchanged "the refused upgrade leaves the database as it was" "$bad"

finish
