#!/usr/bin/env bash
# t0646: recoup migrate streams: its peak memory does not grow with the book.
#
# Two SQLite books, 6,000 and 18,000 customers in two tenants, each table's
# rows imported in halves that alternate between the tenants (so a tenant's
# source ids come in several runs, which the id maps must follow), with two
# days of daily runs (their actions alternate between the tenants too) and
# a collector's assignments in each tenant, are
# migrated to a throw-away PostgreSQL cluster of this script's own. Every
# comparison migrate prints is "(same)", and the larger book's peak RSS
# (/usr/bin/time %M) is at most 12 MiB over the smaller's: the reader
# connection's page cache (16 MiB) is most of the way full at 6,000, and
# nothing else may grow. Before (2026-12-03), the --db connection's 128 MiB
# cache filled with the whole file and the id maps kept 16 bytes a row:
# 31 MB at 6,000 and 52 MB at 18,000 here (+21 MB; now 30 and 38 MB, +7 MB),
# 111 MB at 50,000 customers against 29 MB at 5,000 (now 37 and 29 MB).
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

AS_OF=2026-11-22
NEXT=2026-11-23
# the rest of the reader's page cache, and what a few hundred rows may add
BOUND_KB=$((12 * 1024))
# under AddressSanitizer freed blocks wait in a quarantine of 256 MB: none here
export ASAN_OPTIONS="quarantine_size_mb=0:${ASAN_OPTIONS:-}"

# Our own cluster, stopped however the script ends (lib.sh's exit trap)
own_cluster "$TMP/pgt"

# book N DB: two tenants of N/2 customers each (seeds 1 and 2), halves alternating
book() {
	local n=$1 db=$2 half k t h
	half=$((n / 2))
	"$RECOUP" --db "$db" init --tenant b >/dev/null
	for t in default b; do
		"$RECOUP" generate --customers "$half" --seed "$([[ $t == b ]] && echo 2 || echo 1)" --as-of "$AS_OF" \
			--out "gen-$n-$t" >/dev/null
		for k in customers contacts invoices payments; do
			local f="gen-$n-$t/$k.csv" lines
			lines=$(($(wc -l <"$f") - 1))
			head -1 "$f" >"gen-$n-$t/$k.1.csv"
			sed -n "2,$((1 + lines / 2))p" "$f" >>"gen-$n-$t/$k.1.csv"
			head -1 "$f" >"gen-$n-$t/$k.2.csv"
			sed -n "$((2 + lines / 2)),\$p" "$f" >>"gen-$n-$t/$k.2.csv"
		done
	done
	for k in customers contacts invoices payments; do
		for h in 1 2; do
			for t in default b; do
				"$RECOUP" --db "$db" --tenant "$t" import "$k" "gen-$n-$t/$k.$h.csv" >/dev/null
			done
		done
	done
	# two days of runs, alternating between the tenants (their actions' ids interleave), and a collector's accounts
	for d in "$AS_OF" "$NEXT"; do
		for t in default b; do
			"$RECOUP" --db "$db" --tenant "$t" run --as-of "$d" --now "${d}T05:00:00Z" >/dev/null
		done
	done
	for t in default b; do
		"$RECOUP" --db "$db" --tenant "$t" user add "c-$t" --role collector >/dev/null
		"$RECOUP" --db "$db" --tenant "$t" assign --as-of "$NEXT" >/dev/null
	done
}

pg_env=$("$SRCDIR/tests/pg/cluster" start "$TMP/pgt")
set -a
eval "$pg_env"
set +a

# migrate N: the book of N customers into a new database; sets rss (KB)
migrate() {
	local n=$1 url
	book "$n" "$TMP/book-$n.db"
	psql -q -c "CREATE DATABASE m$n" >/dev/null
	url="${RECOUP_PG_URL%/*}/m$n"
	run /usr/bin/time -f 'maxrss=%M' -o "$TMP/rss-$n" "$RECOUP" --db "$TMP/book-$n.db" migrate --to "$url"
	[[ $status == 0 ]] && pass "$n customers: migrate exits 0" || fail "$n customers: migrate exits 0" "$(cat "$TMP/err" "$TMP/out")"
	local lines differ
	lines=$(grep -c "^tenant '.*': .*: .*(same)$" "$TMP/out" || true)
	differ=$(grep -c "DIFFERS" "$TMP/out" || true)
	# per tenant a comparison per table copied (25 now), the defaults and policies, aging and check:
	# every one printed is the same, and there are at least the 42 of today
	local compared
	compared=$(grep "^tenant '" "$TMP/out" | grep -v -c ": copied" || true)
	expect_eq "$n customers: every comparison the same, at least 42" "$compared 0 1" "$lines $differ $((lines >= 42))"
	expect_eq "$n customers: the runs' actions went across" 2 \
		"$(grep -c "^tenant '.*': actions: [1-9][0-9]* (same)$" "$TMP/out" || true)"
	rss=$(sed -n 's/^maxrss=//p' "$TMP/rss-$n")
}

SMALL=${T0646_SMALL:-6000}
LARGE=${T0646_LARGE:-18000}
migrate "$SMALL"
small=$rss
migrate "$LARGE"
large=$rss
if [[ -n $small && -n $large && $large -le $((small + BOUND_KB)) ]]; then
	pass "peak RSS at $LARGE customers (${large} KB) is within $BOUND_KB KB of $SMALL's (${small} KB)"
else
	fail "peak RSS at $LARGE customers within $BOUND_KB KB of $SMALL's" "$SMALL: ${small:-?} KB, $LARGE: ${large:-?} KB"
fi
finish
