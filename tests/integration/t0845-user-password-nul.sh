#!/usr/bin/env bash
# A password read from stdin (user add --password-stdin, user passwd) that
# holds a NUL byte is refused: it used to end the password there, so
# 'abcdefgh<NUL>ijk' set the password 'abcdefgh' without a word (or, with a
# line end after it, was refused as "longer than 1024 bytes").
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
recoup user add ann --role collector >/dev/null
db_snapshot
run bash -c 'printf "abcdefgh\0ijk" | "$RECOUP" user add bob --role collector --password-stdin'
expect_eq "user add with a NUL in the password exits 1" 1 "$status"
expect_stderr_contains "recoup user: password: contains a NUL byte"
run bash -c 'printf "abcdefgh\0ijklmnop\n" | "$RECOUP" user passwd ann'
expect_eq "user passwd with a NUL in the password exits 1" 1 "$status"
expect_stderr_contains "recoup user: password: contains a NUL byte"
expect_db_unchanged "no user added, no password set"

# the limits stay: 1024 bytes and a line end (LF or CRLF) that is not part of it
run bash -c 'python3 -c "import sys; sys.stdout.write(\"x\" * 1025 + \"\n\")" | "$RECOUP" user passwd ann'
expect_eq "a password of 1025 bytes is refused" 1 "$status"
run bash -c 'printf "abcdefghij\r\n" | "$RECOUP" user passwd ann'
expect_eq "a password ending in CRLF is set" 0 "$status"
finish
