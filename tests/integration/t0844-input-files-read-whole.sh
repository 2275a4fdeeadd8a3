#!/usr/bin/env bash
# The files commands read whole (strategy set, template set, rules set,
# authority set, letter --body-file, serve's TLS files) are read to their end
# and as text:
# - a NUL byte is refused with its position: it used to end the text there
#   without a word, so a letter's --body-file lost its paragraphs after it and
#   a strategy file took its JSON before it and ignored the rest;
# - a directory is refused as such (it was "cannot read", exit 3);
# - a pipe is read (`strategy set NAME /dev/stdin`, `<(...)`), where seeking
#   in it failed with "cannot read";
# - a file past the limit (16 MiB; a document's --max-bytes) is refused at
#   the first byte past it, not read whole first (/dev/zero ran out of memory).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-09-01,2026-10-01,PLN,1999.99
CSV
cat >"$TMP/late-fee.json" <<'JSON'
{ "name": "late-fee", "priority": 200, "segment": { "kind": "person", "countries": ["BR"] },
  "steps": [ { "name": "fine", "offset_days": 25, "action": "fee", "fee": { "percent": "2" } } ] }
JSON

db_snapshot
printf 'First paragraph: 1999.99 PLN is owed.\0\n\nSecond paragraph: please pay by Friday.\n' >"$TMP/body.txt"
expect_exit 1 recoup letter WAW --out "$TMP/letter.pdf" --body-file "$TMP/body.txt" --creditor Acme \
	--sender-address "ul. B 2"
expect_stderr_contains "'$TMP/body.txt' has a NUL byte at byte 38: it is not text"
expect_eq "and no letter is written" no "$([[ -e $TMP/letter.pdf ]] && echo yes || echo no)"

{
	cat "$TMP/late-fee.json"
	printf '\0{"steps": []}'
} >"$TMP/nul.json"
expect_exit 1 recoup strategy set late-fee "$TMP/nul.json"
expect_stderr_contains "'$TMP/nul.json' has a NUL byte at byte $(($(wc -c <"$TMP/late-fee.json") + 1)): it is not text"
mkdir "$TMP/dir.json"
expect_exit 1 recoup strategy set late-fee "$TMP/dir.json"
expect_stderr_contains "cannot read '$TMP/dir.json': it is a directory, not a file"
expect_db_unchanged "nothing was stored"

# a file that never ends (/dev/zero) is refused once past the limit, not read until memory runs out
db_snapshot
expect_exit 1 recoup authority set /dev/zero
expect_stderr_contains "'/dev/zero' is over the limit of 16777216 bytes: not read further"
expect_exit 1 recoup letter WAW --out "$TMP/letter.pdf" --body-file /dev/zero --creditor Acme --sender-address "ul. B 2"
expect_stderr_contains "'/dev/zero' is over the limit of 16777216 bytes"
expect_exit 1 recoup document add WAW /dev/zero --max-bytes 100
expect_stderr_contains "'/dev/zero' is over the limit of 100 bytes"
expect_exit 1 recoup document add WAW /dev/zero
expect_stderr_contains "'/dev/zero' is over the limit of 10485760 bytes"
expect_db_unchanged "nothing was stored from /dev/zero"

run bash -c 'cat "$1" | "$RECOUP" strategy set late-fee /dev/stdin' _ "$TMP/late-fee.json"
expect_eq "a strategy read from a pipe is stored" "0 strategy 'late-fee' stored for tenant 'default'" \
	"$status $(cat "$TMP/out")"
expect_exit 0 recoup strategy show late-fee
expect_stdout_contains '"percent": "2"'
finish
