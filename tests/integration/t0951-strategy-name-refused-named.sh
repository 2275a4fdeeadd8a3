#!/usr/bin/env bash
# A strategy named with a space or an accent ("my strat", "stratégie") is
# refused, as docs/strategies.md says (1-32 of a-z 0-9 - _), but the
# refusal read "strategy '': name: not a name of 1 to 32 lower-case
# letters...": the name shown empty, the value not named. It now names the
# value (and a step's or template's too) when it can be shown as it is,
# never a control or invisible character, and says "strategy: name: ..."
# rather than quoting an empty name. Nothing is stored.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
db_snapshot

cat >"$TMP/space.json" <<'JSON'
{"name": "my strat",
 "steps": [{"name": "First Call", "offset_days": 3, "action": "call", "template": "first call"}]}
JSON
run recoup strategy set "my strat" "$TMP/space.json"
expect_eq "a name with a space: exit 1" 1 "$status"
expect_eq "every bad name named, with its path" \
	"recoup strategy: $TMP/space.json: strategy: name: 'my strat' is not a name of 1 to 32 lower-case letters, digits, '-' or '_'; steps[0].name: 'First Call' is not a name of 1 to 32 lower-case letters, digits, '-' or '_'; steps[0].template: 'first call' is not a name of 1 to 64 lower-case letters, digits, '-' or '_'" \
	"$(cat "$TMP/err")"

cat >"$TMP/accent.json" <<'JSON'
{"name": "stratégie", "steps": [{"name": "a", "offset_days": 3, "action": "call", "template": "c"}]}
JSON
run recoup strategy set "stratégie" "$TMP/accent.json"
expect_eq "a name with an accent: exit 1" 1 "$status"
expect_stderr_contains "strategy: name: 'stratégie' is not a name of 1 to 32 lower-case letters, digits, '-' or '_'"

# a control or invisible character is not written out raw
printf '%s' '{"name": "a\u001b[2Jb", "steps": [{"name": "a", "offset_days": 3, "action": "call", "template": "c"}]}' \
	>"$TMP/escape.json"
printf '%s' '{"name": "ab\u202ecd", "steps": [{"name": "a", "offset_days": 3, "action": "call", "template": "c"}]}' \
	>"$TMP/override.json"
for f in escape override; do
	run recoup strategy set x "$TMP/$f.json"
	expect_eq "$f: exit 1" 1 "$status"
	expect_eq "$f: the name is not echoed" \
		"recoup strategy: $TMP/$f.json: strategy: name: not a name of 1 to 32 lower-case letters, digits, '-' or '_'" \
		"$(cat "$TMP/err")"
done

# a good name with a bad step: the strategy is named as before
cat >"$TMP/step.json" <<'JSON'
{"name": "east", "steps": [{"name": "Call", "offset_days": 3, "action": "call", "template": "c"}]}
JSON
run recoup strategy set east "$TMP/step.json"
expect_eq "a bad step name: exit 1" 1 "$status"
expect_stderr_contains "strategy 'east': steps[0].name: 'Call' is not a name of 1 to 32"

expect_db_unchanged "nothing stored by the refusals"
finish
