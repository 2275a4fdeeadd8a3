#!/usr/bin/env bash
# A step a hold cancelled is done again once the hold ends. The call the
# run scheduled at +7 was cancelled when the debtor promised (or disputed)
# before it was made; when the promise broke, was withdrawn, or the dispute
# was rejected, the run found the step recorded (cancelled) and did nothing
# until the next step of the strategy came due, a week or more of silence
# on an account that had just broken its word. Now the run of the day the
# hold has ended schedules that action again, asked the contact rules as
# any new one (docs/strategies.md, "Which step is due"), and a new step of
# the same kind due that day joins it (one call per account and day); an
# action cancelled for any other reason (settled, a cease, the strategy
# changed) stays so.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-11-27,BRL,2500.00
W1,WAW,2026-10-01,2026-11-27,PLN,700.00
W2,WAW,2026-10-01,2026-11-30,PLN,300.00
N1,ANA,2026-10-01,2026-11-27,BRL,300.00
X1,NOMAIL,2026-10-01,2026-11-27,PLN,400.00
CSV
recoup user add cy --role collector >/dev/null
daily_run 2026-12-04
recoup assign --as-of 2026-12-04 >/dev/null

# calls: "customer:state:reason_code:run_date" of every call, by customer
calls() {
	actions_json --kind call
	jq_actions '" ".join(sorted("%s:%s:%s:%s" % (x["customer_ref"], x["state"], x["reason_code"] or "", x["run_date"]) for x in a))'
}
expect_eq "the run of 2026-12-04 schedules the +7 call of each account" \
	"ACME:scheduled::2026-12-04 ANA:scheduled::2026-12-04 NOMAIL:scheduled::2026-12-04 WAW:scheduled::2026-12-04" \
	"$(calls)"

run recoup_at 2026-12-04T12:00:00Z promise add ACME --amount 1000.00 --date 2026-12-06 --at 2026-12-04T12:00:00Z --by cy
expect_eq "ACME promises" 0 "$status"
run recoup_at 2026-12-04T12:05:00Z dispute open WAW --invoice W1 --reason damaged --at 2026-12-04T12:05:00Z --by cy
expect_eq "WAW disputes its only invoice" 0 "$status"
run recoup_at 2026-12-04T12:10:00Z promise add ANA --amount 300.00 --date 2026-12-20 --at 2026-12-04T12:10:00Z --by cy
expect_eq "ANA promises" 0 "$status"
run recoup_at 2026-12-04T12:15:00Z promise add NOMAIL --amount 400.00 --date 2026-12-20 --at 2026-12-04T12:15:00Z --by cy
expect_eq "NOMAIL promises" 0 "$status"
expect_eq "the four calls are cancelled by their holds" \
	"ACME:cancelled:promise:2026-12-04 ANA:cancelled:promise:2026-12-04 NOMAIL:cancelled:promise:2026-12-04 WAW:cancelled:dispute:2026-12-04" \
	"$(calls)"

daily_run 2026-12-05
expect_eq "held: the run of the 5th schedules no call" "0" "$(jq_out 'o["actions"]["call"]')"

run recoup_at 2026-12-06T10:00:00Z dispute resolve 1 --outcome rejected --at 2026-12-06T10:00:00Z --by cy
expect_eq "the dispute is rejected" 0 "$status"
promise_id=$(recoup promise list --customer ANA --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
run recoup_at 2026-12-06T10:05:00Z promise cancel "$promise_id" --reason "entered by mistake" --at 2026-12-06T10:05:00Z --by cy
expect_eq "ANA's promise is withdrawn" 0 "$status"
promise_id=$(recoup promise list --customer NOMAIL --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
run recoup_at 2026-12-06T10:06:00Z promise cancel "$promise_id" --reason "renegotiated" --at 2026-12-06T10:06:00Z --by cy
expect_eq "NOMAIL's promise is withdrawn" 0 "$status"

db_snapshot
daily_run 2026-12-07 --dry-run
expect_eq "a dry run counts the two calls it would schedule again" "2" "$(jq_out 'o["actions"]["call"]')"
expect_db_unchanged "and writes nothing"

daily_run 2026-12-07
expect_eq "the run of the 7th counts them" "2" "$(jq_out 'o["actions"]["call"]')"
first=$(jq_out 'o["actions"]')
expect_eq "WAW's and NOMAIL's calls wait again, dated the 7th; ACME's promise still holds" \
	"ACME:cancelled:promise:2026-12-04 ANA:cancelled:promise:2026-12-04 NOMAIL:scheduled::2026-12-07 WAW:scheduled::2026-12-07" \
	"$(calls)"
actions_json --customer ANA --date 2026-12-07
expect_eq "ANA's next step (a text at +10) came due the same day: it is done, not the call it passes" \
	"sms:second-sms:scheduled" "$(jq_actions '" ".join("%s:%s:%s" % (x["kind"], x["step"], x["state"]) for x in a)')"
actions_json --kind call --customer WAW
expect_eq "W2's first call came due the same day: the one call lists both (one call per account and day)" \
	"W1 W2" "$(jq_actions '" ".join(sorted(a[0]["invoice_refs"]))')"
expect_eq "at a lawful hour of the 7th or later" "1" \
	"$(jq_actions 'int(a[0]["scheduled_at"] >= "2026-12-07T")')"
expect_eq "saying why it waits again" "1" \
	"$(jq_actions 'int("dispute" in a[0]["reason"] and "ended" in a[0]["reason"])')"
expect_eq "one action per step still: no new call recorded" "4" \
	"$(recoup actions --kind call --format json | python3 -c 'import json,sys; print(len(json.load(sys.stdin)))')"

daily_run 2026-12-07
expect_eq "a rerun of the day adds nothing to the day's count" "$first" "$(jq_out 'o["actions"]')"

daily_run 2026-12-08
daily_run 2026-12-09
expect_eq "the 9th: ACME's promise is broken (tolerance 2 days) and its call waits again" \
	"ACME:scheduled::2026-12-09 ANA:cancelled:promise:2026-12-04 NOMAIL:scheduled::2026-12-07 WAW:scheduled::2026-12-07" \
	"$(calls)"
expect_eq "the queue offers cy the three calls" "ACME/BRL NOMAIL/PLN WAW/PLN" "$(queue_accounts 2026-12-09T13:00:00Z)"

run recoup check
expect_eq "recoup check passes" "0" "$status"
finish
