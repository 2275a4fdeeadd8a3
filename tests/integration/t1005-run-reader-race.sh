#!/usr/bin/env bash
# t1005: the daily run's reader reads the first chunk as soon as the run's
# start has committed, before the walk's first transaction (app/run.c,
# reader_start). A payment another process commits in between must make
# that chunk stale: the walk reads it again in its own transaction and
# decides on the payment, as a run reading alone does.
#
# RECOUP_RUN_PAUSE=PATH (a test hook) holds the run once the reader holds
# its first chunk: PATH.paused appears, and the walk waits for PATH.go.
# While it waits, the test pays in full every open invoice of the customers
# of that chunk (chunks of 4: RECOUP_RUN_CHUNK) from another process. The
# same day on a copy of the book, with the reader off (RECOUP_RUN_READER=0)
# and the same payment at the same point, must record every row alike; a
# third copy without the payment shows that the payment changes what the
# run records for them. On SQLite and PostgreSQL; on PostgreSQL the paused
# runs also show how many sessions a run holds (docs/operations.md: two,
# its own and the reader's, which is the read ahead's handed on), the first
# run of the book, which visits everyone, included.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_oracle.sh"

export RECOUP_RUN_CHUNK=4
day0=$START
day1=$(date -u -d "$START + 1 day" +%F)

# the run of DAY on DB, held at PATH while the payment is imported (none: no payment);
# on PostgreSQL the sessions of DB while it is held in PATH.sessions
run_held() { # day db path payments-file [env...]
	local day=$1 db=$2 path=$3 pay=$4 pid
	shift 4
	clock_env "${day}T05:00:00Z"
	env "$@" RECOUP_RUN_PAUSE="$path" "${CLOCK_ENV[@]}" "$RECOUP" --db "$db" run --as-of "$day" \
		--now "${day}T05:00:00Z" --format json >"$path.json" 2>"$path.err" &
	pid=$!
	track_pid "$pid"
	for _ in $(seq 600); do
		[[ -e $path.paused ]] && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	if [[ ! -e $path.paused ]]; then
		fail "the run on $db paused once its reader held the first chunk" "$(cat "$path.err")"
		return 1
	fi
	if [[ $TEST_BACKEND == postgres ]]; then
		sql "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()" \
			"$db" >"$path.sessions"
	fi
	if [[ $pay != none ]]; then
		"$RECOUP" --db "$db" import payments "$pay" >/dev/null
	fi
	: >"$path.go"
	wait "$pid"
}

oracle_books
run_held "$day0" "$RECOUP_DB" "$TMP/day0" none
alone=$(db_copy "$RECOUP_DB" alone)
unpaid=$(db_copy "$RECOUP_DB" unpaid)

# the first chunk of day 1: the first 4 customers the run visits (due by day 1, or marked)
first=$(sql_join , "SELECT customer_id FROM (SELECT customer_id FROM run_watch WHERE next_date <= '$day1'
	UNION SELECT customer_id FROM run_dirty) v ORDER BY customer_id LIMIT 4")
[[ -n $first ]] || {
	fail "the book has customers to visit on day 1"
	finish
}
# every open invoice of theirs paid in full (the book's currencies have two decimals)
pay=$TMP/pay.csv
{
	echo "payment_ref,customer_ref,invoice_ref,date,amount,currency"
	sql "SELECT 'RACE-' || i.id, c.ref, i.ref, '$day1', (i.balance / 100) || '.' ||
	     CASE WHEN i.balance % 100 < 10 THEN '0' ELSE '' END || (i.balance % 100),
	     i.currency FROM invoice i JOIN customer c ON c.id = i.customer_id
	     WHERE i.customer_id IN ($first) AND i.balance > 0 ORDER BY i.id" | tr '|' ','
} >"$pay"
paid=$(($(wc -l <"$pay") - 1))
echo "# the first chunk: customers $first, $paid open invoices paid while the run waits"
expect_eq "the first chunk's customers have open invoices to pay" 1 "$((paid > 0))"

run_held "$day1" "$RECOUP_DB" "$TMP/reader" "$pay"
run_held "$day1" "$alone" "$TMP/alone" "$pay" RECOUP_RUN_READER=0
run_held "$day1" "$unpaid" "$TMP/unpaid" none
if [[ $TEST_BACKEND == postgres ]]; then
	expect_eq "the first run (everyone visited) holds two sessions while it walks" 2 "$(cat "$TMP/day0.sessions")"
	expect_eq "the next day (the watched visited) holds two sessions while it walks" 2 "$(cat "$TMP/reader.sessions")"
	expect_eq "a run reading alone holds one session while it walks" 1 "$(cat "$TMP/alone.sessions")"
fi

dump "$RECOUP_DB" "$TMP/reader.txt"
dump "$alone" "$TMP/alone.txt"
dump "$unpaid" "$TMP/unpaid.txt"
if cmp -s "$TMP/reader.json" "$TMP/alone.json" && cmp -s "$TMP/reader.txt" "$TMP/alone.txt"; then
	pass "a payment committed between the start and the walk: the run with its reader records what the walk alone records"
else
	fail "a payment committed between the start and the walk: the run with its reader records what the walk alone records" \
		"$(diff -u "$TMP/alone.json" "$TMP/reader.json" | sed -n '3,20p')" \
		"$(diff -u "$TMP/alone.txt" "$TMP/reader.txt" | sed -n '3,40p')"
fi
# the payment matters: without it the day records steps for those customers' invoices
with=$(sql "SELECT count(*) FROM action WHERE run_date = '$day1' AND customer_id IN ($first) AND state <> 'superseded'")
without=$(sql "SELECT count(*) FROM action WHERE run_date = '$day1' AND customer_id IN ($first) AND state <> 'superseded'" \
	"$unpaid")
echo "# day 1's steps for the first chunk's customers: $without unpaid, $with paid"
expect_eq "the payment changes what day 1 records for the first chunk (fewer steps once paid)" 1 "$((without > with))"
finish
