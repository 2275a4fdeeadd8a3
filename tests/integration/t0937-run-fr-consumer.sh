#!/usr/bin/env bash
# A person in France gets the fr-consumer preset (docs/compliance.md): Monday to
# Friday 10:00-13:00 and 14:00-20:00 in Paris (the telemarketing hours of decret
# 2022-1313, taken as practice for collection), never on a weekend or a French
# public holiday (14 July, Easter Monday; Good Friday too in Alsace-Moselle, region
# 57, 67 or 68), and no fee or interest posted (CPCE L111-8: amicable collection
# costs are the creditor's): a strategy's fee and interest steps are recorded
# refused, charge_limit, with the profile's reason. A tenant's overlay that allows
# the legal interest (charges.interest_monthly_max_bp) has a larger interest step
# capped to it, done, charge_limit saying so, and still no fee. Before fr-consumer
# every French consumer was refused by the daily run with cannot_judge. A French
# company still gets b2b, France's calendar, and b2b-eu's 40 EUR compensation.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

recoup init >/dev/null
# the tenant's overlay: the legal interest after a formal notice, 0.25% a month; still no fee
cat >acme-fr.json <<'JSON'
{ "name": "acme-fr", "extends": "fr-consumer", "charges": { "fee_max_bp": 0, "interest_monthly_max_bp": 25 } }
JSON
expect_exit 0 recoup rules set acme-fr acme-fr.json
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,region,timezone,language,currency,email,phone,address,profile
PAR,Claire Martin,person,FR,,Europe/Paris,fr,EUR,claire@martin.example,+33 6 55 50 01 00,"1 rue de Rivoli, 75001 Paris",
DIM,Louis Bernard,person,FR,,Europe/Paris,fr,EUR,louis@bernard.example,+33 6 55 50 01 01,"2 rue de Rivoli, 75001 Paris",
JUL,Chloe Petit,person,FR,,Europe/Paris,fr,EUR,chloe@petit.example,+33 6 55 50 01 02,"3 rue de Rivoli, 75001 Paris",
STR,Paul Weber,person,FR,67,Europe/Paris,fr,EUR,paul@weber.example,+33 6 55 50 01 03,"1 place Kleber, 67000 Strasbourg",
FRC,Dupont SARL,company,FR,,Europe/Paris,fr,EUR,compta@dupont.example,+33 1 55 50 01 04,"4 rue de Rivoli, 75001 Paris",
OVL,Marie Durand,person,FR,,Europe/Paris,fr,EUR,marie@durand.example,+33 6 55 50 01 05,"5 rue de Rivoli, 75001 Paris",acme-fr
CSV
)" >/dev/null
# each person's call (+7) falls on a Tuesday (PAR), a Sunday (DIM), 14 July (JUL)
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
J1,JUL,2026-06-07,2026-07-07,EUR,90.00
P1,PAR,2026-10-24,2026-11-24,EUR,120.00
D1,DIM,2026-10-22,2026-11-22,EUR,80.00
C1,FRC,2026-10-24,2026-11-24,EUR,500.00
O1,OVL,2026-10-24,2026-11-24,EUR,3000.00
CSV
)" >/dev/null
# the tenant's strategy for French persons: a late fee, interest, then a call
cat >fr.json <<'JSON'
{ "name": "fr-persons", "priority": 300, "segment": { "kind": "person", "countries": ["FR"] },
  "steps": [
    { "name": "late-fee", "offset_days": 1, "action": "fee", "fee": { "amount": "40.00" } },
    { "name": "late-interest", "offset_days": 2, "action": "interest", "interest": { "monthly_percent": "1" } },
    { "name": "first-call", "offset_days": 7, "action": "call", "template": "first-call" } ] }
JSON
expect_exit 0 recoup strategy set fr-persons fr.json

# check CONTACT CHANNEL AT: `rules check --format json` into $TMP/out
check() {
	run recoup rules check --contact "$1" --channel "$2" --at "$3" --format json
	[[ $status == 0 ]] || fail "rules check $*" "exit 0" "$(cat "$TMP/err")"
}
field() {
	python3 -c 'import json,sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(str(v).lower() if isinstance(v, bool) else v)' "$TMP/out" "$1"
}

check PAR call 2026-12-01T08:00:00Z
expect_eq "a French consumer gets fr-consumer" fr-consumer "$(field profile)"
expect_eq "Tuesday 09:00 in Paris: refused" outside_hours "$(field reasons.0.code)"
expect_eq "... until 10:00" 2026-12-01T09:00:00Z "$(field next_allowed_at)"
check PAR call 2026-12-01T12:30:00Z
expect_eq "Tuesday 13:30 (lunch): refused until 14:00" 2026-12-01T13:00:00Z "$(field next_allowed_at)"
check PAR sms 2026-12-01T18:30:00Z
expect_eq "Tuesday 19:30: a text is allowed" true "$(field allowed)"
check PAR call 2026-12-05T10:00:00Z
expect_eq "Saturday 11:00: refused until Monday 10:00" 2026-12-07T09:00:00Z "$(field next_allowed_at)"
check PAR call 2026-12-06T10:00:00Z
expect_eq "Sunday 11:00: refused" false "$(field allowed)"
check PAR call 2026-07-14T09:00:00Z
expect_eq "14 July: refused" holiday "$(field reasons.0.code)"
expect_eq "... naming the day" True "$(python3 -c 'import sys; print("Fete nationale" in sys.argv[1])' "$(field reasons.0.message)")"
expect_eq "... until Wednesday 10:00" 2026-07-15T08:00:00Z "$(field next_allowed_at)"
check PAR letter 2026-07-14T09:00:00Z
expect_eq "a letter may be posted on 14 July" true "$(field allowed)"
check PAR call 2026-04-06T08:00:00Z
expect_eq "Easter Monday: refused" holiday "$(field reasons.0.code)"
check PAR call 2026-04-03T08:00:00Z
expect_eq "Good Friday in Paris: allowed" true "$(field allowed)"
check STR call 2026-04-03T08:00:00Z
expect_eq "Good Friday in Strasbourg (region 67, Alsace-Moselle): refused" holiday "$(field reasons.0.code)"
expect_eq "... until Tuesday, Easter Monday being closed too" 2026-04-07T08:00:00Z "$(field next_allowed_at)"
check STR call 2026-12-28T09:00:00Z
expect_eq "an Alsatian person is still fr-consumer" fr-consumer "$(field profile)"
check FRC call 2026-07-14T08:00:00Z
expect_eq "a French company gets b2b" b2b "$(field profile)"
expect_eq "... with France's calendar" holiday "$(field reasons.0.code)"
expect_eq "... and no no_holiday_calendar warning" '[]' "$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["warnings"]))' "$TMP/out")"
run recoup rules show fr-consumer
expect_stdout_contains "charges: no fee, no interest"

# the fee (+1) and interest (+2) steps: recorded refused, nothing posted
fees() { sql_join ',' "SELECT c.ref || ':' || l.kind || ':' || l.amount FROM ledger_entry l JOIN customer c ON c.id = l.customer_id WHERE l.kind IN ('fee', 'interest') ORDER BY c.ref, l.kind"; }
daily_run 2026-07-08
expect_eq "the run refuses the fee step for charge_limit" 1 "$(jq_out 'o["refused"].get("charge_limit", 0)')"
expect_eq "no cannot_judge" 0 "$(jq_out 'o["refused"].get("cannot_judge", 0)')"
actions_json --customer JUL --kind fee
expect_eq "JUL: the fee step refused" refused "$(jq_actions 'a[0]["state"]')"
expect_eq "... charge_limit" charge_limit "$(jq_actions 'a[0]["reason_code"]')"
expect_eq "... saying why" "profile 'fr-consumer' allows no fee (charges.fee_max_bp 0): nothing posted, the step is recorded" \
	"$(jq_actions 'a[0]["reason"]')"
expect_eq "... nothing charged" 0.00 "$(jq_actions 'a[0]["amount"]')"
daily_run 2026-07-09
actions_json --customer JUL --kind interest
expect_eq "JUL: the interest step refused, charge_limit" "refused charge_limit" \
	"$(jq_actions 'a[0]["state"] + " " + a[0]["reason_code"]')"
expect_eq "no fee or interest posted for a French consumer" "" "$(fees)"
# the call at +7 falls on 14 July: Wednesday 10:00
daily_run 2026-07-14
actions_json --customer JUL --kind call
expect_eq "JUL: the call moves to Wednesday 15 July, 10:00 local" 2026-07-15T10:00 "$(jq_actions 'a[0]["local_time"][:16]')"
expect_eq "... postponed for the holiday" "scheduled holiday" "$(jq_actions 'a[0]["state"] + " " + a[0]["reason_code"]')"

for day in 2026-11-23 2026-11-24 2026-11-25 2026-11-26; do
	daily_run "$day"
done
actions_json --customer PAR --kind fee
expect_eq "PAR: the fee step refused, charge_limit" "refused charge_limit" \
	"$(jq_actions 'a[0]["state"] + " " + a[0]["reason_code"]')"
actions_json --customer FRC --kind fee
expect_eq "FRC (b2b-eu): the 40 EUR compensation posted" "done 40.00" "$(jq_actions 'a[0]["state"] + " " + a[0]["amount"]')"
expect_eq "... no reason: b2b sets no charge limit" None "$(jq_actions 'a[0]["reason_code"]')"
actions_json --customer OVL
expect_eq "OVL (acme-fr): the fee step refused all the same" "refused charge_limit" \
	"$(jq_actions 'next(x["state"] + " " + x["reason_code"] for x in a if x["kind"] == "fee")')"
expect_eq "OVL: the interest step capped to 0.25% a month: 3000.00 x 0.25% x 2/30 days" "done 0.50" \
	"$(jq_actions 'next(x["state"] + " " + x["amount"] for x in a if x["kind"] == "interest")')"
expect_eq "... saying so" "charge_limit: capped by profile 'acme-fr': interest of at most 0.25% a month (charges.interest_monthly_max_bp 25)" \
	"$(jq_actions 'next(x["reason_code"] + ": " + x["reason"] for x in a if x["kind"] == "interest")')"
expect_eq "only the French company's fee and the overlay's capped interest were posted" "FRC:fee:4000,OVL:interest:50" "$(fees)"

# DIM's call (+7) falls on Sunday 29 November: Monday 10:00, not Sunday
daily_run 2026-11-29
actions_json --customer DIM --kind call
expect_eq "DIM: the call moves to Monday 30 November, 10:00 local" 2026-11-30T10:00 "$(jq_actions 'a[0]["local_time"][:16]')"
expect_eq "... postponed: outside the hours" "scheduled outside_hours" "$(jq_actions 'a[0]["state"] + " " + a[0]["reason_code"]')"

# PAR's call (+7) on Tuesday 1 December: 10:00, not before
daily_run 2026-12-01
actions_json --customer PAR --kind call
expect_eq "PAR: the call at 10:00 local" 2026-12-01T10:00 "$(jq_actions 'a[0]["local_time"][:16]')"
expect_eq "... 09:00 UTC" 2026-12-01T09:00:00Z "$(jq_actions 'a[0]["scheduled_at"]')"
actions_json --customer FRC --kind call
expect_eq "FRC: b2b's call in the preferred window, 09:00 local" 2026-12-01T09:00 "$(jq_actions 'a[0]["local_time"][:16]')"
actions_json --state refused
expect_eq "every refusal of the book is a French consumer's charge" '["charge_limit"]' \
	"$(jq_actions 'sorted(set(x["reason_code"] for x in a))')"
# the call-preparation screen does not threaten what the run refuses: no fee, no interest among the next steps
run recoup account show PAR --now 2026-11-24T10:00:00Z --format json
expect_eq "PAR's next steps on its due date: the call alone" '["call"]' \
	"$(python3 -c 'import json,sys; print(json.dumps([s["action"] for s in json.load(open(sys.argv[1]))["next_steps"]["steps"]]))' "$TMP/out")"
finish
