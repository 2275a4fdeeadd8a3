#!/usr/bin/env bash
# t0220: the README's tour works when pasted line by line into a fresh folder.
#
# Every command line of the fenced blocks under "## A short tour" is taken
# from README.md as written (continuation lines joined, comments kept as the
# shell reads them) and run in order in an empty directory, with no RECOUP_DB
# and no RECOUP_TENANT, as a new user would. Each must exit 0; a tour line that
# fails names itself. The test then checks that the tour's commands wrote where
# the later ones read: the imports landed in the database the reports read.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

unset RECOUP_DB RECOUP_TENANT
mkdir tour
cd tour

# The section between "## A short tour" and the next "## " heading; inside
# it, the lines of fenced blocks; joined where a line ends in a backslash.
awk '
	/^## A short tour/ { in_section = 1; next }
	/^## / && in_section { exit }
	in_section && /^```/ { in_block = !in_block; next }
	in_section && in_block { print }
' "$SRCDIR/README.md" | sed -e ':a' -e '/\\$/N; s/\\\n[[:space:]]*/ /; ta' >"$TMP/tour.txt"

n=$(grep -c '^recoup ' "$TMP/tour.txt" || true)
if [[ $n -ge 15 ]]; then pass "the tour has $n command lines"; else
	fail "the tour has command lines" "found $n in README.md"; fi

while IFS= read -r line; do
	[[ $line == recoup\ * ]] || continue
	run bash -c "recoup() { \"\$RECOUP\" \"\$@\"; }; export RECOUP; $line"
	if [[ $status == 0 ]]; then
		pass "tour: $line"
	else
		fail "tour: $line" "exit $status; stderr:" "$(_show "$TMP/err")"
	fi
done <"$TMP/tour.txt"

# The imports went where the reports read: the default database in this
# folder holds every generated invoice.
if [[ -f recoup.db ]]; then
	# the tour's own generate (its --out), not `recoup demo`'s demo-data/: find's order is the
	# file system's (on tmpfs demo-data/ came first)
	out=$(sed -n 's/^recoup generate .*--out \([^ ]*\).*/\1/p' "$TMP/tour.txt" | head -1)
	gen=${out%/}/invoices.csv
	[[ -f $gen ]] || gen=
	if [[ -n $gen ]]; then
		expect_eq "every generated invoice is in ./recoup.db" \
			"$(($(wc -l <"$gen") - 1))" "$(sqlite3 recoup.db 'SELECT count(*) FROM invoice')"
	else
		fail "the tour generates its own data" "no data/invoices.csv under $(pwd)"
	fi
else
	fail "the tour's database is ./recoup.db" "$(ls)"
fi
finish
