#!/usr/bin/env bash
# The actions the run's reviews record (a returned payment's call and letter,
# a plan's courtesy reminder) say when they happen in the debtor's local time,
# as the strategy's own do. They are asked of the contact rules from the first
# moment of the day in the debtor's zone; a call is not allowed at midnight, so
# it is scheduled at the next moment the rules allow, and that moment's local
# time was left empty (`recoup actions` showed the call at 11:00Z with no
# local time, the letter at midnight with its own). Now the moment is asked
# again, as the daily run asks it: its local time is recorded, and the rules
# allow it.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-11-20,BRL,100.00
W1,WAW,2026-08-01,2026-09-01,PLN,1000.00
CSV
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,ACME,A1,2026-11-23,100.00,BRL,cheque,returned,2026-11-25
CSV
)" >/dev/null
expect_exit 0 recoup plan add WAW --instalment 2026-10-10:500.00 --instalment 2026-11-10:500.00 \
	--at 2026-09-20T10:00:00Z --by bob

# the plan's reminder: three days before its first instalment, on a Wednesday
daily_run 2026-10-07
# the returned payment's call and letter
daily_run 2026-11-25

actions_json
review_actions() { # the reviews' actions: kind scheduled_at local_time, one a line
	jq_actions '"\n".join("%s %s %s" % (x["kind"], x["scheduled_at"], x["local_time"]) for x in a if x["strategy"].startswith(("nsf-", "plan-")))'
}
expect_eq "the returned payment's call, its letter and the plan's email, each with its local time" \
	"email 2026-10-07T06:00:00Z 2026-10-07T08:00+02:00 Europe/Warsaw
call 2026-11-25T11:00:00Z 2026-11-25T08:00-03:00 America/Sao_Paulo
letter 2026-11-25T03:00:00Z 2026-11-25T00:00-03:00 America/Sao_Paulo" "$(review_actions)"

# each is allowed by the contact rules at the moment recorded
while read -r kind at contact; do
	run recoup rules check --contact "$contact" --channel "$kind" --at "$at" --format json
	expect_stdout_contains '"allowed": true'
done < <(jq_actions '"\n".join("%s %s %s" % (x["kind"], x["scheduled_at"], x["contact_ref"]) for x in a if x["strategy"].startswith(("nsf-", "plan-")))')

# the table shows it too
run recoup actions --kind call
expect_stdout_contains "local time 2026-11-25T08:00-03:00 America/Sao_Paulo"

finish
