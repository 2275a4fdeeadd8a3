# run_oracle.sh: sourced by the scenario tests that run two or more books
# of the same portfolio side by side, day after day, with the same writes
# between the runs, and compare every row the runs record (t0642: the
# probe against the full read; t0645: the run's reader against the walk
# alone). After lib.sh.
START=2026-10-01

# oracle_books DB...: the books beside $RECOUP_DB (made by db_new), each given the same
# generated portfolio with its contact history and flags
oracle_books() {
	BOOKS=("$RECOUP_DB" "$@")
	recoup generate --customers 300 --seed 17 --as-of "$START" --out "$TMP/gen" >/dev/null
	local db kind
	for db in "${BOOKS[@]}"; do
		[[ $db != "$RECOUP_DB" ]] && "$RECOUP" --db "$db" init >/dev/null
		for kind in customers contacts invoices payments contact-history flags; do
			"$RECOUP" --db "$db" import "$kind" "$TMP/gen/$kind.csv" --as-of "$START" >/dev/null
		done
	done
}

# every row the runs write, in a stable order (the moments a run's clock or
# an import's sets are left out: the books are written seconds apart; so is
# the moment a logged call marks its waiting call done, which is the
# machine's clock: on a loaded machine the books' logs fall in different
# seconds, and t0645 failed on that alone)
dump() { # db out
	{
		echo "-- action"
		sql "SELECT id, run_date, customer_id, contact_id, currency, amount, kind, strategy, step, scheduled_at,
		     local_time, state, reason_code, reason, next_allowed_at, created_at,
		     CASE WHEN reason = 'a call was logged' THEN NULL ELSE updated_at END FROM action ORDER BY id" "$1"
		echo "-- action_invoice"
		sql "SELECT ai.action_id, ai.invoice_id, k.strategy, k.step FROM action_invoice ai JOIN step_key k ON k.id = ai.step_key
		     ORDER BY ai.action_id, ai.invoice_id, k.strategy, k.step" "$1"
		echo "-- ledger_entry"
		sql "SELECT id, customer_id, invoice_id, payment_id, kind, amount, currency, date FROM ledger_entry ORDER BY id" "$1"
		echo "-- invoice"
		sql "SELECT id, balance FROM invoice ORDER BY id" "$1"
		echo "-- account_hold"
		sql "SELECT id, customer_id, invoice_id, currency, kind, source_id, from_at, until, ended_at, end_reason
		     FROM account_hold ORDER BY id" "$1"
		echo "-- credit_hold"
		sql "SELECT id, customer_id, source, action_id, set_at, reason, released_at, release_reason
		     FROM credit_hold ORDER BY id" "$1"
		echo "-- promise"
		sql "SELECT id, customer_id, currency, amount, date, until, state, paid, settled_on FROM promise ORDER BY id" "$1"
		echo "-- run_snapshot"
		sql "SELECT run_date, dimension, key, currency, bucket, accounts, invoices, balance FROM run_snapshot
		     ORDER BY run_date, dimension, key, currency, bucket" "$1"
		echo "-- run"
		sql "SELECT run_date, state, started_at, summary FROM run ORDER BY run_date" "$1"
	} >"$2"
}

# both WHAT...: the same command on every book
both() {
	local db
	for db in "${BOOKS[@]}"; do
		"$RECOUP" --db "$db" "$@" >/dev/null
	done
}

# both_try WHAT...: the same command on every book, which may refuse it (a customer picked
# by position may have a plan or a dispute already), but must answer it alike on every book
both_try() {
	local db rc first=
	for db in "${BOOKS[@]}"; do
		rc=0
		"$RECOUP" --db "$db" "$@" >/dev/null 2>"$TMP/both_try.err" || rc=$?
		if [[ -z $first ]]; then
			first=$rc
		elif [[ $rc != "$first" ]]; then
			echo "both_try: '$*' exited $first on one book and $rc on $db: $(cat "$TMP/both_try.err")" >&2
			return 1
		fi
	done
	((first <= 1)) || { echo "both_try: '$*' exited $first: $(cat "$TMP/both_try.err")" >&2; return 1; }
}

# open_nth DAY N: customer ref, invoice ref, currency, balance (minor units) and id of an
# open invoice: the Nth, counting round, of those open on DAY in id order, the ones due by
# DAY first (the day's payments settle most of those soon; nothing when none is open)
open_nth() {
	local n
	n=$(sql "SELECT count(*) FROM invoice WHERE balance > 0")
	((n > 0)) || return 0
	sql "SELECT c.ref, i.ref, i.currency, i.balance, i.id FROM invoice i JOIN customer c ON c.id = i.customer_id
	     WHERE i.balance > 0 ORDER BY i.due_date > '$1', i.id LIMIT 1 OFFSET $((($2 - 1) % n))" | tr '|' ' '
}

# decimal MINOR: a whole amount in minor units as a decimal string of two places
decimal() { printf '%d.%02d' $(($1 / 100)) $(($1 % 100)); }

# The other writes that change what a run decides, one or two a day: credit notes (to an
# invoice and unapplied), a payment returned, a payment dated the next day and imported
# before the run (as of that next day), calls answered and not, a payment plan, a cease
# lifted, a dispute resolved, collectors and the accounts assigned to them, an email
# address taken away (the email step falls back to a letter), a customer's tags changed.
more_writes() { # day index
	local day=$1 i=$2 next at="${1}T03:00:00Z"
	next=$(date -u -d "$day + 1 day" +%F)
	set -- $(open_nth "$day" $((2 * i + 7)))
	if ((i % 6 == 1 && $# == 5)); then
		{
			echo "credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason"
			echo "CN-$i-1,$1,$2,$day,$(decimal $(($4 / 2 > 0 ? $4 / 2 : 1))),$3,price correction"
			echo "CN-$i-2,$1,,$day,10.00,$3,goodwill"
		} >"$TMP/cn.csv"
		both import credit-notes "$TMP/cn.csv" --as-of "$day"
	fi
	if ((i % 6 == 3)); then
		set -- $(sql "SELECT p.ref, c.ref, COALESCE(i.ref, ''), p.date, p.amount, p.currency FROM payment p
		              JOIN customer c ON c.id = p.customer_id LEFT JOIN invoice i ON i.id = p.invoice_id
		              WHERE p.ref LIKE 'P-T%' AND p.status = 'cleared' AND i.ref IS NOT NULL
		              ORDER BY p.id LIMIT 1 OFFSET $i" | tr '|' ' ')
		if (($# == 6)); then
			{
				echo "payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date"
				echo "$1,$2,$3,$4,$(decimal "$5"),$6,transfer,returned,$day"
			} >"$TMP/ret.csv"
			both import payments "$TMP/ret.csv" --as-of "$day"
		fi
	fi
	set -- $(open_nth "$day" $((i + 11)))
	if ((i % 6 == 5 && $# == 5)); then
		# dated the next day, imported before today's run: today's run must not count it
		{
			echo "payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date"
			echo "P-NEXT-$i,$1,$2,$next,$(decimal "$4"),$3,transfer,cleared,"
		} >"$TMP/next.csv"
		both import payments "$TMP/next.csv" --as-of "$next"
	fi
	set -- $(open_nth "$day" $((i + 13)))
	if (($# == 5)) && ((i % 7 == 4 || i % 7 == 6)); then
		local k
		k=$(sql "SELECT k.ref FROM contact k JOIN customer c ON c.id = k.customer_id WHERE c.ref = '$1'
		         AND k.phone <> '' ORDER BY k.id LIMIT 1")
		if [[ -n $k ]]; then
			if ((i % 7 == 4)); then
				both_try contact log --contact "$k" --channel call --outcome right_party --invoice "$2" --at "$at"
			else
				both_try contact log --contact "$k" --channel call --outcome no_answer --invoice "$2" --at "$at"
			fi
		fi
	fi
	set -- $(open_nth "$day" $((i + 17)))
	if ((i % 8 == 6 && $# == 5)); then
		both_try plan add "$1" --invoice "$2" --count 2 --every week \
			--first "$(date -u -d "$day + 3 days" +%F)" --at "$at"
	fi
	case $i in
	5 | 12)
		both_try user add "collector$i" --role collector --capacity 40
		both_try assign
		;;
	7)
		set -- $(sql "SELECT c.ref FROM customer_flag f JOIN customer c ON c.id = f.customer_id
		              WHERE f.flag = 'cease' AND f.cleared_at IS NULL ORDER BY f.id LIMIT 1")
		(($# == 1)) && both_try customer unflag "$1" cease --at "$at" --reason "asked to hear from us again"
		;;
	8)
		set -- $(open_nth "$day" 30)
		if (($# == 5)); then
			set -- $(sql "SELECT k.ref FROM contact k JOIN customer c ON c.id = k.customer_id
			              WHERE c.ref = '$1' AND k.email <> '' ORDER BY k.id LIMIT 1")
			(($# == 1)) && both_try contact set "$1" email=
		fi
		;;
	9)
		set -- $(sql "SELECT id FROM dispute WHERE state = 'open' ORDER BY id LIMIT 1")
		(($# == 1)) && both_try dispute resolve "$1" --outcome rejected --at "$at"
		;;
	10)
		set -- $(open_nth "$day" 40)
		(($# == 5)) && both_try customer set "$1" tags=oracle
		;;
	esac
	return 0
}

# the day's writes, chosen from the book under test (the books are compared each day, so
# they are the same), applied to both
writes() { # day index
	local day=$1 i=$2 rows
	rows=$(sql "SELECT c.ref, i.ref, i.currency, i.balance, i.id FROM invoice i JOIN customer c ON c.id = i.customer_id
	            WHERE i.balance > 0 AND i.due_date <= '$day' ORDER BY i.id")
	printf '%s\n' "$rows" | python3 -c '
import sys
day, i = sys.argv[1], int(sys.argv[2])
print("payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date")
full = half = 0
for line in sys.stdin:
    if not line.strip():
        continue
    cust, inv, cur, bal, iid = line.strip().split("|")
    bal, iid = int(bal), int(iid)
    if iid % 9 == i % 9 and full < 12:
        amount, full = bal, full + 1
    elif iid % 13 == i % 13 and half < 4 and bal > 1:
        amount, half = bal // 2, half + 1
    else:
        continue
    print("P-T%02d-%d,%s,%s,%s,%d.%02d,%s,transfer,cleared," % (i, iid, cust, inv, day, amount // 100, amount % 100, cur))
' "$day" "$i" >"$TMP/pay.csv"
	both import payments "$TMP/pay.csv" --as-of "$day"
	if ((i % 5 == 2)); then
		local c1=C0000$((101 + i)) c2=C0000$((151 + i))
		{
			echo "invoice_ref,customer_ref,issue_date,due_date,currency,amount,description,po_ref,delivery_note_ref,signed,product"
			echo "NEW-$i-1,$c1,$(date -u -d "$day - 60 days" +%F),$(date -u -d "$day - 40 days" +%F)," \
				"$(sql "SELECT currency FROM customer WHERE ref = '$c1'"),1234.50,late,,,false," | tr -d ' '
			echo "NEW-$i-2,$c2,$day,$(date -u -d "$day + 3 days" +%F)," \
				"$(sql "SELECT currency FROM customer WHERE ref = '$c2'"),99.00,new,,,false," | tr -d ' '
		} >"$TMP/inv.csv"
		both import invoices "$TMP/inv.csv" --as-of "$day"
	fi
	# one of the invoices still open after them
	rows=$(sql "SELECT c.ref, i.ref, i.currency, i.balance, i.id FROM invoice i JOIN customer c ON c.id = i.customer_id
	            WHERE i.balance > 0 AND i.due_date <= '$day' ORDER BY i.id")
	set -- $(printf '%s\n' "$rows" | sed -n "$((3 * i + 5))p" | tr '|' ' ')
	# once the days' payments have settled every invoice due, one open on another account
	(($# == 5)) || set -- $(open_nth "$day" $((3 * i + 5)))
	if (($# == 5)); then
		case $((i % 4)) in
		0) both customer flag "$1" cease --at "${day}T03:00:00Z" ;;
		1) both dispute open "$1" --invoice "$2" --reason damaged --at "${day}T03:00:00Z" ;;
		2) both promise add "$1" --amount "$((($4 / 2) / 100)).00" --date "$(date -u -d "$day + 4 days" +%F)" \
			--invoice "$2" --at "${day}T03:00:00Z" ;;
		*) ;;
		esac
	fi
	more_writes "$day" "$i"
	if ((i == 11)); then
		# a strategy of the tenant's own, its steps earlier and renamed, made the companies' default
		"$RECOUP" --db "$RECOUP_DB" strategy show b2b-gentle | python3 -c '
import json, sys
s = json.load(sys.stdin)
s["name"] = "brisk"
for st in s["steps"]:
    if st["offset_days"] > 3:
        st["offset_days"] -= 3
    if st["name"] == "statement":
        st["name"] = "statement-brisk"
json.dump(s, sys.stdout)' >"$TMP/brisk.json"
		both strategy set brisk "$TMP/brisk.json"
		both strategy default brisk --kind company
	fi
}

# more_writes_done: each kind of more_writes happened (a pick by position that found nothing
# would leave a kind untried, silently)
more_writes_done() {
	local kinds
	kinds=$(sql "SELECT (SELECT count(*) FROM credit_note WHERE ref LIKE 'CN-%') || ' ' ||
	             (SELECT count(*) FROM payment WHERE ref LIKE 'P-T%' AND status = 'returned') || ' ' ||
	             (SELECT count(*) FROM payment WHERE ref LIKE 'P-NEXT-%') || ' ' ||
	             (SELECT count(*) FROM contact_attempt WHERE at >= '$START' AND outcome = 'right_party') || ' ' ||
	             (SELECT count(*) FROM contact_attempt WHERE at >= '$START' AND outcome = 'no_answer') || ' ' ||
	             (SELECT count(*) FROM agreement) || ' ' ||
	             (SELECT count(*) FROM customer_flag WHERE flag = 'cease' AND cleared_at IS NOT NULL) || ' ' ||
	             (SELECT count(*) FROM dispute WHERE state <> 'open') || ' ' ||
	             (SELECT count(*) FROM assignment) || ' ' ||
	             (SELECT count(*) FROM customer WHERE tags = 'oracle')")
	echo "# more writes: credit notes, returned, next-day payments, answered, unanswered, plans, ceases lifted," \
		"disputes resolved, assignments, tagged: $kinds"
	expect_eq "every kind of write was made" 0 "$(printf '%s\n' $kinds | grep -c '^0$' || true)"
}

# ---- appended for t0985 (the watched run against the run that visits everyone); what
# ---- t0642 and t0645 use above is unchanged

# dump_one DB OUT [ranked]: dump's rows, and the states of the agreements and disputes the
# runs' reviews move, read by one sqlite3 or psql process (dump starts nine: a tenth of a
# second a book on PostgreSQL). With ranked, the ids of the rows a run inserts (actions,
# ledger entries, credit holds) and the references to them are given as their ranks:
# PostgreSQL spends identity values in the transaction a kill -9 rolls back, so a book whose
# run was killed numbers what comes after higher, the order the same.
dump_one() { # db out [ranked]
	local aid=x.id aiid=x.action_id lid=x.id chid=x.id chaid=x.action_id
	if [[ ${3:-} == ranked ]]; then
		aid=r.n aiid=r.n lid=x.n chid=x.n chaid=r.n
	fi
	cat >"$TMP/dump_one.sql" <<SQL
SELECT '-- action';
WITH r AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM action)
SELECT $aid, x.run_date, x.customer_id, x.contact_id, x.currency, x.amount, x.kind, x.strategy, x.step,
       x.scheduled_at, x.local_time, x.state, x.reason_code, x.reason, x.next_allowed_at, x.created_at,
       CASE WHEN x.reason = 'a call was logged' THEN NULL ELSE x.updated_at END
  FROM action x JOIN r ON r.id = x.id ORDER BY x.id;
SELECT '-- action_invoice';
WITH r AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM action)
SELECT $aiid, x.invoice_id, k.strategy, k.step FROM action_invoice x JOIN r ON r.id = x.action_id
  JOIN step_key k ON k.id = x.step_key
 ORDER BY x.action_id, x.invoice_id, k.strategy, k.step;
SELECT '-- ledger_entry';
SELECT $lid, x.customer_id, x.invoice_id, x.payment_id, x.kind, x.amount, x.currency, x.date
  FROM (SELECT l.*, ROW_NUMBER() OVER (ORDER BY l.id) AS n FROM ledger_entry l) x ORDER BY x.id;
SELECT '-- invoice';
SELECT id, balance FROM invoice ORDER BY id;
SELECT '-- account_hold';
SELECT id, customer_id, invoice_id, currency, kind, source_id, from_at, until, ended_at, end_reason
  FROM account_hold ORDER BY id;
SELECT '-- credit_hold';
WITH r AS (SELECT id, ROW_NUMBER() OVER (ORDER BY id) AS n FROM action)
SELECT $chid, x.customer_id, x.source, $chaid, x.set_at, x.reason, x.released_at, x.release_reason
  FROM (SELECT c.*, ROW_NUMBER() OVER (ORDER BY c.id) AS n FROM credit_hold c) x LEFT JOIN r ON r.id = x.action_id
 ORDER BY x.id;
SELECT '-- promise';
SELECT id, customer_id, currency, amount, date, until, state, paid, settled_on FROM promise ORDER BY id;
SELECT '-- agreement';
SELECT id, kind, customer_id, currency, state, amount, decided_at, ended_at, end_reason FROM agreement ORDER BY id;
SELECT '-- dispute';
SELECT id, state, deadline, resolved_at, credit, overdue_at FROM dispute ORDER BY id;
SELECT '-- run_snapshot';
SELECT run_date, dimension, key, currency, bucket, accounts, invoices, balance FROM run_snapshot
 ORDER BY run_date, dimension, key, currency, bucket;
SELECT '-- run';
SELECT run_date, state, started_at, summary FROM run ORDER BY run_date;
SQL
	if _is_pg_url "$1"; then
		psql -X -q -At -v ON_ERROR_STOP=1 -d "$1" -f "$TMP/dump_one.sql" >"$2"
	else
		sqlite3 "$1" <"$TMP/dump_one.sql" >"$2"
	fi
}

# each_book WHAT...: the same command on every book, as both does, with every "{}" in it
# replaced by the book's position (0, 1...): for what writes a file of its own per book
each_book() {
	local db n=0
	for db in "${BOOKS[@]}"; do
		"$RECOUP" --db "$db" "${@//\{\}/$n}" >/dev/null
		n=$((n + 1))
	done
}

# near DAY LO HI N: customer ref, invoice ref, currency, balance and id of an open invoice
# due between DAY+LO and DAY+HI days (its steps near: just due, just past due), the Nth,
# counting round, in id order; open_nth's when none is. One statement (on PostgreSQL each
# psql is a connection: 50 ms on a busy machine).
near() {
	local lo hi where
	lo=$(date -u -d "$1 + $2 days" +%F)
	hi=$(date -u -d "$1 + $3 days" +%F)
	where="balance > 0 AND due_date BETWEEN '$lo' AND '$hi' AND issue_date <= '$1'"
	set -- "$1" "$4" "$(sql "SELECT c.ref, i.ref, i.currency, i.balance, i.id FROM invoice i
	                         JOIN customer c ON c.id = i.customer_id WHERE i.$where ORDER BY i.id LIMIT 1
	                         OFFSET COALESCE(($4 - 1) % NULLIF((SELECT count(*) FROM invoice WHERE $where), 0), 0)")"
	if [[ -z $3 ]]; then
		open_nth "$1" "$2"
	else
		printf '%s\n' "$3" | tr '|' ' '
	fi
}
