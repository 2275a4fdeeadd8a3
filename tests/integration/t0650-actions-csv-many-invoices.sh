#!/usr/bin/env bash
# `recoup actions --format csv` lists every invoice an action covers, however
# many: an account of 80 invoices with 64-byte refs (5,200 bytes of refs) used
# to be cut at 4 KiB, in the middle of a ref, while the JSON listed all 80.
# Refs with commas, quotes and non-ASCII text come out quoted as CSV.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

{
	echo "invoice_ref,customer_ref,issue_date,due_date,currency,amount"
	for i in $(seq -w 1 80); do
		printf 'INV-%s-%s,ANA,2026-09-01,2026-10-01,BRL,1.00\n' "$i" "$(printf 'x%.0s' $(seq 1 56))"
	done
	echo '"X,""Y""",ANA,2026-09-02,2026-10-02,BRL,200.50'
	echo '"Ü-1 ☃",ANA,2026-09-03,2026-10-03,BRL,0.01'
} | run_setup
daily_run 2026-11-22

actions_json
run recoup actions --format csv
expect_eq "actions --format csv exits 0" 0 "$status"
# per action: the CSV's refs, split at ';', against the JSON's list
compare() {
	python3 - "$TMP/out" "$TMP/actions.json" <<'PY'
import csv, json, sys
rows = {r['id']: r for r in csv.DictReader(open(sys.argv[1], encoding='utf-8', newline=''))}
acts = json.load(open(sys.argv[2], encoding='utf-8'))
full = [a['id'] for a in acts if len(a['invoice_refs']) == 82]
bad = [a['id'] for a in acts if rows[str(a['id'])]['invoice_refs'].split(';') != a['invoice_refs']
       or rows[str(a['id'])]['amount'] != a['amount']]
print('%d actions, %d rows, %d of 82 invoices, %d differ from the JSON %s' % (len(acts), len(rows), len(full), len(bad), bad[:3]))
PY
}
n=$(sql "SELECT count(*) FROM action")
expect_eq "each CSV row names the invoices and amount the JSON does, all 82 of them" \
	"$n actions, $n rows, $n of 82 invoices, 0 differ from the JSON []" "$(compare)"
expect_stdout_contains ';X,""Y"";Ü-1 ☃",BRL,280.51,'
finish
