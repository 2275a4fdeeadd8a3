#!/usr/bin/env bash
# recoup send --letters-to DIR: the day's letters, drawn by the letters
# (app/letters) with the tenant's settings, in one PDF for printing; their
# actions are then done, each with a message row and attempt, and a second
# send finds no letter due.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
ENG,Albion Trading Ltd,company,GB,Europe/London,en,GBP,,,+44 20 5555 0101,"1 High St, London",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
E1,ENG,2026-09-01,2026-10-01,GBP,1234.56
CSV
)" >/dev/null
recoup config set creditor.name "Creditor SA" >/dev/null
recoup config set letter.sender_address "$(printf '9 Mill Lane\nLeeds LS1 1AA')" >/dev/null
recoup run --as-of 2026-11-15 --now 2026-11-15T05:00:00Z >/dev/null
n=$(sql "SELECT count(*) FROM action WHERE kind = 'letter' AND state = 'scheduled'")
expect_eq "the run schedules letters (no email address: letters instead)" yes "$([[ $n -ge 1 ]] && echo yes || echo no)"

mkdir -p "$TMP/print"
run recoup send --letters-to "$TMP/print" --now 2026-11-15T12:00:00Z
expect_eq "exit 0" 0 "$status"
expect_stdout_contains "1 letters"
pdf="$TMP/print/letters-2026-11-15.pdf"
expect_eq "the day's PDF is in the folder" yes "$([[ -s $pdf ]] && echo yes || echo no)"
pdftotext "$pdf" "$TMP/letter.txt"
expect_eq "it is the customer's letter, from the creditor's settings" yes \
	"$(grep -q 'Albion Trading Ltd' "$TMP/letter.txt" && grep -q 'Creditor SA' "$TMP/letter.txt" && grep -q 'Leeds LS1 1AA' "$TMP/letter.txt" && echo yes || echo no)"
expect_eq "with the amount" yes "$(grep -q '1,234.56' "$TMP/letter.txt" && echo yes || echo no)"
expect_eq "every letter action is done" 0 "$(sql "SELECT count(*) FROM action WHERE kind = 'letter' AND state = 'scheduled'")"
expect_eq "each with a sent message row" "$n" "$(sql "SELECT count(*) FROM message WHERE channel = 'letter' AND state = 'sent'")"
run recoup send --letters-to "$TMP/print" --now 2026-11-15T13:00:00Z
expect_eq "a second send finds no letter due" "0 no letter due" "$status $(cat "$TMP/out")"
if [[ $status != 0 ]]; then cat "$TMP/err"; fi
finish
