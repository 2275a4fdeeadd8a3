#!/usr/bin/env bash
# No export carries fees, interest or write-offs: a book rebuilt from the
# exports (docs/csv.md) has none of them, its balances lower, a written-off
# invoice open again, and nothing said so. `export invoices` now warns on
# standard error when the ledger holds any (its files are as before), and
# says nothing when it holds none. Both backends.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
printf 'customer_ref,name,kind,country,currency,timezone\nC1,One,company,US,USD,America/New_York\nC2,Two,company,US,USD,America/New_York\n' >"$TMP/c.csv"
printf 'invoice_ref,customer_ref,issue_date,due_date,currency,amount\nI1,C1,2026-08-01,2026-09-01,USD,1000.00\nI2,C2,2026-08-01,2026-09-01,USD,300.00\n' >"$TMP/i.csv"
recoup import customers "$TMP/c.csv" >/dev/null
recoup import invoices "$TMP/i.csv" >/dev/null
warning="recoup export: warning: the balances include fees, interest or write-offs, which no export carries"

run recoup export invoices
expect_eq "export invoices exits 0" 0 "$status"
expect_eq "a ledger of invoices alone: nothing on standard error" "" "$(cat "$TMP/err")"
plain=$(cat "$TMP/out")

# a write-off, approved and posted
recoup user add mgr --role manager >/dev/null
recoup user add col --role collector >/dev/null
recoup writeoff C2 --reason bankrupt --by-user col --at 2026-12-01T10:00:00Z >/dev/null
recoup approval approve 1 --by-user mgr --at 2026-12-02T10:00:00Z >/dev/null
run recoup export invoices --out "$TMP/inv.csv"
expect_eq "export invoices with a write-off exits 0" 0 "$status"
expect_stderr_contains "$warning"
expect_stderr_contains "recoup backup, or recoup migrate"
expect_eq "the file has the rows, I2 written off" "0.00" \
	"$(python3 -c 'import csv,sys; print([r["balance"] for r in csv.DictReader(open(sys.argv[1])) if r["invoice_ref"] == "I2"][0])' "$TMP/inv.csv")"
# the other kinds say nothing
run recoup export customers
expect_eq "export customers says nothing on standard error" "" "$(cat "$TMP/err")"

# a fee posted by the run, in a book of its own
other=$(db_new other)
recoup --db "$other" init >/dev/null
recoup --db "$other" import customers "$TMP/c.csv" >/dev/null
recoup --db "$other" import invoices "$TMP/i.csv" >/dev/null
echo '{"name":"fee","priority":100,"segment":{"currencies":["USD"]},"steps":[{"name":"late-fee","offset_days":1,"action":"fee","fee":{"amount":"40.00"}}]}' >"$TMP/s.json"
recoup --db "$other" strategy set fee "$TMP/s.json" >/dev/null
run recoup --db "$other" export invoices
expect_eq "before the fee: nothing on standard error" "" "$(cat "$TMP/err")"
expect_exit 0 recoup --db "$other" run --as-of 2026-09-02 --now 2026-09-02T12:00:00Z
run recoup --db "$other" export invoices --format json
expect_eq "export invoices after a fee exits 0" 0 "$status"
expect_stderr_contains "$warning"
expect_eq "the JSON on standard output is whole" "1040.00" \
	"$(python3 -c 'import json,sys; print([r["balance"] for r in json.load(open(sys.argv[1])) if r["invoice_ref"] == "I1"][0])' "$TMP/out")"
[[ -n $plain ]] && pass "the first export wrote its rows" || fail "the first export wrote its rows" "" ""
finish
