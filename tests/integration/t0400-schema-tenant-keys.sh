#!/usr/bin/env bash
# Tenant-first keys (migration 0004, docs/internals.md "Tenant-first keys"):
# every tenant-owned table has a tenant_id column and a primary or unique
# key that leads with it, and every foreign key carries tenant_id into the
# parent's tenant_id, so the database refuses a row that points at another
# tenant's row. The checks read the schema of a fresh database; they are
# also run on a deliberately broken scratch schema to prove they can fail.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

# Tables that belong to no tenant, and why. Nothing else may lack the key.
GLOBAL_TABLES=(
	tenant           # the tenants themselves (a reference table under Citus)
	schema_migration # which migrations this database has applied
)

# schema_violations DB: one line per table or foreign key that breaks the
# rule; nothing when the schema keeps it. tenant_id must go into some
# foreign key: REFERENCES tenant(id), or a composite key to a parent whose
# own tenant_id is checked. SQLite's own tables (sqlite_*)
# and views are not tables of ours.
schema_violations() {
	local globals="" g
	for g in "${GLOBAL_TABLES[@]}"; do
		globals+="${globals:+, }'$g'"
	done
	sqlite3 -bail "$1" "
	WITH t AS (
	  SELECT name FROM pragma_table_list
	   WHERE schema = 'main' AND type = 'table'
	     AND name NOT LIKE 'sqlite\_%' ESCAPE '\\' AND name NOT IN ($globals)
	)
	SELECT name || ': no tenant_id column' FROM t
	 WHERE NOT EXISTS (SELECT 1 FROM pragma_table_info(t.name) c WHERE c.name = 'tenant_id')
	UNION ALL
	SELECT name || ': no primary or unique key leading with tenant_id' FROM t
	 WHERE NOT EXISTS (SELECT 1 FROM pragma_index_list(t.name) il, pragma_index_info(il.name) ii
	                    WHERE il.\"unique\" = 1 AND il.partial = 0 AND ii.seqno = 0 AND ii.name = 'tenant_id')
	   AND NOT EXISTS (SELECT 1 FROM pragma_table_info(t.name) c
	                    WHERE c.pk = 1 AND c.name = 'tenant_id')
	UNION ALL
	SELECT name || ': tenant_id is checked by no foreign key' FROM t
	 WHERE EXISTS (SELECT 1 FROM pragma_table_info(t.name) c WHERE c.name = 'tenant_id')
	   AND NOT EXISTS (SELECT 1 FROM pragma_foreign_key_list(t.name) f WHERE f.\"from\" = 'tenant_id')
	UNION ALL
	SELECT * FROM (
	  SELECT t.name || ': foreign key (' || group_concat(f.\"from\", ', ') || ') -> ' || f.\"table\"
	         || ' does not carry tenant_id'
	    FROM t, pragma_foreign_key_list(t.name) f
	   GROUP BY t.name, f.id
	  HAVING sum(f.\"from\" = 'tenant_id' AND (f.\"to\" = 'tenant_id' OR (f.\"table\" = 'tenant' AND f.\"to\" = 'id'))) = 0
	)
	ORDER BY 1;"
}

# --- a fresh database keeps the rule ---
expect_exit 0 recoup init --tenant acme
expect_exit 0 recoup init --tenant zenith

for g in "${GLOBAL_TABLES[@]}"; do
	expect_eq "global table $g exists (the exception list names real tables)" 1 \
		"$(sql "SELECT count(*) FROM pragma_table_list WHERE name = '$g' AND type = 'table'")"
done
tables=$(sql "SELECT count(*) FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite\_%' ESCAPE '\\'")
if (( tables >= 12 )); then
	pass "the check sees the tables of the schema ($tables)"
else
	fail "the check sees the tables of the schema" "only $tables tables"
fi
run schema_violations "$RECOUP_DB"
expect_stdout "every tenant-owned table has a tenant-first key and tenant-carrying foreign keys" </dev/null
expect_eq "the check ran without error" 0 "$status"
# foreign_key_check fails with "foreign key mismatch" when a parent key has
# no unique index, which a composite foreign key needs.
run sqlite3 "$RECOUP_DB" "PRAGMA foreign_key_check"
expect_eq "every foreign key has a unique parent key" "0:" "$status:$(cat err)"

# --- the check reports a schema that breaks the rule ---
scratch="$TMP/scratch.db"
sqlite3 "$scratch" "
CREATE TABLE tenant (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE good (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL REFERENCES tenant(id), UNIQUE (tenant_id, id));
CREATE TABLE good_child (tenant_id INTEGER NOT NULL REFERENCES tenant(id), good_id INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, good_id), FOREIGN KEY (tenant_id, good_id) REFERENCES good (tenant_id, id)) WITHOUT ROWID;
CREATE TABLE no_tenant (id INTEGER PRIMARY KEY, ref TEXT UNIQUE);
CREATE TABLE id_first (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL REFERENCES tenant(id), UNIQUE (id, tenant_id));
CREATE TABLE partial_key (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, ref TEXT);
CREATE UNIQUE INDEX partial_key_ref ON partial_key(tenant_id, ref) WHERE ref IS NOT NULL;
CREATE TABLE single_fk (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL REFERENCES tenant(id),
  good_id INTEGER REFERENCES good(id), UNIQUE (tenant_id, id));
CREATE TABLE wrong_fk (id INTEGER PRIMARY KEY, tenant_id INTEGER NOT NULL, other_tenant INTEGER, good_id INTEGER,
  UNIQUE (tenant_id, id), FOREIGN KEY (other_tenant, good_id) REFERENCES good (tenant_id, id));
CREATE TABLE schema_migration (name TEXT PRIMARY KEY);"
run schema_violations "$scratch"
expect_stdout "the check reports every table and foreign key that breaks the rule" <<'EOF'
id_first: no primary or unique key leading with tenant_id
no_tenant: no primary or unique key leading with tenant_id
no_tenant: no tenant_id column
partial_key: no primary or unique key leading with tenant_id
partial_key: tenant_id is checked by no foreign key
single_fk: foreign key (good_id) -> good does not carry tenant_id
wrong_fk: foreign key (other_tenant, good_id) -> good does not carry tenant_id
wrong_fk: tenant_id is checked by no foreign key
EOF

# --- the database refuses a reference to another tenant's row ---
cat >customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,currency
C1,Alpha Ltd,company,GB,Europe/London,GBP
CSV
cat >contacts.csv <<'CSV'
customer_ref,contact_ref,role,name,phone
C1,K1,accounts_payable,Mary Smith,+44 20 7946 0000
CSV
cat >invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-09-01,2026-10-01,GBP,100.00
CSV
cat >payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,currency,amount,status
P1,C1,I1,2026-10-05,GBP,40.00,cleared
CSV
for t in acme zenith; do
	expect_exit 0 recoup --tenant $t import customers customers.csv
	expect_exit 0 recoup --tenant $t import contacts contacts.csv
	expect_exit 0 recoup --tenant $t import invoices invoices.csv
	expect_exit 0 recoup --tenant $t import payments payments.csv --as-of 2026-11-30
done
# the attempt's invoices are written with the attempt's tenant
expect_exit 0 recoup --tenant zenith contact log --contact K1 --channel call --outcome no_answer \
	--at 2026-11-20T14:00:00Z --invoice I1
expect_eq "the attempt's invoice is stored under the attempt's tenant" 1 \
	"$(sql "SELECT count(*) FROM attempt_invoice x JOIN tenant t ON t.id = x.tenant_id
	         JOIN invoice i ON i.tenant_id = x.tenant_id AND i.id = x.invoice_id
	        WHERE t.name = 'zenith' AND i.ref = 'I1'")"
run recoup --tenant zenith contact history --customer C1 --format json
expect_stdout_contains '"I1"'

A=$(sql "SELECT id FROM tenant WHERE name = 'acme'")
B=$(sql "SELECT id FROM tenant WHERE name = 'zenith'")
id_of() { # id_of TABLE TENANT REF
	sql "SELECT id FROM $1 WHERE tenant_id = $2 AND ref = '$3'"
}
A_C1=$(id_of customer "$A" C1) A_K1=$(id_of contact "$A" K1) A_I1=$(id_of invoice "$A" I1) A_P1=$(id_of payment "$A" P1)
B_C1=$(id_of customer "$B" C1) B_K1=$(id_of contact "$B" K1) B_I1=$(id_of invoice "$B" I1) B_P1=$(id_of payment "$B" P1)
B_ATTEMPT=$(sql "SELECT id FROM contact_attempt WHERE tenant_id = $B")
expect_eq "the two tenants' rows have different ids" 1 "$(( A_C1 != B_C1 && A_I1 != B_I1 && A_P1 != B_P1 ))"

# fk_insert DESC OK|REFUSED SQL: runs SQL with foreign keys on (as recoup
# does), inside a transaction that is rolled back, and asserts the outcome.
fk_insert() {
	local want=$2
	db_snapshot
	run sqlite3 "$RECOUP_DB" "PRAGMA foreign_keys = ON; BEGIN; $3; ROLLBACK;"
	if [[ $want == REFUSED ]]; then
		if [[ $status != 0 ]] && grep -q 'FOREIGN KEY constraint failed' err; then
			pass "refused: $1"
		else
			fail "refused: $1" "exit $status; stderr: $(cat err)"
		fi
	elif [[ $status == 0 ]]; then
		pass "accepted: $1"
	else
		fail "accepted: $1" "exit $status; stderr: $(cat err)"
	fi
	expect_db_unchanged "nothing written by: $1"
}

invoice_sql() { # invoice_sql TENANT CUSTOMER_ID
	echo "INSERT INTO invoice(tenant_id, ref, customer_id, issue_date, due_date, currency, amount, balance)
	      VALUES ($1, 'X1', $2, '2026-09-01', '2026-10-01', 'GBP', 100, 100)"
}
fk_insert "an invoice of tenant B for B's customer" OK "$(invoice_sql "$B" "$B_C1")"
fk_insert "an invoice of tenant B for A's customer" REFUSED "$(invoice_sql "$B" "$A_C1")"

contact_sql() { echo "INSERT INTO contact(tenant_id, ref, customer_id, role) VALUES ($1, 'K9', $2, 'other')"; }
fk_insert "a contact of tenant B for B's customer" OK "$(contact_sql "$B" "$B_C1")"
fk_insert "a contact of tenant B for A's customer" REFUSED "$(contact_sql "$B" "$A_C1")"

payment_sql() {
	echo "INSERT INTO payment(tenant_id, ref, customer_id, invoice_id, date, amount, currency, status)
	      VALUES ($1, 'P9', $2, $3, '2026-10-05', 10, 'GBP', 'cleared')"
}
fk_insert "a payment of tenant B on B's invoice" OK "$(payment_sql "$B" "$B_C1" "$B_I1")"
fk_insert "a payment of tenant B on A's invoice" REFUSED "$(payment_sql "$B" "$B_C1" "$A_I1")"

ledger_sql() {
	echo "INSERT INTO ledger_entry(tenant_id, customer_id, invoice_id, payment_id, kind, amount, currency, date)
	      VALUES ($1, $2, $3, $4, 'payment', -10, 'GBP', '2026-10-05')"
}
fk_insert "a ledger entry of tenant B on B's invoice and payment" OK "$(ledger_sql "$B" "$B_C1" "$B_I1" "$B_P1")"
fk_insert "a ledger entry of tenant B on A's invoice" REFUSED "$(ledger_sql "$B" "$B_C1" "$A_I1" "$B_P1")"
fk_insert "a ledger entry of tenant B on A's payment" REFUSED "$(ledger_sql "$B" "$B_C1" "$B_I1" "$A_P1")"

attempt_sql() {
	echo "INSERT INTO contact_attempt(tenant_id, customer_id, contact_id, at, channel, outcome)
	      VALUES ($1, $2, $3, '2026-11-20T15:00:00Z', 'call', 'no_answer')"
}
fk_insert "an attempt of tenant B with B's contact" OK "$(attempt_sql "$B" "$B_C1" "$B_K1")"
fk_insert "an attempt of tenant B with A's contact" REFUSED "$(attempt_sql "$B" "$B_C1" "$A_K1")"
fk_insert "B's attempt about A's invoice" REFUSED \
	"INSERT INTO attempt_invoice(tenant_id, attempt_id, invoice_id) VALUES ($B, $B_ATTEMPT, $A_I1)"
fk_insert "A's attempt under tenant B" REFUSED \
	"INSERT INTO attempt_invoice(tenant_id, attempt_id, invoice_id) VALUES ($A, $B_ATTEMPT, $A_I1)"
fk_insert "an attempt that does not exist" REFUSED \
	"INSERT INTO attempt_invoice(tenant_id, attempt_id, invoice_id) VALUES ($B, 999999, $B_I1)"
expect_eq "no view or trigger writes attempt_invoice in place of the statements (0004 has none)" 0 \
	"$(sql "SELECT count(*) FROM sqlite_schema WHERE name = 'contact_attempt_invoice' OR sql LIKE '%INSTEAD OF%'")"

flag_sql() {
	echo "INSERT INTO customer_flag(tenant_id, customer_id, contact_id, invoice_id, flag, set_by, set_at)
	      VALUES ($1, $2, $3, $4, 'dispute', 'test', '2026-11-20T15:00:00Z')"
}
fk_insert "a flag of tenant B on B's contact and invoice" OK "$(flag_sql "$B" "$B_C1" "$B_K1" "$B_I1")"
fk_insert "a flag of tenant B on A's contact" REFUSED "$(flag_sql "$B" "$B_C1" "$A_K1" "$B_I1")"
fk_insert "a flag of tenant B on A's invoice" REFUSED "$(flag_sql "$B" "$B_C1" "$B_K1" "$A_I1")"

change_sql() {
	echo "INSERT INTO record_change(tenant_id, customer_id, entity, ref, field, old_value, new_value,
	      changed_by, changed_at) VALUES ($1, $2, 'customer', 'C1', 'name', 'a', 'b', 'test', '2026-11-20T15:00:00Z')"
}
fk_insert "a change of tenant B to B's customer" OK "$(change_sql "$B" "$B_C1")"
fk_insert "a change of tenant B to A's customer" REFUSED "$(change_sql "$B" "$A_C1")"

expect_exit 0 recoup --tenant acme check
expect_exit 0 recoup --tenant zenith check

finish
