#!/usr/bin/env bash
# Running twice for the same date creates nothing new and prints the same
# summary; --dry-run prints what a run would do and writes nothing; the
# run stores the day's snapshot that `report trend` prints.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-09-01,2026-10-01,BRL,100.00
A2,ACME,2026-10-01,2026-11-20,BRL,50.00
W1,WAW,2026-10-01,2026-11-16,PLN,70.00
B1,ANA,2026-10-01,2026-11-15,BRL,1000.00
N1,NOMAIL,2026-08-01,2026-09-01,PLN,30.00
CSV
db_snapshot
daily_run 2026-11-17 --dry-run
cp "$TMP/out" "$TMP/dry.json"
expect_db_unchanged "--dry-run writes nothing"
expect_eq "the dry run says so" True "$(jq_out 'o["dry_run"]')"

daily_run 2026-11-17
cp "$TMP/out" "$TMP/first.json"
actions_json
cp "$TMP/actions.json" "$TMP/first-actions.json"
expect_eq "the summary has the keys of the interface" \
	"accounts_seen actions agreements_reviewed as_of cancelled customers_seen customers_visited dry_run no_holiday_calendar postponed refused superseded visit" \
	"$(jq_out '" ".join(sorted(o.keys()))')"
expect_eq "the run did what the dry run said" \
	"$(python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); del o["dry_run"], o["customers_visited"], o["visit"], o["agreements_reviewed"]; print(json.dumps(o, sort_keys=True))' "$TMP/dry.json")" \
	"$(jq_out 'dict((k, v) for k, v in o.items() if k not in ("dry_run", "customers_visited", "visit", "agreements_reviewed"))')"
n_first=$(jq_actions 'len(a)')
expect_eq "actions were recorded" True "$([[ $n_first -gt 3 ]] && echo True || echo False)"

db_snapshot
daily_run 2026-11-17
# but for what this invocation visited (the first run everyone, the second the customers written since: its watch)
expect_eq "a second run prints the same summary" "$(python3 -c 'import json,sys; o=json.load(open(sys.argv[1])); del o["customers_visited"], o["visit"]; print(json.dumps(o, sort_keys=True))' "$TMP/first.json")" \
	"$(jq_out '{k: v for k, v in o.items() if k not in ("customers_visited", "visit")}')"
expect_eq "the second visits only the customers whose outcome could change" "watched" "$(jq_out 'o["visit"]')"
actions_json
expect_same_file "and records nothing new" "$TMP/first-actions.json" "$TMP/actions.json"
n_fee=$(sql "SELECT count(*) FROM ledger_entry WHERE kind = 'fee'")
expect_eq "the fee is posted once" 1 "$n_fee"

# the day's snapshot: the book by bucket and currency, and per strategy
run recoup report trend --from 2026-11-01 --to 2026-11-30 --format json
expect_eq "the snapshot's total for BRL (1,150.00 + the 20.00 fine)" "1170.00" \
	"$(jq_out 'sum(float(r["balance"]) for r in o if r["dimension"] == "total" and r["currency"] == "BRL")' | sed 's/\.0$/.00/')"
expect_eq "accounts by the bucket of their oldest invoice" "current:0 1-30:2 31-60:1 61-90:1" \
	"$(jq_out '" ".join("%s:%d" % (b, sum(r["accounts"] for r in o if r["dimension"] == "total" and r["bucket"] == b)) for b in ["current", "1-30", "31-60", "61-90"])')"
expect_eq "per strategy too" "b2b-gentle consumer-br" \
	"$(jq_out '" ".join(sorted(set(r["key"] for r in o if r["dimension"] == "strategy")))')"
run recoup report trend --from 2026-11-01 --to 2026-11-30
expect_stdout_contains "2026-11-17 BRL"
# the buckets in aging order, not in the text order of their labels ("1-30" before "current")
expect_eq "buckets in aging order" 1 \
	"$(grep -c -E '2026-11-17 BRL .* current [0-9.]+, 1-30 ' "$TMP/out")"

# a day's total that does not fit in 64 bits (two buckets near the limit,
# written by hand: no real book gets there) is named and left out, not wrapped
sql "INSERT INTO run_snapshot(tenant_id, run_date, dimension, key, currency, bucket, accounts, invoices, balance)
     SELECT tenant_id, '2026-11-18', 'total', '', 'USD', b, 1, 1, 9000000000000000000
     FROM (SELECT DISTINCT tenant_id FROM run_snapshot) t, (SELECT 'current' AS b UNION ALL SELECT '1-30') x"
expect_exit 1 recoup report trend --from 2026-11-01 --to 2026-11-30
expect_stdout_contains "2026-11-18 USD         2         2         overflow"
expect_stderr_contains "the balance of 2026-11-18 USD does not fit in 64 bits"
expect_stdout_contains "2026-11-17 BRL"
finish
