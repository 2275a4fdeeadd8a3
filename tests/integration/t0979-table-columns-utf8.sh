#!/usr/bin/env bash
# Tables pad by the columns a text takes on a terminal, not by its bytes
# (cli/tprintf.c): a customer or contact named with accents or in CJK,
# and amounts in a locale that groups digits with U+202F (fr) or U+00A0 (pl), leave every later column where it is in the other rows.
# Measured with Python's unicodedata (East Asian width, combining marks),
# which is independent of recoup's ICU.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
cat >"$TMP/customers.csv" <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone
C1,Bob Smith,company,FR,Europe/Paris,fr,EUR,bob@example.com,+33140000001
C2,José Łódź Ünal,company,FR,Europe/Paris,fr,EUR,jose@example.com,+33140000002
C3,山田太郎,company,FR,Europe/Paris,fr,EUR,yamada@example.com,+33140000003
CSV
cat >"$TMP/invoices.csv" <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-09-01,2026-10-01,EUR,1234567.89
I2,C2,2026-09-01,2026-11-01,EUR,12.50
I3,C3,2026-09-01,2026-11-20,EUR,98765.43
I4,C1,2026-09-01,2026-09-01,EUR,5.00
CSV
recoup import customers "$TMP/customers.csv" >/dev/null
recoup import invoices "$TMP/invoices.csv" >/dev/null

# widths FILE FROM: the display widths (Python's unicodedata, independent of
# recoup's ICU) of the non-empty lines of FILE from line FROM on, one per line
widths() {
	python3 - "$1" "$2" <<'PY'
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.category(c) in ("Mn", "Me", "Cf") else
               2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in s)
for l in open(sys.argv[1], encoding="utf-8").read().split("\n")[int(sys.argv[2]) - 1:]:
    if l.strip():
        print(width(l.rstrip()))
PY
}

# aging in French (digits grouped with U+202F): the header and the row as wide
run env RECOUP_LOCALE=fr-FR "$RECOUP" aging
expect_eq "aging in fr exits 0" 0 "$status"
expect_stdout_contains "$(printf '1\342\200\257333\342\200\257350,82')" # U+202F
expect_eq "the French aging table's header and row take the same columns" 1 "$(widths "$TMP/out" 3 | sort -u | wc -l)"
run env RECOUP_LOCALE=pl-PL "$RECOUP" aging
expect_eq "the Polish aging table's header and row take the same columns" 1 "$(widths "$TMP/out" 3 | sort -u | wc -l)"

# the same check over the rows of a table: the display column where "phone" or a
# later fixed column starts is the same in every row
col_of() { # FILE WORD: the display columns where WORD starts, one per line that has it
	python3 - "$1" "$2" <<'PY'
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.category(c) in ("Mn","Me","Cf") else 2 if unicodedata.east_asian_width(c) in ("W","F") else 1 for c in s)
for l in open(sys.argv[1], encoding="utf-8"):
    i = l.find(sys.argv[2])
    if i >= 0:
        print(width(l[:i]))
PY
}
for c in C1 C2 C3; do recoup customer show "$c" | grep "^  contact " >>"$TMP/contacts.txt"; done
expect_eq "customer show: the phone column starts at the same column for each name" 1 \
	"$(col_of "$TMP/contacts.txt" " phone " | sort -u | wc -l)"
expect_eq "customer show: three contact lines" 3 "$(wc -l <"$TMP/contacts.txt")"

finish
