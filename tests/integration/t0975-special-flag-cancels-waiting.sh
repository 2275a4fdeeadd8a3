#!/usr/bin/env bash
# The `bankrupt` and `deceased` flags wrote the `special` hold but left what
# the daily run had scheduled on the account waiting until the next run.
# The work queue asks the contact rules, which refuse any call to a
# bankrupt debtor and, for a deceased one, any contact but the estate's
# representative: so it left out ACME (bankrupt) and WAW (deceased, its
# call to WAW itself), though their calls still read `scheduled`; but it
# went on offering NOMAIL, deceased, whose call the run had addressed to
# its executor (who pays the bills), a collection call the strategy no
# longer makes. Now setting either flag, by hand or loaded by `import
# flags`, cancels in its transaction every waiting message, call or task of
# the customer, in every currency, reason code `special`, as the run's next
# review would (it finds the hold before it asks the rules). A refused
# flag cancels nothing; another flag (cease) is left to the run's review.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-11-27,BRL,2500.00
W1,WAW,2026-10-01,2026-11-27,PLN,700.00
N1,NOMAIL,2026-10-01,2026-11-27,PLN,900.00
S1,ANA,2026-10-01,2026-11-27,BRL,400.00
CSV
recoup import contacts "$(csv_file contacts.csv <<'CSV'
contact_ref,customer_ref,name,role,phone,email,timezone,pays_bills,best_time,notes
NOMAIL-EX,NOMAIL,Jan Nowak,executor,+48 22 555 0404,,,true,,
CSV
)" >/dev/null
recoup user add cy --role collector >/dev/null
daily_run 2026-12-04
recoup assign --as-of 2026-12-04 >/dev/null

# calls: "customer:contact:state:reason_code" of every call, by customer
calls() {
	actions_json --kind call
	jq_actions '" ".join(sorted("%s:%s:%s:%s" % (x["customer_ref"], x["contact_ref"], x["state"],
		x["reason_code"] or "") for x in a))'
}
queue_refs() {
	run recoup queue --collector cy --now "$1" --format json
	jq_out '" ".join(sorted(r["customer_ref"] for r in o))'
}
expect_eq "the run of 2026-12-04 schedules a call per account, NOMAIL's to its executor" \
	"ACME:ACME-AP:scheduled: ANA:ANA:scheduled: NOMAIL:NOMAIL-EX:scheduled: WAW:WAW:scheduled:" "$(calls)"
expect_eq "cy's queue offers the four in the afternoon" "ACME ANA NOMAIL WAW" "$(queue_refs 2026-12-04T14:00:00Z)"

db_snapshot
run recoup_at 2026-12-04T12:00:00Z customer flag NOPE bankrupt --at 2026-12-04T12:00:00Z --by cy
expect_eq "a flag on an unknown customer: exit 1" 1 "$status"
expect_db_unchanged "a refused flag cancels nothing"

run recoup_at 2026-12-04T12:00:00Z customer flag WAW cease --at 2026-12-04T12:00:00Z --by cy --reason letter
expect_eq "WAW asks in writing to cease" 0 "$status"
expect_eq "a cease is the rules' to apply: the call still waits (the run's review cancels it)" \
	"ACME:ACME-AP:scheduled: ANA:ANA:scheduled: NOMAIL:NOMAIL-EX:scheduled: WAW:WAW:scheduled:" "$(calls)"
recoup_at 2026-12-04T12:00:00Z customer unflag WAW cease --at 2026-12-04T12:00:00Z --by cy --reason "sent in error" \
	>/dev/null

for c in ACME:bankrupt WAW:deceased NOMAIL:deceased; do
	run recoup_at 2026-12-04T12:00:00Z customer flag "${c%:*}" "${c#*:}" --at 2026-12-04T12:00:00Z --by cy \
		--reason "court notice"
	expect_eq "${c%:*} flagged ${c#*:}" 0 "$status"
done
expect_eq "the three calls are cancelled at once, NOMAIL's to the executor too; ANA's waits" \
	"ACME:ACME-AP:cancelled:special ANA:ANA:scheduled: NOMAIL:NOMAIL-EX:cancelled:special WAW:WAW:cancelled:special" \
	"$(calls)"
expect_eq "with the run's sentence" \
	"the strategy waits while the account is in special handling (bankruptcy, death)" \
	"$(jq_actions '[x["reason"] for x in a if x["state"] == "cancelled"][0]')"
run recoup rules check --contact NOMAIL-EX --channel call --at 2026-12-04T14:00:00Z
expect_stdout_contains "call at 2026-12-04T14:00:00Z: allowed"
expect_eq "the queue offers no call to the executor, whom the rules allow: the strategy has stopped" "ANA" \
	"$(queue_refs 2026-12-04T14:00:00Z)"

# the same flag loaded from another system's history, still in force
recoup_at 2026-12-04T12:30:00Z import flags "$(csv_file flags.csv <<'CSV'
flag_ref,customer_ref,flag,contact_ref,invoice_ref,address,detail,set_by,set_at,reason,cleared_at,cleared_by,cleared_reason
F1,ANA,deceased,,,,,,2026-12-04T12:30:00Z,certificate,,,
CSV
)" --by importer >/dev/null
expect_eq "an imported death cancels ANA's call at once too" \
	"ACME:ACME-AP:cancelled:special ANA:ANA:cancelled:special NOMAIL:NOMAIL-EX:cancelled:special WAW:WAW:cancelled:special" \
	"$(calls)"
expect_eq "the queue is empty" "" "$(queue_refs 2026-12-04T14:00:00Z)"

daily_run 2026-12-05
expect_eq "the next run has nothing left to cancel" "0" "$(jq_out 'o["cancelled"]')"
actions_json
expect_eq "and records no step for the accounts in special handling" "0" \
	"$(jq_actions 'len([x for x in a if x["run_date"] == "2026-12-05"])')"
finish
