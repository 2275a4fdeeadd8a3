#!/usr/bin/env bash
# A write-off needs approval: carol (a collector) requests one for W1 with a
# reason; neither she nor another collector may approve it; mike (a manager)
# approves it and it is posted to the ledger (kind write_off) on its day.
# Money that comes in for the written-off invoice afterwards is counted as
# recovered after write-off, apart from what is paid on other invoices. A
# second request is rejected with a reason. Bad input changes nothing. Cash
# that reaches no invoice counts toward one write-off, the latest posted
# before it, not toward each.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-07-01,2026-08-01,PLN,700.00
W2,WAW,2026-07-01,2026-08-03,PLN,300.00
CSV
recoup user add carol --role collector >/dev/null
recoup user add sam --role collector >/dev/null
recoup user add mike --role manager >/dev/null

refused() { # EXIT TEXT CMD...: refused with TEXT on stderr, the database unchanged
	local want=$1 text=$2
	shift 2
	db_snapshot
	expect_exit "$want" "$@"
	expect_stderr_contains "$text"
	expect_db_unchanged "nothing changed: $*"
}
refused 2 "writeoff needs --reason TEXT" recoup writeoff WAW --invoice W1 --by-user carol
refused 1 "customer 'NOPE' not found" recoup writeoff NOPE --reason x --by-user carol
refused 1 "--invoice: invoice 'W1' is in PLN, not EUR" recoup writeoff WAW --invoice W1 --currency EUR --reason x \
	--by-user carol
refused 1 "--by-user: 'nobody' is not a user of this tenant" recoup writeoff WAW --reason x --by-user nobody
refused 1 "--at" recoup writeoff WAW --reason x --by-user carol --at 2099-01-01T00:00:00Z

run recoup writeoff WAW --invoice W1 --reason "debtor unreachable since July" --at 2026-09-01T10:00:00Z --by-user carol
expect_eq "the request is recorded" "0" "$status"
expect_stdout_contains "write_off 1 for WAW requested: pending_approval, 700.00 PLN of 700.00 PLN (debtor unreachable since July)"
expect_eq "nothing is written off before it is approved" "0" "$(sql "SELECT COUNT(*) FROM ledger_entry WHERE kind = 'write_off'")"
run recoup approval list --format json
expect_eq "it waits in the approval queue" "1 write_off carol" \
	"$(jq_out '" ".join(str(x["id"]) + " " + x["kind"] + " " + x["made_by"] for x in o)')"
refused 1 "user 'carol' requested write_off 1: someone else must decide it" recoup approval approve 1 --by-user carol
refused 1 "collector 'sam' may not approve write_off 1: a collector may not approve a write-off" \
	recoup approval approve 1 --by-user sam
refused 1 "approval 9 not found" recoup approval approve 9 --by-user mike
refused 2 "approval reject needs --reason TEXT" recoup approval reject 1 --by-user mike
refused 2 "approval id 'one' is not a number" recoup approval approve one --by-user mike

run recoup approval approve 1 --by-user mike --reason "agreed at the credit committee" --at 2026-09-02T09:00:00Z
expect_eq "a manager approves it" "0" "$status"
expect_stdout_contains "write_off 1 for WAW approved: posted, 700.00 PLN of 700.00 PLN"
expect_eq "posted through the ledger on the day of the approval" "-70000|2026-09-02" \
	"$(sql "SELECT amount || '|' || date FROM ledger_entry WHERE kind = 'write_off'")"
expect_eq "W1 owes nothing, W2 still 300.00" "0 30000" "$(sql_join ' ' "SELECT balance FROM invoice ORDER BY ref")"
refused 1 "--invoice: invoice 'W1' is paid (balance 0.00 PLN)" recoup writeoff WAW --invoice W1 --reason x --by-user carol

# money after the write-off: 100.00 for W1 (recovered), 150.00 for W2 (collected)
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,WAW,W1,2026-09-15,100.00,PLN,transfer,cleared,
P2,WAW,W2,2026-09-16,150.00,PLN,transfer,cleared,
CSV
)" >/dev/null
run recoup writeoff list --format json
expect_eq "money for the written-off invoice is recovered after write-off, the rest is not" \
	"1 posted 700.00 100.00" \
	"$(jq_out '" ".join(str(x["id"]) + " " + x["state"] + " " + x["amount"] + " " + x["recovered"] for x in o)')"
run recoup writeoff list --customer WAW
expect_stdout_contains "recovered after write-off: 100.00 PLN"

run recoup writeoff WAW --invoice W2 --reason "small balance" --at 2026-09-20T10:00:00Z --by-user carol
expect_exit 0 recoup approval reject 2 --by-user mike --reason "still paying" --at 2026-09-21T10:00:00Z
expect_stdout_contains "write_off 2 for WAW rejected: rejected"
refused 1 "approval 2 was decided already: write_off rejected by mike at 2026-09-21T10:00:00Z" \
	recoup approval approve 2 --by-user mike
expect_eq "W2 is untouched by the rejected write-off" "15000" "$(sql "SELECT balance FROM invoice WHERE ref = 'W2'")"
expect_eq "requests and decisions in the audit trail" \
	"writeoff.request carol|approval.approve mike|writeoff.request carol|approval.reject mike" \
	"$(sql_join '|' "SELECT action || ' ' || actor FROM audit_log WHERE entity = 'write_off' ORDER BY id")"
expect_eq "the rejection says why" "1" \
	"$(sql "SELECT COUNT(*) FROM audit_log WHERE action = 'approval.reject' AND after_json LIKE '%still paying%'")"

# a second write-off (W2's 150.00 left), then 25.00 more: it counts toward one write-off, the latest before it
run recoup writeoff WAW --invoice W2 --reason "closed down" --at 2026-09-25T10:00:00Z --by-user carol
expect_exit 0 recoup approval approve 3 --by-user mike --at 2026-09-26T09:00:00Z
recoup import payments "$(csv_file payments3.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P3,WAW,W1,2026-09-28,25.00,PLN,transfer,cleared,
CSV
)" >/dev/null
run recoup writeoff list --format json
expect_eq "P1 recovered after write-off 1, P3 after write-off 3: 125.00 in all, not 25.00 twice" \
	"1 100.00|3 25.00" \
	"$(jq_out '"|".join(str(x["id"]) + " " + x["recovered"] for x in o if x["state"] == "posted")')"

# a write-off whose invoice is paid while it waits: nothing left to write off, so not approved (posted for 0.00)
recoup import invoices "$(csv_file invoices3.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W3,WAW,2026-07-01,2026-08-05,PLN,40.00
CSV
)" >/dev/null
expect_exit 0 recoup writeoff WAW --invoice W3 --reason "small balance" --at 2026-09-29T10:00:00Z --by-user carol
recoup import payments "$(csv_file payments4.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P4,WAW,W3,2026-09-30,40.00,PLN,transfer,cleared,
CSV
)" >/dev/null
refused 1 "write_off 4: its invoices owe nothing now (paid or credited since it was requested): nothing to write off" \
	recoup approval approve 4 --by-user mike --at 2026-10-01T09:00:00Z
expect_exit 0 recoup approval reject 4 --by-user mike --reason "paid meanwhile" --at 2026-10-01T09:00:00Z

expect_exit 0 recoup check
expect_eq "every balance is the sum of its ledger" "0" \
	"$(sql "SELECT COUNT(*) FROM invoice i WHERE i.balance <> (SELECT SUM(l.amount) FROM ledger l WHERE l.invoice_id = i.id)")"
finish
