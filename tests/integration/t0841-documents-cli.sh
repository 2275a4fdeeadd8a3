#!/usr/bin/env bash
# recoup document add|list|get (issue 13, point 5): a PDF, PNG or JPEG is
# attached to a customer or one of its invoices; the bytes are stored once
# under the files directory, named by their sha256 (a second upload of the
# same bytes adds a row, not a file); the type is taken from the content's
# first bytes and a declared type the content contradicts is refused, as
# are other types, empty files, files over the limit, unknown kinds,
# customers and invoices, and an invoice of another customer, each
# changing nothing. get gives the same bytes back and refuses a file
# changed on disk; every add is in the audit trail; tenants are apart.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=alice
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-09-01,2026-10-01,BRL,500.00
W1,WAW,2026-09-01,2026-10-01,PLN,700.00
CSV
if [ "$TEST_BACKEND" = postgres ]; then FILES="$TMP/recoup-files"; else FILES="$RECOUP_DB.files"; fi

printf '%%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%%%EOF\n' >"$TMP/po.pdf"
printf '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\1\0\0\0\1\x08\x02\0\0\0' >"$TMP/sig.png"
printf '\xff\xd8\xff\xe0\0\x10JFIF\0' >"$TMP/photo.jpg"
printf 'just text\n' >"$TMP/notes.txt"
: >"$TMP/empty.pdf"
sha_pdf=$(sha256sum "$TMP/po.pdf" | cut -d' ' -f1)

expect_exit 0 recoup document add ACME "$TMP/po.pdf" --kind po
expect_stdout_contains "document 1 added to customer 'ACME': po.pdf (application/pdf,"
expect_same_file "stored content-addressed beside the database" "$TMP/po.pdf" "$FILES/${sha_pdf:0:2}/$sha_pdf"
expect_exit 0 recoup document add ACME "$TMP/po.pdf" --invoice A1 --kind delivery_note --name "entrega 1.pdf"
expect_stdout_contains "document 2 added to customer 'ACME' invoice A1: entrega 1.pdf"
expect_eq "the same bytes are stored once" 1 "$(find "$FILES" -type f | wc -l)"
expect_exit 0 recoup document add WAW "$TMP/sig.png" --kind signed
expect_stdout_contains "(image/png,"
expect_exit 0 recoup document add WAW "$TMP/photo.jpg" --type image/jpeg --kind receipt --by bob
expect_eq "three files for three contents" 3 "$(find "$FILES" -type f | wc -l)"

snap=$(db_snapshot)
expect_exit 1 recoup document add ACME "$TMP/sig.png" --type image/jpeg
expect_stderr_contains "declared image/jpeg but the content is image/png"
expect_exit 1 recoup document add ACME "$TMP/notes.txt"
expect_stderr_contains "the content is not a PDF, PNG or JPEG file"
expect_exit 1 recoup document add ACME "$TMP/po.pdf" --type text/html
expect_stderr_contains "type 'text/html' is not taken"
expect_exit 1 recoup document add ACME "$TMP/empty.pdf"
expect_stderr_contains "is empty"
expect_exit 1 recoup document add ACME "$TMP/po.pdf" --max-bytes 10
expect_stderr_contains "over the limit of 10"
expect_exit 1 recoup document add ACME "$TMP/po.pdf" --kind invoice
expect_stderr_contains "kind 'invoice' is not one of po|delivery_note|signed|contract|receipt|other"
expect_exit 1 recoup document add NOBODY "$TMP/po.pdf"
expect_stderr_contains "unknown customer 'NOBODY'"
expect_exit 1 recoup document add ACME "$TMP/po.pdf" --invoice W1
expect_stderr_contains "invoice 'W1' belongs to customer 'WAW', not 'ACME'"
expect_exit 1 recoup document add ACME "$TMP/po.pdf" --name "../etc/passwd"
expect_stderr_contains "names a directory"
expect_exit 1 recoup document add ACME "$TMP/missing.pdf"
expect_stderr_contains "cannot read"
expect_db_unchanged "refusals change nothing" "$snap"
expect_eq "and store no file" 3 "$(find "$FILES" -type f | wc -l)"

expect_exit 0 recoup document list ACME
expect_lines 3 "a head and two rows" "$TMP/out"
expect_stdout_contains "entrega 1.pdf"
recoup document list ACME --format json >"$TMP/list.json"
expect_eq "json list" "2:A1:delivery_note:entrega 1.pdf:alice 1:None:po:po.pdf:alice" \
	"$(python3 -c 'import json,sys
print(" ".join("%s:%s:%s:%s:%s" % (d["id"], d["invoice_ref"], d["kind"], d["file_name"], d["uploaded_by"]) for d in json.load(open(sys.argv[1]))))' "$TMP/list.json")"
run recoup document list ACME --invoice A1 --format json
expect_stdout_contains '"id": 2'
expect_exit 1 recoup document list NOBODY

recoup document get 2 >"$TMP/got.pdf"
expect_same_file "get gives the bytes back" "$TMP/po.pdf" "$TMP/got.pdf"
expect_exit 0 recoup document get 4 --out "$TMP/out.jpg"
expect_same_file "get --out writes the file" "$TMP/photo.jpg" "$TMP/out.jpg"
expect_exit 1 recoup document get 4 --out "$TMP/out.jpg"
expect_stderr_contains "exists"
run recoup document get 3 --info
expect_stdout_contains '"content_type": "image/png"'
expect_stdout_contains '"sha256": "'"$(sha256sum "$TMP/sig.png" | cut -d' ' -f1)"'"'
expect_exit 1 recoup document get 99
expect_stderr_contains "unknown document 99"
expect_exit 2 recoup document get x1
expect_stderr_contains "document id 'x1': expected a whole number from 1 to"

# --files and $RECOUP_FILES choose the directory
expect_exit 0 recoup document add ANA "$TMP/po.pdf" --files "$TMP/other"
expect_same_file "--files" "$TMP/po.pdf" "$TMP/other/${sha_pdf:0:2}/$sha_pdf"
RECOUP_FILES="$TMP/other" recoup document get 5 >"$TMP/got5.pdf"
expect_same_file "\$RECOUP_FILES" "$TMP/po.pdf" "$TMP/got5.pdf"

# no output is written in the stored documents' directory: a CSV over a document, or a file beside them
stored="$FILES/${sha_pdf:0:2}/$sha_pdf"
expect_exit 1 recoup export customers --out "$stored" --force
expect_stderr_contains "is in the stored documents' directory: no command writes there but 'document add'"
expect_same_file "a stored document is not written over by an export" "$TMP/po.pdf" "$stored"
expect_exit 1 recoup export customers --out "$FILES/new.csv"
expect_eq "nor is a new file made there" no "$([[ -e $FILES/new.csv ]] && echo yes || echo no)"

# a file changed on disk is refused, never served
chmod u+w "$FILES/${sha_pdf:0:2}/$sha_pdf"
printf 'tampered' >>"$FILES/${sha_pdf:0:2}/$sha_pdf"
expect_exit 3 recoup document get 1
expect_stderr_contains "was changed on disk"

recoup audit --format json --entity document >"$TMP/audit.json"
expect_eq "every add is audited, with who uploaded it" "alice:alice alice:alice alice:alice alice:bob alice:alice" \
	"$(python3 -c 'import json,sys
print(" ".join(x["actor"] + ":" + x["after"]["uploaded_by"] for x in json.load(open(sys.argv[1]))["entries"] if x["action"] == "document.add"))' "$TMP/audit.json")"

# another tenant sees none of it
expect_exit 1 recoup --tenant other document get 1 --info
expect_exit 0 recoup check
finish
