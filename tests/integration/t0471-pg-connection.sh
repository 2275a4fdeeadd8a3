#!/usr/bin/env bash
# t0471: what a database administrator sets in the connection URL is
# honoured (docs/operations.md, "The connection URL"): recoup's sessions
# are named "recoup" in pg_stat_activity unless the URL names them,
# options=-c statement_timeout=... ends a statement that waits too long
# (exit 3, nothing changed, not run again: a timeout is no conflict),
# sslmode reaches libpq, and no message shows the URL's password.
#
# Runs on a throw-away cluster: without RECOUP_PG_URL the script runs
# itself again under tests/pg/with-cluster.
set -euo pipefail
if [[ -z ${RECOUP_PG_URL:-} ]]; then
	exec "$SRCDIR/tests/pg/with-cluster" bash "$0" "$@"
fi
. "$SRCDIR/tests/integration/lib.sh"

PG="$RECOUP_PG_URL"
LOCK_CLASS=$((0x72637570)) # PG_LOCK_CLASS in src/store/postgres/pg_int.h

expect_exit 0 recoup --db "$PG" init
for kind in customers contacts invoices; do
	expect_exit 0 recoup --db "$PG" import "$kind" "$DATA/import/$kind.csv"
done
T1=$(sql "SELECT id FROM tenant WHERE name = 'default'" "$PG")

# hold SECONDS: psql holds the tenant's write lock for SECONDS, from when
# the file "locked" appears.
hold() {
	rm -f locked
	psql -X -q -v ON_ERROR_STOP=1 -d "$PG" >holder.out 2>&1 <<SQL &
BEGIN;
SELECT pg_advisory_xact_lock($LOCK_CLASS, $T1);
\! touch locked
SELECT pg_sleep($1);
COMMIT;
SQL
	holder=$!
	track_pid "$holder"
	for ((i = 0; i < 500; i++)); do
		[[ -e locked ]] && break
		sleep 0.02
	done
	[[ -e locked ]] || fail "psql holds the tenant's lock" "$(_show holder.out)"
}

# waiting_name URL: the application_name of the recoup session that waits
# for the tenant's lock while `contact log` runs with --db URL.
n=0
waiting_name() {
	local name="" i pid
	n=$((n + 1))
	hold 3
	"$RECOUP" --db "$1" contact log --contact K-001 --channel call --outcome no_answer \
		--at "2026-11-2${n}T10:00:00Z" --note "t0471 $n" >log.out 2>log.err &
	pid=$!
	track_pid "$pid"
	for ((i = 0; i < 200; i++)); do
		name=$(sql "SELECT application_name FROM pg_stat_activity WHERE wait_event_type = 'Lock'
			AND query LIKE '%pg_advisory_xact_lock%' AND pid <> pg_backend_pid()" "$PG")
		[[ -n $name ]] && break
		sleep 0.02
	done
	wait "$pid" || fail "contact log with --db $1" "$(_show log.err)"
	wait "$holder" || true
	printf '%s\n' "$name"
}

expect_eq "a session is named recoup" "recoup" "$(waiting_name "$PG")"
expect_eq "the URL's application_name wins" "billing-east" "$(waiting_name "$PG?application_name=billing-east")"
expect_eq "PGAPPNAME wins too" "nightly" "$(PGAPPNAME=nightly waiting_name "$PG")"

# statement_timeout from the URL: the lock is held longer than it allows
db_snapshot "$PG"
hold 4
run recoup --db "$PG?options=-c%20statement_timeout%3D500" contact log --contact K-001 --channel call \
	--outcome no_answer --at 2026-11-27T10:00:00Z --note "t0471 timeout"
wait "$holder" || true
expect_eq "a statement past statement_timeout: exit 3" 3 "$status"
expect_stderr_contains "canceling statement due to statement timeout"
expect_eq "a timeout is not run again" 0 "$(grep -c 'running it again' "$TMP/err" || true)"
expect_db_unchanged "the timed-out command changed nothing" "$PG"

# sslmode reaches libpq (the test cluster has no SSL); the password is never shown
run recoup --db "$PG?sslmode=disable" aging
expect_eq "sslmode=disable connects" 0 "$status"
secret_url=${PG/recoup@/recoup:t0471-secret@}
run recoup --db "$secret_url?sslmode=require" aging
expect_eq "sslmode=require on a server without SSL: exit 3" 3 "$status"
expect_stderr_contains "SSL"
expect_eq "the password is not in the message" 0 "$(grep -c 't0471-secret' "$TMP/err" || true)"

finish
