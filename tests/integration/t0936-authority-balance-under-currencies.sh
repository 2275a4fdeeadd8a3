#!/usr/bin/env bash
# The collectors' authority of the default limits ("10% of principal on
# balances under 5000.00") bounds a balance in yen and in dinars as it does
# in reais. The limit's amount was read in the currency's own decimals, and
# "5000.00" has two where the yen has none: it did not parse, which counted
# as no bound at all, so a collector could settle a 600,000 JPY debt with
# 10% off alone. Now the limit is compared exactly in units of 10^-4 of a
# major unit: under 5000.00 means under 5,000 JPY and under 5,000.000 KWD.
# The refusal names the share waived rounded up to hundredths (10.01%), not
# truncated to the "10%" it printed beside a limit of 10%.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,currency,email
JBIG,Tanaka Shoji,company,JP,Asia/Tokyo,JPY,a@tanaka.example
JEDGE,Sato Shoten,company,JP,Asia/Tokyo,JPY,a@sato.example
JSMALL,Ito Shoten,company,JP,Asia/Tokyo,JPY,a@ito.example
KBIG,Gulf Trading,company,KW,Asia/Kuwait,KWD,a@gulf.example
KSMALL,Bay Trading,company,KW,Asia/Kuwait,KWD,a@bay.example
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
JB1,JBIG,2026-07-01,2026-08-01,JPY,600000
JE1,JEDGE,2026-07-01,2026-08-01,JPY,5000
JS1,JSMALL,2026-07-01,2026-08-01,JPY,4999
KB1,KBIG,2026-07-01,2026-08-01,KWD,5000.000
KS1,KSMALL,2026-07-01,2026-08-01,KWD,4999.999
CSV
)" >/dev/null
recoup user add carol --role collector >/dev/null
recoup user add mike --role manager >/dev/null

offer() { # CUSTOMER PAY: carol's offer, 10% of principal off at most
	run recoup settlement offer "$1" --pay "$2" --by 2026-09-30 --at 2026-09-01T10:00:00Z --by-user carol
}

db_snapshot
offer JBIG 540000
expect_eq "600,000 JPY is not under 5000.00: no collector's limit covers it (exit 1)" 1 "$status"
expect_stderr_contains "no authority limit of a collector covers a balance of 600000 JPY"
offer JEDGE 4500
expect_eq "nor is 5,000 JPY" 1 "$status"
expect_stderr_contains "covers a balance of 5000 JPY"
offer KBIG 4500.000
expect_eq "nor 5,000.000 KWD" 1 "$status"
expect_stderr_contains "covers a balance of 5000.000 KWD"
expect_db_unchanged "the refused offers record nothing"

offer JSMALL 4499
expect_eq "500 JPY off 4,999 is beyond 10%" 1 "$status"
expect_stderr_contains "a collector may waive at most 10% of principal (499 of 4999 JPY) on balances under 5000.00; this offer waives 500 JPY of principal (10.01%)"
offer JSMALL 4500
expect_eq "4,999 JPY is under it: 499 JPY off (9.98%) is the collector's to give" 0 "$status"
expect_stdout_contains "settlement 1 for JSMALL offered: current, 4500 JPY of 4999 JPY"
offer KSMALL 4500.000
expect_eq "and 4,999.999 KWD: 499.999 KWD off" 0 "$status"

# a manager's limit has no balance bound: mike settles the large yen debt
run recoup settlement offer JBIG --pay 540000 --by 2026-09-30 --at 2026-09-01T10:00:00Z --by-user mike
expect_eq "a manager may (40%)" 0 "$status"

finish
