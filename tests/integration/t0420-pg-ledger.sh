#!/usr/bin/env bash
# t0420: the ledger and the reports on PostgreSQL say what they say on
# SQLite. The same files are imported into a SQLite file and into a
# throw-away PostgreSQL cluster, then every output that reads the ledger
# (imports, aging current and at past dates, by currency and by customer,
# KPIs, the check, the exports) must be byte for byte the same on both.
#
# Runs on a throw-away cluster: without RECOUP_PG_URL the script runs
# itself again under tests/pg/with-cluster, which stops the cluster however
# the script ends.
set -euo pipefail
if [[ -z ${RECOUP_PG_URL:-} ]]; then
	exec "$SRCDIR/tests/pg/with-cluster" bash "$0" "$@"
fi
. "$SRCDIR/tests/integration/lib.sh"

PG="$RECOUP_PG_URL"
SQ="$TMP/recoup.db"
IMPORT="$DATA/import"

# both CMD...: runs `recoup --db DB CMD...` on each backend; the outputs go
# to $TMP/sq.out and $TMP/pg.out (stdout, then the exit status), stderr to
# $TMP/sq.err and $TMP/pg.err (compared too).
both() {
	local db name
	for name in sq pg; do
		[[ $name == sq ]] && db=$SQ || db=$PG
		set +e
		"$RECOUP" --db "$db" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
		echo "exit $?" >>"$TMP/$name.out"
		set -e
	done
}

# same DESC CMD...: both CMD... and the outputs are identical (and the command succeeded).
same() {
	local desc=$1
	shift
	both "$@"
	if ! grep -qx "exit 0" "$TMP/sq.out"; then
		fail "$desc: succeeds on SQLite" "$(_show "$TMP/sq.err")"
	elif cmp -s "$TMP/sq.out" "$TMP/pg.out" && cmp -s "$TMP/sq.err" "$TMP/pg.err"; then
		pass "$desc"
	else
		fail "$desc" "PostgreSQL differs from SQLite (- sqlite, + postgresql):" \
			"$(diff -u "$TMP/sq.out" "$TMP/pg.out" | sed -n '3,30p')" \
			"$(diff -u "$TMP/sq.err" "$TMP/pg.err" | sed -n '3,10p')"
	fi
}

expect_exit 0 recoup --db "$SQ" init
expect_exit 0 recoup --db "$PG" init
expect_stdout_contains "(postgresql)"

for kind in customers contacts invoices payments; do
	same "import $kind" import "$kind" "$IMPORT/$kind.csv"
done
# again: nothing new (the PostgreSQL insert tells stored refs from new ones)
same "re-import invoices: every row already stored" import invoices "$IMPORT/invoices.csv"
same "re-import payments: every row already stored" import payments "$IMPORT/payments.csv"
expect_eq "PostgreSQL stored no payment twice" 1 "$(grep -c '6 rows, all already stored; nothing changed' "$TMP/pg.out")"

for fmt in csv json table; do
	same "aging --format $fmt" aging --as-of 2026-06-30 --format "$fmt"
	same "aging --by customer --format $fmt" aging --as-of 2026-06-30 --by customer --format "$fmt"
done
# past dates: balances rebuilt from the dated ledger (before and between the payments)
for day in 2025-12-31 2026-02-28 2026-03-05 2026-03-31; do
	same "aging as of $day" aging --as-of "$day" --format csv
	same "aging by customer as of $day" aging --as-of "$day" --by customer --format csv
done
same "aging today (current balances)" aging --format csv
same "aging at the end of June" aging --as-of 2026-06-30 --format csv
expect_eq "the aging has its USD row" "USD,0.00,0.00,0.00,300.00,200.00,0.00,0.00,500.00,0.00,500.00" \
	"$(grep '^USD' "$TMP/pg.out")"
same "report kpi, March" report kpi --from 2026-03-01 --to 2026-03-31 --format csv
same "report kpi, the first quarter as JSON" report kpi --from 2026-01-01 --to 2026-03-31 --format json
same "check" check
same "export invoices" export invoices
same "export payments" export payments
same "export invoices as JSON" export invoices --format json

# the bank returns two payments: reversals go through the ledger on both
same "import returned payments" import payments "$IMPORT/payments-returned.csv"
same "aging after the returns" aging --as-of 2026-06-30 --format csv
same "aging as of 2026-03-05 after the returns" aging --as-of 2026-03-05 --by customer --format csv
same "export payments after the returns" export payments
same "check after the returns" check
same "report kpi after the returns" report kpi --from 2026-01-01 --to 2026-06-30 --format csv

finish
