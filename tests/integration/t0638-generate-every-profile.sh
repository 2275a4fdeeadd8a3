#!/usr/bin/env bash
# t0638: the daily run can judge every customer of a generated book. The
# generator writes persons and companies in six countries, and each one must
# get a contact-rules preset: German consumers once had none, so the run
# refused about one customer in ten of every generated book with cannot_judge.
# Canadian persons and companies come with their province as region, one the
# city's zone agrees with; every province has a calendar, so none of them is
# listed as no_holiday_calendar (only a territory could be). A customer no preset covers (a person in
# Japan) is still refused and listed.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

AS_OF=2026-11-22
N=${T0638_CUSTOMERS:-3000}
expect_exit 0 recoup generate --customers "$N" --seed 1 --as-of "$AS_OF" --out gen
for k in customers contacts invoices payments; do
	expect_exit 0 recoup import "$k" "gen/$k.csv" --as-of "$AS_OF"
done

# the generated customers: every country and kind, and Canada's provinces
python3 - gen/customers.csv >book.txt <<'EOF'
import collections, csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
pairs = sorted({(r["country"], r["kind"]) for r in rows})
print("pairs", " ".join(f"{c}-{k}" for c, k in pairs))
ca = [r for r in rows if r["country"] == "CA"]
zone_provinces = {"America/Toronto": {"ON", "QC"}, "America/Vancouver": {"BC"}, "America/Edmonton": {"AB"},
                  "America/Winnipeg": {"MB"}, "America/Halifax": {"NS"}, "America/St_Johns": {"NL"}}
print("ca_mismatch", sum(r["region"] not in zone_provinces.get(r["timezone"], set()) for r in ca))
for kind in ("person", "company"):
    print(f"ca_{kind}_provinces", " ".join(sorted({r["region"] for r in ca if r["kind"] == kind})))
print("ca_share_ok", int(0.035 <= len(ca) / len(rows) <= 0.065))
EOF
value() { sed -n "s/^$1 //p" book.txt; }
expect_eq "persons and companies in every country" \
	"BR-company BR-person CA-company CA-person DE-company DE-person GB-company GB-person PL-company PL-person US-company US-person" \
	"$(value pairs)"
expect_eq "every Canadian's region is a province of its zone" 0 "$(value ca_mismatch)"
expect_eq "Canadian companies in the provinces with a calendar" true \
	"$(python3 -c 'import sys; print(str({"ON","QC","BC","AB"} <= set(sys.argv[1].split())).lower())' "$(value ca_company_provinces)")"
expect_eq "Canadian persons in the provinces with a calendar" true \
	"$(python3 -c 'import sys; print(str({"ON","QC","BC","AB"} <= set(sys.argv[1].split())).lower())' "$(value ca_person_provinces)")"
expect_eq "Canada is about 5% of the book (3.5-6.5%)" 1 "$(value ca_share_ok)"

daily_run "$AS_OF"
expect_eq "no account refused for want of a profile" '{}' \
	"$(jq_out '{k: v for k, v in o["refused"].items() if k in ("cannot_judge", "unjudged")}')"
cp "$TMP/out" run1.json
actions_json --date "$AS_OF"
python3 - gen/customers.csv "$TMP/actions.json" run1.json >run.txt <<'EOF'
import collections, csv, json, sys
cust = {r["customer_ref"]: r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
acts = json.load(open(sys.argv[2]))
run = json.load(open(sys.argv[3]))
live = collections.Counter()
for a in acts:
    if a["state"] in ("scheduled", "done"):
        r = cust[a["customer_ref"]]
        live[(r["country"], r["kind"])] += 1
print("de_person_actions", int(live[("DE", "person")] > 0))
print("ca_person_actions", int(live[("CA", "person")] > 0))
print("ca_company_actions", int(live[("CA", "company")] > 0))
listed = run.get("no_holiday_calendar", {}).get("customers", [])
# every province the generator writes has a calendar (t0641): only a territory may be listed
bad = [c for c in listed if cust[c]["country"] != "CA" or cust[c]["region"] not in ("YT", "NT", "NU")]
print("calendar_missing_elsewhere", len(bad))
EOF
value() { sed -n "s/^$1 //p" run.txt; }
expect_eq "German consumers get actions" 1 "$(value de_person_actions)"
expect_eq "Canadian consumers get actions" 1 "$(value ca_person_actions)"
expect_eq "Canadian companies get actions" 1 "$(value ca_company_actions)"
expect_eq "no holiday calendar: only Canadians of a province without one" 0 "$(value calendar_missing_elsewhere)"

# a customer no preset covers is refused, and listed, the next day
recoup import customers "$(csv_file jp.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone
JP1,Sato Hanako,person,JP,Asia/Tokyo,ja,USD,hanako@sato.example,+81 3 5550 0100
CSV
)" >/dev/null
recoup import invoices "$(csv_file jp-inv.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
JP1-1,JP1,2026-10-01,2026-10-31,USD,250.00
CSV
)" >/dev/null
daily_run 2026-11-23
actions_json --date 2026-11-23 --state refused
expect_eq "the run refuses the Japanese customer" True \
	"$(jq_actions 'any(x["customer_ref"] == "JP1" and x["reason_code"] == "cannot_judge" for x in a)')"
expect_eq "... and only it for want of a profile" '["JP1"]' \
	"$(jq_actions 'sorted(set(x["customer_ref"] for x in a if x["reason_code"] in ("cannot_judge", "unjudged")))')"
finish
