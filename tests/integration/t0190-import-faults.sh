#!/usr/bin/env bash
# t0190: an environment error at any store call of an import leaves the
# database exactly as before (DESIGN.md invariant 2, the error path of it).
# RECOUP_TEST_FAULT_AT=count prints how many store calls a successful run
# makes; then each of them, in turn, is made to fail (RECOUP_TEST_FAULT_AT=N)
# and the import must exit 3 with the database unchanged. Small files: one
# run per call.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

# calls KIND FILE ARGS...: the store calls of a successful import, on a copy.
calls() {
	local kind=$1 file=$2
	shift 2
	local copy
	copy=$(db_copy "$RECOUP_DB" count)
	RECOUP_TEST_FAULT_AT=count "$RECOUP" --db "$copy" import "$kind" "$file" "$@" 2>"$TMP/count.err" >/dev/null
	sed -n 's/^store calls: //p' "$TMP/count.err"
	db_drop "$copy"
}

# faults KIND FILE ARGS...: every call of the import fails in turn; then it succeeds.
faults() {
	local kind=$1 file=$2 n bad=0
	shift 2
	n=$(calls "$kind" "$file" "$@")
	if [[ -z "$n" || "$n" -lt 3 ]]; then
		fail "import $kind: the store calls are counted" "got '$n'"
		return
	fi
	pass "import $kind: $n store calls"
	db_snapshot
	for ((i = 1; i <= n; i++)); do
		run env RECOUP_TEST_FAULT_AT=$i "$RECOUP" import "$kind" "$file" "$@"
		if [[ $status != 3 ]] || ! grep -qF "injected fault at store call $i" "$TMP/err"; then
			fail "import $kind: fault at call $i exits 3" "got exit $status; stderr:" "$(_show "$TMP/err")"
			bad=1
			break
		fi
		db_dump >"$TMP/now.sql"
		if ! cmp -s "$TMP/snapshot.sql" "$TMP/now.sql"; then
			fail "import $kind: fault at call $i leaves the database unchanged" \
				"$(diff -u "$TMP/snapshot.sql" "$TMP/now.sql" | sed -n '3,30p')"
			bad=1
			break
		fi
	done
	[[ $bad == 0 ]] && pass "import $kind: a fault at each of the $n calls exits 3 and changes nothing"
	# a fault past the last call never fires: the import goes through
	expect_exit 0 env RECOUP_TEST_FAULT_AT=$((n + 1)) "$RECOUP" import "$kind" "$file" "$@"
}

expect_exit 0 recoup init
faults customers "$DATA/import/customers.csv"
faults invoices "$DATA/import/invoices.csv" --as-of 2026-11-30
faults payments "$DATA/import/payments-returned.csv" --as-of 2026-11-30

finish
