#!/usr/bin/env bash
# The JSON files a tenant edits (strategy set, rules set, authority set,
# template set) may be saved by Windows Notepad, which starts a UTF-8 file
# with a byte-order mark. The CSV importer ignores it (docs/csv.md); these
# refused the whole file with "not valid JSON at line 1 column 1: '[' or
# '{' expected near" an invisible character (and rules check --questions
# read the first line's first word as "<BOM>--contact"). The mark is now
# ignored: the file is stored as the same file without it. A file saved as UTF-16
# (Notepad's "Unicode") is refused by name, changing nothing, where it was
# "has a NUL byte at byte 2".
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

bom=$'\xef\xbb\xbf'
recoup init >/dev/null

# a strategy: with a BOM and CRLF line ends, stored as the same strategy
cat >"$TMP/plain.json" <<'JSON'
{"name": "east", "segment": {"kind": "company"},
 "steps": [{"name": "nudge", "offset_days": 3, "action": "email", "template": "due-today"},
           {"name": "call", "offset_days": 10, "action": "call", "template": "first-call"}]}
JSON
{ printf '%s' "$bom"; sed 's/$/\r/' "$TMP/plain.json"; } >"$TMP/bom.json"
expect_eq "the test's file starts with the mark" "efbbbf" "$(head -c 3 "$TMP/bom.json" | od -An -tx1 | tr -d ' \n')"
db_snapshot
run recoup strategy set east "$TMP/bom.json"
expect_eq "strategy set of a file with a byte-order mark exits 0" 0 "$status"
expect_stdout_contains "strategy 'east' stored for tenant 'default'"
recoup strategy show east >"$TMP/shown-bom.json"
other=$(db_new other)
recoup --db "$other" init >/dev/null
recoup --db "$other" strategy set east "$TMP/plain.json" >/dev/null
expect_eq "stored as the file without the mark" "$(recoup --db "$other" strategy show east)" "$(cat "$TMP/shown-bom.json")"

# a contact-rules profile and the authority limits, the same way
recoup rules show b2b --format json >"$TMP/b2b.json"
{ printf '%s' "$bom"; cat "$TMP/b2b.json"; } >"$TMP/b2b-bom.json"
run recoup rules set b2b "$TMP/b2b-bom.json"
expect_eq "rules set of a file with a byte-order mark exits 0" 0 "$status"
recoup authority show >"$TMP/authority.json"
{ printf '%s' "$bom"; cat "$TMP/authority.json"; } >"$TMP/authority-bom.json"
run recoup authority set "$TMP/authority-bom.json"
expect_eq "authority set of a file with a byte-order mark exits 0" 0 "$status"

# rules check --questions: a text file of one check a line, the same way
cat >"$TMP/customers.csv" <<'CSV'
customer_ref,name,kind,country,timezone,language,currency
C1,Ann Smith,company,GB,Europe/London,en,GBP
CSV
recoup import customers "$TMP/customers.csv" >/dev/null
printf '%s--contact C1 --channel call --at 2026-11-23T14:00:00Z\r\n--contact C1 --channel email --at 2026-11-23T14:00:00Z\r\n' \
	"$bom" >"$TMP/questions.txt"
run recoup rules check --questions "$TMP/questions.txt" --format json
expect_eq "rules check --questions with a byte-order mark exits 0" 0 "$status"
expect_eq "both lines answered" "call email" \
	"$(python3 -c 'import json,sys; print(" ".join(json.loads(l)["channel"] for l in open(sys.argv[1])))' "$TMP/out")"

# UTF-16: refused by name, nothing changed
db_snapshot
iconv -f UTF-8 -t UTF-16 "$TMP/plain.json" >"$TMP/utf16.json"
run recoup strategy set east "$TMP/utf16.json"
expect_eq "a UTF-16 strategy file: exit 1" 1 "$status"
expect_stderr_contains "recoup strategy: '$TMP/utf16.json' is UTF-16; save it as UTF-8"
expect_db_unchanged "the UTF-16 file changed nothing"

# a NUL byte after the mark is still named where it is in the file
{ printf '%s{"name":' "$bom"; printf '\0'; } >"$TMP/nul.json"
run recoup strategy set east "$TMP/nul.json"
expect_eq "a NUL byte: exit 1" 1 "$status"
expect_stderr_contains "'$TMP/nul.json' has a NUL byte at byte 12: it is not text"
expect_db_unchanged "the file with a NUL byte changed nothing"

finish
