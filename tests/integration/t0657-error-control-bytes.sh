#!/usr/bin/env bash
# An error echoes what the user typed ("unknown customer '...'"): a control
# byte in it (an escape sequence pasted into an argument) was written to the
# terminal as it was, to act on there. It is written as \xNN; UTF-8 text is
# written as it is. An import's report lines too, where a header name or a value
# from the file was written as it came (a direction override as <U+202E>).
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

# an import's report lines echo the file: a header name with an escape sequence, a value with a direction override
printf '\e[2J\e]0;owned\a,invoice_ref,customer_ref,issue_date,due_date,currency,amount\n' >"$TMP/h.csv"
run recoup import invoices "$TMP/h.csv"
expect_eq "a bad header exits 1" 1 "$status"
expect_stderr_contains 'h.csv:1: \x1b[2J\x1b]0;owned\x07: unknown column in the header'
expect_eq "... no control byte of the file reaches stderr" 0 "$(LC_ALL=C tr -d '\n' <"$TMP/err" | LC_ALL=C grep -c '[[:cntrl:]]' || true)"
recoup import customers "$(csv_file c.csv <<'CSV'
customer_ref,name,kind,country,currency
C1,Acme,company,US,USD
CSV
)" >/dev/null
printf 'invoice_ref,customer_ref,issue_date,due_date,currency,amount\nI1,C1,2026-10-01,2026-10-31,USD,1\342\200\25605\n' >"$TMP/a.csv"
run recoup import invoices "$TMP/a.csv"
expect_stderr_contains "a.csv:2: amount: amount '1<U+202E>05' is not a decimal number"
finish
