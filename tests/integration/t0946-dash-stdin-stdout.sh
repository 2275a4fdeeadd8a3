#!/usr/bin/env bash
# `-` is standard output for `recoup export --out` and standard input for
# `recoup import KIND FILE` (docs/csv.md): an export goes to the pipe, no
# file named `-` appears; an import reads a pipe or a redirection in its one
# pass, names it `-` in its messages, stays all-or-nothing, and its
# --rejects never writes over the file standard input comes from. A file
# named `-` is still `./-`.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
cat >"$TMP/customers.csv" <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
C1,Ann Smith,company,GB,Europe/London,en,GBP,,ann@example.com,,"1 High St
London",
C2,Bob Jones,person,GB,Europe/London,en,GBP,,bob@example.com,,"2 High St, London",
CSV

# import from a pipe
run bash -c 'cat "$1" | "$RECOUP" import customers -' _ "$TMP/customers.csv"
expect_eq "import customers - from a pipe exits 0" 0 "$status"
expect_stdout_contains "-: 2 rows imported into customers (2 new or changed, 0 already stored)"
# and from a redirection: the same rows, already stored
run bash -c '"$RECOUP" import customers - <"$1"' _ "$TMP/customers.csv"
expect_eq "import customers - from a redirection exits 0" 0 "$status"
expect_stdout_contains "-: 2 rows, all already stored; nothing changed"

# export --out -: standard output, in either format, and no file named -
run recoup export customers --out -
expect_eq "export --out - exits 0" 0 "$status"
expect_eq "export --out - writes the CSV to standard output" \
	"$(recoup export customers)" "$(cat "$TMP/out")"
run recoup export customers --format json --out -
expect_eq "export --format json --out - exits 0" 0 "$status"
expect_eq "the JSON on standard output lists both customers" "C1 C2" \
	"$(python3 -c 'import json,sys; print(" ".join(r["customer_ref"] for r in json.load(open(sys.argv[1]))))' "$TMP/out")"
if [[ -e "$TMP/-" ]]; then fail "no file named -" "none" "$(ls -l -- "$TMP/-")"; else pass "no file named -"; fi

# the round trip through a pipe: export | import into another database
other=$(db_new other)
recoup --db "$other" init >/dev/null
run bash -c '"$RECOUP" export customers --out - | "$RECOUP" --db "$1" import customers -' _ "$other"
expect_eq "export --out - | import - exits 0" 0 "$status"
expect_eq "the other database holds the same customers" "$(recoup export customers)" \
	"$(recoup --db "$other" export customers)"

# a bad row from standard input: named -:LINE, nothing imported
db_snapshot
run bash -c 'printf "%s\n" "customer_ref,name,kind,country,timezone,language,currency" \
	"C3,Cy,company,GB,Europe/London,en,GBP" "C4,Di,company,GB,Europe/London,en,XX" | "$RECOUP" import customers -'
expect_eq "a bad row from standard input: exit 1" 1 "$status"
expect_stderr_contains "-:3: currency:"
expect_stderr_contains "recoup import: -: 1 bad row; nothing was imported"
expect_db_unchanged "all or nothing from standard input too"
# empty standard input: no header
run bash -c '"$RECOUP" import customers - </dev/null'
expect_eq "empty standard input: exit 1" 1 "$status"
expect_stderr_contains "-:0: row: the file is empty (a header line is required)"

# --rejects never over the file standard input was redirected from, even with --force
cp "$TMP/customers.csv" "$TMP/in.csv"
run bash -c '"$RECOUP" import customers - --rejects "$1" --force <"$1"' _ "$TMP/in.csv"
expect_eq "--rejects over the redirected input: exit 1" 1 "$status"
expect_stderr_contains "'$TMP/in.csv' is the file this command reads"
expect_same_file "the input is intact" "$TMP/customers.csv" "$TMP/in.csv"

# a file named - is ./-
cd "$TMP"
{ cat customers.csv; echo 'C5,Eve Brown,person,GB,Europe/London,en,GBP,,eve@example.com,,"5 High St, London",'; } >./-
run recoup import customers ./-
expect_eq "a file named - imports as ./-" 0 "$status"
expect_stdout_contains "./-: 3 rows imported into customers (1 new or changed, 2 already stored)"
finish
