#!/usr/bin/env bash
# A dispute of one invoice (issue 10 point 5): that invoice leaves the
# strategy and the rest of the account goes on; a call scheduled about the
# disputed invoice alone is cancelled at once; a resolution with a credit
# posts a credit note and the invoice resumes at the step due that day; a
# deadline passed is the manager's task after the next run; every change
# is in the audit trail; the books check after each step.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-11-20,BRL,100.00
A2,ACME,2026-10-01,2026-11-20,BRL,200.00
A3,ACME,2026-10-01,2026-11-10,BRL,50.00
CSV
books_check() {
	run recoup check
	expect_eq "$1: recoup check passes" 0 "$status"
}
# refs ACTION_EXPR: the invoices of the actions that match, as "step:A1+A2 ..."
refs() {
	jq_actions '" ".join(x["step"] + ":" + "+".join(x["invoice_refs"]) for x in a if '"$1"')'
}

daily_run 2026-11-17
actions_json --state scheduled
expect_eq "before: the first call lists A3 alone, the reminder A1 and A2" \
	"courtesy-reminder:A1+A2 first-call:A3" "$(refs 'True')"

run recoup dispute open ACME --invoice A3 --reason damaged --deadline 2026-12-10 --note "crate broken" \
	--at 2026-11-17T12:00:00Z --by alice
expect_eq "dispute open exits 0" 0 "$status"
expect_stdout_contains "dispute 1 opened on invoice 'A3' of customer 'ACME' (damaged) by alice"
actions_json --customer ACME
expect_eq "the call about the disputed invoice alone is cancelled at once (no call offered about it)" \
	"cancelled dispute" "$(jq_actions '" ".join(x["state"] + " " + x["reason_code"] for x in a if x["step"] == "first-call")')"
expect_eq "the reminder about A1 and A2 still waits" scheduled \
	"$(jq_actions '[x["state"] for x in a if x["step"] == "courtesy-reminder" and "A1" in x["invoice_refs"]][0]')"
expect_eq "the contact rules' flag dispute is set on A3" "dispute|A3" \
	"$(sql "SELECT f.flag, i.ref FROM customer_flag f JOIN invoice i ON i.id = f.invoice_id WHERE f.cleared_at IS NULL")"
books_check "after opening"

# the due day of A1 and A2, then a week after: A3 (held) gets no step, A1 and A2 go on
daily_run 2026-11-20
daily_run 2026-11-27
actions_json --state scheduled
expect_eq "while disputed, only A1 and A2 get steps" "due-today:A1+A2 first-call:A1+A2" \
	"$(refs 'x["run_date"] > "2026-11-17"')"
expect_eq "no step of A3 recorded after the dispute" "" \
	"$(jq_actions '" ".join(x["step"] for x in a if "A3" in x["invoice_refs"] and x["run_date"] > "2026-11-17")')"

run recoup dispute list --format json
expect_eq "list: JSON keys" \
	"balance credit currency customer_ref deadline id invoice_ref note opened_at opened_by overdue reason resolved_at resolved_by state" \
	"$(python3 -c 'import json,sys; print(" ".join(sorted(json.load(open(sys.argv[1]))[0].keys())))' "$TMP/out")"

run recoup dispute resolve 1 --outcome credited --credit 20.00 --at 2026-11-28T09:00:00Z --by bob
expect_eq "resolve exits 0" 0 "$status"
expect_stdout_contains "dispute 1 on invoice 'A3' credited by bob; credit note dispute-1 of 20.00 BRL posted"
expect_eq "the credit note went through the ledger: A3 owes 30.00" 3000 \
	"$(sql "SELECT balance FROM invoice WHERE ref = 'A3'")"
expect_eq "the ledger has the credit note entry" "-2000" \
	"$(sql "SELECT e.amount FROM ledger_entry e JOIN invoice i ON i.id = e.invoice_id WHERE i.ref = 'A3' AND e.kind = 'credit_note'")"
expect_eq "the flag is cleared" 0 "$(sql "SELECT count(*) FROM customer_flag WHERE cleared_at IS NULL")"
books_check "after the credit"

# the run of the 29th sees the resolution (made after the 28th's run): A3 resumes at the step due
daily_run 2026-11-29
actions_json --state scheduled
expect_eq "resolved: A3 gets one step, the one due that day (statement, due +15 = 11-25)" "statement:A3" \
	"$(refs 'x["run_date"] == "2026-11-29"')"
run recoup dispute list --state credited --format json
expect_eq "list --state credited: state, credit, resolved_by" "credited 20.00 bob" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1]))[0]; print(d["state"], d["credit"], d["resolved_by"])' "$TMP/out")"

# a deadline passed: the run after it makes it the manager's task
recoup dispute open ACME --invoice A2 --reason wrong_price --deadline 2026-11-30 --at 2026-11-29T10:00:00Z >/dev/null
run recoup dispute list --overdue --as-of 2026-11-30 --format json
expect_eq "not overdue on its deadline" 0 "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$TMP/out")"
daily_run 2026-12-01
run recoup dispute list --overdue --as-of 2026-12-01 --format json
expect_eq "overdue the day after: the manager's task" "2 A2 True" \
	"$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d) + 1, d[0]["invoice_ref"], d[0]["overdue"])' "$TMP/out")"
expect_eq "the run's review marked it once" 1 "$(sql "SELECT count(*) FROM dispute WHERE overdue_at IS NOT NULL")"
daily_run 2026-12-01
expect_eq "idempotent: one audit entry of the review" 1 \
	"$(sql "SELECT count(*) FROM audit_log WHERE action = 'dispute.overdue'")"
expect_eq "every decision is in the audit trail" "dispute.open dispute.open dispute.overdue dispute.resolve" \
	"$(sql "SELECT action FROM audit_log WHERE entity = 'dispute' ORDER BY action" | tr '\n' ' ' | sed 's/ $//')"

# the report (docs/reports.md "Disputes"), as of 2026-12-01
run recoup report disputes --as-of 2026-12-01 --format json
expect_eq "report: one row per reason and a total per currency" \
	"damaged:1:0:0.00::0:0:0:1:20.00:11.0 wrong_price:1:1:200.00:2.0:2:1:0:0:0.00: total:2:1:200.00:2.0:2:1:0:1:20.00:11.0" \
	"$(python3 -c 'import json,sys
o = json.load(open(sys.argv[1]))
k = ["reason", "opened", "open", "open_balance", "open_age_avg_days", "oldest_open_days", "overdue", "rejected", "credited", "credit", "resolve_avg_days"]
print(" ".join(":".join("" if r[x] is None else str(r[x]) for x in k) for r in o["rows"]))' "$TMP/out")"
run recoup report disputes --as-of 2026-11-20 --format csv
expect_eq "report as of an earlier day: only what was opened by then, open then" \
	"currency,reason,opened,open,open_balance,open_age_avg_days,oldest_open_days,overdue,upheld,rejected,credited,credit,resolve_avg_days|BRL,damaged,1,1,30.00,3.0,3,0,0,0,0,0.00,|BRL,total,1,1,30.00,3.0,3,0,0,0,0,0.00," \
	"$(tr '\n' '|' <"$TMP/out" | sed 's/|$//')"
run recoup report disputes --as-of 2026-12-01
expect_stdout_contains "disputes as of 2026-12-01"
books_check "at the end"
finish
