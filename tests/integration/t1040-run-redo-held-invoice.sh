#!/usr/bin/env bash
# A call a hold cancelled and the run did again lists only the invoices no
# current hold covers. WAW's call of 12-04 listed W1 and W2; a promise
# cancelled it, then W2 was disputed. When the promise was withdrawn the
# run of 12-07 did the call again for W1 (its amount W1's alone, and the
# send leaves W2 out), but `recoup actions` still listed W2 on it, and
# W2's step, recorded on that call, read as done: once the dispute was
# rejected no call about W2 ever came. Now the call done again no longer
# lists W2 (its row of action_invoice is deleted, not its step taken), and
# the run of the day the dispute ends calls about W2, once.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-11-27,PLN,700.00
W2,WAW,2026-10-01,2026-11-27,PLN,300.00
CSV
recoup user add cy --role collector >/dev/null

# calls: "state:step:invoices:amount" of WAW's calls, by id
calls() {
	actions_json --kind call --customer WAW
	jq_actions '" ".join("%s:%s:%s:%s" % (x["state"], x["step"], "+".join(x["invoice_refs"]), x["amount"]) for x in a)'
}

daily_run 2026-12-04
expect_eq "the run of 12-04 schedules one call about both invoices" "scheduled:first-call:W1+W2:1000.00" "$(calls)"

run recoup_at 2026-12-04T12:00:00Z promise add WAW --amount 1000.00 --date 2026-12-20 --at 2026-12-04T12:00:00Z --by cy
expect_eq "WAW promises" 0 "$status"
run recoup_at 2026-12-04T12:05:00Z dispute open WAW --invoice W2 --reason damaged --at 2026-12-04T12:05:00Z --by cy
expect_eq "then disputes W2" 0 "$status"
expect_eq "the promise cancelled the call" "cancelled:first-call:W1+W2:1000.00" "$(calls)"

promise_id=$(recoup promise list --customer WAW --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
run recoup_at 2026-12-06T10:00:00Z promise cancel "$promise_id" --reason "entered by mistake" --at 2026-12-06T10:00:00Z --by cy
expect_eq "the promise is withdrawn" 0 "$status"

daily_run 2026-12-07
expect_eq "the run of 12-07 counts the call done again" "1" "$(jq_out 'o["actions"]["call"]')"
expect_eq "it lists W1 alone, the dispute holding W2, and its amount is W1's" \
	"scheduled:first-call:W1:700.00" "$(calls)"
expect_eq "saying why it waits again" "1" \
	"$(jq_actions 'int("promise" in a[0]["reason"] and "ended" in a[0]["reason"])')"
run recoup actions --customer WAW --kind call
expect_eq "the table lists W1 alone too" "invoices: W1" "$(grep -o 'invoices: [^;]*' "$TMP/out")"

daily_run 2026-12-07
expect_eq "a rerun of the day changes nothing" "scheduled:first-call:W1:700.00" "$(calls)"

run recoup_at 2026-12-08T10:00:00Z dispute resolve 1 --outcome rejected --at 2026-12-08T10:00:00Z --by cy
expect_eq "the dispute on W2 is rejected" 0 "$status"
daily_run 2026-12-09
expect_eq "the run after it calls about W2: its step was not taken" \
	"scheduled:first-call:W1:700.00 scheduled:first-call:W2:300.00" "$(calls)"
daily_run 2026-12-09
expect_eq "once" "scheduled:first-call:W1:700.00 scheduled:first-call:W2:300.00" "$(calls)"

run recoup check
expect_eq "recoup check passes" "0" "$status"
finish
