#!/usr/bin/env bash
# t0541: the segment columns (issue 9 point 3, docs/csv.md): customers.csv's
# tags and region and invoices.csv's product are imported (tags sorted,
# "CA-ON" stored as "ON"), every bad value is refused with its line and
# column and changes nothing, a re-import (same file, tags in another
# order, a file without the columns) changes nothing, a different value is
# a conflict naming the column, `customer set tags=` is recorded in the
# change log, the shows print them, an export imports back into a fresh
# database unchanged (and `recoup migrate` copies them to PostgreSQL), and
# the generator writes them.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

customers=$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,currency,email,tags,region
C1,Maple Tools Ltd,company,CA,America/Toronto,CAD,ap@maple.example,reseller;key-account,CA-ON
C2,Hudson Supply Inc,company,US,America/New_York,USD,ap@hudson.example,public-sector,NY
C3,Jan Kowalski,person,PL,Europe/Warsaw,PLN,jan@example.pl,,
CSV
)
invoices=$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount,product
I1,C1,2026-09-01,2026-10-01,CAD,1200.00,Spare parts
I2,C1,2026-09-15,2026-10-15,CAD,300.00,
I3,C2,2026-09-01,2026-10-01,USD,800.00,consulting
I4,C3,2026-09-01,2026-09-15,PLN,99.00,broadband
CSV
)

# --- import: stored normalised ---
expect_exit 0 recoup import customers "$customers"
expect_stdout_contains "3 rows imported into customers (3 new or changed, 0 already stored)"
expect_exit 0 recoup import invoices "$invoices"
expect_eq "tags are stored sorted, the region without its country prefix" \
	"C1|key-account;reseller|ON,C2|public-sector|NY,C3||" \
	"$(sql_join , "SELECT ref || '|' || tags || '|' || region FROM customer ORDER BY ref")"
expect_eq "products are stored as given" "I1|Spare parts,I2|,I3|consulting,I4|broadband" \
	"$(sql_join , "SELECT ref || '|' || product FROM invoice ORDER BY ref")"

# --- bad values: each refused with its line and column, nothing changed ---
long_tag=$(printf 'a%.0s' {1..33})
many_tags=$(printf 't%d;' {1..17})
long_product=$(printf 'p%.0s' {1..65})
bad_customers=$(csv_file bad-customers.csv <<CSV
customer_ref,name,kind,country,currency,tags,region
B1,Upper,company,CA,CAD,Key-Account,ON
B2,Empty tag,company,CA,CAD,a;;b,ON
B3,Twice,company,CA,CAD,vip;reseller;vip,ON
B4,Too many,company,CA,CAD,${many_tags%;},ON
B5,Too long,company,CA,CAD,$long_tag,ON
B6,Space,company,CA,CAD,key account,ON
B7,Lower region,company,CA,CAD,vip,on
B8,Other country,company,CA,CAD,vip,US-NY
B9,Long region,company,CA,CAD,vip,ONTA
B10,Fine,company,CA,CAD,vip,QC
CSV
)
db_snapshot
expect_exit 1 recoup import customers "$bad_customers"
expect_stderr_contains "bad-customers.csv:2: tags: tag 'Key-Account' may hold only lower-case letters, digits, '_' and '-'"
expect_stderr_contains "bad-customers.csv:3: tags: 'a;;b' has an empty tag"
expect_stderr_contains "bad-customers.csv:4: tags: tag 'vip' is given twice"
expect_stderr_contains "bad-customers.csv:5: tags: '${many_tags%;}' has more than 16 tags"
expect_stderr_contains "bad-customers.csv:6: tags: tag '$long_tag' is longer than 32 bytes"
expect_stderr_contains "bad-customers.csv:7: tags: tag 'key account' may hold only"
expect_stderr_contains "bad-customers.csv:8: region: 'on' is not an ISO 3166-2 subdivision code"
expect_stderr_contains "bad-customers.csv:9: region: 'US-NY' is a subdivision of US, not of the customer's country CA"
expect_stderr_contains "bad-customers.csv:10: region: 'ONTA' is not an ISO 3166-2 subdivision code"
expect_stderr_contains "9 bad rows; nothing was imported"
expect_db_unchanged "bad tags and regions change nothing (the good row is not imported either)"

bad_invoices="$TMP/bad-invoices.csv"
{
	echo "invoice_ref,customer_ref,issue_date,due_date,currency,amount,product"
	echo "J1,C1,2026-09-01,2026-10-01,CAD,10.00,$long_product"
	printf 'J2,C1,2026-09-01,2026-10-01,CAD,10.00,"tab\there"\n'
	printf 'J3,C1,2026-09-01,2026-10-01,CAD,10.00,"line\nbreak"\n'
	echo "J4,C1,2026-09-01,2026-10-01,CAD,10.00,fine"
} >"$bad_invoices"
expect_exit 1 recoup import invoices "$bad_invoices"
expect_stderr_contains "bad-invoices.csv:2: product: too long: 65 bytes, at most 64"
expect_stderr_contains "bad-invoices.csv:3: product:"
expect_stderr_contains "bad-invoices.csv:4: product:"
expect_stderr_contains "3 bad rows; nothing was imported"
expect_db_unchanged "bad products change nothing"

# --- re-imports: the same file, tags in another order, files without the columns ---
reimport_is_noop() { # KIND FILE DESC
	db_snapshot
	expect_exit 0 recoup import "$1" "$2"
	expect_stdout_contains "all already stored; nothing changed"
	expect_db_unchanged "$3"
}
reimport_is_noop customers "$customers" "the same customers again change nothing"
reimport_is_noop invoices "$invoices" "the same invoices again change nothing"
reordered=$(csv_file reordered.csv <<'CSV'
customer_ref,name,kind,country,timezone,currency,email,tags,region
C1,Maple Tools Ltd,company,CA,America/Toronto,CAD,ap@maple.example,key-account;reseller,ON
CSV
)
reimport_is_noop customers "$reordered" "the same tags in another order, ON for CA-ON: unchanged"
without=$(csv_file without.csv <<'CSV'
customer_ref,name,kind,country,timezone,currency,email
C1,Maple Tools Ltd,company,CA,America/Toronto,CAD,ap@maple.example
C2,Hudson Supply Inc,company,US,America/New_York,USD,ap@hudson.example
CSV
)
reimport_is_noop customers "$without" "a file without tags and region leaves them stored"
invoices_without=$(csv_file invoices-without.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-09-01,2026-10-01,CAD,1200.00
I3,C2,2026-09-01,2026-10-01,USD,800.00
CSV
)
reimport_is_noop invoices "$invoices_without" "an invoice file without product leaves it stored"
db_snapshot
expect_exit 0 recoup import customers "$without" --update
expect_db_unchanged "--update from a file without the columns does not blank them"

# --- conflicts name the column ---
conflict=$(csv_file conflict.csv <<'CSV'
customer_ref,name,kind,country,timezone,currency,email,tags,region
C1,Maple Tools Ltd,company,CA,America/Toronto,CAD,ap@maple.example,key-account,ON
CSV
)
db_snapshot
expect_exit 1 recoup import customers "$conflict"
expect_stderr_contains "conflict.csv:2: customer_ref: customer 'C1' is already stored with tags 'key-account;reseller', not 'key-account'"
expect_db_unchanged "a tags conflict changes nothing"
region_conflict=$(csv_file region-conflict.csv <<'CSV'
customer_ref,name,kind,country,currency,region
C2,Hudson Supply Inc,company,US,USD,NJ
CSV
)
expect_exit 1 recoup import customers "$region_conflict"
expect_stderr_contains "region-conflict.csv:2: customer_ref: customer 'C2' is already stored with region 'NY', not 'NJ'"
product_conflict=$(csv_file product-conflict.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount,product
I3,C2,2026-09-01,2026-10-01,USD,800.00,software
CSV
)
expect_exit 1 recoup import invoices "$product_conflict"
expect_stderr_contains "product-conflict.csv:2: invoice_ref: invoice 'I3' is already stored with product 'consulting', not 'software'"
expect_db_unchanged "conflicts of region and product change nothing"

# --- corrections: customer set, and import --update, both in the change log ---
expect_exit 1 recoup customer set C2 tags="Public" --by tester
expect_stderr_contains "tags: tag 'Public' may hold only lower-case letters"
expect_exit 1 recoup customer set C2 region=CA-ON --by tester
expect_stderr_contains "region: 'CA-ON' is a subdivision of CA, not of the customer's country US"
expect_db_unchanged "refused corrections change nothing"
expect_exit 0 recoup customer set C2 tags="reseller;new-customer" region=US-NJ --by tester
expect_stdout_contains "customer C2: tags 'public-sector' -> 'new-customer;reseller'"
expect_stdout_contains "customer C2: region 'NY' -> 'NJ'"
expect_eq "the change log has both, by tester" \
	"tags|public-sector|new-customer;reseller|tester,region|NY|NJ|tester" \
	"$(sql_join , "SELECT field || '|' || old_value || '|' || new_value || '|' || changed_by FROM record_change
		WHERE entity = 'customer' AND ref = 'C2' ORDER BY id")"
expect_exit 0 recoup customer set C2 tags="new-customer;reseller" --by tester
expect_stdout_contains "nothing changed"
expect_exit 0 recoup import customers "$conflict" --update --by importer
expect_eq "import --update records the tags it changed" "tags|key-account;reseller|key-account|importer" \
	"$(sql "SELECT field || '|' || old_value || '|' || new_value || '|' || changed_by FROM record_change
		WHERE entity = 'customer' AND ref = 'C1' ORDER BY id")"

# --- the shows ---
expect_exit 0 recoup customer show C2 --as-of 2026-11-30
expect_stdout_contains "tags new-customer;reseller, region NJ"
expect_stdout_contains "customer C2 tags: 'public-sector' -> 'new-customer;reseller' by tester"
expect_exit 0 recoup customer show C1 --as-of 2026-11-30
expect_stdout_contains "product Spare parts"
expect_exit 0 recoup customer show C1 --as-of 2026-11-30 --format json
expect_eq "customer show json: tags and region" "key-account|ON|Spare parts" \
	"$(python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); c=v["customer"]
print(c["tags"] + "|" + c["region"] + "|" + [i["product"] for i in v["invoices"] if i["invoice_ref"] == "I1"][0])' \
		"$TMP/out")"
expect_exit 0 recoup account show C2 --now 2026-11-30T15:00:00Z
expect_stdout_contains "tags new-customer;reseller, region NJ"
expect_stdout_contains "product consulting"
expect_exit 0 recoup account show C2 --now 2026-11-30T15:00:00Z --format json
expect_eq "account show json: tags as a list, region, product" '["new-customer", "reseller"]|NJ|consulting' \
	"$(python3 -c 'import json,sys; v=json.load(open(sys.argv[1])); c=v["customer"]
print(json.dumps(c["tags"]) + "|" + c["region"] + "|" + v["invoices"][0]["product"])' "$TMP/out")"

# --- export round trip ---
fresh=$(db_new fresh)
for kind in customers invoices; do
	expect_exit 0 recoup export "$kind" --format csv --out "export-$kind.csv"
done
expect_eq "the export has the columns" "customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile,tags,region,unapplied_credit" \
	"$(head -1 export-customers.csv)"
reimport_is_noop customers export-customers.csv "the customers export imports back as a no-op"
reimport_is_noop invoices export-invoices.csv "the invoices export imports back as a no-op"
expect_exit 0 recoup --db "$fresh" import customers export-customers.csv
expect_exit 0 recoup --db "$fresh" import invoices export-invoices.csv
for kind in customers invoices; do
	recoup --db "$fresh" export "$kind" --format csv --out "again-$kind.csv"
	expect_same_file "$kind: export, import into a fresh database, export: the same" "export-$kind.csv" "again-$kind.csv"
done

# --- recoup migrate copies them (into PostgreSQL: from this database, whichever backend it is) ---
if [[ $TEST_BACKEND == postgres ]]; then
	target=$(db_new migrated)
	expect_exit 0 recoup migrate --to "$target"
	for kind in customers invoices; do
		recoup --db "$target" export "$kind" --format csv --out "migrated-$kind.csv"
		expect_same_file "$kind: migrated with their tags, regions and products" "export-$kind.csv" \
			"migrated-$kind.csv"
	done
fi

# --- the generator writes them, and they import ---
recoup generate --customers 400 --seed 7 --as-of 2026-11-30 --out gen >/dev/null
gen_db=$(db_new gen)
expect_exit 0 recoup --db "$gen_db" import customers gen/customers.csv
expect_exit 0 recoup --db "$gen_db" import invoices gen/invoices.csv
python3 - gen <<'EOF' >gen-check.txt
import csv, re, sys
d = sys.argv[1]
bad = []
tags = set()
regions = {"CA": 0, "US": 0, "other": 0}
for c in csv.DictReader(open(f"{d}/customers.csv", encoding="utf-8")):
    t = c["tags"].split(";") if c["tags"] else []
    tags.update(t)
    if t != sorted(t) or any(not re.fullmatch(r"[a-z0-9_-]{1,32}", x) for x in t):
        bad.append(c["customer_ref"] + " tags " + c["tags"])
    if c["country"] in ("CA", "US"):
        regions[c["country"]] += re.fullmatch(r"[A-Z0-9]{1,3}", c["region"]) is not None
    else:
        regions["other"] += c["region"] != ""
products = {i["product"] for i in csv.DictReader(open(f"{d}/invoices.csv", encoding="utf-8"))}
print("bad:", bad[:5])
print("tags:", len(tags) >= 4)
print("regions:", regions["CA"] > 0 and regions["US"] > 0 and regions["other"] == 0)
print("products:", len(products) >= 6 and "" not in products)
EOF
expect_eq "generated tags, regions and products are valid and present" \
	"bad: []|tags: True|regions: True|products: True" "$(paste -sd'|' gen-check.txt)"
expect_eq "every generated CA and US customer has a region once imported" 0 \
	"$(sql "SELECT count(*) FROM customer WHERE country IN ('CA', 'US') AND region = ''" "$gen_db")"

finish
