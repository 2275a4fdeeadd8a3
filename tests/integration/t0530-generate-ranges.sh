#!/usr/bin/env bash
# t0530: a generated portfolio behaves like a real one. For each profile,
# generate 2,500 customers, import the six files, and check the figures
# docs/generate.md promises (book level, every currency converted at the
# generator's rates): DSO and CEI of the last month from `report kpi`, the
# overdue and beyond-90 shares of the closing balance, the right-party rate
# of the calls in the history and the kept rate of the promises due, read
# back from the imported data. average and healthy fall in the published
# ranges of a healthy-to-average book; distressed is distinctly worse (its
# contact history, the longest, is not imported: its figures are the book's).
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

AS_OF=2026-11-22
FROM=2026-10-23

N=${T0530_CUSTOMERS:-2500}
for p in average healthy distressed; do
	db=$(db_new "gen_$p")
	expect_exit 0 recoup generate --customers "$N" --seed 42 --as-of "$AS_OF" --profile "$p" --out "$p"
	kinds="customers contacts invoices payments flags contact-history"
	[[ $p == distressed ]] && kinds="customers contacts invoices payments flags"
	for kind in $kinds; do
		expect_exit 0 recoup --db "$db" import "$kind" "$p/$kind.csv" --as-of "$AS_OF"
	done
	expect_exit 0 recoup --db "$db" report kpi --from "$FROM" --to "$AS_OF" --format json
	cp "$TMP/out" "$p.kpi.json"
	# the promises, each with its invoice; the invoices; their ledger movements
	sql "SELECT x.invoice_id, a.note FROM contact_attempt a JOIN attempt_invoice x
	       ON x.tenant_id = a.tenant_id AND x.attempt_id = a.id WHERE a.outcome = 'promise'" "$db" >"$p.promises"
	sql "SELECT id, amount FROM invoice" "$db" >"$p.invoices"
	sql "SELECT invoice_id, date, amount FROM ledger_entry WHERE invoice_id IS NOT NULL" "$db" >"$p.ledger"
	sql "SELECT sum(conversation), count(*) FROM contact_attempt WHERE channel = 'call' AND inbound = 0" "$db" >"$p.calls"
	sql "SELECT flag, count(*) FROM customer_flag GROUP BY flag ORDER BY flag" "$db" >"$p.flags"
	# every history row made it in
	[[ $p == distressed ]] || expect_eq "$p: every contact attempt is imported" \
		"$(($(wc -l <"$p/contact-history.csv") - 1))" "$(sql "SELECT count(*) FROM contact_attempt" "$db")"
	db_drop "$db"
done

python3 - "$AS_OF" >figures.txt <<'EOF'
import collections, json, sys

as_of = sys.argv[1]
# the generator's rates (src/ingest/generate.c, usd_factor): local units per US dollar
rates = {"USD": 1.0, "CAD": 1.35, "BRL": 5.2, "PLN": 4.0, "GBP": 0.79, "EUR": 0.92}

def book(p):
    k = json.load(open(f"{p}.kpi.json"))
    t = collections.Counter()
    for c in k["currencies"]:
        r = rates[c["currency"]]
        for key in ("opening_ar", "credit_sales", "closing_ar", "closing_current", "closing_overdue"):
            t[key] += float(c[key]) / r
        t["beyond_90"] += float(c["closing_ar"]) / r * float(c["default_rate_balance_pct"]) / 100
    collected = t["opening_ar"] + t["credit_sales"] - t["closing_ar"]
    f = {
        "dso": t["closing_ar"] / t["credit_sales"] * k["days"],
        "cei": collected / (collected + t["closing_overdue"]) * 100,
        "overdue": t["closing_overdue"] / t["closing_ar"] * 100,
        "beyond_90": t["beyond_90"] / t["closing_ar"] * 100,
    }
    rpc, calls = (int(x or 0) for x in open(f"{p}.calls").read().strip().split("|"))
    f["rpc"] = rpc / calls * 100 if calls else 0
    amount = {int(i): int(a) for i, a in (l.split("|") for l in open(f"{p}.invoices").read().split())}
    moves = collections.defaultdict(list)
    for line in open(f"{p}.ledger").read().split():
        i, d, a = line.split("|")
        moves[int(i)].append((d, int(a)))
    due = kept = 0
    for line in open(f"{p}.promises").read().splitlines():
        i, note = line.split("|", 1)
        by = note[-10:]  # "promised 1234.50 USD by 2026-11-30"
        if by >= as_of:
            continue  # not due yet
        due += 1
        kept += amount[int(i)] + sum(a for d, a in moves[int(i)] if d <= by) <= 0
    f["ptp_kept"] = kept / due * 100 if due else 0
    return f

for p in ("average", "healthy", "distressed"):
    print(p, " ".join(f"{k}={v:.1f}" for k, v in book(p).items()))
EOF
cat figures.txt

# figure PROFILE NAME: one figure of figures.txt
figure() {
	sed -n "s/^$1 .*$2=\([0-9.]*\).*/\1/p" figures.txt
}
# within LABEL VALUE LO HI: LO <= VALUE <= HI
within() {
	if awk -v v="$2" -v lo="$3" -v hi="$4" 'BEGIN { exit !(v >= lo && v <= hi) }'; then
		pass "$1 $2 is within $3-$4"
	else
		fail "$1 $2 is within $3-$4" "$(cat figures.txt)"
	fi
}

# the published ranges (docs/generate.md says where each comes from)
for p in average healthy; do
	within "$p: DSO (days)" "$(figure $p dso)" 38 51
	within "$p: CEI (%)" "$(figure $p cei)" 70 85
	within "$p: right-party contacts per call (%)" "$(figure $p rpc)" 20 30
	within "$p: promises kept (%)" "$(figure $p ptp_kept)" 60 80
done
within "average: overdue share of the balance (%)" "$(figure average overdue)" 20 35
within "average: share beyond 90 days (%)" "$(figure average beyond_90)" 3 10
within "healthy: overdue share of the balance (%)" "$(figure healthy overdue)" 10 25
within "healthy: share beyond 90 days (%)" "$(figure healthy beyond_90)" 0.5 6

# healthy is better than average on every figure of the book
for k in dso overdue beyond_90; do
	within "healthy $k below average's" "$(figure healthy $k)" 0 "$(figure average $k)"
done
within "healthy CEI above average's" "$(figure healthy cei)" "$(figure average cei)" 100

# distressed: the book in trouble this generator always wrote
within "distressed: DSO (days)" "$(figure distressed dso)" 90 200
within "distressed: CEI (%)" "$(figure distressed cei)" 30 60
within "distressed: overdue share (%)" "$(figure distressed overdue)" 45 80
within "distressed: share beyond 90 days (%)" "$(figure distressed beyond_90)" 15 45

# the history has what the daily cycle reads: a few disputes, cease requests, a bankruptcy
for p in average distressed; do
	for f in dispute cease; do
		n=$(sed -n "s/^$f|//p" "$p.flags")
		within "$p: $f flags" "${n:-0}" 1 1000
	done
done
n=$(sed -n "s/^bankrupt|//p" distressed.flags)
within "distressed: bankrupt flags" "${n:-0}" 1 1000
finish
