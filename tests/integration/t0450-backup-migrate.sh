#!/usr/bin/env bash
# t0450: recoup backup and recoup migrate.
#
# backup: a filled SQLite database copied with the online backup API opens
# and says the same (aging, exports, check); DEST is never the database or
# its companions, and an existing DEST only with --force; PostgreSQL refuses
# with the pg_dump command (exit 2).
# migrate: the import files (with flags, attempts, corrections, rules) and a
# generated portfolio in a second tenant go to a throw-away PostgreSQL
# cluster of this script's own (started here, stopped in the EXIT trap);
# every output that reads the books is then the same on both sides, and a
# second migrate into the same target is refused and changes nothing.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

SQ="$TMP/books.db"
IMPORT="$DATA/import"
AS_OF=2026-06-30

# Our own cluster, stopped however the script ends; then lib.sh's own exit.
trap '_rc=$?; "$SRCDIR/tests/pg/cluster" stop "$TMP/pgt" >/dev/null 2>&1 || true; (exit $_rc); _on_exit' EXIT

sq() { "$RECOUP" --db "$SQ" "$@"; }
# attempts logged by someone, with a callback, refused by the rules at their moment
attempt_marks() {
	echo "$(sql "SELECT count(*) FROM contact_attempt WHERE logged_by <> ''" "$1")" \
		"$(sql "SELECT count(*) FROM contact_attempt WHERE callback_at IS NOT NULL" "$1")" \
		"$(sql "SELECT count(*) FROM contact_attempt WHERE rules_breach = 'outside_hours'" "$1")"
}

# ---- a filled SQLite database ----
for k in customers contacts invoices payments; do sq import "$k" "$IMPORT/$k.csv" >/dev/null; done
sq import payments "$IMPORT/payments-returned.csv" >/dev/null
sq customer set C001 'phone=+1 212 555 0199' --by alice >/dev/null
sq customer flag C002 dispute --by bob --reason "says it was paid" --at 2026-03-01T10:00:00Z >/dev/null
sq contact log --contact K-001 --channel call --outcome promise --at 2026-01-05T15:00:00Z \
	--spoke-with "Mary Smith" --note "will pay Friday" >/dev/null
# who logged it, the callback asked and a rules breach (02:00 in New York) go across too
sq contact log --contact K-001 --channel call --outcome callback --at 2026-01-06T16:00:00Z \
	--callback-at 2026-01-07T15:00:00Z --spoke-with "Mary Smith" >/dev/null
sq contact log --contact K-001 --channel call --outcome no_answer --at 2026-01-08T07:00:00Z >/dev/null 2>&1
expect_eq "the SQLite side holds who logged, the callback and the breach" "3 1 1" \
	"$(attempt_marks "$SQ")"
sq rules closed-day 2026-12-24 --name "Christmas Eve" >/dev/null
sq rules default b2b >/dev/null
sq init --tenant big >/dev/null
sq generate --customers 300 --seed 1 --as-of "$AS_OF" --out gen >/dev/null
for k in customers contacts invoices payments; do sq --tenant big import "$k" "gen/$k.csv" >/dev/null; done

# ---- backup ----
expect_exit 0 recoup --db "$SQ" backup "$TMP/copy.db"
for t in default big; do
	for c in "aging --as-of $AS_OF --format csv" "export invoices" "export payments" "export customers" check; do
		# shellcheck disable=SC2086
		sq --tenant "$t" $c >"$TMP/a.out" 2>&1
		# shellcheck disable=SC2086
		"$RECOUP" --db "$TMP/copy.db" --tenant "$t" $c >"$TMP/b.out" 2>&1
		expect_same_file "backup, tenant $t: $c is the same" "$TMP/a.out" "$TMP/b.out"
	done
done
expect_exit 0 recoup --db "$TMP/copy.db" check
expect_exit 1 recoup --db "$SQ" backup "$SQ"
expect_stderr_contains "is the database"
expect_exit 1 recoup --db "$SQ" backup "$SQ-wal"
expect_stderr_contains "-wal"
cp "$TMP/copy.db" "$TMP/before.db"
expect_exit 1 recoup --db "$SQ" backup "$TMP/copy.db"
expect_stderr_contains "use --force"
expect_same_file "a refused backup leaves DEST as it was" "$TMP/before.db" "$TMP/copy.db"
expect_exit 0 recoup --db "$SQ" backup "$TMP/copy.db" --force
expect_exit 0 recoup --db "$TMP/copy.db" check
expect_exit 2 recoup --db "$SQ" backup

# ---- migrate ----
pg_env=$("$SRCDIR/tests/pg/cluster" start "$TMP/pgt")
eval "$pg_env"
PG=$RECOUP_PG_URL
expect_exit 2 recoup --db "$PG" backup "$TMP/pg.dump"
expect_stderr_contains "pg_dump --format=custom --file '$TMP/pg.dump' '$PG'"
[[ ! -e $TMP/pg.dump ]] && pass "PostgreSQL: no backup file written" || fail "PostgreSQL: no backup file written"

run "$RECOUP" --db "$SQ" migrate --to "$PG"
[[ $status == 0 ]] && pass "migrate exits 0" || fail "migrate exits 0" "$(cat "$TMP/err" "$TMP/out")"
cp "$TMP/out" "$TMP/migrate.out"
for t in default big; do
	for what in customers contacts invoices payments "ledger entries" "active flags" "contact attempts" \
		changes profiles "closed days" aging check; do
		if grep -q "^tenant '$t': $what: .*(same)$" "$TMP/migrate.out"; then
			pass "migrate compared $what of tenant $t"
		else
			fail "migrate compared $what of tenant $t" "$(cat "$TMP/migrate.out")"
		fi
	done
done
expect_eq "nothing differs" 0 "$(grep -c DIFFERS "$TMP/migrate.out" || true)"
expect_eq "PostgreSQL holds who logged each attempt, the callback and the breach (migrate kept them)" "3 1 1" \
	"$(attempt_marks "$PG")"

for t in default big; do
	for c in "aging --as-of $AS_OF --format csv" "aging --format csv" "report kpi --from 2025-01-01 --to $AS_OF" \
		"export invoices" "export payments" "export customers" "export contacts" check; do
		# shellcheck disable=SC2086
		sq --tenant "$t" $c >"$TMP/a.out" 2>&1
		# shellcheck disable=SC2086
		"$RECOUP" --db "$PG" --tenant "$t" $c >"$TMP/b.out" 2>&1
		expect_same_file "migrate, tenant $t: $c is the same" "$TMP/a.out" "$TMP/b.out"
	done
done
for c in "customer show C001" "customer show C002" "contact history --customer C001 --format json" \
	"report contacts --from 2026-01-01 --to 2026-01-31 --format csv"; do
	# shellcheck disable=SC2086
	sq $c >"$TMP/a.out" 2>&1
	# shellcheck disable=SC2086
	"$RECOUP" --db "$PG" $c >"$TMP/b.out" 2>&1
	expect_same_file "migrate: $c (history, flags, changes) is the same" "$TMP/a.out" "$TMP/b.out"
done

db_snapshot "$PG"
expect_exit 1 recoup --db "$SQ" migrate --to "$PG"
expect_stderr_contains "already holds data on the target; nothing was copied"
expect_db_unchanged "a refused migrate changes nothing" "$PG"

finish
