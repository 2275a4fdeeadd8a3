#!/usr/bin/env bash
# `customer show --as-of DATE` shows what the customer owed at the end of
# DATE, as `aging --as-of` does: it listed today's balances with the
# invoices issued by then (owed 400.00 in 1 invoice where that day's aging
# said 1500.00 in 2). Balances and unapplied credit are rebuilt from the
# dated ledger for a past day; today's view is as before. Both backends.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
printf 'customer_ref,name,kind,country,currency\nC1,One,company,US,USD\n' >"$TMP/c.csv"
printf 'invoice_ref,customer_ref,issue_date,due_date,currency,amount\nI1,C1,2026-09-01,2026-09-30,USD,1000.00\nI2,C1,2026-10-05,2026-11-04,USD,500.00\nI3,C1,2026-11-10,2026-12-10,USD,70.00\n' >"$TMP/i.csv"
printf 'payment_ref,customer_ref,invoice_ref,date,amount,currency\nP1,C1,I1,2026-11-15,1000.00,USD\nP2,C1,I2,2026-11-20,100.00,USD\nP3,C1,,2026-11-25,520.00,USD\n' >"$TMP/p.csv"
for k in customers:c invoices:i payments:p; do recoup import "${k%:*}" "$TMP/${k#*:}.csv" >/dev/null; done

view() { # DATE: "owed open days credit net [ref:balance...]" of the JSON view
	run recoup customer show C1 ${1:+--as-of "$1"} --format json
	python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); print(j["owed"], j["open_invoices"], j["days_past_due"], j["unapplied_credit"], j["net"], " ".join("%s:%s" % (i["invoice_ref"], i["balance"]) for i in j["invoices"]))' "$TMP/out"
}
aging_total() { # DATE: the customer's total and credit in that day's aging
	recoup aging --by customer --as-of "$1" --format csv | awk -F, '$1 == "C1" { print $10, $11 }'
}

expect_eq "as of 2026-10-31: both invoices as they stood, I1 past due 31 days" \
	"1500.00 2 31 0.00 1500.00 I1:1000.00 I2:500.00" "$(view 2026-10-31)"
expect_eq "the same total as that day's aging" "1500.00 0.00" "$(aging_total 2026-10-31)"
expect_eq "as of 2026-11-20: I1 paid, 100.00 of I2, I3 not due" \
	"470.00 2 16 0.00 470.00 I2:400.00 I3:70.00" "$(view 2026-11-20)"
expect_eq "the same total as that day's aging" "470.00 0.00" "$(aging_total 2026-11-20)"
expect_eq "as of 2026-11-30: P3 paid I2 and I3, 50.00 left as credit" \
	"0.00 0 0 50.00 -50.00 " "$(view 2026-11-30)"
expect_eq "today: as stored" "0.00 0 0 50.00 -50.00 " "$(view "")"
run recoup customer show C1 --as-of 2026-10-31
expect_stdout_contains "owed 1,500.00 USD in 2 open invoices, 31 days past due"
finish
