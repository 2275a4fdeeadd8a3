#!/usr/bin/env bash
# The daily run's probe (app/run.c, do_probe: each open invoice's latest
# step now due looked up by key, and every recorded step read only for the
# invoices whose latest step was not found) decides exactly what reading every
# recorded step of every open invoice decides (RECOUP_RUN_FULL=1, the code
# before it). Two books of the backend under test get the same generated
# portfolio (with its contact history and flags) and, day after day for 24
# days, the same writes before each run: payments in full and in part, new
# invoices, a cease, a dispute, a promise, a strategy stored and made a
# kind's default. After every run every row of what runs record is
# compared, ids included: actions, their invoices, ledger entries, holds,
# credit holds, promises, snapshots and the runs' summaries.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

source "$SRCDIR/tests/integration/run_oracle.sh"

ref=$(db_new full)
oracle_books "$ref"

bad=0
for i in $(seq 0 23); do
	day=$(date -u -d "$START + $i days" +%F)
	((i > 0)) && writes "$day" "$i"
	"$RECOUP" --db "$RECOUP_DB" run --as-of "$day" --now "${day}T05:00:00Z" --format json >"$TMP/run-probe.json"
	RECOUP_RUN_FULL=1 "$RECOUP" --db "$ref" run --as-of "$day" --now "${day}T05:00:00Z" --format json \
		>"$TMP/run-full.json"
	dump "$RECOUP_DB" "$TMP/probe.txt"
	dump "$ref" "$TMP/full.txt"
	if ! cmp -s "$TMP/run-probe.json" "$TMP/run-full.json" || ! cmp -s "$TMP/probe.txt" "$TMP/full.txt"; then
		fail "day $day: the probe's run records what the full read records" \
			"$(diff -u "$TMP/run-full.json" "$TMP/run-probe.json" | sed -n '3,20p')" \
			"$(diff -u "$TMP/full.txt" "$TMP/probe.txt" | sed -n '3,40p')"
		bad=1
		break
	fi
done
[[ $bad == 0 ]] && pass "24 days with writes between them: every row the same with the probe as with the full read"
actions=$(sql "SELECT count(*) FROM action")
new_last=$(sql "SELECT count(*) FROM action WHERE run_date = '$day' AND state <> 'superseded'")
echo "# $actions actions in all, $new_last on the last day"
expect_eq "the runs recorded actions day after day" 1 "$((actions > 300 && new_last > 0))"
more_writes_done
finish
