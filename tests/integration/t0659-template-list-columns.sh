#!/usr/bin/env bash
# recoup template list: the table's columns start at the same offset on
# every row. The name column was 20 wide (and the language column 6), so
# the shipped arrears-letter-support (22 bytes) pushed its row's channel,
# language, audience and source two columns right; a tenant's template
# name (up to 64 bytes) or language tag (up to 16) did the same. Now the
# name and language columns are as wide as the longest value listed.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null

# columns FILE: "rows=N offsets=A,B,C,D,E ...": the distinct sets of
# offsets at which a row's 5 fields start (one set when the columns line
# up); "row with K fields: ..." for a row that has not 5
columns() {
	python3 - "$1" <<'PY'
import re, sys
rows = open(sys.argv[1]).read().splitlines()
offsets = set()
for r in rows:
    starts = tuple(m.start() for m in re.finditer(r"\S+", r))
    if len(starts) != 5:
        print("row with %d fields: %r" % (len(starts), r))
        sys.exit(1)
    offsets.add(starts)
print("rows=%d offsets=%s" % (len(rows), " ".join(",".join(map(str, o)) for o in sorted(offsets))))
PY
}

# shipped only
run recoup template list
expect_eq "template list exits 0" 0 "$status"
expect_stdout_contains "arrears-letter-support  letter  en     debtor             shipped"
n=$(wc -l <"$TMP/out")
expect_eq "every shipped row's channel, language, audience and source start at the same offsets" \
	"rows=$n offsets=0,24,32,39,58" "$(columns "$TMP/out")"

# a tenant's template with a longer name and a longer language tag widens the columns for every row
long=reminder-for-the-enterprise-accounts-team
python3 -c 'import json,sys; print(json.dumps({"name": sys.argv[1], "channel": "sms", "lang": "pt-BR-x-formal",
"audience": "debtor", "text": "Pay {{total}}"}))' "$long" >"$TMP/t.json"
expect_exit 0 recoup template set "$TMP/t.json"
run recoup template list
expect_stdout_contains "$long  sms     pt-BR-x-formal  debtor             tenant"
n=$(wc -l <"$TMP/out")
expect_eq "with a 41-byte name and a 14-byte language every row still lines up" \
	"rows=$n offsets=0,43,51,67,86" "$(columns "$TMP/out")"
finish
