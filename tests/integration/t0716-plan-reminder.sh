#!/usr/bin/env bash
# A kept plan stops every reminder of the strategy but the courtesy reminder
# of the next instalment (issue 10 point 3): in the PLAN_REMIND_DAYS (3)
# before an unpaid instalment is due, the daily run's review records one
# email to the contact who pays the bills (pseudo-strategy plan-ID, step
# instalment-SEQ), asked of the contact rules; the plan's hold does not
# cancel it (neither does `recoup send`: the email reaches the SMTP server on
# loopback), a rerun does not repeat it, and a paid instalment is not
# reminded of.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-08-01,2026-09-01,BRL,1000.00
CSV
expect_exit 0 recoup plan add ACME --instalment 2026-10-10:500.00 --instalment 2026-11-10:500.00 \
	--at 2026-09-20T10:00:00Z --by bob
reminders() { # the plan's reminder actions: step:state:amount:contact
	actions_json --customer ACME
	jq_actions '" ".join("%s:%s:%s:%s" % (x["step"], x["state"], x["amount"], x["contact_ref"]) for x in a if x["strategy"] == "plan-1")'
}

daily_run 2026-10-06
expect_eq "four days before: no reminder yet" "" "$(reminders)"
daily_run 2026-10-07
expect_eq "three days before: one email to the bill payer" "instalment-1:scheduled:500.00:ACME-AP" "$(reminders)"
actions_json --customer ACME
expect_eq "an email, with the reason" "email plan_instalment" \
	"$(jq_actions '" ".join([x for x in a if x["strategy"] == "plan-1"][0][k] for k in ["kind", "reason_code"])')"
at=$(jq_actions '[x for x in a if x["strategy"] == "plan-1"][0]["scheduled_at"]')
run recoup rules check --contact ACME-AP --channel email --at "$at" --format json
expect_stdout_contains '"allowed": true'
expect_eq "scheduled on that day in Sao Paulo's working hours" "2026-10-07" "${at:0:10}"
daily_run 2026-10-08
expect_eq "the plan's hold does not cancel it, a rerun does not repeat it" "instalment-1:scheduled:500.00:ACME-AP" \
	"$(reminders)"
expect_eq "and the strategy gives ACME no step of its own" "" \
	"$(jq_actions '" ".join(x["step"] for x in a if x["strategy"] != "plan-1" and x["run_date"] > "2026-09-20" and x["state"] != "superseded")')"

start_smtp_sink
configure_email
# ACME is in Brazil: a message to it names the supplier's CNPJ (CDC art. 42-A, t0931)
recoup config set letter.cnpj "12.345.678/0001-95" >/dev/null
send_at 2026-10-08T14:00:00Z
expect_eq "recoup send does not cancel it for the plan's hold: it goes out" "sent" \
	"$(jq_send '[r["state"] for r in s["rows"] if r["customer"] == "ACME"][0]')"
mail_json
expect_eq "to the bill payer" '["paula@acme.example"]' "$(jq_mail 'sorted(x["to"] for x in m)')"

recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,ACME,A1,2026-10-09,500.00,BRL,transfer,cleared,
CSV
)" >/dev/null
daily_run 2026-11-07
expect_eq "the first paid: the second is reminded of in its turn" \
	"instalment-1:done:500.00:ACME-AP instalment-2:scheduled:500.00:ACME-AP" "$(reminders)"
run recoup plan show 1 --format json
expect_eq "the plan is kept" "current" "$(jq_out 'o["state"]')"
expect_exit 0 recoup check
finish
