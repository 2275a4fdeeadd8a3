#!/usr/bin/env bash
# A listing or report that cannot be written whole is an error: with stdout on
# a full disk (/dev/full), `recoup actions --format csv >file` and the like
# exited 0 with nothing or half a file written, so a script took a cut file
# for the day's actions. They now say so and exit 3 (export --out did already).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

[[ -w /dev/full ]] || { echo "/dev/full is needed"; exit 1; }
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
B1,ANA,2026-09-01,2026-10-01,BRL,1999.99
CSV
daily_run 2026-11-22
recoup user add ann --role collector >/dev/null
recoup assign --as-of 2026-11-22 >/dev/null

full() {
	set +e
	"$RECOUP" "$@" >/dev/full 2>"$TMP/err"
	status=$?
	set -e
	expect_eq "exit 3 when the output cannot be written: $*" 3 "$status"
	expect_stderr_contains "recoup ${1%% *}: writing the output failed"
	expect_stderr_contains "what was printed is incomplete"
}
db_snapshot
full actions --format csv
full actions --format json
full report trend --from 2026-11-01 --to 2026-11-30 --format csv
full account show ANA --now 2026-11-23T14:00:00Z --format json
full queue --collector ann --now 2026-11-23T14:00:00Z --format json
full strategy show consumer-br
full run --as-of 2026-11-22 --dry-run --format json
# the listings whose use case hands back a callback's stop (tests/app/test_list_stops.c)
full template list
full template list --format json
full config list --format json
full dispute list --format json
full special list
expect_db_unchanged "nothing was written to the book"
expect_exit 0 recoup actions --format csv
finish
