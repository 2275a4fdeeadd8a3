#!/usr/bin/env bash
# Manitoba, Nova Scotia and Newfoundland and Labrador have holiday
# calendars (issue 9): before them the daily run listed every customer of
# these provinces under no_holiday_calendar (53 companies of the generated
# 1,000,000-customer book) and called them on their holidays. b2b-gentle's
# call at +7 of an invoice due Monday 9 February 2026 falls on Monday 16
# February: Louis Riel Day in Manitoba, Heritage Day in Nova Scotia, a
# working day in Newfoundland and Labrador. A Manitoba person gets
# ca-consumer, whose calendar is the debtor's province. A Yukon company
# (the territories have no calendar yet) is still listed.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone,region
MBC,Red River Co,company,CA,America/Winnipeg,en,CAD,ap@redriver.example,+1 204 555 0100,MB
NSC,Bluenose Ltd,company,CA,America/Halifax,en,CAD,ap@bluenose.example,+1 902 555 0100,
NLC,Signal Hill Inc,company,CA,America/St_Johns,en,CAD,ap@signalhill.example,+1 709 555 0100,NL
YTC,Klondike Ltd,company,CA,America/Whitehorse,en,CAD,ap@klondike.example,+1 867 555 0100,YT
MBP,Olivia Martin,person,CA,America/Winnipeg,en,CAD,olivia@example.ca,+1 204 555 0200,MB
CSV
)" >/dev/null
recoup import contacts "$(csv_file contacts.csv <<'CSV'
contact_ref,customer_ref,name,role,phone,email,timezone,pays_bills
MBC-AP,MBC,Di Fox,accounts_payable,+1 204 555 0101,di@redriver.example,,true
NSC-AP,NSC,Al Kim,accounts_payable,+1 902 555 0101,al@bluenose.example,,true
NLC-AP,NLC,Ed Moe,accounts_payable,+1 709 555 0101,ed@signalhill.example,,true
YTC-AP,YTC,Flo Ng,accounts_payable,+1 867 555 0101,flo@klondike.example,,true
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
M1,MBC,2026-01-09,2026-02-09,CAD,900.00
N1,NSC,2026-01-09,2026-02-09,CAD,900.00
L1,NLC,2026-01-09,2026-02-09,CAD,900.00
Y1,YTC,2026-01-09,2026-02-09,CAD,900.00
P1,MBP,2026-01-09,2026-02-09,CAD,300.00
CSV
)" >/dev/null

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
check() {
	run recoup rules check --contact "$1" --channel call --at "$2" --format json
}

# --- the rules: 16 February 2026, 10:00 local ---
check MBC-AP 2026-02-16T16:00:00Z
expect_eq "Manitoba: Louis Riel Day refused" holiday "$(codes reasons)"
expect_stdout_contains "calendar CA-MB"
expect_eq "Manitoba: no longer warned no_holiday_calendar" "" "$(codes warnings | tr ' ' '\n' | grep -x no_holiday_calendar || true)"
check NSC-AP 2026-02-16T14:00:00Z
expect_eq "Nova Scotia (by its zone): Heritage Day refused" holiday "$(codes reasons)"
expect_stdout_contains "calendar CA-NS"
check NLC-AP 2026-02-16T13:30:00Z
expect_eq "Newfoundland and Labrador: 16 February is a working day" true "$(field allowed)"
check NLC-AP 2026-07-01T13:30:00Z
expect_eq "Newfoundland and Labrador: Memorial Day refused" holiday "$(codes reasons)"
expect_stdout_contains "calendar CA-NL"
check MBP 2026-02-16T16:00:00Z
expect_eq "a Manitoba person gets ca-consumer" ca-consumer "$(field profile)"
expect_eq "... with Manitoba's calendar: Louis Riel Day refused" holiday "$(codes reasons)"
expect_stdout_contains "calendar CA-MB"
check YTC-AP 2026-02-16T17:00:00Z
expect_eq "Yukon: no calendar yet, warned" True \
	"$(python3 -c 'import json,sys; print(any(w["code"] == "no_holiday_calendar" for w in json.load(open(sys.argv[1]))["warnings"]))' "$TMP/out")"

# --- the daily run agrees ---
daily_run 2026-02-16
expect_eq "only the Yukon company is listed under no_holiday_calendar" '["YTC"]' \
	"$(jq_out 'sorted(o["no_holiday_calendar"]["customers"])')"
for c in MBC NSC MBP; do
	actions_json --customer "$c" --kind call
	expect_eq "$c: one call" 1 "$(jq_actions 'len(a)')"
	expect_eq "$c: the call moves to Tuesday 17 February (local)" 2026-02-17 "$(jq_actions 'a[0]["local_time"][:10]')"
	expect_eq "$c: postponed for the holiday" holiday "$(jq_actions 'a[0]["reason_code"]')"
	check "$(jq_actions 'a[0]["contact_ref"]')" "$(jq_actions 'a[0]["scheduled_at"]')"
	expect_eq "$c: rules check allows the run's call at its moment" true "$(field allowed)"
done
actions_json --customer NLC --kind call
expect_eq "NLC: called on Monday 16 February" 2026-02-16 "$(jq_actions 'a[0]["local_time"][:10]')"
finish
