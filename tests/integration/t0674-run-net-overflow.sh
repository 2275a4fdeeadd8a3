#!/usr/bin/env bash
# An account whose open invoices add up to more than a 64-bit count of minor
# units (9,300 invoices of 10^15 yen, each amount within the limit) stops the
# run with a message naming the customer and the currency, exit 1, as recoup
# aging refuses such a book; the run passed over the account silently (its
# net wrapped below zero: "nothing owed"), and the snapshot left it out. An
# ordinary book runs as before.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone,address
BIG,Kabushiki Ookii,company,JP,Asia/Tokyo,ja,JPY,ap@ookii.example,+81 3 5555 0101,"1-1 Marunouchi, Tokyo"
CSV
)" >/dev/null
python3 -c '
print("invoice_ref,customer_ref,issue_date,due_date,currency,amount")
for i in range(9300):
    print("J%05d,BIG,2026-09-01,2026-10-01,JPY,1000000000000000" % i)' >"$TMP/big.csv"
recoup import invoices "$TMP/big.csv" >/dev/null
run recoup aging --as-of 2026-11-02
expect_eq "recoup aging refuses the book (exit 1)" 1 "$status"
daily_run_status() {
	run "$RECOUP" run --as-of 2026-11-02 --now 2026-11-02T05:00:00Z
}
daily_run_status
expect_eq "the run stops: exit 1" 1 "$status"
expect_stderr_contains "customer BIG: its open invoices and credit in JPY add up to more than recoup can count"
expect_eq "and records no action for it" 0 "$(sql "SELECT count(*) FROM action")"
finish
