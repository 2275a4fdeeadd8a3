#!/usr/bin/env bash
# A CSV row with fewer fields than the header is refused as such, first
# and plainly: its line, its count and the header's (docs/csv.md), not
# the first of its empty columns' complaints ("currency '' is not a
# three-letter ISO 4217 code"); a longer row as before; a row cut short
# after a quoted line break names the line it starts on; the import stays
# all or nothing, and --rejects lists the same.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
db_snapshot
cat >"$TMP/c.csv" <<'CSV'
customer_ref,name,kind,country,timezone,language,currency
C1,Ann Smith,company,GB,Europe/London,en,GBP
C2,Bob Jones,company,GB,Europe/London,en
C3,Cy Brown,company,GB,Europe/London,en,GBP,extra
C4,Di Green,company,"GB
",Europe/London
C5
C6,Eve White,company,GB,Europe/London,en,GBP
CSV
expect_exit 1 recoup import customers "$TMP/c.csv" --rejects "$TMP/rejects.csv"
expect_eq "each bad row once, as its width" \
	"$TMP/c.csv:3: row: has 6 fields but the header has 7 (a field or a comma missing, or the row cut short?)
$TMP/c.csv:4: row: has 8 fields but the header has 7 (an unquoted comma?)
$TMP/c.csv:5: row: has 5 fields but the header has 7 (a field or a comma missing, or the row cut short?)
$TMP/c.csv:7: row: has 1 field but the header has 7 (a field or a comma missing, or the row cut short?)
recoup import: $TMP/c.csv: 4 bad rows; nothing was imported" "$(cat "$TMP/err")"
if grep -qF "currency '' is not" "$TMP/err"; then
	fail "no complaint about the empty currency of the short row" "none" "$(cat "$TMP/err")"
else
	pass "no complaint about the empty currency of the short row"
fi
expect_eq "--rejects lists the same rows" "line,column,reason
3,\"row\",\"has 6 fields but the header has 7 (a field or a comma missing, or the row cut short?)\"
4,\"row\",\"has 8 fields but the header has 7 (an unquoted comma?)\"
5,\"row\",\"has 5 fields but the header has 7 (a field or a comma missing, or the row cut short?)\"
7,\"row\",\"has 1 field but the header has 7 (a field or a comma missing, or the row cut short?)\"" "$(cat "$TMP/rejects.csv")"
expect_db_unchanged "nothing imported: the good rows neither"

# the rows made whole import
cat >"$TMP/ok.csv" <<'CSV'
customer_ref,name,kind,country,timezone,language,currency
C1,Ann Smith,company,GB,Europe/London,en,GBP
C2,Bob Jones,company,GB,Europe/London,,GBP
C6,Eve White,company,GB,,,GBP
CSV
expect_exit 0 recoup import customers "$TMP/ok.csv"
expect_stdout_contains "3 rows imported into customers (3 new or changed, 0 already stored)"
finish
