#!/usr/bin/env bash
# t0670: a scenario script leaves nothing behind however it ends. t0450,
# t0646, t0662 and t0663 stopped their own PostgreSQL cluster in an EXIT
# trap of their own that then ran `(exit $rc); _on_exit`: under set -e a
# nonzero rc ended the trap at `(exit $rc)`, so a failed script kept its
# /tmp/recoup-* directory and did not say that it stopped early. They now
# name their cluster to lib.sh (own_cluster DIR), whose one trap stops it.
# Here child scripts sourcing lib.sh, with TMPDIR in a scratch directory,
# end each way (passed, an assertion failed, stopped early by set -e, by a
# signal) with an own cluster named outside their $TMP (a directory without
# a data directory: `cluster stop` only removes it): each exits as it should
# and the scratch directory is empty afterwards.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

SCRATCH="$TMP/scratch"
mkdir -p "$SCRATCH"

# child NAME BODY: a script that sources lib.sh, names an own cluster, then runs BODY
child() {
	cat >"$TMP/$1.sh" <<EOF
set -euo pipefail
. "\$SRCDIR/tests/integration/lib.sh"
mkdir -p "$SCRATCH/cluster-\$TEST_NAME"
own_cluster "$SCRATCH/cluster-\$TEST_NAME"
echo "the child's TMP: \$TMP"
$2
EOF
}

# ends NAME WANT_EXIT TEXT: the child exits WANT_EXIT, prints TEXT, and the scratch directory is empty
ends() {
	run env TMPDIR="$SCRATCH" bash "$TMP/$1.sh"
	expect_eq "$1: exit $2" "$2" "$status"
	expect_stdout_contains "$3"
	expect_eq "$1: nothing left in TMPDIR (its TMP, its cluster's directory)" "" "$(ls -A "$SCRATCH")"
}

child passes 'expect_exit 0 recoup --help
finish'
ends passes 0 "1 passed, 0 failed"

child fails 'expect_exit 0 recoup --db "$TMP/none.db" check
finish'
ends fails 1 "0 passed, 1 failed"

child stops_early 'recoup --db "$TMP/none.db" check >/dev/null 2>&1
pass "never reached"
finish'
ends stops_early 1 "not ok - stops_early stopped early (exit status 3)"

child killed 'kill -TERM $$
sleep 5
finish'
run env TMPDIR="$SCRATCH" bash "$TMP/killed.sh"
expect_eq "killed: exit 143 (SIGTERM, after its trap)" 143 "$status"
expect_stdout_contains "not ok - killed stopped early"
expect_eq "killed: nothing left in TMPDIR" "" "$(ls -A "$SCRATCH")"

finish
