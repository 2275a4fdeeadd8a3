#!/usr/bin/env bash
# t1004: on PostgreSQL the daily run writes without the foreign keys' row
# locks (session_replication_role = replica, store_check_references) only
# when every trigger of the schema fires in that role (ENABLE ALWAYS,
# migration 0043): one enabled the default way would be skipped (a watch
# mark, a queue bound, the ledger's refusal of an update), so the run then
# leaves the references to the database, as every other writer does.
# So does a role that may not set the parameter, until it is granted
# (docs/operations.md). RECOUP_RUN_TIMES=1 says which; the actions are the
# same either way. The SQLite side of the same switch is
# test_check_references (conformance) and the check of every book at each
# test's end (lib.sh).
set -euo pipefail
export RECOUP_TEST_BACKEND=postgres
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-09-01,2026-10-01,BRL,100.00
A2,ACME,2026-10-01,2026-11-20,BRL,50.00
W1,WAW,2026-10-01,2026-11-16,PLN,70.00
B1,ANA,2026-10-01,2026-11-15,BRL,1000.00
CSV
pg() { psql -X -At -v ON_ERROR_STOP=1 -d "$RECOUP_PG_URL" -c "$1"; }
expect_eq "after the migrations every trigger of recoup's fires in every role" 0 \
	"$(pg "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'A'")"
other=$(db_copy "$RECOUP_PG_URL" other)
third=$(db_copy "$RECOUP_PG_URL" third)

export RECOUP_RUN_TIMES=1
daily_run 2026-11-17
expect_stderr_contains "run references: checked by the run's own reads"
actions_json
cp "$TMP/actions.json" "$TMP/always.json"

# one trigger back to the default: replica would skip it, so the run does not use it
psql -X -q -v ON_ERROR_STOP=1 -d "$other" -c "ALTER TABLE action ENABLE TRIGGER action_run_update"
RECOUP_DB=$other daily_run 2026-11-17
expect_stderr_contains "run references: checked by the database, each one"
RECOUP_DB=$other actions_json
expect_same_file "the same actions either way" "$TMP/always.json" "$TMP/actions.json"

# a role that may not set session_replication_role (no superuser, no grant): the
# database checks each reference, the same actions; with the grant docs/operations.md
# gives, the run's own reads do. A name of its own: roles belong to the whole cluster.
role=clerk_$$
psql -X -q -v ON_ERROR_STOP=1 -d "$third" <<SQL
CREATE ROLE $role LOGIN;
GRANT USAGE, CREATE ON SCHEMA public TO $role;
GRANT ALL ON ALL TABLES IN SCHEMA public TO $role;
GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO $role;
SQL
as_role=${third/\/\/recoup@/\/\/$role@}
RECOUP_DB=$as_role daily_run 2026-11-17
expect_stderr_contains "run references: checked by the database, each one"
RECOUP_DB=$as_role actions_json
expect_same_file "the same actions for a role without the setting" "$TMP/always.json" "$TMP/actions.json"
psql -X -q -v ON_ERROR_STOP=1 -d "$third" -c "GRANT SET ON PARAMETER session_replication_role TO $role"
RECOUP_DB=$as_role daily_run 2026-11-17
expect_stderr_contains "run references: checked by the run's own reads"
psql -X -q -v ON_ERROR_STOP=1 -d "$third" -c "REVOKE SET ON PARAMETER session_replication_role FROM $role" \
	-c "DROP OWNED BY $role" -c "DROP ROLE $role"
finish
