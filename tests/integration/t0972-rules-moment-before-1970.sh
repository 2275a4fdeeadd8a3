#!/usr/bin/env bash
# The contact rules judge no moment before 1970-01-01T00:00:00Z: moments are
# seconds since then and the rules read 0 as "none" (no release, no
# forbearance...). `rules check --at 1969-06-10T23:00:00Z` (19:00 in New
# York, a Tuesday) answered "refused, next allowed 1970-01-02T13:00:00Z",
# half a year late, the search for the next moment starting from 0; other
# moments of 1969 were answered as wrongly, silently. Now every way a moment
# reaches the rules refuses one before 1970 (exit 1, nothing changed),
# naming the option and why, as `run --as-of` refuses a date before 1970:
# rules check --at (and a line of --questions), queue --now, contact log
# --at, account show --now, and the API's rules check ("at", 422). The
# first moment itself is judged, and rightly.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
WHY="is before 1970-01-01T00:00:00Z, the first moment the contact rules judge (a mistyped year?)"

db_snapshot
run recoup rules check --contact C001 --channel call --at 1969-06-10T23:00:00Z
expect_eq "rules check --at in 1969: exit 1" 1 "$status"
expect_stderr_contains "recoup rules: --at 1969-06-10T23:00:00Z $WHY"
expect_eq "and no verdict" "" "$(cat "$TMP/out")"
run recoup rules check --contact C001 --channel call --at 1969-12-31T23:59:59Z --format json
expect_eq "the last second of 1969, in JSON: exit 1" 1 "$status"
expect_stderr_contains "--at 1969-12-31T23:59:59Z $WHY"

run recoup rules check --contact C001 --channel call --at 1970-01-01T00:00:00Z
expect_eq "1970-01-01T00:00:00Z is judged" 0 "$status"
expect_stdout_contains "call at 1970-01-01T00:00:00Z: refused"
expect_stdout_contains "local time: 1969-12-31T19:00-05:00 America/New_York"
expect_stdout_contains "next allowed: 1970-01-02T13:00:00Z" # New Year's Day is a holiday: 08:00 on the 2nd

run recoup rules check --questions - --format json <<'Q'
--contact C001 --channel call --at 2026-11-23T15:00:00Z
--contact C001 --channel call --at 1969-06-10T23:00:00Z
Q
expect_eq "a line of --questions in 1969: exit 1" 1 "$status"
expect_stderr_contains "recoup rules: - line 2: --at 1969-06-10T23:00:00Z $WHY"
expect_eq "after the answer to the line before it" 1 "$(grep -c '"allowed":true' "$TMP/out")"

run recoup queue --now 1969-06-10T14:00:00Z
expect_eq "queue --now in 1969: exit 1" 1 "$status"
expect_stderr_contains "recoup queue: --now 1969-06-10T14:00:00Z $WHY"

run recoup contact log --contact C001 --channel call --outcome no_answer --at 1969-06-10T14:00:00Z
expect_eq "contact log --at in 1969: exit 1" 1 "$status"
expect_stderr_contains "recoup contact: --at 1969-06-10T14:00:00Z $WHY"

run recoup account show C001 --now 1969-06-10T14:00:00Z
expect_eq "account show --now in 1969: exit 1" 1 "$status"
expect_stderr_contains "recoup account: --now 1969-06-10T14:00:00Z $WHY"
expect_db_unchanged "no refusal changed anything"

serve_py <<'PY'
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
chk = {"contact_ref": "C001", "channel": "call", "at": "1969-06-10T23:00:00Z"}
r = a.post("/api/v1/rules/check", chk)
sc.expect("the API's rules check refuses a moment of 1969", r, 422, "input")
sc.check("... naming the field and why", r.json and r.json["error"]["field"] == "at"
         and r.json["error"]["message"] == "at 1969-06-10T23:00:00Z is before 1970-01-01T00:00:00Z, "
         "the first moment the contact rules judge (a mistyped year?)", r)
r = a.post("/api/v1/rules/check", dict(chk, at="1970-01-01T00:00:00Z"))
sc.expect("and judges the first moment", r, 200)
sc.check("... rightly", r.json and r.json["allowed"] is False and r.json["next_allowed_at"] == "1970-01-02T13:00:00Z", r)
PY
finish
