#!/usr/bin/env bash
# t0440: many clients of one PostgreSQL database at once lose nothing and
# write nothing twice.
#
# One tenant holds a generated portfolio (400 customers). Eight clients
# start together, each importing its own payments (payments.csv split by
# customer into 8 disjoint files) and logging contact attempts for its own
# customers, while a ninth runs `aging` and `report kpi` in a loop, and a
# second tenant imports its payments at the same time. Each client runs a
# fixed number of commands. A command that meets a serialization failure or
# a deadlock is run again by recoup itself (cli/main.c, saying so on
# stderr): every command must exit 0 the first time the client runs it. Then: `recoup check` passes, the payments in
# the database are exactly those of the 8 files (no lost update), every
# contact attempt is there exactly once, and the aging equals that of a
# SQLite database loaded with the same files one after another.
#
# The writers of a tenant take turns through an advisory lock (docs/
# operations.md, "Concurrency"). To show that another tenant does not wait
# for them, and that reads do not either, the test holds the first tenant's
# lock from psql while the clients start: the second tenant's import and
# the first report must finish before the lock is let go.
#
# Runs on a throw-away cluster: without RECOUP_PG_URL the script runs
# itself again under tests/pg/with-cluster, which stops the cluster however
# the script ends (its EXIT trap).
set -euo pipefail
if [[ -z ${RECOUP_PG_URL:-} ]]; then
	exec "$SRCDIR/tests/pg/with-cluster" bash "$0" "$@"
fi
. "$SRCDIR/tests/integration/lib.sh"

PG="$RECOUP_PG_URL"
SQ="$TMP/sequential.db"
CLIENTS=8
LOGS_PER_CLIENT=6 # contact attempts a client logs (3 before its import, 3 after)
READER_ROUNDS=8   # aging and report kpi, each, by the ninth client
HOLD_S=3          # how long psql holds the first tenant's lock
LOCK_CLASS=$((0x72637570)) # PG_LOCK_CLASS in src/store/postgres/pg_int.h

now() {
	date +%s.%N
}

# before A B: A < B (decimal seconds)
before() {
	awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'
}

# ---- the portfolios ----

expect_exit 0 recoup generate --customers 400 --seed 1 --out d
expect_exit 0 recoup generate --customers 150 --seed 2 --out d2

# payments.csv split by customer (the number of C0000123 modulo 8), same header
for ((k = 0; k < CLIENTS; k++)); do
	head -1 d/payments.csv >"pay$k.csv"
done
awk -F, -v n=$CLIENTS 'NR > 1 { k = substr($2, 2) % n; print >> ("pay" k ".csv") }' d/payments.csv
rows=0
for ((k = 0; k < CLIENTS; k++)); do
	rows=$((rows + $(wc -l <"pay$k.csv") - 1))
done
expect_eq "the 8 payment files hold every payment once" "$(($(wc -l <d/payments.csv) - 1))" "$rows"

# each client's customers (whose attempts it logs)
for ((k = 0; k < CLIENTS; k++)); do
	awk -F, -v n=$CLIENTS -v k="$k" -v m=$LOGS_PER_CLIENT \
		'NR > 1 && substr($1, 2) % n == k && c < m { print $1; c++ }' d/customers.csv >"cust$k.txt"
done

expect_exit 0 recoup --db "$PG" init
expect_exit 0 recoup --db "$PG" init --tenant north
for kind in customers contacts invoices; do
	expect_exit 0 recoup --db "$PG" import "$kind" "d/$kind.csv"
	expect_exit 0 recoup --db "$PG" --tenant north import "$kind" "d2/$kind.csv"
done
T1=$(sql "SELECT id FROM tenant WHERE name = 'default'" "$PG")
T2=$(sql "SELECT id FROM tenant WHERE name = 'north'" "$PG")

# ---- the clients ----

# attempt LOG CMD...: runs `recoup --db $PG CMD...` once (recoup runs a
# command again itself after a conflict, saying so on stderr). LOG gets one
# line, "EXIT ARGS", then the notices of the conflicts run again, and the
# stderr of a failed command.
attempt() {
	local log=$1 rc
	shift
	"$RECOUP" --db "$PG" "$@" >"$log.out" 2>"$log.err"
	rc=$?
	echo "$rc $*" >>"$log"
	grep 'running it again' "$log.err" | sed 's/^/    conflict: /' >>"$log" || true
	((rc == 0)) || sed 's/^/    /' "$log.err" >>"$log"
}

# writer K: 3 attempts, its payments, 3 attempts; each attempt with its own note
writer() {
	local k=$1 j=0 c
	set +e
	while [[ ! -e go ]]; do sleep 0.01; done
	while read -r c; do
		if ((j == LOGS_PER_CLIENT / 2)); then
			attempt "w$k.log" import payments "pay$k.csv"
		fi
		attempt "w$k.log" contact log --contact "$c" --channel call --outcome no_answer \
			--at "2026-11-2$((j % 8))T1$k:0$j:00Z" --note "t0440 client $k attempt $j"
		echo "t0440 client $k attempt $j|1" >>expected-notes
		j=$((j + 1))
	done <"cust$k.txt"
	now >"w$k.end"
}

reader() {
	local r
	set +e
	while [[ ! -e go ]]; do sleep 0.01; done
	for ((r = 0; r < READER_ROUNDS; r++)); do
		attempt reader.log aging --as-of 2026-11-30 --format csv
		((r == 0)) && now >reader.first
		attempt reader.log report kpi --from 2026-10-01 --to 2026-11-30 --format csv
	done
}

# The first tenant's lock, held from psql for HOLD_S seconds; "locked"
# appears once it is held, "released" (a time) when the lock is let go.
psql -X -q -v ON_ERROR_STOP=1 -d "$PG" >holder.out 2>&1 <<SQL &
BEGIN;
SELECT pg_advisory_xact_lock($LOCK_CLASS, $T1);
\! touch locked
SELECT pg_sleep($HOLD_S);
\! date +%s.%N > released
COMMIT;
SQL
holder=$!
track_pid "$holder"
for ((i = 0; i < 500; i++)); do
	[[ -e locked ]] && break
	sleep 0.02
done
[[ -e locked ]] || fail "psql holds the first tenant's lock" "$(_show holder.out)"

t0=$(now)
pids=()
for ((k = 0; k < CLIENTS; k++)); do
	writer "$k" &
	pids+=($!)
	track_pid $!
done
reader &
pids+=($!)
track_pid $!
touch go
# the second tenant, at the same time
set +e
"$RECOUP" --db "$PG" --tenant north import payments d2/payments.csv >north.out 2>north.err
north_rc=$?
set -e
north_end=$(now)

deadline=$((SECONDS + 60))
for pid in "${pids[@]}"; do
	while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.1; done
done
for pid in "${pids[@]}"; do
	if kill -0 "$pid" 2>/dev/null; then
		fail "the clients finish within 60 s" "$(cat w*.log reader.log 2>/dev/null | tail -20)"
		finish
	fi
	wait "$pid" || true
done
wait "$holder" || true
t1=$(now)
pass "the 9 clients finished in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s"

# ---- every command succeeded, or said "run it again" and then did ----

expect_eq "the second tenant's import succeeds while the first tenant's writers run" 0 "$north_rc"
released=$(cat released 2>/dev/null || echo 0)
if before "$north_end" "$released"; then
	pass "the second tenant's import finished while the first tenant's lock was held"
else
	fail "the second tenant's import finished while the first tenant's lock was held" \
		"import ended at $north_end, lock released at $released" "$(_show north.err)"
fi
if [[ -e reader.first ]] && before "$(cat reader.first)" "$released"; then
	pass "a report does not wait for the writers of its tenant"
else
	fail "a report does not wait for the writers of its tenant" \
		"first aging ended at $(cat reader.first 2>/dev/null), lock released at $released"
fi
for ((k = 0; k < CLIENTS; k++)); do
	if ! before "$released" "$(cat "w$k.end" 2>/dev/null || echo 0)"; then
		fail "client $k waited for the lock" "it ended at $(cat "w$k.end" 2>/dev/null), lock released at $released"
	fi
done

cat w*.log reader.log >all.log
commands=$(grep -cE '^[0-9]+ ' all.log || true)
expect_eq "each client ran its commands" "$((CLIENTS * (LOGS_PER_CLIENT + 1) + 2 * READER_ROUNDS))" "$commands"
conflicts=$(grep -c 'conflict: ' all.log || true)
failed=$(grep -E '^[0-9]+ ' all.log | grep -vE '^0 ' || true)
if [[ -z $failed ]]; then
	pass "every command exited 0 the first time it was run ($conflicts conflicts run again by recoup itself)"
else
	fail "every command exited 0 the first time it was run" "$failed" "$(grep -A3 -E '^[1-9]' all.log | head -30)"
fi
if ((conflicts > 0)); then
	echo "# conflicts seen:"
	grep 'conflict: ' all.log | sed 's/^/#   /'
fi

# ---- the books ----

expect_exit 0 recoup --db "$PG" check
expect_exit 0 recoup --db "$PG" --tenant north check
expect_eq "the second tenant has every one of its payments" "$(($(wc -l <d2/payments.csv) - 1))" \
	"$(sql "SELECT count(*) FROM payment WHERE tenant_id = $T2" "$PG")"

# the payments stored are those of the files, per currency: count and total in minor units
cat pay*.csv | awk -F, '$1 != "payment_ref" { split($5, a, "."); n[$6]++; s[$6] += a[1] * 100 + a[2] }
	END { for (c in n) printf "%s|%d|%d\n", c, n[c], s[c] }' | sort >files.sums
sql "SELECT currency, count(*), sum(amount) FROM payment WHERE tenant_id = $T1 GROUP BY currency ORDER BY currency" \
	"$PG" >db.sums
expect_same_file "the payments stored are exactly those of the 8 files (count and total per currency)" files.sums db.sums
expect_eq "every payment stored once" "$rows" "$(sql "SELECT count(DISTINCT ref) FROM payment WHERE tenant_id = $T1" "$PG")"
expect_eq "the ledger has every payment's entries (none half-written)" 0 \
	"$(sql "SELECT count(*) FROM payment p WHERE tenant_id = $T1 AND NOT EXISTS
		(SELECT 1 FROM ledger_entry l WHERE l.tenant_id = p.tenant_id AND l.payment_id = p.id)" "$PG")"

sort expected-notes >expected-notes.sorted
sql "SELECT note, count(*) FROM contact_attempt WHERE tenant_id = $T1 AND note LIKE 't0440 %' GROUP BY note ORDER BY note" \
	"$PG" | sort >db-notes
expect_lines "$((CLIENTS * LOGS_PER_CLIENT))" "every client logged its attempts" expected-notes.sorted
expect_same_file "every contact attempt is stored exactly once" expected-notes.sorted db-notes

# the same files, one after another, into SQLite
for kind in customers contacts invoices; do
	run recoup --db "$SQ" import "$kind" "d/$kind.csv"
	[[ $status == 0 ]] || fail "SQLite import $kind" "$(_show "$TMP/err")"
done
for ((k = 0; k < CLIENTS; k++)); do
	run recoup --db "$SQ" import payments "pay$k.csv"
	[[ $status == 0 ]] || fail "SQLite import pay$k.csv" "$(_show "$TMP/err")"
done
for args in "aging --format csv" "aging --by customer --format csv" "aging --as-of 2026-10-31 --format csv" \
	"report kpi --from 2026-10-01 --to 2026-11-30 --format csv"; do
	# shellcheck disable=SC2086 # the words of the command
	"$RECOUP" --db "$SQ" $args >sq.out
	# shellcheck disable=SC2086
	"$RECOUP" --db "$PG" $args >pg.out
	expect_same_file "$args: the concurrent PostgreSQL load equals SQLite loaded in turn" sq.out pg.out
done

# ---- a deadlock, made on purpose ----
# No clients above conflicted: recoup's writers queue on the tenant's lock
# first. Another client of the database can still deadlock with one: psql
# locks an invoice row, recoup's import takes the tenant's lock and waits
# for that row, psql asks for the tenant's lock. PostgreSQL aborts recoup's
# transaction (its deadlock_timeout is the shorter), which changed nothing.
# With retries off (RECOUP_RETRY_MAX=0) the import must say so in the
# documented words, exit 3 and change nothing; by default recoup runs it
# again itself (psql has let go by then), says so on stderr, and succeeds:
# no rerun by the user, the summary printed once.
read -r inv cust cur < <(sql "SELECT i.ref, c.ref, i.currency FROM invoice i JOIN customer c
	ON c.tenant_id = i.tenant_id AND c.id = i.customer_id
	WHERE i.tenant_id = $T1 AND i.balance >= 100 ORDER BY i.ref LIMIT 1" "$PG" | tr '|' ' ')
csv_file extra.csv >/dev/null <<CSV
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P-T0440-1,$cust,$inv,2026-11-30,1.00,$cur,transfer,cleared,
CSV

# deadlocked_import FILE [VAR=VALUE...]: imports FILE while psql makes the
# deadlock above; sets $status (and $TMP/out, $TMP/err) as `run` does.
deadlocked_import() {
	local file=$1 i locker
	shift
	rm -f rowlocked
	psql -X -q -v ON_ERROR_STOP=1 -d "$PG" >locker.out 2>&1 <<SQL &
BEGIN;
SET LOCAL deadlock_timeout = '30s';
UPDATE invoice SET balance = balance WHERE tenant_id = $T1 AND ref = '$inv';
\! touch rowlocked
\! sleep 1
SELECT pg_advisory_xact_lock($LOCK_CLASS, $T1);
ROLLBACK;
SQL
	locker=$!
	track_pid "$locker"
	for ((i = 0; i < 500; i++)); do
		[[ -e rowlocked ]] && break
		sleep 0.02
	done
	run env "$@" PGOPTIONS='-c deadlock_timeout=3s' "$RECOUP" --db "$PG" import payments "$file"
	wait "$locker" || true
}

db_snapshot "$PG"
deadlocked_import extra.csv RECOUP_RETRY_MAX=0
if [[ $status == 0 ]]; then
	fail "a deadlock is reported" "the import succeeded: no deadlock happened" "$(_show locker.out)"
else
	expect_eq "a deadlock with retries off: exit 3 (environment)" 3 "$status"
	expect_stderr_contains "the transaction conflicted with another one"
	expect_stderr_contains "nothing was changed, run the command again"
	expect_stderr_contains "(deadlock detected); nothing was changed"
	expect_lines 1 "the message is one line (no DETAIL, HINT or CONTEXT)" "$TMP/err"
	expect_db_unchanged "the deadlocked import changed nothing" "$PG"
	sed 's/^/# /' "$TMP/err"
fi

# A command that printed something before the conflict is not run again
# (it would print it twice): a bad row reported, then the deadlock. (The
# balance moves wait until a read needs them, src/store/postgres/pg_int.h:
# a payment that names no invoice reads the customer's open invoices, and
# when a held move is a rise, here the reversal of a returned payment
# applied before it, the moves are written first, so the row lock is met
# before the import ends for its bad row. Without a rise the read moves the
# balances itself, and the import ended for its bad row first.)
{
	head -1 extra.csv
	echo "P-T0440-0,NO-SUCH-CUSTOMER,,2026-11-30,1.00,$cur,transfer,cleared,"
	tail -1 extra.csv
	echo "P-T0440-3,$cust,$inv,2026-11-29,1.00,$cur,transfer,returned,2026-11-29"
	echo "P-T0440-2,$cust,,2026-11-30,1.00,$cur,transfer,cleared,"
} >extra-bad.csv
deadlocked_import extra-bad.csv
expect_eq "a deadlock after a bad row was reported: exit 3, not run again" 3 "$status"
expect_eq "the bad row is reported once" 1 "$(grep -c 'NO-SUCH-CUSTOMER' "$TMP/err" || true)"
expect_eq "no retry after output" 0 "$(grep -c 'running it again' "$TMP/err" || true)"
expect_stderr_contains "(deadlock detected); nothing was changed, run the command again"
expect_db_unchanged "the deadlocked import with a bad row changed nothing" "$PG"

deadlocked_import extra.csv
expect_eq "a deadlock: the import is run again by recoup and succeeds" 0 "$status"
expect_stderr_contains "(deadlock detected); nothing was changed, run the command again; running it again (1 of 5)"
expect_eq "it was run again once" 1 "$(grep -c 'running it again' "$TMP/err" || true)"
expect_lines 1 "the summary is printed once" "$TMP/out"
expect_stdout_contains "1 new or changed"
sed 's/^/# /' "$TMP/err"
expect_eq "the payment is stored once" 1 \
	"$(sql "SELECT count(*) FROM payment WHERE tenant_id = $T1 AND ref = 'P-T0440-1'" "$PG")"
expect_exit 0 recoup --db "$PG" import payments extra.csv
expect_stdout_contains "nothing changed"
expect_exit 0 recoup --db "$PG" check

finish
