#!/usr/bin/env bash
# What a write-off recovered counts the money that came in after it: a
# payment made before the write-off and returned after it counted its
# reversal against it (`writeoff list`: recovered -60.00, money the write-
# off never had). A reversal now counts only when the payment it reverses
# did; a payment made after the write-off and returned still nets to
# nothing, one that stays is recovered. Both backends.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
hdr='payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date'
printf 'customer_ref,name,kind,country,currency\nC1,One,company,US,USD\n' >"$TMP/c.csv"
printf 'invoice_ref,customer_ref,issue_date,due_date,currency,amount\nI1,C1,2026-08-01,2026-08-31,USD,100.00\n' >"$TMP/i.csv"
printf '%s\nP1,C1,I1,2026-11-01,60.00,USD,cheque,cleared,\n' "$hdr" >"$TMP/p.csv"
for k in customers:c invoices:i payments:p; do recoup import "${k%:*}" "$TMP/${k#*:}.csv" >/dev/null; done
recoup user add mgr --role manager >/dev/null
recoup user add col --role collector >/dev/null
recoup writeoff C1 --reason gone --by-user col --at 2026-12-01T10:00:00Z >/dev/null
recoup approval approve 1 --by-user mgr --at 2026-12-02T10:00:00Z >/dev/null
recovered() { recoup writeoff list --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["recovered"])'; }
expect_eq "nothing recovered yet" "0.00" "$(recovered)"

# P1, made before the write-off, returned after it
printf '%s\nP1,C1,I1,2026-11-01,60.00,USD,cheque,returned,2026-12-05\n' "$hdr" >"$TMP/r1.csv"
recoup import payments "$TMP/r1.csv" >/dev/null
expect_eq "a return of a payment before the write-off recovers nothing, and takes nothing back" \
	"0.00" "$(recovered)"
run recoup writeoff list
expect_stdout_contains "recovered after write-off: 0.00 USD"
expect_eq "the invoice is open again for what the return took back" "60.00" \
	"$(recoup aging --by customer --format csv | awk -F, '$1 == "C1" { print $10 }')"

# P2 after the write-off, returned: nothing; P3 after it, kept: recovered
printf '%s\nP2,C1,I1,2026-12-06,30.00,USD,cheque,cleared,\n' "$hdr" >"$TMP/p2.csv"
recoup import payments "$TMP/p2.csv" >/dev/null
expect_eq "a payment after the write-off is recovered" "30.00" "$(recovered)"
printf '%s\nP2,C1,I1,2026-12-06,30.00,USD,cheque,returned,2026-12-07\nP3,C1,I1,2026-12-07,10.00,USD,cheque,cleared,\n' \
	"$hdr" >"$TMP/p3.csv"
recoup import payments "$TMP/p3.csv" >/dev/null
expect_eq "its return takes it back; the next payment is recovered" "10.00" "$(recovered)"
finish
