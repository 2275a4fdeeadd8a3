#!/usr/bin/env bash
# t0664: recoup migrate copies the credit notes' own rows, not only their
# ledger entries. Before, the target had the credit (its ledger entries and
# balances were copied) but not the notes: `import credit-notes` of the same
# file on the target took every note as new and posted its credit a second
# time, and the migration's comparison did not look at credit notes at all.
# Now the notes (ref, customer, invoice, date, amount, currency, reason, the
# part applied) are copied and compared (count and a digest of their
# values), and the same file imported again on the target changes nothing.
# Documents the same: their rows were not copied (a collector on the target
# lost every purchase order and signed delivery note); now each row goes
# across with its file, copied from the source's files directory into the
# target's (--to-files) and checked against its sha256, and `document get`
# on the target gives the same bytes. A row whose file cannot be read stops
# the tenant's copy, naming the document, and leaves the target as it was.
# The target is $RECOUP_DB's backend (a SQLite file, or on integration-pg a
# database of the test's cluster); the source is SQLite.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

SQ="$TMP/source.db"
IMPORT="$DATA/import"
sq() { "$RECOUP" --db "$SQ" "$@"; }

for k in customers contacts invoices payments; do sq import "$k" "$IMPORT/$k.csv" >/dev/null; done
CN=$(csv_file credit-notes.csv <<'CSV'
credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason
CN-1,C001,I-002,2026-03-20,100.00,USD,damaged goods
CN-2,C001,,2026-03-21,25.00,USD,goodwill
CSV
)
sq import credit-notes "$CN" >/dev/null
printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%%%EOF\n' >"$TMP/po.pdf"
printf '%%PDF-1.4\n%% signed\n%%%%EOF\n' >"$TMP/signed.pdf"
sq document add C001 "$TMP/po.pdf" --kind po >/dev/null
sq document add C001 "$TMP/signed.pdf" --invoice I-002 --kind signed --name "entrega 1.pdf" >/dev/null
sq document add C002 "$TMP/po.pdf" --kind po >/dev/null
expect_eq "the source has two credit notes" 2 "$(sql "SELECT count(*) FROM credit_note" "$SQ")"

# a document whose file is gone: the copy refused, naming it, the target as it was
T0=$(db_new lost_file)
"$RECOUP" --db "$T0" init >/dev/null
db_snapshot "$T0"
mv "$SQ.files" "$TMP/files-aside"
run recoup --db "$SQ" migrate --to "$T0" --to-files "$TMP/files-lost"
expect_eq "a document's file missing: migrate fails (exit 3)" 3 "$status"
expect_stderr_contains "tenant 'default': document 1 of customer 'C001' ('po.pdf'): document 1: file '$SQ.files/"
expect_db_unchanged "... nothing of the tenant on the target" "$T0"
mv "$TMP/files-aside" "$SQ.files"

T=$(db_new target)
run recoup --db "$SQ" migrate --to "$T" --to-files "$TMP/target-files"
expect_eq "migrate exits 0" 0 "$status"
expect_stdout_contains "tenant 'default': credit notes: 2 (same)"
expect_stdout_contains "tenant 'default': documents: 3 (same)"
expect_eq "the document rows alike (customer, invoice, kind, name, sha256, who, when)" \
	"$("$RECOUP" --db "$SQ" document list C001 --format json | jq -c '[.[] | del(.id)]')" \
	"$("$RECOUP" --db "$T" document list C001 --format json | jq -c '[.[] | del(.id)]')"
id=$("$RECOUP" --db "$T" document list C001 --format json | jq -r '.[] | select(.kind == "signed") | .id')
"$RECOUP" --db "$T" document get "$id" --files "$TMP/target-files" --out "$TMP/got.pdf" >/dev/null
expect_same_file "the signed delivery note's bytes from the target's files directory" "$TMP/signed.pdf" "$TMP/got.pdf"
expect_eq "the target has the two credit notes, applied as on the source" \
	"$(sql "SELECT ref, amount, applied, reason FROM credit_note ORDER BY ref" "$SQ")" \
	"$(sql "SELECT ref, amount, applied, reason FROM credit_note ORDER BY ref" "$T")"
expect_eq "... each on the same customer and invoice" \
	"$(sql "SELECT cn.ref, c.ref, coalesce(i.ref, '') FROM credit_note cn JOIN customer c ON c.id = cn.customer_id LEFT JOIN invoice i ON i.id = cn.invoice_id ORDER BY cn.ref" "$SQ")" \
	"$(sql "SELECT cn.ref, c.ref, coalesce(i.ref, '') FROM credit_note cn JOIN customer c ON c.id = cn.customer_id LEFT JOIN invoice i ON i.id = cn.invoice_id ORDER BY cn.ref" "$T")"

# the same file again on the target: nothing new, the books as they were
db_snapshot "$T"
run recoup --db "$T" import credit-notes "$CN"
expect_eq "the credit-notes file again on the target: exit 0" 0 "$status"
expect_stdout_contains "2 rows, all already stored; nothing changed"
expect_db_unchanged "... the target byte for byte as it was (no credit posted twice)" "$T"
expect_eq "the aging the same on both" "$("$RECOUP" --db "$SQ" aging --as-of 2026-06-30 --format csv)" \
	"$("$RECOUP" --db "$T" aging --as-of 2026-06-30 --format csv)"
run recoup --db "$T" check
expect_eq "check passes on the target" 0 "$status"
finish
