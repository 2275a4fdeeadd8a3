#!/usr/bin/env bash
# t0175: the limits of a file (docs/csv.md, "Limits of the file") and the
# files that are not UTF-8 comma-separated CSV. Each is refused with exit 1,
# a message naming the cause, the database and the input unchanged; an
# endless or huge file is refused in bounded memory (peak RSS measured, a
# limit and not a timing).
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

IMP="$DATA/import"
recoup import customers "$IMP/customers.csv" >/dev/null
recoup import invoices "$IMP/invoices.csv" >/dev/null

HEADER=invoice_ref,customer_ref,issue_date,due_date,currency,amount
MAX_RSS_KB=$((200 * 1024))

# refuse_file FILE MESSAGE: import invoices FILE is refused with MESSAGE,
# nothing changes, and the peak RSS stays under MAX_RSS_KB.
refuse_file() {
	local file=$1 message=$2 before="" rss
	[[ -f $file ]] && before=$(sha256sum "$file")
	db_snapshot
	expect_exit 1 /usr/bin/time -f 'maxrss=%M' -o "$TMP/rss" "$RECOUP" import invoices "$file"
	expect_stderr_contains "$message"
	expect_db_unchanged "$file: the database is unchanged"
	if [[ -f $file ]]; then
		expect_eq "$file: the input is unchanged" "$before" "$(sha256sum "$file")"
	fi
	rss=$(sed -n 's/^maxrss=//p' "$TMP/rss")
	if [[ -n $rss && $rss -lt $MAX_RSS_KB ]]; then
		pass "$file: peak RSS ${rss} KB is under $MAX_RSS_KB KB"
	else
		fail "$file: peak RSS under $MAX_RSS_KB KB" "got: ${rss:-nothing measured}"
	fi
}

# ---- endless and huge input, in constant memory
refuse_file /dev/zero "'/dev/zero' is not a text file"

{ printf '%s\n' "$HEADER"; printf 'I-9,C001,2026-01-01,2026-02-01,USD,'; head -c 100000000 /dev/zero | tr '\0' 1; printf '\n'; } >long-line.csv
refuse_file long-line.csv "long-line.csv:2: row: line is longer than 1048576 bytes, the limit of a line"

{ printf '%s\n' "$HEADER"; printf 'I-9,C001,2026-01-01,2026-02-01,USD,'; head -c 2000000 /dev/zero | tr '\0' 1; } >no-newline.csv
refuse_file no-newline.csv "no-newline.csv:2: row: line is longer than 1048576 bytes"

# a 100 MB quoted field spread over short lines: the field limit, not the line one
python3 - <<'EOF'
with open("long-field.csv", "w") as f:
    f.write("invoice_ref,customer_ref,issue_date,due_date,currency,amount,description\n")
    f.write('I-9,C001,2026-01-01,2026-02-01,USD,1.00,"')
    line = "x" * 999 + "\n"
    for _ in range(100_000):
        f.write(line)
    f.write('"\n')
EOF
refuse_file long-field.csv "long-field.csv:2: row: a field is longer than 65536 bytes, the limit of a field"

# a field of 70,000 bytes on one line: under the line limit, over the field limit
{ printf '%s,description\n' "$HEADER"; printf 'I-9,C001,2026-01-01,2026-02-01,USD,1.00,'; head -c 70000 /dev/zero | tr '\0' x; printf '\n'; } >field70k.csv
refuse_file field70k.csv "field70k.csv:2: row: a field is longer than 65536 bytes"

# 20 quoted fields of 60,000 bytes over short lines: each under the field
# limit, every line short, the row over its 1 MiB
python3 - <<'EOF'
with open("long-row.csv", "w") as f:
    f.write("invoice_ref,customer_ref,issue_date,due_date,currency,amount,description\n")
    f.write("I-9,C001,2026-01-01,2026-02-01,USD,1.00")
    field = '"' + ("x" * 999 + "\n") * 60 + '"'
    for _ in range(20):
        f.write("," + field)
    f.write("\n")
EOF
refuse_file long-row.csv "long-row.csv:2: row: row is longer than 1048576 bytes over its lines, the limit of a row"

# 2000 fields in a row
{ printf '%s\n' "$HEADER"; printf 'I-9,C001,2026-01-01,2026-02-01,USD,1.00'; for _ in $(seq 2000); do printf ','; done; printf '\n'; } >wide.csv
refuse_file wide.csv "wide.csv:2: row: row has more than 1024 fields"

# the rows before the bad line are read (and refused with it: all or nothing)
{ printf '%s\n' "$HEADER"; printf 'I-8,C001,2026-01-01,2026-02-01,USD,1.00\n'; head -c 1100000 /dev/zero | tr '\0' 1; printf '\n'; } >late.csv
refuse_file late.csv "late.csv:3: row: line is longer than"

# ---- other encodings and dialects are named
printf '%s\nI-9,C001,2026-01-01,2026-02-01,USD,1.00\n' "$HEADER" | iconv -f UTF-8 -t UTF-16 >utf16.csv
refuse_file utf16.csv "'utf16.csv' is UTF-16; save it as UTF-8"
printf '%s\nI-9,C001,2026-01-01,2026-02-01,USD,1.00\n' "$HEADER" | iconv -f UTF-8 -t UTF-16BE >utf16be.csv
refuse_file utf16be.csv "'utf16be.csv' is UTF-16; save it as UTF-8"
printf '\xfe\xff' >utf16bom.csv
printf '%s\nI-9,C001,2026-01-01,2026-02-01,USD,1.00\n' "$HEADER" | iconv -f UTF-8 -t UTF-16BE >>utf16bom.csv
refuse_file utf16bom.csv "'utf16bom.csv' is UTF-16; save it as UTF-8"

printf '%s\nI-9;C001;2026-01-01;2026-02-01;USD;1,00\n' "${HEADER//,/;}" >semicolon.csv
refuse_file semicolon.csv "'semicolon.csv' looks separated by ';'; recoup reads comma-separated CSV (RFC 4180)"
printf '%s\nI-9\tC001\t2026-01-01\t2026-02-01\tUSD\t1.00\n' "${HEADER//,/$'\t'}" >tabs.csv
refuse_file tabs.csv "'tabs.csv' looks separated by tabs; recoup reads comma-separated CSV (RFC 4180)"
printf '%s\rI-9,C001,2026-01-01,2026-02-01,USD,1.00\r' "$HEADER" >cr.csv
refuse_file cr.csv "'cr.csv' ends its lines with CR only"

# a header that merely has an unknown column is still reported as such
printf '%s,colour\nI-9,C001,2026-01-01,2026-02-01,USD,1.00,red\n' "$HEADER" >unknown.csv
refuse_file unknown.csv "unknown.csv:1: colour: unknown column in the header"

# and a good file still imports, CRLF and BOM included
printf '\xef\xbb\xbf%s\r\nI-9,C001,2026-01-01,2026-02-01,USD,1.00\r\n' "$HEADER" >good.csv
expect_exit 0 recoup import invoices good.csv
expect_eq "the good row is stored" 1 "$(sql "SELECT count(*) FROM invoice WHERE ref = 'I-9'")"

finish
