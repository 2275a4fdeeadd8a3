#!/usr/bin/env bash
# A malformed number on the command line is a usage error (exit 2, README
# and docs/operations.md: 1 is input refused), with the message of the
# shared parser (cli_parse_int, src/cli/main.c: "OPTION 'TEXT': expected a
# whole number from MIN to MAX"). Five places had kept a message of their
# own and exit 1: credit policy --overdue-days and --nsf-fee-bp, the id of
# dispute resolve, the id of document get and user add|set --capacity.
# Each exits 2 now, says so, and changes nothing: the database's dump and
# what credit policy, user list and dispute list print are as before, and
# document get writes no --out file.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=alice
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-09-01,2026-10-01,BRL,500.00
CSV
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%%%EOF\n' >"$TMP/po.pdf"
recoup document add ACME "$TMP/po.pdf" --kind po >/dev/null
recoup dispute open ACME --invoice A1 --reason damaged --at 2026-10-05T10:00:00Z >/dev/null
recoup user add eve --role collector --capacity 7 >/dev/null
recoup credit policy --overdue-days 45 --nsf-fee-bp 250 >/dev/null

# what a person sees, besides the dump
views() {
	recoup credit policy
	recoup user list --format json | python3 -c 'import json,sys
for u in json.load(sys.stdin): print(u["name"], u["role"], u["capacity"])'
	recoup dispute list --format json | python3 -c 'import json,sys
for d in json.load(sys.stdin): print(d["id"], d["state"], d["invoice_ref"])'
}
views >"$TMP/views.before"
db_snapshot


expect_usage "--overdue-days '30x': expected a whole number from 1 to 3650" credit policy --overdue-days 30x
expect_usage "--overdue-days '0': expected a whole number from 1 to 3650" credit policy --overdue-days 0
expect_usage "--nsf-fee-bp '+100': expected a whole number from 0 to 10000" credit policy --nsf-fee-bp +100
# a good number beside a bad one is not written either
expect_usage "--nsf-fee-bp '1.5': expected a whole number from 0 to 10000" credit policy --overdue-days 90 --nsf-fee-bp 1.5
expect_usage "dispute id ' 1': expected a whole number from 1 to 9223372036854775807" \
	dispute resolve ' 1' --outcome rejected
expect_usage "dispute id '1x': expected a whole number from 1 to 9223372036854775807" dispute resolve 1x --outcome rejected
expect_usage "document id '+1': expected a whole number from 1 to 9223372036854775807" \
	document get +1 --out "$TMP/got.pdf"
expect_eq "document get wrote no --out file" no "$([[ -e $TMP/got.pdf ]] && echo yes || echo no)"
expect_usage "--capacity '5 ': expected a whole number from 0 to 1000" user add bob --role collector --capacity '5 '
expect_usage "--capacity '-1': expected a whole number from 0 to 1000" user set eve --capacity -1
expect_usage "--capacity '1001': expected a whole number from 0 to 1000" user set eve --capacity 1001

views >"$TMP/views.after"
expect_same_file "credit policy, user list and dispute list print what they printed before" \
	"$TMP/views.before" "$TMP/views.after"

# the same commands with good numbers still work (and change what they should)
expect_exit 0 recoup user set eve --capacity 0040
expect_stdout_contains "user 'eve' changed: collector, capacity 40"
expect_exit 0 recoup credit policy --overdue-days 90
expect_stdout_contains "more than 90 days"
expect_exit 0 recoup dispute resolve 1 --outcome rejected
expect_exit 0 recoup document get 1 --out "$TMP/got.pdf"
expect_same_file "document 1 as added" "$TMP/po.pdf" "$TMP/got.pdf"
finish
