#!/usr/bin/env bash
# t0430: ready to shard by tenant. Without Citus: every tenant-owned table is
# hash-partitioned by tenant_id into 8 partitions (tests/pg/partitioned-schema
# rewrites src/store/migrations/postgres/0001_schema.sql, so the two cannot
# drift; the columns are compared with a database the backend migrated
# itself), then the store conformance suite and the scenario commands (init,
# imports into two tenants, aging, report kpi, check, export, customer show,
# contact log, rules check) run on it with auto_explain logging the plan of
# every statement the backend runs, nested ones (foreign-key checks)
# included, in generic plans (plan_cache_mode=force_generic_plan), so that
# the pruning must come from the tenant parameter. tests/pg/single-partition-check
# then fails listing every statement whose plan scans partitions of more
# than one tenant: a distributed engine could not route it to one shard.
# Statement triggers on every partitioned table refuse a write whose rows
# name two tenants (an INSERT of VALUES scans no partition). The check is
# also run on two cross-tenant statements, to prove it can fail.
#
# Runs on a throw-away cluster: without RECOUP_PG_URL the script runs
# itself again under tests/pg/with-cluster, which stops the cluster however
# the script ends.
set -euo pipefail
if [[ -z ${RECOUP_PG_URL:-} ]]; then
	exec "$SRCDIR/tests/pg/with-cluster" bash "$0" "$@"
fi
source "$SRCDIR/tests/integration/lib.sh"

PG=$RECOUP_PG_URL
IMPORT="$DATA/import"
APP=recoup-backend
CONFORMANCE=${BUILDDIR:+$BUILDDIR/test_store_conformance}

psql_q() { # psql_q SQL: rows as a|b|c, no headers; stops on the first error
	psql "$PG" -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -c "$1"
}

# backend CMD...: CMD as the backend under test: its sessions are named
# $APP (the plans the check reads) and plan generically.
backend() {
	PGAPPNAME=$APP PGOPTIONS="-c plan_cache_mode=force_generic_plan" "$@"
}

# --- the partitioned schema, in place of the backend's migration ---
# every migration, in order: the later ones' new tables are partitioned too
cat "$SRCDIR"/src/store/migrations/postgres/*.sql | "$SRCDIR/tests/pg/partitioned-schema" 8 >partitioned.sql
psql "$PG" -X -q -v ON_ERROR_STOP=1 -f partitioned.sql
# the backend finds its migrations applied and leaves the tables as they are
psql_q "CREATE TABLE schema_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())"
for m in "$SRCDIR"/src/store/migrations/postgres/*.sql; do
	psql_q "INSERT INTO schema_migration (name) VALUES ('$(basename "$m" .sql)')"
done

partitioned=$(psql_q "SELECT count(*) FROM pg_partitioned_table")
parts=$(psql_q "SELECT count(*) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE c.relkind = 'r'")
tenant_owned=$(psql_q "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'
                        AND tablename NOT IN ('tenant', 'schema_migration') AND tablename !~ '_p[0-9]+$'")
expect_eq "every tenant-owned table is partitioned by hash of tenant_id, 8 partitions each" \
	"$tenant_owned|$((tenant_owned * 8))|$tenant_owned" \
	"$partitioned|$parts|$(psql_q "SELECT count(*) FROM pg_partitioned_table p JOIN pg_attribute a
	                                ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
	                               WHERE p.partstrat = 'h' AND a.attname = 'tenant_id'")"

# the same columns as the schema the backend applies itself
psql_q "CREATE DATABASE plain" >/dev/null
PLAIN=${PG%/*}/plain
expect_exit 0 recoup init --db "$PLAIN"
columns() { # columns URL: table|column|type|nullability of the tables (not the partitions)
	psql "$1" -X -q -A -t -F '|' -v ON_ERROR_STOP=1 -c "
	SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
	  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
	  JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
	 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
	 ORDER BY c.relname COLLATE \"C\", a.attnum"
}
columns "$PLAIN" >plain.columns
columns "$PG" >partitioned.columns
expect_same_file "the partitioned schema has the backend schema's tables and columns" plain.columns partitioned.columns

# one tenant per written statement: the rows of an INSERT, UPDATE or DELETE
psql "$PG" -X -q -v ON_ERROR_STOP=1 <<'EOF'
CREATE FUNCTION one_tenant_per_statement() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT count(DISTINCT tenant_id) FROM changed) > 1 THEN
    RAISE EXCEPTION 'one statement wrote rows of several tenants: % on %', TG_OP, TG_TABLE_NAME;
  END IF;
  RETURN NULL;
END
$$;
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT partrelid::regclass::text FROM pg_partitioned_table LOOP
    EXECUTE format('CREATE TRIGGER one_tenant_insert AFTER INSERT ON %I REFERENCING NEW TABLE AS changed
                    FOR EACH STATEMENT EXECUTE FUNCTION one_tenant_per_statement()', t);
    EXECUTE format('CREATE TRIGGER one_tenant_update AFTER UPDATE ON %I REFERENCING NEW TABLE AS changed
                    FOR EACH STATEMENT EXECUTE FUNCTION one_tenant_per_statement()', t);
    EXECUTE format('CREATE TRIGGER one_tenant_delete AFTER DELETE ON %I REFERENCING OLD TABLE AS changed
                    FOR EACH STATEMENT EXECUTE FUNCTION one_tenant_per_statement()', t);
    -- in every session, as recoup's own (migration 0043): the daily run writes with
    -- session_replication_role = replica, and only when every trigger fires in it
    EXECUTE format('ALTER TABLE %I ENABLE ALWAYS TRIGGER one_tenant_insert', t);
    EXECUTE format('ALTER TABLE %I ENABLE ALWAYS TRIGGER one_tenant_update', t);
    EXECUTE format('ALTER TABLE %I ENABLE ALWAYS TRIGGER one_tenant_delete', t);
  END LOOP;
END
$$;
EOF

# --- every plan to the server log (new sessions load auto_explain) ---
psql "$PG" -X -q -v ON_ERROR_STOP=1 <<'EOF' >/dev/null
LOAD 'auto_explain';
ALTER SYSTEM SET session_preload_libraries = 'auto_explain';
ALTER SYSTEM SET auto_explain.log_min_duration = 0;
ALTER SYSTEM SET auto_explain.log_analyze = off;
ALTER SYSTEM SET auto_explain.log_nested_statements = on;
ALTER SYSTEM SET auto_explain.log_format = 'json';
ALTER SYSTEM SET log_line_prefix = '@@ %a|%p| ';
SELECT pg_reload_conf();
EOF
# with-cluster's server.log, beside the data directory
LOG=$(dirname "$(psql_q "SHOW data_directory")")/server.log
[[ -r $LOG ]] || fail "the server log is readable" "$LOG"

# --- the store conformance suite ---
if [[ -x $CONFORMANCE ]]; then
	run backend env RECOUP_TEST_STORE_URL="$PG" "$CONFORMANCE"
	expect_eq "the store conformance suite passes on the partitioned tables" "0" "$status"
	[[ $status == 0 ]] || _show "$TMP/out"
else
	fail "the store conformance suite is built" "BUILDDIR/test_store_conformance: '$CONFORMANCE'"
fi

# --- scenario commands, two tenants in two different partitions ---
# The tenant ids depend on what ran before (the conformance suite creates
# tenants), so the second tenant is the first of acme, acme2, ... whose id
# hashes to another partition than default's.
partition_of() { # tenant name: the remainder of its id's hash partition
	psql_q "SELECT r FROM generate_series(0, 7) r, tenant t WHERE t.name = '$1'
	        AND satisfies_hash_partition('customer'::regclass, 8, r, t.id::bigint)"
}
expect_exit 0 backend "$RECOUP" --db "$PG" init --tenant default
OTHER=
for name in acme acme2 acme3 acme4 acme5 acme6 acme7 acme8 acme9; do
	backend "$RECOUP" --db "$PG" init --tenant "$name" >/dev/null
	if [[ $(partition_of "$name") != "$(partition_of default)" ]]; then
		OTHER=$name
		break
	fi
done
expect_eq "a second tenant in another partition than default's was found" "yes" "${OTHER:+yes}"
for tenant in default "$OTHER"; do
	expect_exit 0 backend "$RECOUP" --db "$PG" init --tenant "$tenant"
	for kind in customers contacts invoices payments; do
		expect_exit 0 backend "$RECOUP" --db "$PG" --tenant "$tenant" import "$kind" "$IMPORT/$kind.csv"
	done
	expect_exit 0 backend "$RECOUP" --db "$PG" --tenant "$tenant" import payments "$IMPORT/payments-returned.csv"
	expect_exit 1 backend "$RECOUP" --db "$PG" --tenant "$tenant" import invoices "$IMPORT/bad-three-rows.csv"
done
T=(--db "$PG" --tenant "$OTHER")
expect_exit 0 backend "$RECOUP" "${T[@]}" aging
expect_exit 0 backend "$RECOUP" "${T[@]}" aging --as-of 2026-03-05 --by customer --format csv
expect_exit 0 backend "$RECOUP" "${T[@]}" report kpi --from 2026-01-01 --to 2026-06-30 --format csv
expect_exit 0 backend "$RECOUP" "${T[@]}" check
for what in customers invoices payments; do
	expect_exit 0 backend "$RECOUP" "${T[@]}" export "$what"
done
expect_exit 0 backend "$RECOUP" "${T[@]}" customer show C001
expect_exit 0 backend "$RECOUP" "${T[@]}" contact log --contact K-001 --channel call --outcome no_answer \
	--at 2026-11-23T14:00:00Z --invoice I-001
expect_exit 0 backend "$RECOUP" "${T[@]}" contact history --customer C001
expect_exit 0 backend "$RECOUP" "${T[@]}" rules check --contact K-001 --channel call --at 2026-11-24T15:00:00Z
expect_exit 0 backend "$RECOUP" "${T[@]}" customer set C001 credit_limit=2500 --by test
expect_exit 0 backend "$RECOUP" "${T[@]}" customer flag C001 dispute --reason test
expect_exit 0 backend "$RECOUP" "${T[@]}" customer unflag C001 dispute
# issue 9's statements: credit notes, history imports, users, strategies, the daily run and its records
cat >credit-notes.csv <<'CSV'
credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason
CN-1,C001,I-001,2026-03-01,100.00,USD,damaged goods
CN-2,C001,,2026-03-02,5.00,USD,goodwill
CSV
cat >contact-history.csv <<'CSV'
attempt_ref,contact_ref,at,channel,outcome,invoice_ref,spoke_with,note,inbound
A-1,K-001,2026-03-10T15:00:00Z,call,right_party,I-001,Mary,promised 100.00 USD by 2026-03-20,false
CSV
cat >flags.csv <<'CSV'
flag_ref,customer_ref,flag,invoice_ref,set_at,reason
F-1,C001,dispute,I-002,2026-03-11T10:00:00Z,short delivery
CSV
expect_exit 0 backend "$RECOUP" "${T[@]}" import credit-notes credit-notes.csv
expect_exit 0 backend "$RECOUP" "${T[@]}" import contact-history contact-history.csv
expect_exit 0 backend "$RECOUP" "${T[@]}" import flags flags.csv
expect_exit 0 backend "$RECOUP" "${T[@]}" user add ann --role collector --team b2b-gentle
expect_exit 0 backend "$RECOUP" "${T[@]}" user set ann --capacity 30
expect_exit 0 backend "$RECOUP" "${T[@]}" user list --format json
expect_exit 0 backend "$RECOUP" "${T[@]}" strategy show b2b-gentle
backend "$RECOUP" "${T[@]}" strategy show consumer-standard >consumer.json
expect_exit 0 backend "$RECOUP" "${T[@]}" strategy set consumer-standard consumer.json
expect_exit 0 backend "$RECOUP" "${T[@]}" strategy default consumer-standard --kind person
expect_exit 0 backend "$RECOUP" "${T[@]}" strategy list
expect_exit 0 backend "$RECOUP" "${T[@]}" run --as-of 2026-03-20 --now 2026-03-20T06:00:00Z
expect_exit 0 backend "$RECOUP" "${T[@]}" run --as-of 2026-03-21 --now 2026-03-21T06:00:00Z
expect_exit 0 backend "$RECOUP" "${T[@]}" run --as-of 2026-03-21 --now 2026-03-21T06:00:00Z --dry-run
expect_exit 0 backend "$RECOUP" "${T[@]}" actions --format json
expect_exit 0 backend "$RECOUP" "${T[@]}" actions --customer C001 --kind email --state scheduled --format csv
expect_exit 0 backend "$RECOUP" "${T[@]}" report trend --from 2026-03-01 --to 2026-03-31
expect_exit 0 backend "$RECOUP" "${T[@]}" account show C001 --now 2026-03-21T15:00:00Z --format json
expect_exit 0 backend "$RECOUP" "${T[@]}" customer show C001 --as-of 2026-03-21 --format json

# the two tenants live in different partitions, so a statement that read
# both would scan two
expect_eq "the two tenants' customers are in two partitions" "2" \
	"$(psql_q "SELECT count(DISTINCT c.tableoid) FROM customer c JOIN tenant t ON t.id = c.tenant_id
	           WHERE t.name IN ('default', '$OTHER')")"

# --- the check ---
run "$SRCDIR/tests/pg/single-partition-check" "$APP" "$LOG"
if [[ $status == 0 ]]; then
	pass "every statement of the backend touches one partition: $(head -1 "$TMP/out")"
else
	fail "every statement of the backend touches one partition" "$(cat "$TMP/out" "$TMP/err")"
fi

# ... and it can fail: two statements that read or write two tenants
A=$(psql_q "SELECT id FROM tenant WHERE name = 'default'")
B=$(psql_q "SELECT id FROM tenant WHERE name = '$OTHER'")
PGAPPNAME=probe psql "$PG" -X -q -A -t -c "SELECT count(*) FROM invoice WHERE tenant_id IN ($A, $B)" >/dev/null
PGAPPNAME=probe psql "$PG" -X -q -A -t -c "SELECT count(*) FROM ledger" >/dev/null
run "$SRCDIR/tests/pg/single-partition-check" probe "$LOG"
expect_eq "the check fails on statements that read two tenants" "1" "$status"
expect_stdout_contains "MORE THAN ONE PARTITION: SELECT count(*) FROM invoice WHERE tenant_id IN ($A, $B)"
expect_stdout_contains "MORE THAN ONE PARTITION: SELECT count(*) FROM ledger"
run psql_q "UPDATE customer SET credit_limit = credit_limit WHERE tenant_id IN ($A, $B)"
if [[ $status != 0 ]] && grep -q "one statement wrote rows of several tenants" err; then
	pass "the triggers refuse a write of two tenants' rows"
else
	fail "the triggers refuse a write of two tenants' rows" "exit $status: $(cat err)"
fi

finish
