#!/usr/bin/env bash
# Agency placement (issue 10 point 7): the place_with_agency step waits for
# a person's review (agency candidates); agency place writes the placement
# file and puts a hold of kind placed on the account, so the daily run
# cancels the waiting call and records nothing new for it while it is
# placed; payments after the placement date count as recovered by the
# agency (report recovery) until the recall, after which the strategy
# resumes. Bad input changes nothing; recoup check passes.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount,po_ref,delivery_note_ref,signed
A1,ACME,2026-09-01,2026-10-01,BRL,500.00,PO-7,DN-7,true
A2,ACME,2026-09-15,2026-10-15,BRL,300.00,,,false
W1,WAW,2026-09-01,2026-10-01,PLN,700.00,,,false
CSV
cat >"$TMP/esc.json" <<'JSON'
{ "name": "esc", "segment": { "kind": "company" },
  "steps": [ { "name": "remind", "offset_days": 0, "action": "email", "template": "remind" },
             { "name": "agency-review", "offset_days": 30, "action": "place_with_agency", "template": "agency-review" },
             { "name": "call-2", "offset_days": 35, "action": "call", "template": "call" },
             { "name": "letter-3", "offset_days": 45, "action": "letter", "template": "formal" } ] }
JSON
recoup strategy set esc "$TMP/esc.json" >/dev/null
recoup strategy default esc --kind company >/dev/null
recoup import contact-history "$(csv_file history.csv <<'CSV'
attempt_ref,contact_ref,at,channel,outcome,invoice_ref,note
H1,ACME-AP,2026-10-20T14:00:00Z,call,promise,A1,promised 500.00 by the 25th
H2,ACME-AP,2026-10-27T14:00:00Z,call,no_answer,A1,
CSV
)" >/dev/null
for day in 2026-10-01 2026-10-31 2026-11-05; do daily_run $day; done

run recoup agency candidates --format json
expect_eq "both accounts await placement review after their agency-review step" "ACME WAW" \
	"$(python3 -c 'import json,sys; print(" ".join(c["customer_ref"] for c in json.load(open(sys.argv[1]))["candidates"]))' "$TMP/out")"
actions_json --customer ACME
expect_eq "ACME has a call waiting before the placement" "scheduled" \
	"$(jq_actions '" ".join(x["state"] for x in a if x["kind"] == "call")')"

# bad input: nothing changed
db_snapshot
expect_exit 1 recoup agency place NOPE --agency "Norte Cobrancas" --at 2026-11-05T06:00:00Z
expect_stderr_contains "unknown customer 'NOPE'"
expect_exit 1 recoup agency place ACME NOPE --agency "Norte Cobrancas" --at 2026-11-05T06:00:00Z
expect_exit 1 recoup agency place ACME --agency "" --at 2026-11-05T06:00:00Z
expect_stderr_contains "--agency is empty"
expect_exit 1 recoup agency place ACME ACME --agency "Norte Cobrancas" --at 2026-11-05T06:00:00Z
expect_stderr_contains "named twice"
expect_exit 1 recoup agency place ACME --agency "Norte Cobrancas" --at 2099-01-01T00:00:00Z
expect_exit 2 recoup agency place ACME --agency "Norte Cobrancas" --at 2026-11-05
echo "keep me" >existing.csv
expect_exit 1 recoup agency place ACME --agency "Norte Cobrancas" --at 2026-11-05T06:00:00Z --out existing.csv
expect_stderr_contains "use --force"
expect_eq "the existing file is intact" "keep me" "$(cat existing.csv)"
if [[ $TEST_BACKEND == sqlite ]]; then
	expect_exit 1 recoup agency place ACME --agency "Norte Cobrancas" --at 2026-11-05T06:00:00Z --out "$RECOUP_DB"
	expect_stderr_contains "refusing to write over it"
fi
expect_exit 1 recoup agency recall ACME --at 2026-11-05T06:00:00Z
expect_stderr_contains "customer 'ACME' is not placed"
expect_db_unchanged "refused placements and recalls change nothing"

# an environment error at any store call of the placement: exit 3, the database as
# before and no placement file (DESIGN.md invariant 2)
copy=$(db_copy "$RECOUP_DB" count)
RECOUP_TEST_FAULT_AT=count "$RECOUP" --db "$copy" agency place ACME --agency "Norte Cobrancas" \
	--at 2026-11-05T06:00:00Z --out counted.csv 2>"$TMP/count.err" >/dev/null
db_drop "$copy"
n=$(sed -n 's/^store calls: //p' "$TMP/count.err")
bad=0
for ((i = 1; i <= n; i++)); do
	run env RECOUP_TEST_FAULT_AT=$i "$RECOUP" agency place ACME --agency "Norte Cobrancas" \
		--at 2026-11-05T06:00:00Z --out placement.csv
	db_dump >"$TMP/now.sql"
	if [[ $status != 3 ]] || [[ -e placement.csv ]] || ! cmp -s "$TMP/snapshot.sql" "$TMP/now.sql"; then
		fail "a fault at store call $i of $n changes nothing" "exit $status" "$(_show "$TMP/err")"
		bad=1
		break
	fi
done
[[ $bad == 1 ]] || expect_eq "a fault at any of the placement's $n store calls changes nothing" 1 $((n > 5))

run recoup agency place ACME --agency "Norte Cobrancas" --at 2026-11-05T06:00:00Z --by boss --out placement.csv
expect_eq "agency place exits 0" 0 "$status"
expect_stdout_contains "placed 1 customer with 'Norte Cobrancas': 1 placement, 2 open invoices; 1 place_with_agency action done"
expect_eq "the placement file: a header and one row per open invoice" 3 "$(wc -l <placement.csv)"
python3 - "$TMP/placement.csv" >"$TMP/rows" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    print(r["customer_ref"], r["invoice_ref"], r["days_past_due"], r["balance"], r["account_balance"], r["po_ref"],
          r["delivery_note_ref"], r["signed"], r["attempts"], r["last_contact"], r["promises"],
          "Paula Lima (accounts_payable)" in r["contacts"])
PY
expect_same_file "the placement file lists the invoices with documents, balances and history" \
	<(printf '%s\n' "ACME A1 35 500.00 800.00 PO-7 DN-7 yes 2 2026-10-27T14:00:00Z 1 True" \
		"ACME A2 21 300.00 800.00   no 2 2026-10-27T14:00:00Z 1 True") "$TMP/rows"
run recoup agency candidates
expect_stdout_contains "WAW"
if grep -q ACME "$TMP/out"; then fail "ACME no longer awaits review" "$(cat "$TMP/out")"; else pass "ACME no longer awaits review"; fi
db_snapshot
expect_exit 1 recoup agency place ACME --agency "Other" --at 2026-11-06T06:00:00Z
expect_stderr_contains "customer 'ACME' is placed with 'Norte Cobrancas' since 2026-11-05T06:00:00Z"
expect_db_unchanged "a second placement is refused and changes nothing"

# the run after the placement: the waiting call is cancelled, nothing new for ACME
actions_json --customer ACME
before=$(jq_actions 'len(a)')
for day in 2026-11-06 2026-11-16 2026-11-20; do daily_run $day; done
actions_json --customer ACME
expect_eq "the run records nothing new for a placed account" "$before" "$(jq_actions 'len(a)')"
expect_eq "its waiting call is cancelled with the hold's kind as the reason" "cancelled placed" \
	"$(jq_actions '" ".join([x["state"], x["reason_code"]][i] for x in a if x["kind"] == "call" for i in (0, 1))')"
actions_json --customer WAW
expect_eq "WAW, not placed, gets its letter" "letter" \
	"$(jq_actions '" ".join(x["kind"] for x in a if x["step"] == "letter-3")')"

# payments: on the placement day (the creditor's), after it (the agency's), returned (not money)
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P0,ACME,A1,2026-11-05,50.00,BRL,transfer,cleared,
P1,ACME,A1,2026-11-10,200.00,BRL,transfer,cleared,
P2,ACME,A2,2026-11-11,30.00,BRL,cheque,returned,2026-11-13
P3,WAW,W1,2026-11-10,100.00,PLN,transfer,cleared,
CSV
)" >/dev/null
run recoup report recovery --from 2026-11-01 --to 2026-11-30 --format json
expect_eq "report recovery exits 0" 0 "$status"
expect_eq "recovered by the agency: the cleared payment after the placement date, by age at placement" \
	'[{"age_at_placement": "31-60", "agency": "Norte Cobrancas", "currency": "BRL", "placed": "800.00", "placements": 1, "recalled": 0, "recovered": "200.00", "recovery_rate_pct": "25.00"}]' \
	"$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["recovery"], sort_keys=True))' "$TMP/out")"

# recall: later payments are the creditor's again, the strategy resumes
expect_exit 1 recoup agency recall ACME --at 2026-11-01T00:00:00Z
expect_stderr_contains "--at is before the placement"
run recoup agency recall ACME --at 2026-11-21T09:00:00Z --by boss
expect_eq "agency recall exits 0" 0 "$status"
recoup import payments "$(csv_file payments2.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P4,ACME,A2,2026-11-25,100.00,BRL,transfer,cleared,
CSV
)" >/dev/null
run recoup report recovery --from 2026-11-01 --to 2026-11-30 --format csv
expect_stdout <<'TXT' "after the recall: one placement recalled, the later payment not the agency's"
section,agency,currency,age_at_placement,placements,placed,recovered,recovery_rate_pct,recalled
recovery,Norte Cobrancas,BRL,31-60,1,800.00,200.00,25.00,1
TXT
daily_run 2026-11-25
actions_json --customer ACME --date 2026-11-25
expect_eq "after the recall the strategy resumes: A1 gets the step due that day (its letter)" "letter-3" \
	"$(jq_actions '" ".join(x["step"] for x in a if x["step"] == "letter-3")')"
run recoup audit --entity customer --format json
expect_eq "placement and recall are in the audit trail, by boss" "placement.place:boss placement.recall:boss" \
	"$(python3 -c 'import json,sys; print(" ".join(x["action"] + ":" + x["actor"] for x in json.load(open(sys.argv[1]))["entries"] if x["action"].startswith("placement")))' "$TMP/out")"
expect_exit 0 recoup check
finish
