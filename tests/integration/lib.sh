# lib.sh: shared helpers for the scenario tests (sourced, not run).
#
# CTest runs each tests/integration/tNNNN-*.sh with bash and the environment
#   RECOUP    the recoup binary under test
#   SRCDIR    the source tree (data files are under $SRCDIR/tests/data)
#   BUILDDIR  the build tree
#   RECOUP_TEST_BACKEND  sqlite (the default) or postgres
# Every script gets a fresh temporary directory ($TMP, also the working
# directory) that is removed on exit, and a database ($RECOUP_DB): a file
# in $TMP on SQLite; on PostgreSQL a database of its own (dropped on exit)
# in the cluster ctest started for the run (RECOUP_PG_SHARED names its
# folder, tests/pg/shared), else in a throw-away cluster of its own
# (tests/pg/cluster, its files in $TMP/pg, stopped on exit), and its URL.
# $TEST_BACKEND says which. db_dump, db_snapshot, expect_db_unchanged and
# sql work on either, chosen by the database they are given (a
# postgresql:// URL or a file), and db_new names a further empty database
# of the same backend. Assertions count; `finish` prints "N passed, M
# failed" and sets the exit status. A script that stops early (set -e) is
# reported as failed.

: "${RECOUP:?RECOUP must name the recoup binary}"
: "${SRCDIR:?SRCDIR must name the source tree}"
: "${BUILDDIR:=}"
TEST_BACKEND=${RECOUP_TEST_BACKEND:-sqlite}

case $TEST_BACKEND in
sqlite)
	command -v sqlite3 >/dev/null || { echo "sqlite3 (the CLI) is required by the scenario tests" >&2; exit 1; }
	;;
postgres)
	command -v psql >/dev/null || { echo "psql is required by the scenario tests on PostgreSQL" >&2; exit 1; }
	;;
*)
	echo "RECOUP_TEST_BACKEND: '$TEST_BACKEND' is not a backend (sqlite, postgres)" >&2
	exit 2
	;;
esac

# python3, psql and pg_dump as the build tree found them (CMakeLists.txt:
# test-bin, the programs themselves rather than a version manager's shim,
# which costs a dozen processes a call, or Debian's pg_wrapper, a Perl
# script), for this script and what it starts
if [[ -n $BUILDDIR && -d $BUILDDIR/test-bin ]]; then
	PATH="$BUILDDIR/test-bin:$PATH"
fi

TEST_NAME=$(basename "$0" .sh)
DATA="$SRCDIR/tests/data"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/recoup-$TEST_NAME.XXXXXX")
unset RECOUP_TENANT
export LC_ALL=C TZ=UTC
# passwords hashed at argon2id's minimum cost (src/app/auth.c): the interactive cost is
# 0.14 s of CPU and 64 MiB a hash; t0801 checks that recoup uses it when this is not set
export RECOUP_PASSWORD_COST=test
cd "$TMP"

_passed=0
_failed=0
_finished=0
_bg_pids=()
_own_clusters=()

# The one EXIT trap: a script adds what it starts to the lists above
# (track_pid, own_cluster), not a trap of its own. A trap that ran
# `(exit $rc)` before calling this one stopped there under set -e whenever
# rc was not 0: a failed script left its $TMP behind.
_on_exit() {
	local rc=$?
	local pid dir
	for pid in "${_bg_pids[@]}"; do
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	for dir in "${_own_clusters[@]}"; do
		"$SRCDIR/tests/pg/cluster" stop "$dir" >/dev/null 2>&1 || true
	done
	if [[ $_finished != 1 ]]; then
		echo "not ok - $TEST_NAME stopped early (exit status $rc)"
		_failed=$((_failed + 1))
		echo "$_passed passed, $_failed failed"
		rc=1
	fi
	cd /
	if [[ -n ${_pg_shared_db:-} ]]; then
		_pg_drop_own || true
	elif [[ $TEST_BACKEND == postgres ]]; then
		"$SRCDIR/tests/pg/cluster" stop "$TMP/pg" || true
	fi
	rm -rf "$TMP"
	exit "$rc"
}
trap _on_exit EXIT

# The database under test. The cluster starts after the trap is set, so that
# a cluster that starts halfway is stopped too.
# In the run's shared cluster the script's databases are named after it
# ($_pg_shared_db, then db_new's and db_copy's as ${_pg_shared_db}_NAME), so
# that scripts running at once never meet and its exit drops them all.
_pg_shared_db=
_pg_drop_own() {
	local admin=${RECOUP_PG_URL%/*}/postgres
	psql -X -q -At -v ON_ERROR_STOP=1 -d "$admin" >/dev/null <<SQL
SELECT format('DROP DATABASE %I WITH (FORCE)', datname) FROM pg_database
 WHERE datname = '$_pg_shared_db' OR datname LIKE '${_pg_shared_db}\_%' \gexec
SQL
}
if [[ $TEST_BACKEND == postgres && -n ${RECOUP_PG_SHARED:-} && -f $RECOUP_PG_SHARED/env ]]; then
	_pg_env=$(cat "$RECOUP_PG_SHARED/env")
	RECOUP_PG_URL=$(printf '%s\n' "$_pg_env" | sed -n 's/^RECOUP_PG_URL=//p')
	_pg_shared_db=t$$_$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
	RECOUP_PG_URL=${RECOUP_PG_URL%/*}/$_pg_shared_db
	# FILE_COPY: a copy of template1's files, 0.2 s where WAL_LOG took 0.2-0.4
	psql -X -q -v ON_ERROR_STOP=1 -d "${RECOUP_PG_URL%/*}/postgres" \
		-c "CREATE DATABASE \"$_pg_shared_db\" STRATEGY FILE_COPY" >/dev/null || {
		echo "could not make a database in the shared PostgreSQL cluster ($RECOUP_PG_SHARED)" >&2
		_pg_shared_db=
		exit 3
	}
	export RECOUP_DB=$RECOUP_PG_URL
elif [[ $TEST_BACKEND == postgres ]]; then
	_pg_env=$("$SRCDIR/tests/pg/cluster" start "$TMP/pg") || {
		echo "the throw-away PostgreSQL cluster did not start" >&2
		exit 3
	}
	RECOUP_PG_URL=$(printf '%s\n' "$_pg_env" | sed -n 's/^RECOUP_PG_URL=//p')
	export RECOUP_DB=$RECOUP_PG_URL
else
	export RECOUP_DB="$TMP/recoup.db"
fi

# Remembers a background process so that it is killed if the script ends early.
track_pid() {
	_bg_pids+=("$1")
}

# own_cluster DIR: the script's own throw-away cluster (tests/pg/cluster
# start DIR) is stopped when the script ends, however it ends, before $TMP
# goes. Called before the start, so that a cluster that starts halfway is
# stopped too.
own_cluster() {
	_own_clusters+=("$1")
}

pass() {
	_passed=$((_passed + 1))
	echo "ok $((_passed + _failed)) - $1"
}

fail() {
	_failed=$((_failed + 1))
	echo "not ok $((_passed + _failed)) - $1"
	shift
	local line
	for line in "$@"; do
		printf '%s\n' "$line" | sed 's/^/    /'
	done
}

# Every book the script leaves holds each of its references (SQLite: each
# file in $TMP, PRAGMA foreign_key_check prints nothing; PostgreSQL: each of
# its databases, _pg_references_sql finds no row). The daily run writes without
# the database's check of each reference (store_check_references, app/run.c says
# why they hold): a reference it got wrong shows here, in every test that
# runs it. A file sqlite3 cannot read (not a database, one a test broke on
# purpose) is no book to check.
# On PostgreSQL, each foreign key of each of the script's databases, as an
# anti-join (MATCH SIMPLE: a row with a NULL in its key names nothing).
_pg_references_sql="SELECT format('SELECT %L || ''|'' || count(*) FROM %s c WHERE %s AND NOT EXISTS (SELECT 1 FROM %s p WHERE %s) HAVING count(*) > 0',
    k.conname, k.conrelid::regclass,
    (SELECT string_agg(format('c.%I IS NOT NULL', a.attname), ' AND ')
       FROM unnest(k.conkey) u(n) JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n),
    k.confrelid::regclass,
    (SELECT string_agg(format('p.%I = c.%I', pa.attname, ca.attname), ' AND ')
       FROM unnest(k.conkey, k.confkey) u(cn, pn)
       JOIN pg_attribute ca ON ca.attrelid = k.conrelid AND ca.attnum = u.cn
       JOIN pg_attribute pa ON pa.attrelid = k.confrelid AND pa.attnum = u.pn))
  FROM pg_constraint k JOIN pg_namespace n ON n.oid = k.connamespace
 WHERE k.contype = 'f' AND k.conparentid = 0 AND n.nspname = current_schema() ORDER BY k.conname"
_check_references_pg() {
	local url=${RECOUP_PG_URL:-} name out
	[[ -n $url ]] || return 0
	for name in $(psql -X -At -d "${url%/*}/postgres" -c "SELECT datname FROM pg_database WHERE NOT datistemplate
		AND datname <> 'postgres' AND ('${_pg_shared_db}' = '' OR datname = '${_pg_shared_db}'
		OR datname LIKE '${_pg_shared_db}\_%')" 2>/dev/null); do
		out=$(printf '%s\n\\gexec\n' "$_pg_references_sql" | psql -X -At -d "${url%/*}/$name" 2>/dev/null) || continue
		[[ -z $out ]] || fail "every reference of database $name holds (foreign key|rows naming no row)" "$out"
	done
	return 0
}

_check_references() {
	local db out
	if [[ $TEST_BACKEND == postgres ]]; then
		_check_references_pg
		return 0
	fi
	for db in "$TMP"/*.db "$TMP"/*/*.db; do
		[[ -f $db ]] || continue
		out=$(sqlite3 -readonly -cmd ".timeout 10000" "$db" "PRAGMA foreign_key_check" 2>/dev/null) || continue
		[[ -z $out ]] || fail "every reference of ${db#"$TMP"/} holds (PRAGMA foreign_key_check: table, rowid, parent, key)" "$out"
	done
	return 0
}

# Prints the summary and ends the script: 0 when nothing failed.
finish() {
	_check_references
	_finished=1
	if [[ $((_passed + _failed)) == 0 ]]; then
		echo "not ok - $TEST_NAME asserted nothing"
		_failed=1
	fi
	echo "$_passed passed, $_failed failed"
	[[ $_failed == 0 ]] && exit 0
	exit 1
}

# run CMD...: runs a command, keeps its stdout in $TMP/out, its stderr in
# $TMP/err and its exit status in $status; never stops the script.
status=0
run() {
	set +e
	"$@" >"$TMP/out" 2>"$TMP/err"
	status=$?
	set -e
}

# in_own_mounts CMD...: CMD in a mount namespace of its own (unshare), so
# that what it mounts goes with it, however the script ends (no mount left
# on $TMP, no trap of its own): as root, else as the root of a user
# namespace (where the kernel lets unprivileged users make one).
in_own_mounts() {
	if [[ $(id -u) == 0 ]]; then
		unshare --mount --propagation private "$@"
	else
		unshare --user --map-root-user --mount "$@"
	fi
}

# on_small_fs KIB CMD...: what a full disk does. Runs CMD as `run` does
# ($TMP/out, $TMP/err, $status) with a tmpfs of KIB KiB on $TMP/small, in
# a mount namespace of its own (in_own_mounts). The files of $TMP/small.in,
# if any, are copied onto it first; afterwards what is there is listed
# (ls -A) in $TMP/left and copied into $TMP/small.out. A tmpfs that cannot
# be mounted fails the test.
on_small_fs() {
	local kib=$1
	shift
	mkdir -p "$TMP/small" "$TMP/small.in"
	rm -rf "$TMP/left" "$TMP/small.out"
	set +e
	in_own_mounts bash -c 'kib=$1 tmp=$2
shift 2
mount -t tmpfs -o "size=${kib}k" tmpfs "$tmp/small" || exit 99
cp -a "$tmp/small.in/." "$tmp/small/" || exit 99
"$@" >"$tmp/out" 2>"$tmp/err"
rc=$?
ls -A "$tmp/small" >"$tmp/left"
cp -a "$tmp/small" "$tmp/small.out"
exit "$rc"' _ "$kib" "$TMP" "$@" 2>"$TMP/mount-err"
	status=$?
	set -e
	if [[ ! -e $TMP/left ]]; then
		fail "a tmpfs of ${kib} KiB on $TMP/small, in a mount namespace of its own" "exit $status" \
			"$(cat "$TMP/mount-err")"
	fi
}

# as_bound_user CMD...: CMD as a user whom the files' modes bind: nobody
# when the script runs as root (root passes them by), else the script's
# own user. $TMP is opened to others (0711) for it.
as_bound_user() {
	if [[ $(id -u) == 0 ]]; then
		chmod 0711 "$TMP"
		setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
	else
		"$@"
	fi
}

# recoup ARGS...: the binary under test.
recoup() {
	"$RECOUP" "$@"
}

# recoup_at TIMESTAMP ARGS...: the binary under test on a machine whose
# clock reads TIMESTAMP (ISO 8601 in UTC, 2026-11-26T12:00:00Z) when it
# starts and runs on from there (libfaketime's "@" form, its thread-safe
# library; a clock that stood still would stall what waits on it). For
# what must happen at a moment that is not now: a send that hands messages
# over takes --now only near the machine's clock (docs/channels.md). Only
# recoup gets the faked clock, never the test's servers (smtp_sink.py...).
#
# clock_env TIMESTAMP sets the array CLOCK_ENV to the `env` prefix that
# does it, for a process started in the background whose pid must be
# recoup's own (env execs it): "${CLOCK_ENV[@]}" "$RECOUP" send ... &
# serve_client.py's at_time() is the same for Python. ASan must then not
# insist on being the first library loaded.
FAKETIME_LIB=
for _lib in /usr/lib/*/faketime/libfaketimeMT.so.1 /usr/lib/faketime/libfaketimeMT.so.1 \
	/usr/local/lib/faketime/libfaketimeMT.so.1; do
	if [[ -f $_lib ]]; then
		FAKETIME_LIB=$_lib
		break
	fi
done
export FAKETIME_LIB
clock_env() {
	local t=${1%Z}
	if [[ -z $FAKETIME_LIB ]]; then
		echo "clock_env: libfaketime (libfaketimeMT.so.1) not found; scripts/install-deps installs it" >&2
		return 3
	fi
	CLOCK_ENV=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
		"LD_PRELOAD=$FAKETIME_LIB${LD_PRELOAD:+:$LD_PRELOAD}" "FAKETIME=@${t/T/ }" TZ=UTC)
}
recoup_at() {
	clock_env "$1" || return
	shift
	"${CLOCK_ENV[@]}" "$RECOUP" "$@"
}

_show() {
	sed -n '1,20p' "$1" | sed 's/^/| /'
}

# expect_exit CODE CMD...: runs CMD (as `run` does) and asserts its exit status.
expect_exit() {
	local want=$1
	shift
	run "$@"
	if [[ $status == "$want" ]]; then
		pass "exit $want: $*"
	else
		fail "exit $want: $*" "got exit $status; stderr:" "$(_show "$TMP/err")" "stdout:" "$(_show "$TMP/out")"
	fi
}

# expect_stderr_contains TEXT: the last `run` printed TEXT (fixed string) on stderr.
expect_stderr_contains() {
	if grep -qF -- "$1" "$TMP/err"; then
		pass "stderr has: $1"
	else
		fail "stderr has: $1" "stderr was:" "$(_show "$TMP/err")"
	fi
}

# expect_stdout_contains TEXT: the last `run` printed TEXT (fixed string) on stdout.
expect_stdout_contains() {
	if grep -qF -- "$1" "$TMP/out"; then
		pass "stdout has: $1"
	else
		fail "stdout has: $1" "stdout was:" "$(_show "$TMP/out")"
	fi
}

# expect_stdout DESC < EXPECTED: the last `run`'s stdout is exactly the text on stdin.
expect_stdout() {
	cat >"$TMP/expected"
	if cmp -s "$TMP/expected" "$TMP/out"; then
		pass "$1"
	else
		fail "$1" "stdout differs from the expected text (- expected, + got):" \
			"$(diff -u "$TMP/expected" "$TMP/out" | sed -n '3,40p')"
	fi
}

# expect_lines N DESC FILE: FILE has exactly N lines.
expect_lines() {
	local n
	n=$(wc -l <"$3")
	if [[ $n == "$1" ]]; then
		pass "$2"
	else
		fail "$2" "expected $1 lines, got $n:" "$(_show "$3")"
	fi
}

# expect_eq DESC EXPECTED ACTUAL
expect_eq() {
	if [[ "$2" == "$3" ]]; then
		pass "$1"
	else
		fail "$1" "expected: $2" "got:      $3"
	fi
}

# expect_same_file DESC EXPECTED_FILE ACTUAL_FILE
expect_same_file() {
	if cmp -s "$2" "$3"; then
		pass "$1"
	else
		fail "$1" "files differ (- $2, + $3):" "$(diff -u "$2" "$3" | sed -n '3,40p')"
	fi
}

_is_pg_url() {
	[[ $1 == postgresql://* || $1 == postgres://* ]]
}

# db_new NAME: prints the name of a new, empty database of the backend under
# test: $TMP/NAME.db on SQLite (created by its first use), a database NAME
# created in the test's cluster on PostgreSQL.
db_new() {
	if [[ $TEST_BACKEND == postgres ]]; then
		local name=${_pg_shared_db:+${_pg_shared_db}_}$1
		psql -X -q -v ON_ERROR_STOP=1 -d "$RECOUP_PG_URL" -c "CREATE DATABASE \"$name\"" >/dev/null
		printf '%s\n' "${RECOUP_PG_URL%/*}/$name"
	else
		printf '%s\n' "$TMP/$1.db"
	fi
}

# db_copy DB NAME: prints the name of a copy of DB (which no one is using):
# $TMP/NAME.db on SQLite, a database NAME made from DB as its template on
# PostgreSQL.
db_copy() {
	if _is_pg_url "$1"; then
		# from the maintenance database: a template may have no one connected
		local name=${_pg_shared_db:+${_pg_shared_db}_}$2
		psql -X -q -v ON_ERROR_STOP=1 -d "${1%/*}/postgres" \
			-c "CREATE DATABASE \"$name\" TEMPLATE \"${1##*/}\"" >/dev/null
		printf '%s\n' "${1%/*}/$name"
	else
		cp "$1" "$TMP/$2.db"
		printf '%s\n' "$TMP/$2.db"
	fi
}

# db_drop DB: removes a database db_new or db_copy made (and SQLite's -wal, -shm).
db_drop() {
	if _is_pg_url "$1"; then
		psql -X -q -v ON_ERROR_STOP=1 -d "${1%/*}/postgres" -c "DROP DATABASE \"${1##*/}\"" >/dev/null
	else
		rm -f "$1" "$1-wal" "$1-shm"
	fi
}

# db_dump [DB]: the text of the database, for byte-for-byte comparison.
# SQLite: `sqlite3 .dump` (comparing the file itself is not reliable with
# WAL; the dump is). PostgreSQL: the rows of every table of the public
# schema, table by table in name order, each table's rows sorted (COPY
# (SELECT ... ORDER BY the whole row)): an UPDATE that changes nothing
# still moves a row in the heap, so heap order is no evidence. Sequences
# are left out: a rolled-back insert advances one, and that is no change of
# the books (the next id is not part of the contract). One psql, one
# connection: 66 ms a dump where pg_dump --data-only and a sort took 137
# (measured), and t0110 or t0190 dump a hundred times.
db_dump() {
	local db=${1:-$RECOUP_DB}
	if _is_pg_url "$db"; then
		psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" <<'SQL'
SELECT format('SELECT %L', '-- table ' || c.relname),
       format('COPY (SELECT * FROM public.%I t ORDER BY t) TO STDOUT', c.relname)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
 WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
 ORDER BY c.relname COLLATE "C" \gexec
SQL
	else
		sqlite3 "$db" .dump
	fi
}

# db_snapshot [DB]: keeps the dump in $TMP/snapshot.sql for expect_db_unchanged.
db_snapshot() {
	local db=${1:-$RECOUP_DB} has='CREATE TABLE'
	_is_pg_url "$db" && has='-- table '
	db_dump "$db" >"$TMP/snapshot.sql"
	if ! grep -q -- "$has" "$TMP/snapshot.sql"; then
		fail "snapshot of $db has tables" "$(_show "$TMP/snapshot.sql")"
	fi
}

# expect_db_unchanged DESC [DB]: the dump equals the last snapshot, byte for byte.
expect_db_unchanged() {
	db_dump "${2:-$RECOUP_DB}" >"$TMP/now.sql"
	if cmp -s "$TMP/snapshot.sql" "$TMP/now.sql"; then
		pass "$1"
	else
		fail "$1" "the database changed (- before, + after):" \
			"$(diff -u "$TMP/snapshot.sql" "$TMP/now.sql" | sed -n '3,30p')"
	fi
}

# expect_usage MESSAGE ARGS...: recoup ARGS exits 2 (a usage error) with MESSAGE and the
# command's help hint on stderr, and the database equals the last db_snapshot.
expect_usage() {
	local msg=$1
	shift
	run recoup "$@"
	expect_eq "recoup $*: exit 2" 2 "$status"
	expect_stderr_contains "$msg"
	expect_stderr_contains "(see 'recoup $1 --help')"
	expect_db_unchanged "recoup $*: the database is unchanged"
}

# sql QUERY [DB]: one query through the sqlite3 CLI or psql (unaligned,
# tuples only: the same `a|b` lines, NULL as ""), for read-only checks and
# for proving that the schema refuses a write. Write the query in the SQL
# both accept; booleans are integers 0/1 in both schemas, but a comparison
# is a boolean in PostgreSQL (t/f): wrap it in CASE WHEN ... THEN 1 ELSE 0 END.
sql() {
	local db=${2:-$RECOUP_DB}
	if _is_pg_url "$db"; then
		psql -X -q -At -v ON_ERROR_STOP=1 -d "$db" -c "$1"
	else
		sqlite3 "$db" "$1"
	fi
}

# sql_join SEP QUERY [DB]: the rows of a one-column query on one line,
# joined by SEP (what SQLite's group_concat and PostgreSQL's string_agg
# each do, in the SQL of neither).
sql_join() {
	local sep=$1 out
	shift
	out=$(sql "$@")
	printf '%s\n' "${out//$'\n'/$sep}"
}

# csv_file NAME < TEXT: writes a CSV file in $TMP from a here-document and
# prints its path. Use printf for BOMs, CRLF or odd bytes.
csv_file() {
	cat >"$TMP/$1"
	printf '%s\n' "$TMP/$1"
}
