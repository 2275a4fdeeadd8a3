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
# an import's sets are left out: the books are written seconds apart)
dump() { # db out
	{
		echo "-- action"
		sql "SELECT id, run_date, customer_id, contact_id, currency, amount, kind, strategy, step, scheduled_at,
		     local_time, state, reason_code, reason, next_allowed_at, created_at, updated_at FROM action ORDER BY id" "$1"
		echo "-- action_invoice"
		sql "SELECT action_id, invoice_id, strategy, step FROM action_invoice ORDER BY action_id, invoice_id, strategy, step" "$1"
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
	if (($# == 5)); then
		case $((i % 4)) in
		0) both customer flag "$1" cease --at "${day}T03:00:00Z" ;;
		1) both dispute open "$1" --invoice "$2" --reason damaged --at "${day}T03:00:00Z" ;;
		2) both promise add "$1" --amount "$((($4 / 2) / 100)).00" --date "$(date -u -d "$day + 4 days" +%F)" \
			--invoice "$2" --at "${day}T03:00:00Z" ;;
		*) ;;
		esac
	fi
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
