#!/usr/bin/env bash
# The PostgreSQL schema (src/store/migrations/postgres/) against the SQLite
# one: `recoup init --db postgresql://...` applies it, and its tables hold
# the same columns, in the same order, with the same nullability, as a
# fresh SQLite database's. Tenant-first keys (docs/internals.md): every
# tenant-owned table has a primary key leading with tenant_id and every
# foreign key carries it; the checks also run on a broken scratch schema to
# prove they can fail. Then the database itself: cross-tenant references,
# the append-only tables and the invoice's fixed money columns are refused.
#
# Runs on a throw-away cluster: without RECOUP_PG_URL the script runs
# itself again under tests/pg/with-cluster, which stops the cluster however
# the script ends.
set -euo pipefail
if [[ -z ${RECOUP_PG_URL:-} ]]; then
	exec "$SRCDIR/tests/pg/with-cluster" bash "$0" "$@"
fi
source "$SRCDIR/tests/integration/lib.sh"

GLOBAL_TABLES="'tenant', 'schema_migration'"

psql_q() { # psql_q SQL: rows as a|b|c, no headers; stops on the first error
	psql "$RECOUP_PG_URL" -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -c "$1"
}

# --- init creates the schema, and a second init changes nothing ---
run recoup init --db "$RECOUP_PG_URL"
expect_eq "recoup init --db postgresql://... succeeds" "0" "$status"
expect_stdout_contains "(postgresql) is ready"
run recoup init --db "$RECOUP_PG_URL" --tenant acme
expect_eq "a second init (another tenant) succeeds" "0" "$status"
migrations=$(cd "$SRCDIR/src/store/migrations/postgres" && ls -- *.sql | sed 's/\.sql$//' | LC_ALL=C sort)
expect_eq "each migration is recorded once" "$migrations" "$(psql_q "SELECT name FROM schema_migration ORDER BY name COLLATE \"C\"")"
run recoup init --db "${RECOUP_PG_URL/recoup@/recoup:secret@}/nonexistent"
expect_eq "a database that does not exist is an environment error" "3" "$status"
if grep -q secret err; then
	fail "the password is not shown in messages" "$(cat err)"
else
	pass "the password is not shown in messages"
fi
# nor on success: init prints the database it made ready (trust auth takes any password)
run recoup init --db "${RECOUP_PG_URL/recoup@/recoup:secret@}"
expect_eq "init with a password in the URL succeeds" "0" "$status"
if grep -q secret "$TMP/out"; then
	fail "init's report does not show the password" "$(cat "$TMP/out")"
else
	pass "init's report does not show the password"
fi

# --- the same tables and columns as SQLite ---
expect_exit 0 recoup init
sqlite3 "$RECOUP_DB" "
SELECT t.name || '|' || c.name || '|' || CASE WHEN c.\"notnull\" OR c.pk THEN 'NOT NULL' ELSE 'NULL' END
  FROM pragma_table_list t, pragma_table_info(t.name) c
 WHERE t.schema = 'main' AND t.type = 'table' AND t.name NOT LIKE 'sqlite\_%' ESCAPE '\\'
 ORDER BY t.name, c.cid" >sqlite.columns
psql_q "
SELECT c.table_name, c.column_name, CASE c.is_nullable WHEN 'YES' THEN 'NULL' ELSE 'NOT NULL' END
  FROM information_schema.columns c
  JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
 WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'
 ORDER BY c.table_name COLLATE \"C\", c.ordinal_position" >pg.columns
if (( $(wc -l <sqlite.columns) >= 100 )); then
	pass "the SQLite schema is read ($(wc -l <sqlite.columns) columns)"
else
	fail "the SQLite schema is read" "$(cat sqlite.columns)"
fi
expect_same_file "PostgreSQL has SQLite's tables and columns, in order, with the same nullability" \
	sqlite.columns pg.columns

# schema_violations SCHEMA: one line per tenant-owned table or foreign key
# of SCHEMA that breaks the tenant-first rule; nothing when it keeps it.
schema_violations() {
	psql_q "
	WITH t AS (
	  SELECT c.oid, c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	   WHERE n.nspname = '$1' AND c.relkind = 'r' AND c.relname NOT IN ($GLOBAL_TABLES)
	), fk AS (
	  SELECT t.relname, k.conname, k.confrelid::regclass::text AS parent,
	         (SELECT string_agg(a.attname, ', ' ORDER BY x.i) FROM unnest(k.conkey) WITH ORDINALITY x(n, i)
	            JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = x.n) AS cols,
	         EXISTS (SELECT 1 FROM unnest(k.conkey, k.confkey) y(ck, pk)
	                   JOIN pg_attribute ca ON ca.attrelid = k.conrelid AND ca.attnum = y.ck
	                   JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = y.pk
	                  WHERE ca.attname = 'tenant_id'
	                    AND (pa.attname = 'tenant_id' OR (k.confrelid::regclass::text ~ '(^|\.)tenant$'
	                                                      AND pa.attname = 'id'))) AS carries
	    FROM t JOIN pg_constraint k ON k.conrelid = t.oid AND k.contype = 'f'
	)
	SELECT relname || ': no primary key leading with tenant_id' FROM t
	 WHERE NOT EXISTS (SELECT 1 FROM pg_constraint k JOIN pg_attribute a ON a.attrelid = k.conrelid
	                                                 AND a.attnum = k.conkey[1]
	                    WHERE k.conrelid = t.oid AND k.contype = 'p' AND a.attname = 'tenant_id')
	UNION ALL
	SELECT relname || ': tenant_id is checked by no foreign key' FROM t
	 WHERE NOT EXISTS (SELECT 1 FROM fk WHERE fk.relname = t.relname AND fk.carries)
	UNION ALL
	SELECT relname || ': foreign key (' || cols || ') -> ' || parent || ' does not carry tenant_id'
	  FROM fk WHERE NOT carries
	ORDER BY 1"
}

tables=$(psql_q "SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ($GLOBAL_TABLES)")
if (( tables >= 12 )); then
	pass "the check sees the tenant-owned tables ($tables)"
else
	fail "the check sees the tenant-owned tables" "only $tables"
fi
run schema_violations public
expect_stdout "every tenant-owned table has a tenant-first primary key and tenant-carrying foreign keys" </dev/null
expect_eq "the check ran without error" "0:" "$status:$(cat err)"

psql_q "
CREATE SCHEMA scratch;
CREATE TABLE scratch.tenant (id bigint PRIMARY KEY);
CREATE TABLE scratch.good (id bigint, tenant_id bigint NOT NULL REFERENCES scratch.tenant (id), PRIMARY KEY (tenant_id, id));
CREATE TABLE scratch.no_tenant (id bigint PRIMARY KEY);
CREATE TABLE scratch.id_first (id bigint, tenant_id bigint NOT NULL REFERENCES scratch.tenant (id), PRIMARY KEY (id, tenant_id));
CREATE TABLE scratch.single_fk (id bigint, tenant_id bigint NOT NULL REFERENCES scratch.tenant (id), good_id bigint,
  PRIMARY KEY (tenant_id, id), UNIQUE (good_id));
CREATE TABLE scratch.wrong_fk (id bigint, tenant_id bigint NOT NULL, other_tenant bigint, good_id bigint,
  PRIMARY KEY (tenant_id, id), FOREIGN KEY (other_tenant, good_id) REFERENCES scratch.good (tenant_id, id));
ALTER TABLE scratch.good ADD UNIQUE (id);
ALTER TABLE scratch.single_fk ADD FOREIGN KEY (good_id) REFERENCES scratch.good (id);" >/dev/null
run schema_violations scratch
expect_stdout "the check reports every table and foreign key that breaks the rule" <<'EOF'
id_first: no primary key leading with tenant_id
no_tenant: no primary key leading with tenant_id
no_tenant: tenant_id is checked by no foreign key
single_fk: foreign key (good_id) -> scratch.good does not carry tenant_id
wrong_fk: foreign key (other_tenant, good_id) -> scratch.good does not carry tenant_id
wrong_fk: tenant_id is checked by no foreign key
EOF
psql_q "DROP SCHEMA scratch CASCADE" >/dev/null

# --- what the database itself refuses ---
A=$(psql_q "SELECT id FROM tenant WHERE name = 'default'")
B=$(psql_q "SELECT id FROM tenant WHERE name = 'acme'")
psql_q "
INSERT INTO customer (tenant_id, ref, name, kind, country, currency) VALUES ($A, 'C1', 'A', 'company', 'GB', 'GBP'),
  ($B, 'C1', 'B', 'company', 'GB', 'GBP');
INSERT INTO invoice (tenant_id, ref, customer_id, issue_date, due_date, currency, amount, balance)
  SELECT tenant_id, 'I1', id, '2026-09-01', '2026-10-01', 'GBP', 100, 100 FROM customer;
INSERT INTO ledger_entry (tenant_id, customer_id, invoice_id, kind, amount, currency, date)
  SELECT tenant_id, customer_id, id, 'credit_note', -10, 'GBP', '2026-10-02' FROM invoice;
INSERT INTO record_change (tenant_id, customer_id, entity, ref, field, old_value, new_value, changed_by, changed_at)
  SELECT tenant_id, id, 'customer', ref, 'name', 'x', 'y', 'test', now() FROM customer;" >/dev/null
A_C1=$(psql_q "SELECT id FROM customer WHERE tenant_id = $A")

refused() { # refused DESC MESSAGE SQL: SQL fails, saying MESSAGE
	run psql_q "$3"
	if [[ $status != 0 ]] && grep -q "$2" err; then
		pass "refused: $1"
	else
		fail "refused: $1" "exit $status; stderr: $(cat err)"
	fi
}
refused "an invoice of tenant B for A's customer" "violates foreign key constraint" \
	"INSERT INTO invoice (tenant_id, ref, customer_id, issue_date, due_date, currency, amount, balance)
	 VALUES ($B, 'X1', $A_C1, '2026-09-01', '2026-10-01', 'GBP', 100, 100)"
refused "a contact of tenant B for A's customer" "violates foreign key constraint" \
	"INSERT INTO contact (tenant_id, ref, customer_id, role) VALUES ($B, 'K9', $A_C1, 'other')"
refused "updating a ledger entry" "ledger entries are never updated" "UPDATE ledger_entry SET amount = -11"
refused "deleting a ledger entry" "ledger entries are never deleted" "DELETE FROM ledger_entry"
refused "truncating the ledger" "ledger entries are never deleted" "TRUNCATE ledger_entry"
refused "updating a change" "changes are never updated" "UPDATE record_change SET new_value = 'z'"
refused "deleting a change" "changes are never deleted" "DELETE FROM record_change"
refused "changing an invoice's amount" "amount, currency, customer and ref never change" \
	"UPDATE invoice SET amount = 200"
refused "a ledger entry of an unknown kind" "violates check constraint" \
	"INSERT INTO ledger_entry (tenant_id, customer_id, kind, amount, currency, date)
	 VALUES ($A, $A_C1, 'gift', 1, 'GBP', '2026-10-02')"
run psql_q "UPDATE invoice SET balance = 90 WHERE tenant_id = $A"
expect_eq "an invoice's balance can move" "0" "$status"
expect_eq "the ledger view shows every invoice's opening entry and its movements" \
	"$A|invoice|100
$A|credit_note|-10" \
	"$(psql_q "SELECT tenant_id, kind, amount FROM ledger WHERE tenant_id = $A ORDER BY kind = 'credit_note'")"

finish
