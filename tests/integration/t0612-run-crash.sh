#!/usr/bin/env bash
# kill -9 at several random points of a run over a generated portfolio of
# 20,000 customers, then a rerun: the same actions (compared through
# `recoup actions --format json`, ids aside: PostgreSQL spends identity
# values in rolled-back transactions), the same fees and interest on the
# ledger, and a consistent book, as one clean run on a copy of the same book.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

AS_OF=2026-09-30
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

t0=$(date +%s%N)
RECOUP_DB=$clean_db recoup run --as-of "$AS_OF" >/dev/null
t1=$(date +%s%N)
clean_ms=$(( (t1 - t0) / 1000000 ))
normalized "$clean_db" "$TMP/clean.json"
n_clean=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$TMP/clean.json")
echo "# one clean run: $clean_ms ms, $n_clean actions"

# several kills at random points of the run (a fixed seed: the same points every time), each
# within the first quarter of the time a whole run takes, so that three of them leave it unfinished
RANDOM=6012
kills=0
for i in 1 2 3; do
	delay=$(( clean_ms / 20 + RANDOM % (clean_ms / 5 + 1) ))
	# the binary itself, not the `recoup` function: $! would be the function's subshell, and
	# kill -9 would leave the run going on behind the test's back
	"$RECOUP" run --as-of "$AS_OF" >/dev/null 2>&1 &
	pid=$!
	track_pid "$pid"
	sleep "$(awk -v ms="$delay" 'BEGIN { printf "%.3f", ms / 1000 }')"
	kill -9 "$pid" 2>/dev/null || true
	wait "$pid" 2>/dev/null || true
	state=$(sql "SELECT state FROM run WHERE run_date = '$AS_OF'")
	[[ $state != done ]] && kills=$((kills + 1))
	echo "# kill $i after $delay ms: run ${state:-not started}, $(sql "SELECT count(*) FROM action") actions recorded"
done
expect_eq "the run was killed at least twice before it finished" True "$([[ $kills -ge 2 ]] && echo True || echo False)"

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
run recoup check
expect_eq "the book is consistent (recoup check)" 0 "$status"
run recoup run --as-of "$AS_OF" --format json
expect_eq "a further run records nothing: same actions" "$(jq_out 'sum(o["actions"].values())')" \
	"$(python3 -c 'import json,sys; print(sum(1 for x in json.load(open(sys.argv[1])) if x["state"] in ("scheduled", "done")))' "$TMP/clean.json")"
normalized "$RECOUP_DB" "$TMP/again.json"
expect_same_file "and nothing new" "$TMP/clean.json" "$TMP/again.json"
finish
