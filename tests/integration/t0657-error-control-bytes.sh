#!/usr/bin/env bash
# An error echoes what the user typed ("unknown customer '...'"): a control
# byte in it (an escape sequence pasted into an argument) was written to the
# terminal as it was, to act on there. It is written as \xNN; UTF-8 text is
# written as it is.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
esc=$'\e[31mX\tY'
run recoup customer show "$esc"
expect_eq "an unknown customer exits 1" 1 "$status"
expect_stderr_contains 'unknown customer '"'"'\x1b[31mX\x09Y'"'"
expect_eq "no control byte reaches stderr" 0 "$(LC_ALL=C tr -d '\n' <"$TMP/err" | LC_ALL=C grep -c '[[:cntrl:]]' || true)"
run recoup customer show 'Zoë'
expect_stderr_contains "unknown customer 'Zoë'"
run recoup $'bo\egus'
expect_eq "an unknown command exits 2" 2 "$status"
expect_stderr_contains "'bo\\x1bgus' is not a recoup command"
expect_eq "... and no control byte reaches stderr" 0 "$(LC_ALL=C tr -d '\n' <"$TMP/err" | LC_ALL=C grep -c '[[:cntrl:]]' || true)"
finish
