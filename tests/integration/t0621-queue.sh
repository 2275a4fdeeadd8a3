#!/usr/bin/env bash
# recoup queue (issue 9 point 6) on a hand-built book: the calls a collector
# may make now, ordered by expected value (balance x chance of payment of
# the risk band) with each raise as a reason, the debtor's local time, only
# what the contact rules allow at --now (a window closed now opens later;
# a cease flag removes the account), a logged call marks the action done
# and removes it, a callback asked for raises the account in its local
# hour, the limit is the capacity less the calls logged today; JSON keys.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=boss
recoup import customers "$DATA/queue/customers.csv" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-02-01,2026-03-03,USD,1000.00
I2,C2,2026-02-01,2026-03-03,USD,3000.00
I3,C3,2026-01-01,2026-02-08,USD,500.00
I8,L1,2026-02-01,2026-03-03,USD,2000.00
CSV
)" >/dev/null
# the run schedules a call for each: first-call (+7) for C1, C2, L1, second-call (+30) for C3,
# at the start of the b2b calling hours (08:00-12:00, 14:00-18:00 local): 13:00Z in New York, 15:00Z in Los Angeles
daily_run 2026-03-10
recoup user add ann --role collector --capacity 3 >/dev/null
recoup user add bob --role collector --capacity 5 --team nothing-here >/dev/null
recoup assign --as-of 2026-03-10 >/dev/null

# q EXPR: EXPR over the last queue's JSON (r, the rows); pay(band) the chance of a band in per mille
q() {
	python3 -c 'import json,sys
r = json.load(open(sys.argv[1]))
def pay(b): return {"A": 950, "B": 850, "C": 700, "D": 450, "E": 200}[b]
def row(ref): return [x for x in r if x["customer_ref"] == ref][0]
def base(x): return int(round(float(x["balance"]) * 100)) * pay(x["risk_band"]) // 1000
print(eval(sys.argv[2]))' "$TMP/out" "$1"
}
queue() { # queue ARGS...: recoup queue --format json ARGS, which must succeed
	run recoup queue --format json "$@"
	if [[ $status != 0 ]]; then
		fail "recoup queue $*" "exit $status" "$(cat "$TMP/err")"
	fi
}

# --- 12:30 in New York (lunch, outside the window), 09:30 in Los Angeles ---
queue --now 2026-03-10T16:30:00Z --limit 10
expect_eq "no collector named and the acting user is none: every collector's queue; only L1 is in its window" \
	"L1:ann" "$(q '" ".join(x["customer_ref"] + ":" + x["collector"] for x in r)')"

# --- 14:00 in New York: all four, by expected value ---
queue --collector ann --now 2026-03-10T18:00:00Z --limit 10
expect_eq "ordered by expected value" "C2 L1 C1 C3" "$(q '" ".join(x["customer_ref"] for x in r)')"
expect_eq "JSON keys" "action_id balance callback_at collector contact_ref currency customer_ref dpd due_at local_time name reasons risk_band score" \
	"$(q '" ".join(sorted(r[0].keys()))')"
expect_eq "C2: balance, currency, dpd, contact, local time" \
	"3000.00 USD 7 C2 2026-03-10T14:00-04:00 America/New_York" \
	"$(q '" ".join(str(row("C2")[k]) for k in ["balance", "currency", "dpd", "contact_ref", "local_time"])')"
expect_eq "each row names its customer" "Two Corp" "$(q 'row("C2")["name"]')"
expect_eq "L1's local time is its own" "2026-03-10T11:00-07:00 America/Los_Angeles" "$(q 'row("L1")["local_time"]')"
expect_eq "the score is the balance times the chance of payment of the band" "True True True" \
	"$(q '" ".join(str(row(c)["score"] == base(row(c))) for c in ["C2", "L1", "C1"])')"
expect_eq "C3 (30 DPD) is raised 1.25x: it enters 31-60 tomorrow, and says so" "True True" \
	"$(q '" ".join(str(v) for v in [row("C3")["score"] == base(row("C3")) * 1250 // 1000, "oldest invoice enters 31-60 in 1 day" in row("C3")["reasons"]])')"
expect_eq "each row says why: balance and band first, then the call due" "True True" \
	"$(q '" ".join(str(v) for v in [row("C1")["reasons"][0].startswith("1000.00 USD overdue, 7 days past due; band "), row("C1")["reasons"][-1] == "call of the daily run due since 2026-03-10T13:00:00Z"])')"
run recoup queue --collector ann --now 2026-03-10T18:00:00Z --limit 10
expect_stdout_contains "local time 2026-03-10T14:00-04:00 America/New_York"
expect_stdout_contains "3,000.00 USD"

# --- L1 outside its window at 12:30 in Los Angeles, in it at 14:00 ---
queue --collector ann --now 2026-03-10T19:30:00Z --limit 10
expect_eq "12:30 in Los Angeles: L1 is not offered" "C2 C1 C3" "$(q '" ".join(x["customer_ref"] for x in r)')"
queue --collector ann --now 2026-03-10T21:00:00Z --limit 10
expect_eq "14:00 in Los Angeles: it is" "C2 L1 C1 C3" "$(q '" ".join(x["customer_ref"] for x in r)')"

# --- a cease flag removes C2 ---
recoup customer flag C2 cease --at 2026-03-10T18:30:00Z >/dev/null
queue --collector ann --now 2026-03-10T19:00:00Z --limit 10
expect_eq "C2 asked to cease: not offered" "C1 C3" "$(q '" ".join(x["customer_ref"] for x in r)')"

# --- a logged call marks the action done and removes it ---
run env USER=ann "$RECOUP" contact log --contact C3 --channel call --outcome no_answer --at 2026-03-10T19:05:00Z
expect_stdout_contains "1 scheduled call of customer 'C3' marked done"
actions_json --customer C3 --kind call --state done
expect_eq "C3's call is done" "1 second-call" "$(jq_actions 'str(len(a)) + " " + a[0]["step"]')"
queue --collector ann --now 2026-03-10T19:10:00Z --limit 10
expect_eq "C3 called: no longer offered" "C1" "$(q '" ".join(x["customer_ref"] for x in r)')"

# --- the limit: capacity less the calls logged today ---
queue --collector ann --now 2026-03-10T21:00:00Z
expect_eq "capacity 3, 1 call logged today: 2 rows" "L1 C1" "$(q '" ".join(x["customer_ref"] for x in r)')"
recoup user set ann --capacity 2 >/dev/null
queue --collector ann --now 2026-03-10T21:00:00Z
expect_eq "capacity 2, 1 logged: the best one" "L1" "$(q '" ".join(x["customer_ref"] for x in r)')"
run recoup queue --collector ann --now 2026-03-10T21:00:00Z
expect_stdout_contains "ann: 1 call at most (capacity 2, 1 logged today)"
queue --collector ann --now 2026-03-11T21:00:00Z
expect_eq "the next day the calls of the day before do not count" "L1 C1" "$(q '" ".join(x["customer_ref"] for x in r)')"
queue --collector ann --now 2026-03-10T21:00:00Z --limit 0
expect_eq "--limit 0: nothing" "0" "$(q 'len(r)')"
export USER=ann
queue --now 2026-03-10T21:00:00Z --limit 10
expect_eq "the acting user's own queue by default" "ann ann" "$(q '" ".join(x["collector"] for x in r)')"
export USER=boss

# --- a callback asked for tomorrow 17:30 New York time raises C1 in that hour (after the
# b2b profile's 1-day pause after a conversation, which the rules keep) ---
run env USER=ann "$RECOUP" contact log --contact C1 --channel call --outcome callback \
	--at 2026-03-10T17:30:00Z --callback-at 2026-03-11T21:30:00Z
expect_stdout_contains "callback asked for 2026-03-11T21:30:00Z"
expect_stdout_contains "1 scheduled call of customer 'C1' marked done"
queue --collector ann --now 2026-03-11T20:55:00Z --limit 10
expect_eq "16:55 in New York: not the hour asked, and its call is done (L1: lunch in Los Angeles)" "" \
	"$(q '" ".join(x["customer_ref"] for x in r)')"
queue --collector ann --now 2026-03-11T21:05:00Z --limit 10
expect_eq "17:05: the callback's hour; raised 2x it is level with L1's 2000.00 (ties by ref)" "C1 L1" \
	"$(q '" ".join(x["customer_ref"] for x in r)')"
expect_eq "its score is twice the base, with the reason and the moment asked" \
	"True True 2026-03-11T21:30:00Z None" \
	"$(q '" ".join(str(v) for v in [row("C1")["score"] == base(row("C1")) * 2, "asked to be called back this hour" in row("C1")["reasons"], row("C1")["callback_at"], row("C1")["action_id"]])')"
run env USER=ann "$RECOUP" contact log --contact C1 --channel call --outcome no_answer --at 2026-03-11T21:06:00Z
queue --collector ann --now 2026-03-11T21:10:00Z --limit 10
expect_eq "called back: the callback is answered" "L1" "$(q '" ".join(x["customer_ref"] for x in r)')"

# --- a callback asked for later the same day: the conversation's 1-day pause would keep
# it back, but the contact asked for it (docs/compliance.md, "Callbacks") ---
run env USER=ann "$RECOUP" contact log --contact C3 --channel call --outcome callback \
	--at 2026-03-11T14:00:00Z --callback-at 2026-03-11T19:00:00Z
queue --collector ann --now 2026-03-11T18:55:00Z --limit 10
expect_eq "14:55 in New York: C3's call was made, the hour asked has not come" "L1" \
	"$(q '" ".join(x["customer_ref"] for x in r)')"
queue --collector ann --now 2026-03-11T19:05:00Z --limit 10
expect_eq "15:05: offered at the hour asked, the same day, raised for it" "C3 True" \
	"$(q '" ".join([r[0]["customer_ref"], str("asked to be called back this hour" in r[0]["reasons"])])')"
run recoup rules check --contact C3 --channel call --at 2026-03-11T19:05:00Z --format json
expect_stdout_contains '"allowed": true'

# --- cash that arrives unapplied (dated before L1's invoice was issued, so it pays
# nothing) nets L1's account to zero: off the queue before the next run cancels its call ---
queue --collector ann --now 2026-03-11T21:10:00Z --limit 10
expect_eq "14:10 in Los Angeles: L1 is offered" "True" "$(q 'str("L1" in [x["customer_ref"] for x in r])')"
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency
P-L1,L1,,2026-01-20,2000.00,USD
CSV
)" >/dev/null
queue --collector ann --now 2026-03-11T21:10:00Z --limit 10
expect_eq "L1's 2000.00 overdue less 2000.00 unapplied: no longer called about" "False" \
	"$(q 'str("L1" in [x["customer_ref"] for x in r])')"

# --- refused input ---
expect_exit 1 recoup queue --collector nobody
expect_stderr_contains "unknown user 'nobody'"
recoup user add max --role manager >/dev/null
expect_exit 1 recoup queue --collector max
expect_stderr_contains "user 'max' is a manager, not a collector"
expect_exit 2 recoup queue --limit -1
expect_exit 2 recoup queue --now yesterday
expect_exit 2 recoup queue --format csv
expect_exit 1 recoup contact log --contact C1 --channel call --outcome no_answer --at 2026-03-10T17:30:00Z \
	--callback-at 2026-03-11T19:30:00Z
expect_stderr_contains "--callback-at is for the outcome callback, not 'no_answer'"
expect_exit 1 recoup contact log --contact C1 --channel call --outcome callback --at 2026-03-10T17:30:00Z \
	--callback-at 2026-03-10T17:00:00Z
expect_stderr_contains "--callback-at is before the moment of the attempt"
finish
