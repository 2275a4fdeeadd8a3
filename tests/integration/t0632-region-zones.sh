#!/usr/bin/env bash
# A debtor whose zone is unknown is called only when the moment is lawful
# wherever it may be: for a US company that means from Hawaii to Maine at
# once, which a business-hours window with a lunch pause never is. Its
# region (customers.csv `region`, ISO 3166-2) narrows that to the state's
# zones: a New York company is called in New York's hours, a Florida one
# in both Eastern and Central hours, and the daily run schedules their
# calls instead of refusing them.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone,region
NYC,Hudson Supply Inc,company,US,,en,USD,ap@hudson.example,+1 212 555 0100,NY
FLA,Gulf Supply Inc,company,US,,en,USD,ap@gulf.example,+1 850 555 0100,FL
USA,Nowhere Supply Inc,company,US,,en,USD,ap@nowhere.example,+1 202 555 0100,
CSV
)" >/dev/null
recoup import contacts "$(csv_file contacts.csv <<'CSV'
contact_ref,customer_ref,name,role,phone,email,timezone,pays_bills
NYC-AP,NYC,Ann Payable,accounts_payable,+1 212 555 0101,ann@hudson.example,,true
FLA-AP,FLA,Fay Payable,accounts_payable,+1 850 555 0101,fay@gulf.example,,true
USA-AP,USA,Una Payable,accounts_payable,+1 202 555 0101,una@nowhere.example,,true
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
N1,NYC,2026-10-01,2026-11-09,USD,500.00
F1,FLA,2026-10-01,2026-11-09,USD,500.00
U1,USA,2026-10-01,2026-11-09,USD,500.00
CSV
)" >/dev/null

allowed() { # CONTACT AT
	run recoup rules check --contact "$1" --channel call --at "$2" --format json
	python3 -c 'import json,sys; print(str(json.load(open(sys.argv[1]))["allowed"]).lower())' "$TMP/out"
}
# Monday 2026-11-16, 15:00Z: 10:00 in New York, 09:00 in Chicago, 05:00 in Honolulu
expect_eq "10:00 in New York: a New York company may be called" true "$(allowed NYC-AP 2026-11-16T15:00:00Z)"
expect_eq "12:30Z is 07:30 in New York: too early" false "$(allowed NYC-AP 2026-11-16T12:30:00Z)"
expect_eq "13:30Z is 08:30 in New York: allowed" true "$(allowed NYC-AP 2026-11-16T13:30:00Z)"
expect_eq "but for a Florida company 13:30Z is also 07:30 in Pensacola (Central)" false \
	"$(allowed FLA-AP 2026-11-16T13:30:00Z)"
expect_eq "and 14:00Z is 08:00 there" true "$(allowed FLA-AP 2026-11-16T14:00:00Z)"
expect_eq "a US company with no zone and no region: not while it is 05:00 in Hawaii" false \
	"$(allowed USA-AP 2026-11-16T15:00:00Z)"

# the daily run at +7 (the b2b-gentle call): scheduled for NYC and FLA, refused for USA
daily_run 2026-11-16
actions_json
expect_eq "calls scheduled for the companies whose state is known" "FLA:scheduled NYC:scheduled USA:refused" \
	"$(jq_actions '" ".join(sorted("%s:%s" % (x["customer_ref"], x["state"]) for x in a if x["kind"] == "call"))')"
expect_eq "the New York call is in New York's morning" "America/New_York" \
	"$(jq_actions '[x["local_time"] for x in a if x["kind"] == "call" and x["customer_ref"] == "NYC"][0].split(" ")[-1]')"
finish
