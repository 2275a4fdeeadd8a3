#!/usr/bin/env bash
# kill -9 at several random points of a run over a generated portfolio of
# 20,000 customers, then a rerun: the same actions (compared through
# `recoup actions --format json`, ids aside: PostgreSQL spends identity
# values in rolled-back transactions), the same fees and interest on the
# ledger, the same snapshot of the book, the same stored summary and the
# same credit holds, and a consistent book, as one clean run on a copy of the
# same book.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

AS_OF=2026-09-30
# chunks of 64 customers (RECOUP_RUN_CHUNK; 512 otherwise): a transaction every 512 customers,
# about 40 over the book, so that a kill lands between many different commits
export RECOUP_RUN_CHUNK=64
recoup generate --customers 20000 --seed 7 --as-of "$AS_OF" --out "$TMP/gen" >/dev/null
for kind in customers contacts invoices payments; do
	recoup import "$kind" "$TMP/gen/$kind.csv" >/dev/null
done
clean_db=$(db_copy "$RECOUP_DB" clean)

# the actions as a sorted list, without ids
normalized() { # DB OUT
	RECOUP_DB=$1 recoup actions --format json >"$TMP/raw.json"
	python3 -c 'import json,sys
a = json.load(open(sys.argv[1]))
for x in a: del x["id"]
a.sort(key=lambda x: json.dumps(x, sort_keys=True))
json.dump(a, open(sys.argv[2], "w"), indent=0, sort_keys=True)' "$TMP/raw.json" "$2"
}
charges() { sql "SELECT kind, count(*), sum(amount) FROM ledger_entry WHERE kind IN ('fee', 'interest') GROUP BY kind ORDER BY kind" "$1"; }
snapshot() { sql "SELECT dimension, key, currency, bucket, accounts, invoices, balance FROM run_snapshot
                 WHERE run_date = '$AS_OF' ORDER BY dimension, key, currency, bucket" "$1"; }
summary() { sql "SELECT summary FROM run WHERE run_date = '$AS_OF'" "$1" |
	python3 -c 'import json, sys; print(json.dumps(json.load(sys.stdin), sort_keys=True))'; }
holds() { sql "SELECT c.ref, h.source, h.reason, CASE WHEN h.released_at IS NULL THEN 'held' ELSE 'released' END,
                      COALESCE(h.release_reason, '') FROM credit_hold h JOIN customer c ON c.id = h.customer_id
               ORDER BY c.ref, h.source, h.reason" "$1"; }

t0=$(date +%s%N)
RECOUP_DB=$clean_db recoup run --as-of "$AS_OF" >/dev/null
t1=$(date +%s%N)
clean_ms=$(( (t1 - t0) / 1000000 ))
normalized "$clean_db" "$TMP/clean.json"
n_clean=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$TMP/clean.json")
echo "# one clean run: $clean_ms ms, $n_clean actions"

# kills at several points of the run: the first at a random moment early in it (a fixed seed:
# the reviews, the first chunks), the others once a run has recorded 25%, 50% and 75% of the
# clean run's actions (the count moves at each commit: the kill falls in the transaction after
# it, at whatever point the walk has reached). Until 2026-12-05 every kill fell at a random
# moment in the run's first quarter: at 20,000 customers before its second commit, 190 actions
# each time, so none came after a chunk's fees and interest or its cancellations.
RANDOM=6012
kills=0
: >"$TMP/kill-points"
for target in 0 25 50 75; do
	# the binary itself, not the `recoup` function: $! would be the function's subshell, and
	# kill -9 would leave the run going on behind the test's back
	"$RECOUP" run --as-of "$AS_OF" >/dev/null 2>&1 &
	pid=$!
	track_pid "$pid"
	if ((target == 0)); then
		delay=$((clean_ms / 20 + RANDOM % (clean_ms / 5 + 1)))
		sleep "$(awk -v ms="$delay" 'BEGIN { printf "%.3f", ms / 1000 }')"
	else
		want=$((n_clean * target / 100))
		for _ in $(seq 3000); do
			kill -0 "$pid" 2>/dev/null || break
			(($(sql "SELECT count(*) FROM action") >= want)) && break
			sleep 0.01
		done
	fi
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	state=$(sql "SELECT state FROM run WHERE run_date = '$AS_OF'")
	recorded=$(sql "SELECT count(*) FROM action")
	if [[ $state != done ]]; then
		kills=$((kills + 1))
		echo "$recorded" >>"$TMP/kill-points"
	fi
	echo "# kill at ${target}%: run ${state:-not started}, $recorded actions recorded"
done
expect_eq "the run was killed at least three times before it finished" True \
	"$([[ $kills -ge 3 ]] && echo True || echo False)"
expect_eq "at three points or more (the actions recorded when killed differ)" True \
	"$([[ $(sort -u "$TMP/kill-points" | wc -l) -ge 3 ]] && echo True || echo False)"

# the rerun; on PostgreSQL the killed session may hold the run lock until the server notices it is gone
for _ in $(seq 50); do
	run recoup run --as-of "$AS_OF"
	[[ $status != 3 ]] && break
	sleep 0.2
done
expect_eq "the rerun completes" 0 "$status"
normalized "$RECOUP_DB" "$TMP/crashed.json"
expect_same_file "the actions equal one clean run's" "$TMP/clean.json" "$TMP/crashed.json"
expect_eq "the fees and interest equal one clean run's" "$(charges "$clean_db")" "$(charges "$RECOUP_DB")"
snapshot "$clean_db" >"$TMP/clean-snapshot.txt"
snapshot "$RECOUP_DB" >"$TMP/crashed-snapshot.txt"
expect_same_file "the day's snapshot equals one clean run's" "$TMP/clean-snapshot.txt" "$TMP/crashed-snapshot.txt"
expect_eq "so does the summary stored with the run" "$(summary "$clean_db")" "$(summary "$RECOUP_DB")"
expect_eq "and the credit holds the steps set" "$(holds "$clean_db")" "$(holds "$RECOUP_DB")"
echo "# $(wc -l <"$TMP/clean-snapshot.txt") snapshot rows, $(holds "$clean_db" | wc -l) credit holds"
run recoup check
expect_eq "the book is consistent (recoup check)" 0 "$status"
run recoup run --as-of "$AS_OF" --format json
expect_eq "a further run records nothing: same actions" "$(jq_out 'sum(o["actions"].values())')" \
	"$(python3 -c 'import json,sys; print(sum(1 for x in json.load(open(sys.argv[1])) if x["state"] in ("scheduled", "done")))' "$TMP/clean.json")"
normalized "$RECOUP_DB" "$TMP/again.json"
expect_same_file "and nothing new" "$TMP/clean.json" "$TMP/again.json"
finish
