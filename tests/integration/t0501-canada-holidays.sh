#!/usr/bin/env bash
# Canadian debtors get their province's public holidays (issue 9 point 5):
# a company's profile (b2b) takes the "debtor" calendar, which for Canada is
# the province's, from the customer's region, else its zone; a Canadian customer whose province has no calendar here (a
# territory), or cannot be told, is still warned no_holiday_calendar.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

customers=$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
ON1,Maple Tools Ltd,company,CA,America/Toronto,en,CAD,,ap@maple.example,+1 416 555 0100,"1 King St W, Toronto",
BC1,Cedar Supply Inc,company,CA,America/Vancouver,en,CAD,,ap@cedar.example,+1 604 555 0100,,
AB1,Prairie Parts Ltd,company,CA,America/Edmonton,en,CAD,,ap@prairie.example,+1 403 555 0100,,
MB1,Red River Co,company,CA,America/Winnipeg,en,CAD,,ap@redriver.example,+1 204 555 0100,,
CAX,Nowhere Ltd,company,CA,,en,CAD,,ap@nowhere.example,+1 416 555 0199,,
CAY,Anywhere Ltd,company,CA,,en,CAD,,ap@anywhere.example,+1 416 555 0198,,
CSV
)
# the region column names the province where the zone cannot: none, or one that maps to no province
regions=$(csv_file customers-region.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,region
ONR,Lakeshore Ltd,company,CA,,en,CAD,ap@lakeshore.example,ON
ONZ,Harbour Ltd,company,CA,Etc/UTC,en,CAD,ap@harbour.example,CA-ON
BCR,Coast Ltd,company,CA,America/Toronto,en,CAD,ap@coast.example,BC
CSV
)
contacts=$(csv_file contacts.csv <<'CSV'
contact_ref,customer_ref,name,role,phone,email,timezone,pays_bills,best_time,notes
ON1-AP,ON1,Jean Roy,accounts_payable,+1 416 555 0101,jean@maple.example,,true,,
BC1-AP,BC1,Ann Lee,accounts_payable,+1 604 555 0101,ann@cedar.example,,true,,
AB1-AP,AB1,Bo Chan,accounts_payable,+1 403 555 0101,bo@prairie.example,,true,,
MB1-AP,MB1,Di Fox,accounts_payable,+1 204 555 0101,di@redriver.example,,true,,
CAX-AP,CAX,Al Kim,accounts_payable,+1 416 555 0102,al@nowhere.example,America/Toronto,true,,
CAY-AP,CAY,Ed Moe,accounts_payable,+1 416 555 0103,ed@anywhere.example,,true,,
ONR-AP,ONR,Flo Ng,accounts_payable,+1 416 555 0104,flo@lakeshore.example,,true,,
ONZ-AP,ONZ,Gus Ray,accounts_payable,+1 416 555 0105,gus@harbour.example,,true,,
BCR-AP,BCR,Hal Yu,accounts_payable,+1 604 555 0106,hal@coast.example,,true,,
CSV
)
invoices=$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
ON1-I1,ON1,2027-04-01,2027-05-01,CAD,1200.00
BC1-I1,BC1,2027-04-01,2027-05-01,CAD,800.00
AB1-I1,AB1,2027-04-01,2027-05-01,CAD,800.00
MB1-I1,MB1,2027-04-01,2027-05-01,CAD,800.00
CAX-I1,CAX,2027-04-01,2027-05-01,CAD,800.00
CAY-I1,CAY,2027-04-01,2027-05-01,CAD,800.00
CSV
)
recoup import customers "$customers" >/dev/null
recoup import customers "$regions" >/dev/null
recoup import contacts "$contacts" >/dev/null
recoup import invoices "$invoices" >/dev/null

json() {
	python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v[int(k)] if isinstance(v, list) else v[k]
print("null" if v is None else (str(v).lower() if isinstance(v, bool) else v))' "$TMP/out" "$1"
}
codes() { # reasons or warnings
	python3 -c 'import json,sys; print(" ".join(r["code"] for r in json.load(open(sys.argv[1]))[sys.argv[2]]))' \
		"$TMP/out" "$1"
}
check() { # CONTACT AT [CHANNEL]
	run recoup rules check --contact "$1" --channel "${3:-call}" --at "$2" --format json
	[[ $status == 0 ]] || fail "rules check $1 $2 exits 0" "$(cat "$TMP/err")"
}

# --- Ontario: Canada Day 2027 is Thursday 1 July; 10:00 in Toronto is 14:00Z ---
check ON1-AP 2027-07-01T14:00:00Z
expect_eq "an Ontario company is refused a call on Canada Day" false "$(json allowed)"
expect_eq "refused as holiday" holiday "$(codes reasons)"
expect_stdout_contains "calendar CA-ON"
expect_eq "next allowed on Friday 2 July at the window's opening" 2027-07-02 "$(json next_allowed_at | cut -c1-10)"
check ON1-AP 2027-07-02T14:00:00Z
expect_eq "and allowed on Friday 2 July at 10:00 Toronto" true "$(json allowed)"
expect_eq "with no warning" "" "$(codes warnings)"
# Ontario's Civic Holiday (Monday 2 August 2027) is not a holiday in Alberta
check ON1-AP 2027-08-02T14:00:00Z
expect_eq "Ontario: Civic Holiday refused" holiday "$(codes reasons)"

# --- British Columbia: B.C. Day (Monday 2 August 2027), 10:00 Vancouver is 17:00Z ---
check BC1-AP 2027-08-02T17:00:00Z
expect_eq "British Columbia: B.C. Day refused" holiday "$(codes reasons)"
expect_stdout_contains "calendar CA-BC"
check BC1-AP 2027-09-30T17:00:00Z
expect_eq "British Columbia: 30 September refused" holiday "$(codes reasons)"

# --- Alberta: Family Day (Monday 15 February 2027) closed, Civic Holiday open; 10:00 Edmonton is 17:00Z ---
check AB1-AP 2027-02-15T17:00:00Z
expect_eq "Alberta: Family Day refused" holiday "$(codes reasons)"
check AB1-AP 2027-08-02T16:00:00Z
expect_eq "Alberta: 2 August is a working day" true "$(json allowed)"

# --- Manitoba (by its zone) has a calendar since t0641: Canada Day refused ---
check MB1-AP 2027-07-01T15:00:00Z
expect_eq "Manitoba: Canada Day refused" holiday "$(codes reasons)"
expect_stdout_contains "calendar CA-MB"
# --- no calendar known: a customer with neither region nor zone ---
# (email: 17:00Z is within 08:00-18:00 in every Canadian zone, so only the calendar could refuse)
check CAY-AP 2027-07-02T17:00:00Z email
expect_eq "neither region nor zone: allowed" true "$(json allowed)"
expect_eq "neither region nor zone: warned no_holiday_calendar" no_holiday_calendar "$(codes warnings)"
check CAY-AP 2027-07-01T17:00:00Z email
expect_eq "neither region nor zone: Canada Day is not known to be a holiday" "" "$(codes reasons)"
# the contact's zone stands in for a customer without one
check CAX-AP 2027-07-01T14:00:00Z
expect_eq "customer without zone, contact in Toronto: Ontario's calendar" holiday "$(codes reasons)"

# --- the region column: it names the province before any zone does ---
# (email: 17:00Z is within 08:00-18:00 in every Canadian zone, so only the calendar could refuse)
check ONR-AP 2027-07-01T17:00:00Z email
expect_eq "region ON, no zone anywhere: refused on Canada Day" holiday "$(codes reasons)"
expect_stdout_contains "calendar CA-ON"
check ONR-AP 2027-08-02T17:00:00Z email
expect_eq "region ON, no zone: Ontario's Civic Holiday refused" holiday "$(codes reasons)"
check ONZ-AP 2027-07-01T17:00:00Z email
expect_eq "region CA-ON (stored as ON), a zone that maps to no province: refused on Canada Day" holiday \
	"$(codes reasons)"
expect_stdout_contains "calendar CA-ON"
expect_eq "the prefixed region is stored without its prefix" ON "$(sql "SELECT region FROM customer WHERE ref = 'ONZ'")"
check BCR-AP 2027-09-30T17:00:00Z email
expect_eq "region BC wins over a Toronto zone: 30 September refused" holiday "$(codes reasons)"
expect_stdout_contains "calendar CA-BC"
check BCR-AP 2027-08-02T17:00:00Z email
expect_eq "region BC wins over a Toronto zone: B.C. Day refused" holiday "$(codes reasons)"

finish
