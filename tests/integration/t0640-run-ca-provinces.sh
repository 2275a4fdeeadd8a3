#!/usr/bin/env bash
# Canadian persons get their own province's profile and holidays (issue 9):
# until this test every Canadian person got ca-on, Ontario's calendar, so a
# Quebec debtor was called on the Fete nationale (24 June) and a British
# Columbia debtor on the National Day for Truth and Reconciliation. Now the
# province comes from the region column, else the zone: consumer-standard's
# first call at +7 that falls on the province's holiday moves to its next
# working day, while an Ontario person due the same day is called on it.
# `rules check` and the daily run agree (both ask rules_evaluate).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

# QCP lives in Montreal, in the America/Toronto zone (as the generator
# writes it): the region QC wins over the zone. BCZ has no region: its zone.
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone,address,region
QCP,Chloe Tremblay,person,CA,America/Toronto,fr,CAD,chloe@example.ca,+1 514 555 0100,"1 rue Sherbrooke, Montreal",QC
ONP,Liam Smith,person,CA,America/Toronto,en,CAD,liam@example.ca,+1 416 555 0100,"1 King St W, Toronto",ON
BCP,Ava Wong,person,CA,America/Vancouver,en,CAD,ava@example.ca,+1 604 555 0100,"1 Granville St, Vancouver",BC
BCZ,Noah Singh,person,CA,America/Vancouver,en,CAD,noah@example.ca,+1 604 555 0101,"2 Douglas St, Victoria",
ONT,Emma Brown,person,CA,America/Toronto,en,CAD,emma@example.ca,+1 416 555 0101,"2 Bay St, Toronto",ON
CSV
)" >/dev/null
# 17 June + 7 = Wednesday 24 June; 27 July + 7 = Monday 3 August (BC Day,
# also Ontario's Civic Holiday); 23 September + 7 = Wednesday 30 September
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
Q1,QCP,2026-05-18,2026-06-17,CAD,300.00
O1,ONP,2026-05-18,2026-06-17,CAD,300.00
B1,BCP,2026-06-27,2026-07-27,CAD,300.00
Z1,BCZ,2026-08-24,2026-09-23,CAD,300.00
T1,ONT,2026-08-24,2026-09-23,CAD,300.00
CSV
)" >/dev/null

# check CONTACT CHANNEL AT: `rules check --format json` into $TMP/out (a
# person's own contact has the customer's ref)
check() {
	run recoup rules check --contact "$1" --channel "$2" --at "$3" --format json
}
field() {
	python3 -c 'import json,sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print(str(v).lower() if isinstance(v, bool) else v)' "$TMP/out" "$1"
}
codes() {
	python3 -c 'import json,sys; print(" ".join(r["code"] for r in json.load(open(sys.argv[1]))[sys.argv[2]]))' \
		"$TMP/out" "$1"
}

# --- the rules: each person's province's profile and calendar ---
check QCP call 2026-06-24T15:00:00Z
expect_eq "a Quebec person gets ca-qc" ca-qc "$(field profile)"
expect_eq "Quebec: no call on the Fete nationale" holiday "$(codes reasons)"
expect_stdout_contains "calendar CA-QC"
check ONP call 2026-06-24T15:00:00Z
expect_eq "an Ontario person keeps ca-on" ca-on "$(field profile)"
expect_eq "Ontario: 24 June is a working day" true "$(field allowed)"
check QCP call 2026-06-27T13:00:00Z
expect_eq "Quebec: Saturday 09:00 allowed" true "$(field allowed)"
check QCP call 2026-06-28T18:00:00Z
expect_eq "Quebec: never on a Sunday (s. 34(4))" false "$(field allowed)"
check QCP call 2026-06-26T00:30:00Z
expect_eq "Quebec: not after 20:00 (Thursday 20:30 local)" false "$(field allowed)"
check ONP call 2026-06-26T00:30:00Z
expect_eq "Ontario: until 21:00 (Thursday 20:30 local)" true "$(field allowed)"
check BCP call 2026-08-03T18:00:00Z
expect_eq "a BC person gets ca-bc" ca-bc "$(field profile)"
expect_eq "BC: no call on British Columbia Day" holiday "$(codes reasons)"
expect_stdout_contains "calendar CA-BC"
check BCZ call 2026-09-30T18:00:00Z
expect_eq "a person in Vancouver's zone, no region: ca-bc" ca-bc "$(field profile)"
expect_eq "BC: no call on 30 September" holiday "$(codes reasons)"
check BCP call 2026-08-02T21:00:00Z
expect_eq "BC: Sunday 14:00 allowed" true "$(field allowed)"
check BCP call 2026-08-02T01:00:00Z
expect_eq "BC: Saturday 18:00 allowed" true "$(field allowed)"

# agrees CUSTOMER: the customer's call of the last actions_json passes
# `rules check` at its scheduled moment
agrees() {
	local contact at
	contact=$(jq_actions 'a[0]["contact_ref"]')
	at=$(jq_actions 'a[0]["scheduled_at"]')
	run recoup rules check --contact "$contact" --channel call --at "$at" --format json
	expect_eq "$1: rules check allows the run's call at $at" true "$(field allowed)"
}

# --- the daily run agrees ---
daily_run 2026-06-24
actions_json --customer QCP --kind call
expect_eq "QCP: one call" 1 "$(jq_actions 'len(a)')"
expect_eq "QCP: the call moves from 24 June to Thursday 25 June (local)" 2026-06-25 \
	"$(jq_actions 'a[0]["local_time"][:10]')"
expect_eq "QCP: not before 08:00 in Quebec" True "$(jq_actions 'a[0]["local_time"][11:16] >= "08:00"')"
expect_eq "QCP: postponed for the holiday" holiday "$(jq_actions 'a[0]["reason_code"]')"
agrees QCP
actions_json --customer ONP --kind call
expect_eq "ONP: called on 24 June" 2026-06-24 "$(jq_actions 'a[0]["local_time"][:10]')"
agrees ONP
expect_eq "the run lists no customer without a calendar" 0 \
	"$(jq_out 'o.get("no_holiday_calendar", {}).get("count", 0)')"

daily_run 2026-08-03
actions_json --customer BCP --kind call
expect_eq "BCP: one call" 1 "$(jq_actions 'len(a)')"
expect_eq "BCP: the call moves from BC Day to Tuesday 4 August (local)" 2026-08-04 \
	"$(jq_actions 'a[0]["local_time"][:10]')"
expect_eq "BCP: postponed for the holiday" holiday "$(jq_actions 'a[0]["reason_code"]')"
agrees BCP

daily_run 2026-09-30
actions_json --customer BCZ --kind call
expect_eq "BCZ: the call moves from 30 September to 1 October (local)" 2026-10-01 \
	"$(jq_actions 'a[0]["local_time"][:10]')"
expect_eq "BCZ: postponed for the holiday" holiday "$(jq_actions 'a[0]["reason_code"]')"
agrees BCZ
actions_json --customer ONT --kind call
expect_eq "ONT: called on 30 September (not a holiday in Ontario)" 2026-09-30 \
	"$(jq_actions 'a[0]["local_time"][:10]')"

finish
