#!/usr/bin/env bash
# The work queue's `score` is a JSON number, and a reader that holds
# numbers as doubles (JavaScript: the workspace, most API clients) reads
# integers above 2^53 as others: an account of JPY 999,999,999,999,999
# (an amount the ledger takes) at band B scored 84999999999999915 in
# `recoup queue --format json` and GET /api/v1/queue, which JavaScript
# read as 84999999999999920. The score is now at most 2^53 - 1
# (core/queue_score.h, QUEUE_SCORE_MAX), so it is exact for every
# balance: accounts beyond it are capped there (and rank alike, then by
# customer ref), the ones below keep their exact score, the largest
# amounts of a currency with decimals included.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

export USER=boss
MAX=9007199254740991
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
C1,One KK,company,US,America/New_York,en,JPY,,ap@one.example,+1 212 555 0101,"1 Main St, New York",
C2,Two KK,company,US,America/New_York,en,JPY,,ap@two.example,+1 212 555 0102,"2 Main St, New York",
C3,Three Corp,company,US,America/New_York,en,USD,,ap@three.example,+1 212 555 0103,"3 Main St, New York",
C4,Four Corp,company,US,America/New_York,en,USD,,ap@four.example,+1 212 555 0104,"4 Main St, New York",
CSV
)" >/dev/null
{
	echo "invoice_ref,customer_ref,issue_date,due_date,currency,amount"
	echo "J1,C1,2026-02-01,2026-03-03,JPY,1000000000000000"
	echo "J2,C2,2026-02-01,2026-03-03,JPY,999999999999999"
	echo "U1,C3,2026-02-01,2026-03-03,USD,1000.00"
	# ten of the largest USD amount: USD 100 trillion, a score just below 2^53
	for i in 0 1 2 3 4 5 6 7 8 9; do
		echo "B$i,C4,2026-02-01,2026-03-03,USD,10000000000000.00"
	done
} >"$TMP/invoices.csv"
expect_exit 0 recoup import invoices "$TMP/invoices.csv"
daily_run 2026-03-10
echo "ann-password" | recoup user add ann --role collector --capacity 10 --password-stdin >/dev/null
recoup assign --as-of 2026-03-10 >/dev/null
expect_exit 0 recoup check

# q EXPR: EXPR over the last queue's JSON (r, its rows; raw, its text)
q() {
	python3 -c 'import json,sys
raw = open(sys.argv[1]).read()
r = json.loads(raw)
if isinstance(r, dict): r = r["items"]
def pay(b): return {"A": 950, "B": 850, "C": 700, "D": 450, "E": 200}[b]
def row(ref): return [x for x in r if x["customer_ref"] == ref][0]
def cents(x): return int(x["balance"].replace(".", "")) * (100 if x["currency"] == "JPY" else 1)
print(eval(sys.argv[2]))' "$TMP/out" "$1"
}

run recoup queue --collector ann --now 2026-03-10T18:00:00Z --format json
expect_eq "recoup queue --format json exits 0" 0 "$status"
cp "$TMP/out" "$TMP/cli.json"
expect_eq "all four accounts are offered" "C1 C2 C3 C4" "$(q '" ".join(sorted(x["customer_ref"] for x in r))')"
expect_eq "no score is over 2^53 - 1" "True" "$(q 'all(isinstance(x["score"], int) and 0 <= x["score"] <= '$MAX' for x in r)')"
expect_eq "every score reads back the same through a double (as JavaScript reads it)" "True" \
	"$(q 'all(int(float(x["score"])) == x["score"] for x in r)')"
expect_eq "C1 and C2 (JPY 10^15 and 10^15 - 1, worth more than 2^53 hundredths) are capped at 2^53 - 1" \
	"$MAX $MAX" "$(q '"%d %d" % (row("C1")["score"], row("C2")["score"])')"
expect_eq "C4 (USD 100 trillion) keeps its exact score, just below the cap" "True True" \
	"$(q '"%s %s" % (row("C4")["score"] == cents(row("C4")) * pay(row("C4")["risk_band"]) // 1000, row("C4")["score"] > 2 ** 52)')"
expect_eq "C3 too (USD 1,000.00)" "True" \
	"$(q 'row("C3")["score"] == cents(row("C3")) * pay(row("C3")["risk_band"]) // 1000')"
expect_eq "the capped ones rank alike, then by customer ref; then the others by score" "C1 C2 C4 C3" \
	"$(q '" ".join(x["customer_ref"] for x in r)')"
expect_eq "the balance is still given whole, as a decimal string" "1000000000000000 JPY" \
	"$(q 'row("C1")["balance"] + " " + row("C1")["currency"]')"
run recoup queue --collector ann --now 2026-03-10T18:00:00Z
expect_stdout_contains "score $MAX"

# the API gives the same numbers (the server on the queue's moment)
serve_py <<'PY'
import json, os
s = sc.Server(clock="2026-03-10T18:00:00Z")
ann = sc.Client(s, "ann", "ann-password")
r = ann.get("/api/v1/queue")
sc.expect("GET /api/v1/queue", r, 200)
cli = json.load(open(os.environ["TMP"] + "/cli.json"))
items = (r.json or {}).get("items", [])
sc.check("the API's scores are the command's", [(i["customer_ref"], i["score"]) for i in items]
         == [(i["customer_ref"], i["score"]) for i in cli], items, cli)
sc.check("its text holds no number over 2^53 - 1", b'"score":9007199254740991' in r.body
         and all(int(float(i["score"])) == i["score"] <= 9007199254740991 for i in items), r)
s.stop()
PY
finish
