#!/usr/bin/env bash
# `recoup send --letters-to DIR --format json` printed the table's line: the
# format was read and ignored. It now prints send's shape: "rows" (each
# action cancelled, skipped or changed at printing, as send's rows) and a
# "summary" of the batch (the file, or null when no letter is due; letters,
# pages, actions printed, cancelled, skipped, changed, withdrawn).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

# two companies in Warsaw without an email address: their emails go as letters
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
L0,Zero sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0100,"ul. A 1, Warszawa",
L1,Paid sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0101,"ul. A 2, Warszawa",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I0,L0,2026-10-01,2026-11-27,PLN,100.00
I1,L1,2026-10-01,2026-11-27,PLN,100.00
CSV
)" >/dev/null
daily_run 2026-11-27
# L1 pays after the run: its letter is cancelled at printing
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency
P1,L1,I1,2026-11-27,100.00,PLN
CSV
)" >/dev/null

mkdir "$TMP/print"
run recoup send --letters-to "$TMP/print" --now 2026-11-27T15:00:00Z --format json
expect_eq "the day's letters are printed: exit 0" 0 "$status"
expect_eq "the output is JSON: the summary of the batch" \
	"$TMP/print/letters-2026-11-27.pdf 1 1 1 1 0 0 0" \
	"$(jq_out '" ".join(str(o["summary"][k]) for k in ("file", "letters", "pages", "actions", "cancelled", "skipped", "changed", "withdrawn"))')"
expect_eq "and the action cancelled, as send's rows: L1's letter, settled" "L1 letter cancelled settled" \
	"$(jq_out '" ".join("%s %s %s %s" % (r["customer"], r["kind"], r["state"], r["code"]) for r in o["rows"])')"
expect_eq "the PDF is there" 1 "$([[ -s $TMP/print/letters-2026-11-27.pdf ]] && echo 1 || echo 0)"

run recoup send --letters-to "$TMP/print" --now 2026-11-27T16:00:00Z --format json
expect_eq "again: exit 0" 0 "$status"
expect_eq "no letter due: no file, nothing counted" "None 0 0 []" \
	"$(jq_out '"%s %s %s %s" % (o["summary"]["file"], o["summary"]["letters"], o["summary"]["actions"], o["rows"])')"
run recoup send --letters-to "$TMP/print" --now 2026-11-27T16:00:00Z
expect_stdout_contains "no letter due"
finish
