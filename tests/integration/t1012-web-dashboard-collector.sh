#!/usr/bin/env bash
# The dashboard's collector filter in a real browser
# (tests/web/t1012-web-dashboard-collector.mjs): the charts' totals become
# the API's per-collector figures (the run's snapshot per collector).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
# web_setup assigns after its run: today's run snapshots the accounts per collector
expect_exit 0 recoup run
expect_eq "both collectors have accounts in today's snapshot" "ann|raj" \
	"$(sql_join '|' "SELECT DISTINCT key FROM run_snapshot WHERE dimension = 'collector' ORDER BY key")"
web_node t1012-web-dashboard-collector.mjs
finish
