# lib.sh: shared helpers for the scenario tests (sourced, not run).
#
# CTest runs each tests/integration/tNNNN-*.sh with bash and the environment
#   RECOUP    the recoup binary under test
#   SRCDIR    the source tree (data files are under $SRCDIR/tests/data)
#   BUILDDIR  the build tree
# Every script gets a fresh temporary directory ($TMP, also the working
# directory) that is removed on exit, and a database in it ($RECOUP_DB).
# Assertions count; `finish` prints "N passed, M failed" and sets the exit
# status. A script that stops early (set -e) is reported as failed.

: "${RECOUP:?RECOUP must name the recoup binary}"
: "${SRCDIR:?SRCDIR must name the source tree}"
: "${BUILDDIR:=}"

command -v sqlite3 >/dev/null || { echo "sqlite3 (the CLI) is required by the scenario tests" >&2; exit 1; }

TEST_NAME=$(basename "$0" .sh)
DATA="$SRCDIR/tests/data"
TMP=$(mktemp -d "${TMPDIR:-/tmp}/recoup-$TEST_NAME.XXXXXX")
export RECOUP_DB="$TMP/recoup.db"
unset RECOUP_TENANT
export LC_ALL=C TZ=UTC
cd "$TMP"

_passed=0
_failed=0
_finished=0
_bg_pids=()

_on_exit() {
	local rc=$?
	local pid
	for pid in "${_bg_pids[@]}"; do
		kill -9 "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	if [[ $_finished != 1 ]]; then
		echo "not ok - $TEST_NAME stopped early (exit status $rc)"
		_failed=$((_failed + 1))
		echo "$_passed passed, $_failed failed"
		rc=1
	fi
	cd /
	rm -rf "$TMP"
	exit "$rc"
}
trap _on_exit EXIT

# Remembers a background process so that it is killed if the script ends early.
track_pid() {
	_bg_pids+=("$1")
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

# Prints the summary and ends the script: 0 when nothing failed.
finish() {
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

# recoup ARGS...: the binary under test.
recoup() {
	"$RECOUP" "$@"
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

# db_dump [DB]: the SQL text of the database, for byte-for-byte comparison.
# (Comparing the file itself is not reliable with WAL; the dump is.)
db_dump() {
	sqlite3 "${1:-$RECOUP_DB}" .dump
}

# db_snapshot [DB]: keeps the dump in $TMP/snapshot.sql for expect_db_unchanged.
db_snapshot() {
	db_dump "${1:-$RECOUP_DB}" >"$TMP/snapshot.sql"
	if ! grep -q 'CREATE TABLE' "$TMP/snapshot.sql"; then
		fail "snapshot of ${1:-$RECOUP_DB} has a schema" "$(_show "$TMP/snapshot.sql")"
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

# sql QUERY [DB]: one query through the sqlite3 CLI (read-only checks).
sql() {
	sqlite3 "${2:-$RECOUP_DB}" "$1"
}

# csv_file NAME < TEXT: writes a CSV file in $TMP from a here-document and
# prints its path. Use printf for BOMs, CRLF or odd bytes.
csv_file() {
	cat >"$TMP/$1"
	printf '%s\n' "$TMP/$1"
}
