#!/usr/bin/env bash
# A dispute or a promise cancels at once each waiting action its hold
# covers (app/holds_cancel.c), however many the account has. It looked at
# the account's first 64 only ("the run's own review cancels the rest"): an
# account whose cheques all bounced had 68 (a call task and a letter per
# returned payment); a dispute of the invoice whose call and letter came
# last left both scheduled, and `send --letters-to` printed that letter the
# same day, about a disputed debt. A promise on the whole account left the
# four beyond the 64th waiting. Now every waiting action is reviewed.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

# 34 invoices of ACME (BRL) and 34 of WAW (PLN), each paid by a cheque the
# bank returned on 2026-11-25
{
	echo "invoice_ref,customer_ref,issue_date,due_date,currency,amount"
	for i in $(seq -w 1 34); do echo "A$i,ACME,2026-11-01,2027-03-01,BRL,100.00"; done
	for i in $(seq -w 1 34); do echo "W$i,WAW,2026-11-01,2027-03-01,PLN,100.00"; done
} | run_setup
recoup import payments "$(
	{
		echo "payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date"
		for i in $(seq -w 1 34); do echo "P$i,ACME,A$i,2026-11-23,100.00,BRL,cheque,returned,2026-11-25"; done
		for i in $(seq -w 1 34); do echo "Q$i,WAW,W$i,2026-11-23,100.00,PLN,cheque,returned,2026-11-25"; done
	} | csv_file payments.csv
)" >/dev/null
recoup user add cy --role collector >/dev/null
recoup config set letter.cnpj 11.222.333/0001-81 >/dev/null
daily_run 2026-11-25

# states CUSTOMER [INVOICE...]: "N state:reason_code ..." of the customer's
# actions whose invoices are all among those given (every action when none
# is given), counted
states() {
	actions_json --customer "$1"
	shift
	python3 -c 'import collections, json, sys
refs = set(sys.argv[2:])
n = collections.Counter("%s:%s" % (x["state"], x["reason_code"] or "") for x in json.load(open(sys.argv[1]))
                        if not refs or set(x["invoice_refs"]) <= refs)
print(" ".join("%d %s" % (n[k], k) for k in sorted(n)))' "$TMP/actions.json" "$@"
}
expect_eq "the run schedules a call and a letter per returned payment: ACME has 68 waiting" "68 scheduled:nsf" \
	"$(states ACME)"
expect_eq "and so has WAW" "68 scheduled:nsf" "$(states WAW)"
actions_json --customer ACME
expect_eq "A34's call and letter are the 67th and 68th" "A34 A34" \
	"$(jq_actions '" ".join(x["invoice_refs"][0] for x in sorted(a, key=lambda x: x["id"])[66:])')"

run recoup_at 2026-11-25T12:00:00Z dispute open ACME --invoice A34 --reason not_received \
	--at 2026-11-25T12:00:00Z --by cy
expect_eq "the dispute of A34 is recorded" 0 "$status"
expect_eq "both actions about A34 alone are cancelled, reason dispute, beyond the 64th" "2 cancelled:dispute" \
	"$(states ACME A34)"
expect_eq "the other 66 wait" "66 scheduled:nsf" "$(states ACME $(printf 'A%02d ' $(seq 1 33)))"

run recoup_at 2026-11-25T12:30:00Z promise add WAW --amount 500.00 --date 2026-12-01 \
	--at 2026-11-25T12:30:00Z --by cy
expect_eq "a promise on WAW's whole account, with its 68 waiting, is recorded" 0 "$status"
expect_eq "all 68 are cancelled, reason promise, not the first 64 alone" "68 cancelled:promise" "$(states WAW)"

mkdir "$TMP/letters"
# --now, not the faked clock: pango under libfaketime and ASan aborts in a futex
run recoup send --letters-to "$TMP/letters" --now 2026-11-25T15:00:00Z
expect_eq "the day's letters are printed" 0 "$status"
expect_stdout_contains "for 33 actions"
actions_json --customer ACME --kind letter
expect_eq "not the one about the disputed invoice" "cancelled" \
	"$(jq_actions '[x["state"] for x in a if x["invoice_refs"] == ["A34"]][0]')"

run recoup_at 2026-11-25T16:00:00Z promise add ACME --amount 500.00 --date 2026-12-01 \
	--at 2026-11-25T16:00:00Z --by cy
expect_eq "a promise on the whole account is recorded" 0 "$status"
expect_eq "the 33 calls still waiting are cancelled, reason promise; none waits" \
	"2 cancelled:dispute 33 cancelled:promise 33 done:" "$(states ACME)"
finish
