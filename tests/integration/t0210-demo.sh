#!/usr/bin/env bash
# recoup demo (what make demo runs): generate, import, check, aging, KPIs.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

expect_exit 0 recoup --db demo.db demo --customers 60 --data demo-data
expect_stdout_contains "60 customers"
expect_stdout_contains "ledger ok"
expect_stdout_contains "current balances"
expect_stdout_contains "collection KPIs from"
expect_eq "the six files were written" 6 "$(ls demo-data/*.csv | wc -l)"
expect_eq "the invoices are in the database" \
	"$(($(wc -l <demo-data/invoices.csv) - 1))" "$(sql 'SELECT count(*) FROM invoice' demo.db)"
expect_exit 2 recoup --db demo.db demo --customers 0
expect_stderr_contains "--customers '0'"

# aging with custom buckets through the CLI
run recoup --db demo.db aging --buckets 15,45 --format csv
expect_eq "custom bucket labels in the header" "currency,current,1-15,16-45,over-45,total,unapplied_credit,net" "$(head -1 "$TMP/out")"
expect_exit 2 recoup --db demo.db aging --buckets 45,15
expect_stderr_contains "ascending"
# export to a file
expect_exit 0 recoup --db demo.db export payments --out payments-out.csv
expect_eq "export --out wrote every payment" "$(wc -l <demo-data/payments.csv)" "$(wc -l <payments-out.csv)"

# RECOUP_LOCALE shapes amounts in tables only; CSV stays plain
run env RECOUP_LOCALE=pt-BR "$RECOUP" --db demo.db aging
if grep -qE '[0-9]\.[0-9]{3},[0-9]{2}' "$TMP/out"; then pass "pt-BR table groups with '.' and decimals with ','"; else
	fail "pt-BR table groups with '.' and decimals with ','" "$(head -5 "$TMP/out")"; fi
recoup --db demo.db aging --format csv >plain.csv
run env RECOUP_LOCALE=pt-BR "$RECOUP" --db demo.db aging --format csv
expect_same_file "CSV is the same whatever RECOUP_LOCALE says" plain.csv "$TMP/out"

# --spreadsheet: text that a spreadsheet would run as a formula is neutralised
printf 'customer_ref,name,kind,country,currency\nX1,"=HYPERLINK(""http://evil"")",person,US,USD\nX2,-5+A1 Ltd,company,US,USD\n' >x.csv
recoup --db x.db import customers x.csv >/dev/null
run recoup --db x.db export customers --spreadsheet
expect_stdout_contains "X1,\"'=HYPERLINK(\"\"http://evil\"\")\""
expect_stdout_contains "X2,'-5+A1 Ltd"
expect_stdout_contains ",USD,0.00,"
run recoup --db x.db export customers
expect_stdout_contains "X1,\"=HYPERLINK("

# One of a kind is singular: "1 customer", "1 row", not "1 customers".
expect_exit 0 recoup --db one.db demo --customers 1 --data one-data
expect_stdout_contains "generating 1 customer into"
expect_stdout_contains "   1 customer, "
if grep -qE '(^|[^0-9])1 (customers|rows|invoices|payments|contacts)' "$TMP/out"; then
	fail "no '1 <plural>' in demo's output" "$(grep -E '(^|[^0-9])1 (customers|rows|invoices|payments|contacts)' "$TMP/out")"
else
	pass "no '1 <plural>' in demo's output"
fi
finish
