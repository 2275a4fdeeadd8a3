#!/usr/bin/env bash
# A broken promise (issue 10 point 2) moves the account to the top of its
# collector's queue the next day: C1 promises on the phone, nothing comes
# in by the date plus the tolerance, the run of the next day marks the
# promise broken and ends its hold; C1, with no call due, comes first in
# ann's queue, above C2 (three times its balance, with a call due), with
# the reason "broken promise"; once called it leaves the queue, and its
# strategy goes on by itself (the hold ended). recoup check passes.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=boss
recoup import customers "$DATA/queue/customers.csv" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-02-01,2026-03-03,USD,1000.00
I2,C2,2026-02-01,2026-03-03,USD,3000.00
CSV
)" >/dev/null
daily_run 2026-03-10
recoup user add ann --role collector --capacity 5 >/dev/null
recoup assign --as-of 2026-03-10 >/dev/null

queue() { # queue NOW: ann's queue at NOW as "REF:reason|..." lines, best first
	run recoup queue --collector ann --format json --now "$1"
	if [[ $status != 0 ]]; then
		fail "recoup queue --now $1" "exit $status" "$(cat "$TMP/err")"
	fi
	python3 -c 'import json,sys
print(" ".join(x["customer_ref"] for x in json.load(open(sys.argv[1]))))' "$TMP/out"
}
reasons() { # REF: the reasons of REF in the last queue
	python3 -c 'import json,sys
print("|".join([x for x in json.load(open(sys.argv[1])) if x["customer_ref"] == sys.argv[2]][0]["reasons"]))' "$TMP/out" "$1"
}

# Tuesday 10 March, 14:30 New York: ann calls C1, who promises 1000.00 by Friday the 13th
run env USER=ann "$RECOUP" contact log --contact C1 --channel call --outcome promise --at 2026-03-10T18:30:00Z
expect_stdout_contains "record the promise: recoup promise add C1 --amount AMOUNT --date DATE"
recoup promise add C1 --amount 1000.00 --date 2026-03-13 --at 2026-03-10T18:31:00Z --by ann >/dev/null
for d in 11 12 13 14 15; do daily_run 2026-03-$d; done
expect_eq "Friday 13 March (the promised day): only C2, whose call is due" "C2" "$(queue 2026-03-13T14:00:00Z)"
expect_eq "the promise is still current" "current" "$(recoup promise list --customer C1 --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["state"])')"

daily_run 2026-03-16
expect_eq "Monday 16 March, the tolerance (2 days) past: nothing came in, the promise is broken" "broken" \
	"$(recoup promise list --state broken --format json | python3 -c 'import json,sys; print(" ".join(p["customer_ref"] + ":" + p["state"] for p in json.load(sys.stdin)).split(":")[1])')"
expect_eq "C1 is at the top of ann's queue, above C2 (3000.00 with a call due)" "C1 C2" "$(queue 2026-03-16T14:00:00Z)"
expect_eq "with the reasons why" \
	"broke 1 promise in the last 30 days|broken promise: not called since it broke|broken promise: no call due, called for it" \
	"$(reasons C1 | cut -d'|' -f2-)"

# ann calls C1: it leaves the queue (no call due), the strategy goes on by itself
run env USER=ann "$RECOUP" contact log --contact C1 --channel call --outcome no_answer --at 2026-03-16T14:05:00Z
expect_eq "called: C1 leaves the queue" "C2" "$(queue 2026-03-16T14:10:00Z)"
daily_run 2026-03-17
daily_run 2026-03-18
actions_json --customer C1 --date 2026-03-18
expect_eq "the hold ended: C1's next step (statement, +15) is recorded on the 18th" "statement" \
	"$(jq_actions '" ".join(x["step"] for x in a)')"

run recoup check
expect_eq "recoup check passes" "0" "$status"
finish
