#!/usr/bin/env bash
# t0664: recoup migrate copies the credit notes' own rows, not only their
# ledger entries. Before, the target had the credit (its ledger entries and
# balances were copied) but not the notes: `import credit-notes` of the same
# file on the target took every note as new and posted its credit a second
# time, and the migration's comparison did not look at credit notes at all.
# Now the notes (ref, customer, invoice, date, amount, currency, reason, the
# part applied) are copied and compared (count and a digest of their
# values), and the same file imported again on the target changes nothing.
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
expect_eq "the source has two credit notes" 2 "$(sql "SELECT count(*) FROM credit_note" "$SQ")"

T=$(db_new target)
run recoup --db "$SQ" migrate --to "$T"
expect_eq "migrate exits 0" 0 "$status"
expect_stdout_contains "tenant 'default': credit notes: 2 (same)"
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
