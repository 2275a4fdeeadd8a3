#!/usr/bin/env bash
# The daily run's reader (app/run.c: on SQLite each chunk's page, open
# invoices, waiting actions, probe, plan and the asked customers' rows are
# read on a second connection by a thread of its own while the walk works
# on the chunk before) decides exactly what the walk reading alone decides
# (RECOUP_RUN_READER=0). A third book has every chunk that was read before
# one of the walk's transactions began read again by the walk, as it is
# when another connection commits in between (RECOUP_RUN_READER_STALE=1).
# The reader also reads the contact rules' rows of the asked customers of
# the chunks it has time for (when chunks it read wait for the walk), and of
# every chunk on even days (RECOUP_RUN_READER_RULES=1). It sums the
# customers not visited into the day's snapshot a slice of their watch rows
# at a time whenever it has no chunk to read: slices of 1 to 3 rows here
# (RECOUP_RUN_READER_SLICE), so that each run's sum is read in many. With
# the rules' rows it answers the plan's questions of money in since a step
# (only_if_no_answer), which the walk then finds (prefetch_paid).
# Chunks of 4 customers (RECOUP_RUN_CHUNK), so that a small book has many
# chunks and several transactions. Three books get the same generated
# portfolio and, day after day for 16 days, the same writes before each
# run (payments in full and in part, new invoices, a cease, a dispute, a
# promise, a strategy stored and made a kind's default); after every run
# every row of what runs record is compared, ids included.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

export RECOUP_RUN_CHUNK=4
source "$SRCDIR/tests/integration/run_oracle.sh"

alone=$(db_new alone)
stale=$(db_new stale)
oracle_books "$alone" "$stale"

bad=0
ahead=0
for i in $(seq 0 15); do
	day=$(date -u -d "$START + $i days" +%F)
	((i > 0)) && writes "$day" "$i"
	# the reader reads the contact rules' rows of every chunk on even days, as it has time on odd days
	rules=$((i % 2 == 0 ? 1 : -1))
	RECOUP_RUN_TIMES=1 RECOUP_RUN_READER_RULES=$rules RECOUP_RUN_READER_SLICE=$((i % 3 + 1)) "$RECOUP" --db "$RECOUP_DB" run --as-of "$day" --now "${day}T05:00:00Z" \
		--format json >"$TMP/run-reader.json" 2>"$TMP/times.txt"
	if ((i == 0)); then
		# RECOUP_RUN_TIMES=1 (docs/operations.md): each phase's end, in order and in time, then the waits
		phases=$(awk '$1 == "run" && $2 == "phase" { printf "%s ", $3 }' "$TMP/times.txt")
		ordered=$(awk '$1 == "run" && $2 == "phase" { if ($4 + 0 < last) bad = 1; last = $4 + 0 } END { print bad ? "no" : "yes" }' "$TMP/times.txt")
		chunks=$(sed -n 's/^run waits walk [0-9.]* (\([0-9]*\) of \([0-9]*\) chunks; summing [0-9.]* of it) reader idle [0-9.]* reading [0-9.]* summing [0-9.]* end [0-9.]*$/\2/p' "$TMP/times.txt")
		if [[ $phases == "agreements start walk finish credit checkpoints " && $ordered == yes && ${chunks:-0} -ge 2 ]]; then
			pass "RECOUP_RUN_TIMES=1: the phases in order and in time, and the walk's and reader's waits over $chunks chunks"
		else
			fail "RECOUP_RUN_TIMES=1: the phases in order and in time, and the waits" "$(cat "$TMP/times.txt")"
		fi
	fi
	# the questions of money in since a step (only_if_no_answer) the reader answered for the walk
	n=$(sed -n 's/^run money-in questions \([0-9]*\) answered ahead, [0-9]* asked by the walk$/\1/p' "$TMP/times.txt")
	ahead=$((ahead + ${n:-0}))
	RECOUP_RUN_READER=0 "$RECOUP" --db "$alone" run --as-of "$day" --now "${day}T05:00:00Z" --format json \
		>"$TMP/run-alone.json"
	RECOUP_RUN_READER_STALE=1 "$RECOUP" --db "$stale" run --as-of "$day" --now "${day}T05:00:00Z" --format json \
		>"$TMP/run-stale.json"
	dump "$RECOUP_DB" "$TMP/reader.txt"
	dump "$alone" "$TMP/alone.txt"
	dump "$stale" "$TMP/stale.txt"
	for other in alone stale; do
		if ! cmp -s "$TMP/run-reader.json" "$TMP/run-$other.json" || ! cmp -s "$TMP/reader.txt" "$TMP/$other.txt"; then
			fail "day $day: the run with its reader records what the run reading $other records" \
				"$(diff -u "$TMP/run-$other.json" "$TMP/run-reader.json" | sed -n '3,20p')" \
				"$(diff -u "$TMP/$other.txt" "$TMP/reader.txt" | sed -n '3,40p')"
			bad=1
		fi
	done
	((bad == 0)) || break
done
[[ $bad == 0 ]] && pass "16 days with writes between them: every row the same with the reader, alone, and read again"
pages=$(sql "SELECT count(DISTINCT customer_id) FROM invoice WHERE balance <> 0")
actions=$(sql "SELECT count(*) FROM action")
new_last=$(sql "SELECT count(*) FROM action WHERE run_date = '$day' AND state <> 'superseded'")
echo "# $pages customers with open invoices ($(((pages + 3) / 4)) chunks or more a run), $actions actions in all, $new_last on the last day"
expect_eq "the runs walked many chunks (more than 8: more than one transaction)" 1 "$((pages > 4 * 9))"
expect_eq "the runs recorded actions day after day" 1 "$((actions > 300 && new_last > 0))"
echo "# $ahead questions of money in since a step answered by the reader"
expect_eq "the reader answered questions of money in since a step (prefetch_paid), the same rows recorded" 1 \
	"$((ahead > 0))"
more_writes_done
finish
