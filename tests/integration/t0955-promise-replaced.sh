#!/usr/bin/env bash
# Stacked promises: C1 promised 500.00 on its account by 03-15, and two days
# later, while that promise was current, a collector recorded a second one of
# 500.00 by 03-20. One payment of 500.00 came in on 03-14, and the review
# marked BOTH promises kept: report promises said 2 of 2 kept and 1000.00
# kept of 500.00 received. A payment counts toward one promise now: a later
# promise on the same debt (an invoice in common, or the whole account in its
# currency) replaces the current one, which is cancelled ("replaced by
# promise 2", audit promise.cancel, its hold ended at that moment) and counts
# in no kept rate nor amount. Promises on other invoices stand side by side;
# one whose days are over (past date + tolerance) is the review's, not
# replaced; a promise recorded after the fact that would share days with a
# later or an already judged promise on the same debt is refused.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=boss
recoup import customers "$DATA/queue/customers.csv" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-02-01,2026-03-03,USD,1000.00
I2,C2,2026-02-01,2026-03-03,USD,300.00
I3,C2,2026-02-01,2026-03-03,USD,200.00
I4,C3,2026-02-01,2026-03-03,USD,100.00
CSV
)" >/dev/null

# C1: the second promise on the account replaces the first
expect_exit 0 recoup promise add C1 --amount 500.00 --date 2026-03-15 --at 2026-03-10T10:00:00Z --by ann
run recoup promise add C1 --amount 500.00 --date 2026-03-20 --at 2026-03-12T10:00:00Z --by ann
expect_eq "the second promise is recorded" "0" "$status"
expect_stdout "... and says which one it replaced" <<'OUT'
promise 2: customer 'C1' promised 500.00 USD by 2026-03-20 on the whole account (held until 2026-03-22)
promise 1: replaced by promise 2 (cancelled)
OUT
expect_eq "the first one's hold ended when the second was made" "cancelled|2026-03-12T10:00:00" \
	"$(sql "SELECT end_reason || '|' || replace(substr(CAST(ended_at AS TEXT), 1, 19), ' ', 'T') FROM account_hold WHERE kind = 'promise' AND source_id = 1")"
expect_eq "the second one holds the account" "1" \
	"$(sql "SELECT COUNT(*) FROM account_hold WHERE kind = 'promise' AND source_id = 2 AND ended_at IS NULL")"
# C2: promises on different invoices stand side by side
expect_exit 0 recoup promise add C2 --amount 300.00 --date 2026-03-15 --invoice I2 --at 2026-03-10T10:00:00Z --by bob
run recoup promise add C2 --amount 200.00 --date 2026-03-15 --invoice I3 --at 2026-03-10T11:00:00Z --by bob
expect_eq "a promise on another invoice replaces nothing" "promise 4: customer 'C2' promised 200.00 USD by 2026-03-15 on I3 (held until 2026-03-17)" \
	"$(cat "$TMP/out")"
# C3: a promise whose days are over is left to the review, even before the review ran
expect_exit 0 recoup promise add C3 --amount 100.00 --date 2026-03-11 --at 2026-03-10T10:00:00Z --by bob
run recoup promise add C3 --amount 100.00 --date 2026-03-18 --at 2026-03-16T09:00:00Z --by bob
expect_eq "a promise past its until (03-13) is not replaced by one made on 03-16" "0 1" \
	"$status $(wc -l <"$TMP/out")"

# recorded after the fact, on days a later promise on the same debt already has: refused
db_snapshot
run recoup promise add C2 --amount 100.00 --date 2026-03-15 --invoice I2 --at 2026-03-09T10:00:00Z --by bob
expect_eq "exit 1" "1" "$status"
expect_stderr_contains "--at 2026-03-09T10:00:00Z: promise 3 on the same invoices was made later (2026-03-10T10:00:00Z)"
run recoup promise add C1 --amount 100.00 --date 2026-03-25 --at 2026-03-11T10:00:00Z --by ann
expect_eq "the whole account, before promise 2: refused too" "1" "$status"
expect_stderr_contains "promise 2 on the same invoices was made later"
expect_db_unchanged "the refused promises changed nothing"

recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,C1,I1,2026-03-14,500.00,USD,transfer,cleared,
P2,C2,I2,2026-03-13,300.00,USD,transfer,cleared,
P3,C3,I4,2026-03-17,100.00,USD,transfer,cleared,
CSV
)" >/dev/null
daily_run 2026-03-25

run recoup promise list --format json
expect_eq "one payment keeps one promise: 1 replaced, 2 kept; 3 kept, 4 broken; 5 broken (nothing in its days), 6 kept" \
	"1:cancelled:0.00:replaced by promise 2 2:kept:500.00: 3:kept:300.00: 4:broken:0.00: 5:broken:0.00: 6:kept:100.00:" \
	"$(jq_out '" ".join("%d:%s:%s:%s" % (p["id"], p["state"], p["paid"], p["end_reason"]) for p in o)')"
expect_eq "the replaced one carries the day it ended" "2026-03-12" "$(jq_out 'o[0]["settled_on"]')"
expect_exit 0 recoup report promises --format csv
expect_stdout "the kept rate counts the replaced promise as made only: 3 of 5 kept, 900.00 kept of 1200.00 promised" <<'OUT'
dimension,key,currency,made,due,kept,partially_kept,broken,current,kept_rate_pct,amount_promised,amount_kept
total,all,USD,6,5,3,0,2,0,60.00,1200.00,900.00
collector,ann,USD,2,1,1,0,0,0,100.00,500.00,500.00
collector,bob,USD,4,4,2,0,2,0,50.00,700.00,400.00
segment,company,USD,6,5,3,0,2,0,60.00,1200.00,900.00
OUT
expect_eq "the audit trail: each add, the replacement as a cancellation, the review" \
	"promise.add:1 promise.add:2 promise.cancel:1 promise.add:3 promise.add:4 promise.add:5 promise.add:6 promise.review:2026-03-25" \
	"$(sql_join ' ' "SELECT action || ':' || ref FROM audit_log WHERE entity = 'promise' ORDER BY id")"
run recoup audit --entity promise --ref 1 --format json
expect_eq "promise.cancel has the promise before (current) and after (cancelled, the reason)" \
	"current cancelled replaced by promise 2" \
	"$(jq_out '[x for x in o["entries"] if x["action"] == "promise.cancel"][0]["before"]["state"] + " " + [x for x in o["entries"] if x["action"] == "promise.cancel"][0]["after"]["state"] + " " + [x for x in o["entries"] if x["action"] == "promise.cancel"][0]["after"]["end_reason"]')"

# after the review: a promise recorded after the fact on days a judged promise had is refused
db_snapshot
run recoup promise add C1 --amount 100.00 --date 2026-03-24 --at 2026-03-13T10:00:00Z --by ann
expect_eq "exit 1" "1" "$status"
expect_stderr_contains "promise 2 on the same invoices was current then (until 2026-03-22) and was judged kept since"
expect_db_unchanged "nothing changed"
# a new promise after the judged one's days replaces nothing
run recoup promise add C1 --amount 500.00 --date 2026-04-10 --at 2026-03-26T10:00:00Z --by ann
expect_eq "a promise after the judged one's days: recorded, nothing replaced" "0 1" "$status $(wc -l <"$TMP/out")"
expect_eq "promise 2 stays kept" "kept" "$(sql "SELECT state FROM promise WHERE id = 2")"

expect_exit 0 recoup check
finish
