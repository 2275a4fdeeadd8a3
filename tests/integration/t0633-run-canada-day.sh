#!/usr/bin/env bash
# The daily run gives a Canadian debtor its province's public holidays, as
# `rules check` does (t0501): b2b-gentle's call at +7 of an invoice due on
# 24 June 2026 falls on Canada Day, Wednesday 1 July, so an Ontario company
# (by its zone, or by its region) is called on Thursday 2 July; the run
# asked the contact rules through the chunk form, which once left the
# profile's "debtor" calendar unresolved and so called on the holiday.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone,region
ONZ,Maple Tools Ltd,company,CA,America/Toronto,en,CAD,ap@maple.example,+1 416 555 0100,
ONR,Lakeshore Ltd,company,CA,,en,CAD,ap@lakeshore.example,+1 416 555 0110,ON
CSV
)" >/dev/null
recoup import contacts "$(csv_file contacts.csv <<'CSV'
contact_ref,customer_ref,name,role,phone,email,timezone,pays_bills
ONZ-AP,ONZ,Jean Roy,accounts_payable,+1 416 555 0101,jean@maple.example,,true
ONR-AP,ONR,Lee Park,accounts_payable,+1 416 555 0111,lee@lakeshore.example,America/Toronto,true
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
Z1,ONZ,2026-05-25,2026-06-24,CAD,900.00
R1,ONR,2026-05-25,2026-06-24,CAD,900.00
CSV
)" >/dev/null

# the rules themselves: Canada Day is a holiday for calls in Ontario
run recoup rules check --contact ONZ-AP --channel call --at 2026-07-01T15:00:00Z --format json
expect_eq "rules check: no call on Canada Day in Toronto" false \
	"$(python3 -c 'import json,sys; print(str(json.load(open(sys.argv[1]))["allowed"]).lower())' "$TMP/out")"

daily_run 2026-07-01
for c in ONZ ONR; do
	actions_json --customer "$c" --kind call
	expect_eq "$c: one call" 1 "$(jq_actions 'len(a)')"
	day=$(jq_actions 'a[0]["local_time"][:10]')
	expect_eq "$c: the call moves from Canada Day to Thursday 2 July (local)" 2026-07-02 "$day"
	expect_eq "$c: postponed for the holiday" holiday "$(jq_actions 'a[0]["reason_code"]')"
done
finish
