#!/usr/bin/env bash
# The credit check (issue 10 point 6): approve, or refuse with every reason
# that holds, one case per reason (over the limit, on hold, seriously
# overdue, no signed application, references not checked); a credit_hold
# step of the run puts the account on hold at the next run, and the run
# lifts it once the account is back within policy; the books check.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-11-01,PLN,200.00
A1,ACME,2026-08-01,2026-09-01,BRL,100.00
CSV
recoup customer set WAW credit_limit=1000.00 --by boss >/dev/null
recoup credit set WAW --application-signed 2026-01-10 --references-checked 2026-01-12 --by boss >/dev/null

# check AMOUNT AS_OF: the decision and the reason codes of `credit check WAW`, as one line
check() {
	run recoup credit check WAW --amount "$1" --as-of "$2" --format json
	if [[ $status != 0 ]]; then
		fail "credit check WAW --amount $1 exits 0" "exit $status" "$(cat "$TMP/err")"
	fi
	python3 -c 'import json,sys
o = json.load(open(sys.argv[1]))
print(" ".join([o["decision"]] + [r["code"] for r in o["reasons"]]))' "$TMP/out"
}

expect_eq "approve: 200 open + 500 within 1000, 14 days overdue, signed, references checked" \
	approve "$(check 500.00 2026-11-15)"
run recoup credit check WAW --amount 500.00 --as-of 2026-11-15 --format json
expect_eq "JSON: the figures" "500.00 PLN 200.00 1000.00 14" \
	"$(python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); print(o["amount"], o["currency"], o["open_balance"], o["credit_limit"], o["days_overdue"])' "$TMP/out")"
expect_eq "over the limit: 200 open + 900 > 1000" "refuse over_limit" "$(check 900.00 2026-11-15)"
run recoup credit check WAW --amount 900.00 --as-of 2026-11-15
expect_stdout_contains "over_limit"
expect_stdout_contains "the open balance 200.00 plus 900.00 is above the credit limit 1000.00 PLN"

recoup credit hold WAW --reason "cheque bounced twice" --by boss >/dev/null
expect_eq "on hold" "refuse on_hold" "$(check 100.00 2026-11-15)"
run recoup credit hold WAW
expect_eq "a second hold is refused" 1 "$status"
recoup credit release WAW --reason "paid up" --by boss >/dev/null
expect_eq "released: approve again" approve "$(check 100.00 2026-11-15)"

expect_eq "seriously overdue: W1 is 75 days overdue on 2027-01-15" "refuse seriously_overdue" \
	"$(check 100.00 2027-01-15)"
recoup credit policy --overdue-days 90 >/dev/null
expect_eq "within a policy of 90 days" approve "$(check 100.00 2027-01-15)"
recoup credit policy --overdue-days 60 >/dev/null

recoup credit set WAW --application-signed none >/dev/null
expect_eq "no signed application" "refuse no_signed_application" "$(check 100.00 2026-11-15)"
recoup credit set WAW --application-signed 2026-01-10 --references-checked none >/dev/null
expect_eq "references not checked" "refuse references_not_checked" "$(check 100.00 2026-11-15)"
expect_eq "every reason at once" \
	"refuse over_limit seriously_overdue references_not_checked" "$(check 900.00 2027-01-15)"

# a credit_hold step (+60 days in b2b-gentle) puts ACME on hold on its day, by the run that records it
run recoup credit check ACME --amount 1.00 --as-of 2026-10-31 --format json
expect_eq "not on hold before the step's run" False \
	"$(python3 -c 'import json,sys; print("on_hold" in [r["code"] for r in json.load(open(sys.argv[1]))["reasons"]])' "$TMP/out")"
daily_run 2026-10-31
actions_json --customer ACME --kind credit_hold
expect_eq "the run records the credit_hold step" credit-hold "$(jq_actions 'a[0]["step"]')"
run recoup credit check ACME --amount 1.00 --as-of 2026-10-31 --format json
expect_eq "on hold from the run that recorded the step, the same day" True \
	"$(python3 -c 'import json,sys; print("on_hold" in [r["code"] for r in json.load(open(sys.argv[1]))["reasons"]])' "$TMP/out")"
daily_run 2026-11-01
daily_run 2026-11-02
expect_eq "one hold per step, however many runs" 1 "$(sql "SELECT count(*) FROM credit_hold WHERE source = 'run'")"
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method
P1,ACME,A1,2026-11-02,100.00,BRL,transfer
CSV
)" >/dev/null
daily_run 2026-11-03
run recoup credit check ACME --amount 1.00 --as-of 2026-11-03 --format json
expect_eq "paid: the run lifted its hold" False \
	"$(python3 -c 'import json,sys; print("on_hold" in [r["code"] for r in json.load(open(sys.argv[1]))["reasons"]])' "$TMP/out")"
expect_eq "lifted by the run, with why" "run|back within the credit policy" \
	"$(sql "SELECT released_by, release_reason FROM credit_hold WHERE source = 'run'")"
expect_eq "audit: hold, release, terms, policy, review" \
	"credit.hold credit.policy credit.release credit.review credit.terms" \
	"$(sql "SELECT DISTINCT action FROM audit_log WHERE action LIKE 'credit.%' ORDER BY action" | tr '\n' ' ' | sed 's/ $//')"
run recoup check
expect_eq "recoup check passes" 0 "$status"
finish
