#!/usr/bin/env bash
# A hold that ends after the day of a run made later (a catch-up run for
# an earlier day, after a promise was withdrawn with --at) is looked at on
# the day it ends. The run of 11-25 found the promise current (withdrawn
# at 11-29T10:00), and wrote the customer's watch for the day after the
# promise's own end (12-23): the runs of the days after visited no one,
# while a dry run (which visits everyone) scheduled the call; the
# account went uncollected for three weeks. The watch now also notes the
# day a current hold's ended_at falls on (docs/strategies.md, "The
# watch"). Found by a compliance probe, thirty-second session.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=probe
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone,address,region
US2,Jane Roe,person,US,America/New_York,en,USD,j@x.example,+1 212 555 0102,1 Main St,NY
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I2,US2,2026-10-01,2026-11-20,USD,100.00
CSV
)" >/dev/null
recoup strategy set probe "$(csv_file s.json <<'J'
{"name": "probe", "priority": 100, "segment": {"kind": "any"}, "steps": [
 {"name": "c1", "offset_days": 1, "action": "call", "template": "c1"},
 {"name": "c2", "offset_days": 10, "action": "call", "template": "c2"},
 {"name": "l1", "offset_days": 30, "action": "letter", "template": "arrears-letter"}]}
J
)" >/dev/null

# calls: "step:state:run_date" of every call
calls() {
	actions_json --kind call
	jq_actions '" ".join("%s:%s:%s" % (x["step"], x["state"], x["run_date"]) for x in a)'
}
daily_run 2026-11-23
expect_eq "the run of 11-23 schedules the first call" "c1:scheduled:2026-11-23" "$(calls)"
recoup promise add US2 --amount 50.00 --date 2026-12-20 --at 2026-11-23T10:00:00Z >/dev/null
recoup promise cancel 1 --reason "entered by mistake" --at 2026-11-29T10:00:00Z >/dev/null
expect_eq "the promise cancelled the call; withdrawn at 11-29" "c1:cancelled:2026-11-23" "$(calls)"

daily_run 2026-11-25
expect_eq "a catch-up run of 11-25: the promise was still current then" "c1:cancelled:2026-11-23" "$(calls)"

daily_run 2026-11-29 --dry-run
expect_eq "a dry run of 11-29 (the day the hold ended) schedules the call again" "1" "$(jq_out 'o["actions"]["call"]')"
daily_run 2026-11-29
expect_eq "and so does the run: the customer is visited the day the hold ended" "1" "$(jq_out 'o["actions"]["call"]')"
expect_eq "the call waits again, dated 11-29" "c1:scheduled:2026-11-29" "$(calls)"
finish
