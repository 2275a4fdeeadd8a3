#!/usr/bin/env bash
# The daily run decides the same on the backend under test as on SQLite:
# over a generated portfolio (with its contact history and flags, so the
# step conditions and the stops are asked), a first run, collectors
# assigned, the next day's run and a rerun of that day give the same
# actions (every field but the id), the same summaries and the same
# day's snapshot (`report trend`). On PostgreSQL this holds the run's
# statements to the SQLite backend's answers: their rewrites for speed
# (the page of customers on the index the chunk reads next, the snapshot
# in one statement, the returned payments probed per customer) must not
# change a decision. On SQLite both books are SQLite: the run is then
# shown to be deterministic.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

ref="$TMP/ref.db"
recoup generate --customers 300 --seed 11 --as-of 2026-11-22 --out "$TMP/gen" >/dev/null
for db in "$RECOUP_DB" "$ref"; do
	[[ $db == "$ref" ]] && "$RECOUP" --db "$ref" init >/dev/null
	for kind in customers contacts invoices payments contact-history flags; do
		"$RECOUP" --db "$db" import "$kind" "$TMP/gen/$kind.csv" --as-of 2026-11-22 >/dev/null
	done
done

# actions without their ids (each backend draws its own), in a stable order
actions_of() { # db date out
	"$RECOUP" --db "$1" actions --date "$2" --format json | python3 -c 'import json, sys
a = json.load(sys.stdin)
for x in a:
    x.pop("id", None)
a.sort(key=lambda x: json.dumps(x, sort_keys=True))
json.dump(a, open(sys.argv[1], "w"), sort_keys=True, indent=1)' "$3"
}

both_run() { # label date now
	local db side
	for side in test ref; do
		db=$RECOUP_DB
		[[ $side == ref ]] && db=$ref
		run "$RECOUP" --db "$db" run --as-of "$2" --now "$3" --format json
		expect_eq "$1 on $side: exit 0" 0 "$status"
		# but for what the invocation visited (each backend's marks may differ in what they make due again)
		python3 -c 'import json, sys
o = json.load(open(sys.argv[1]))
o.pop("customers_visited", None)
o.pop("visit", None)
json.dump(o, open(sys.argv[2], "w"), sort_keys=True, indent=1)' "$TMP/out" "$TMP/run-$side.json"
		actions_of "$db" "$2" "$TMP/actions-$side.json"
		"$RECOUP" --db "$db" report trend --from 2026-11-01 --to 2026-11-30 --format json >"$TMP/trend-$side.json"
	done
	expect_same_file "$1: the same summary" "$TMP/run-test.json" "$TMP/run-ref.json"
	expect_same_file "$1: the same actions" "$TMP/actions-test.json" "$TMP/actions-ref.json"
	expect_same_file "$1: the same snapshots" "$TMP/trend-test.json" "$TMP/trend-ref.json"
}

both_run "first run" 2026-11-22 2026-11-22T05:00:00Z
n=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$TMP/actions-ref.json")
expect_eq "the first run records actions" 1 "$((n > 100))"
expect_eq "the day's snapshot has rows" 1 "$(($(wc -c <"$TMP/trend-ref.json") > 200))"
for db in "$RECOUP_DB" "$ref"; do
	for i in 1 2 3; do
		"$RECOUP" --db "$db" user add "c$i" --role collector --capacity 40 >/dev/null
	done
	"$RECOUP" --db "$db" assign --as-of 2026-11-22 >/dev/null
done
both_run "the next day" 2026-11-23 2026-11-23T05:00:00Z
both_run "the same day again" 2026-11-23 2026-11-23T06:00:00Z
finish
