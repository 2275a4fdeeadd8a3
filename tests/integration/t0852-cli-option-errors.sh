#!/usr/bin/env bash
# A refused option says which and why in one line, exit 2 (usage): an option
# that misses its value ("--as-of needs a value"), one given a value it takes
# none ("--dry-run takes no value"), one the command does not know ("unknown
# option '--bogus'"). Until 2026-12-07 glibc's getopt printed a line of its
# own, then the command "unknown option" even for a known option that only
# missed its value: two lines, the second wrong (found trying recoup as a new
# user would). cli_getopt (src/cli/main.c) serves every command.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
recoup init >/dev/null

# one_line EXPECTED CMD...: exit 2, and stderr is exactly EXPECTED
one_line() {
	local want=$1
	shift
	run "$RECOUP" "$@"
	expect_eq "recoup $* exits 2 (usage)" 2 "$status"
	expect_eq "recoup $*: one line saying which and why" "$want" "$(cat "$TMP/err")"
}

one_line "recoup run: --as-of needs a value (see 'recoup run --help')" run --as-of
one_line "recoup run: --as-of needs a value (see 'recoup run --help')" run --as
one_line "recoup run: --dry-run takes no value (see 'recoup run --help')" run --dry-run=3
one_line "recoup run: unknown option '--bogus' (see 'recoup run --help')" run --bogus
one_line "recoup run: unknown option '-x' (see 'recoup run --help')" run -x
one_line "recoup actions: --customer needs a value (see 'recoup actions --help')" actions --customer
one_line "recoup queue: --limit needs a value (see 'recoup queue --help')" queue --limit
one_line "recoup account: --now needs a value (see 'recoup account --help')" account show C1 --now
one_line "recoup import: --rejects needs a value (see 'recoup import --help')" import invoices x.csv --rejects
one_line "recoup generate: --out needs a value (see 'recoup generate --help')" generate --customers 5 --out
finish
