#!/usr/bin/env bash
# A call a hold cancelled and a later run did again keeps the date it was
# first decided on. The run of 12-07 moved WAW's call of 12-04 back to
# `scheduled` with its own date, which counts it among 12-07's actions and
# lists it with them; but `recoup actions --date 2026-12-04` no longer
# listed it: the record of what the run of 12-04 decided lost a call it had
# decided (cancelled that day by the promise). Now the action keeps its
# first date (first_run_date, migrations 0048), shown by every format and
# the API, copied by `recoup migrate`, and --date lists the action under
# either date.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-11-27,PLN,700.00
A1,ACME,2026-10-01,2026-11-20,BRL,100.00
CSV
recoup user add cy --role collector >/dev/null

# calls DATE: "customer:state:run_date:first_run_date" of the calls `actions --date DATE` lists
calls() {
	actions_json --kind call --date "$1"
	jq_actions '" ".join("%s:%s:%s:%s" % (x["customer_ref"], x["state"], x["run_date"], x["first_run_date"]) for x in a)'
}

daily_run 2026-12-04
expect_eq "the run of 12-04 schedules two calls; an action never done again: its first date is its date" \
	"ACME:scheduled:2026-12-04:2026-12-04 WAW:scheduled:2026-12-04:2026-12-04" "$(calls 2026-12-04)"

run recoup_at 2026-12-04T12:00:00Z promise add WAW --amount 700.00 --date 2026-12-20 --at 2026-12-04T12:00:00Z --by cy
expect_eq "WAW promises" 0 "$status"
promise_id=$(recoup promise list --customer WAW --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
run recoup_at 2026-12-06T10:00:00Z promise cancel "$promise_id" --reason "entered by mistake" --at 2026-12-06T10:00:00Z --by cy
expect_eq "and withdraws it" 0 "$status"

daily_run 2026-12-07
expect_eq "the run of 12-07 does the call again and counts it" "1" "$(jq_out 'o["actions"]["call"]')"
expect_eq "the day's list has it, first decided on 12-04" \
	"WAW:scheduled:2026-12-07:2026-12-04" "$(calls 2026-12-07)"
expect_eq "and the list of 12-04 still has it, beside ACME's" \
	"ACME:scheduled:2026-12-04:2026-12-04 WAW:scheduled:2026-12-07:2026-12-04" "$(calls 2026-12-04)"
expect_eq "a day of neither has not" "" "$(calls 2026-12-05)"
actions_json --date 2026-12-04 --customer WAW --kind call
expect_eq "with a customer too" "2026-12-07:2026-12-04" \
	"$(jq_actions '" ".join("%s:%s" % (x["run_date"], x["first_run_date"]) for x in a)')"
run recoup actions --date 2026-12-04 --kind call
expect_eq "the table says so" "first recorded 2026-12-04" "$(grep -o 'first recorded [0-9-]*' "$TMP/out")"
run recoup actions --date 2026-12-04 --kind call --format csv
expect_eq "the CSV's last column" "first_run_date 2026-12-04" \
	"$(python3 -c 'import csv,sys; r = list(csv.reader(open(sys.argv[1]))); print(r[0][-1], r[1][-1])' "$TMP/out")"

daily_run 2026-12-07
expect_eq "a rerun of the day changes neither date" \
	"ACME:scheduled:2026-12-04:2026-12-04 WAW:scheduled:2026-12-07:2026-12-04" "$(calls 2026-12-04)"

# the first date goes with the action to another store
target=$(db_new target)
run recoup migrate --to "$target"
expect_eq "recoup migrate copies the book" 0 "$status"
run "$RECOUP" --db "$target" actions --kind call --date 2026-12-04 --customer WAW --format json
expect_eq "the copy lists it under 12-04 too, both dates kept" "2026-12-07:2026-12-04" \
	"$(jq_out '" ".join("%s:%s" % (x["run_date"], x["first_run_date"]) for x in o)')"

run recoup check
expect_eq "recoup check passes" "0" "$status"
finish
