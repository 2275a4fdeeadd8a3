#!/usr/bin/env bash
# The manager's dashboard (issue 13, point 6): GET /api/v1/dashboard reads
# the daily runs' snapshots and the stored KPI months, and calls the
# report use cases. Its aging (the last run on or before ?to=) has the
# same totals by bucket and currency as GET /api/v1/aging as of that day;
# the overdue trend has a point per run; DSO and CEI by month are
# reports_kpi's (`recoup report kpi` over the same days), stored by
# `recoup dashboard refresh` once per month; promises, contacts and the
# right-party rate, the collectors' table, approvals waiting and disputes
# by reason are the reports' own figures. ?collector= keeps that
# collector's rows of the tables and charts, ?segment= a strategy's accounts; bad
# filters are refused; a collector gets 403.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

export USER=boss
recoup import customers "$DATA/queue/customers.csv" >/dev/null
recoup import contacts "$(csv_file contacts.csv <<'CSV'
contact_ref,customer_ref,name,role,phone,email,timezone,pays_bills,best_time,notes
C1-AP,C1,Ann Payer,accounts_payable,+1 212 555 0111,ap1@one.example,,,,
C2-AP,C2,Bo Payer,accounts_payable,+1 212 555 0112,ap2@two.example,,,,
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-01-05,2026-02-04,USD,100.00
I2,C2,2026-01-20,2026-02-19,USD,200.00
I3,C3,2026-02-10,2026-03-12,USD,300.00
I4,C4,2026-03-01,2026-03-31,USD,400.00
CSV
)" >/dev/null
echo "ann-password" | recoup user add ann --role collector --password-stdin >/dev/null
echo "bob-password" | recoup user add bob --role collector --password-stdin >/dev/null
echo "max-password" | recoup user add max --role manager --password-stdin >/dev/null
daily_run 2026-03-10
expect_exit 0 recoup assign --as-of 2026-03-10
daily_run 2026-03-20
ANN=$(sql_join " " "SELECT c.ref FROM assignment a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
  JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id WHERE u.name = 'ann' ORDER BY c.ref")
STRATEGY=$(sql "SELECT key FROM run_snapshot WHERE dimension = 'strategy' ORDER BY key LIMIT 1")
export ANN STRATEGY

# the period's work
ann_contact=$( [[ " $ANN " == *" C1 "* ]] && echo C1-AP || echo C2-AP )
expect_exit 0 recoup contact log --contact "$ann_contact" --channel call --outcome no_answer --at 2026-03-20T14:00:00Z --by ann
expect_exit 0 recoup contact log --contact "$ann_contact" --channel call --outcome right_party --at 2026-03-20T15:00:00Z --by ann
first=${ANN%% *}
expect_exit 0 recoup promise add "$first" --amount 50.00 --date 2026-03-25 --at 2026-03-20T15:05:00Z --by ann
expect_exit 0 recoup settlement offer C3 --pay 100.00 --by 2026-04-30 --at 2026-03-20T16:00:00Z --by-user bob --request-approval
expect_exit 0 recoup dispute open C2 --invoice I2 --reason damaged --at 2026-03-20T17:00:00Z --by max

expect_exit 0 recoup dashboard refresh --as-of 2026-03-20 --months 3
expect_stdout_contains "3 of 3 months computed and stored"
expect_exit 0 recoup dashboard refresh --as-of 2026-03-20 --months 3
expect_stdout_contains "0 of 3 months computed"
expect_exit 0 recoup report kpi --from 2026-03-01 --to 2026-03-20 --format json
cp "$TMP/out" "$TMP/kpi-march.json"
expect_exit 0 recoup report kpi --from 2026-02-01 --to 2026-02-28 --format json
cp "$TMP/out" "$TMP/kpi-february.json"
expect_exit 0 recoup dashboard --to 2026-03-20
cp "$TMP/out" "$TMP/cli.json"
expect_exit 2 recoup dashboard refresh --months 99
expect_exit 2 recoup dashboard --to 2026-02-30

serve_py <<'PY'
import json, os
TMP = os.environ["TMP"]
s = sc.Server()
mx = sc.Client(s, "max", "max-password")
ann = sc.Client(s, "ann", "ann-password")
sc.expect("the manager signs in", mx.signin, 201)
sc.expect("a collector signs in", ann.signin, 201)

r = mx.get("/api/v1/dashboard?to=2026-03-20&from=2026-03-01")
sc.expect("the dashboard", r, 200)
d = r.json or {}
sc.check("the same object as recoup dashboard", d == json.load(open(TMP + "/cli.json")),
         json.dumps(d)[:800])
a = mx.get("/api/v1/aging?as_of=2026-03-20").json
sc.check("the aging is the last run's", d["aging"]["as_of"] == "2026-03-20", d["aging"])
sc.check("with the buckets of GET /api/v1/aging", d["aging"]["buckets"] == a["buckets"], d["aging"], a)
keys = a["buckets"] + ["total", "currency"]
sc.check("its totals by bucket and currency equal GET /api/v1/aging's",
         [{k: i[k] for k in keys} for i in d["aging"]["items"]] == [{k: i[k] for k in keys} for i in a["items"]],
         d["aging"]["items"], a["items"])
sc.check("the book is not empty", a["items"] and a["items"][0]["total"] == "1000.00", a)

tr = d["trend"]["items"]
sc.check("a trend point per run", [(p["date"], p["currency"]) for p in tr] == [("2026-03-10", "USD"), ("2026-03-20", "USD")], tr)
last = a["items"][0]
sc.check("the overdue balance is the total less current",
         tr[-1]["overdue"] == "%.2f" % (float(last["total"]) - float(last["current"])) and tr[-1]["total"] == last["total"], tr, last)

k = d["kpi"]
sc.check("the KPI months stored", [(m["month"], m["currency"]) for m in k["items"]] ==
         [("2026-01", "USD"), ("2026-02", "USD"), ("2026-03", "USD")], k)
sc.check("the other months of the chart are named missing",
         k["missing"] == ["2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10", "2025-11", "2025-12"], k["missing"])
for name, m in (("february", k["items"][1]), ("march", k["items"][2])):
    rk = json.load(open(TMP + "/kpi-%s.json" % name))["currencies"][0]
    sc.check("DSO and CEI of %s are recoup report kpi's" % name,
             (m["dso_days"], m["cei_pct"], m["closing_ar"], m["credit_sales"]) ==
             (rk.get("dso_days"), rk.get("cei_pct"), rk.get("closing_ar"), rk.get("credit_sales")), m, rk)
sc.check("march is counted to the day it was stored", k["items"][2]["to"] == "2026-03-20", k["items"][2])

sc.check("promises of the period", [(p["currency"], p["made"]) for p in d["promises"]["items"]] == [("USD", 1)], d["promises"])
c = d["contacts"]
sc.check("contacts and right-party rate", (c["calls"], c["rpc"], c["rpc_rate_pct"]) == (2, 1, "50.00"), c)
rows = {x["name"]: x for x in d["collectors"]["items"]}
sc.check("ann's row of the collectors' table", "ann" in rows and rows["ann"]["calls"] == 2 and rows["ann"]["rpc"] == 1
         and rows["ann"]["promises"] == 1, d["collectors"])
sc.check("one approval waiting", d["approvals"]["count"] == 1 and d["approvals"]["items"][0]["customer_ref"] == "C3", d["approvals"])
sc.check("disputes by reason", [(x["reason"], x["open"], x["open_balance"]) for x in d["disputes"]["items"]] ==
         [("damaged", 1, "200.00")], d["disputes"])

# the page asks for the collectors' table apart (?part=collectors), after the rest (?part=main)
m = mx.get("/api/v1/dashboard?to=2026-03-20&from=2026-03-01&part=main").json
k2 = mx.get("/api/v1/dashboard?to=2026-03-20&from=2026-03-01&part=collectors").json
sc.check("part=main is all but the collectors' table", "collectors" not in m and
         m == {x: v for x, v in d.items() if x != "collectors"}, sorted(m))
sc.check("part=collectors is that table alone", sorted(k2) == ["collectors", "filters", "period"] and
         k2["collectors"] == d["collectors"], k2)
sc.expect("another part", mx.get("/api/v1/dashboard?part=everything"), 422, "input")

# a collector's accounts
r = mx.get("/api/v1/dashboard?to=2026-03-20&collector=ann")
sc.expect("filtered by collector", r, 200)
dc = r.json
# the charts are the collector's: the run of 03-20 snapshots the accounts assigned on 03-10 (not that of 03-10, before)
ann_open = "%.2f" % sum({"C1": 100, "C2": 200, "C3": 300, "C4": 400}[c] for c in os.environ["ANN"].split())
sc.check("the charts are the collector's accounts' (the run's snapshot per collector)",
         dc["aging"]["scope"] == "collector" and [i["total"] for i in dc["aging"]["items"]] == [ann_open]
         and [(p["date"], p["total"]) for p in dc["trend"]["items"]] == [("2026-03-20", ann_open)], dc)
sc.check("ann's row only", [x["name"] for x in dc["collectors"]["items"]] == ["ann"], dc["collectors"])
sc.check("ann's contacts", dc["contacts"]["calls"] == 2, dc["contacts"])
r = mx.get("/api/v1/dashboard?to=2026-03-20&collector=bob")
sc.check("bob's: no contacts", r.json["contacts"]["calls"] == 0 and r.json["promises"]["items"] == [], r)
r = mx.get("/api/v1/dashboard?to=2026-03-20&segment=" + os.environ["STRATEGY"])
sc.expect("filtered by segment (a strategy)", r, 200)
sc.check("every account is the strategy's", [i["total"] for i in r.json["aging"]["items"]] == ["1000.00"]
         and r.json["aging"]["scope"] == "segment", r.json["aging"])
r = mx.get("/api/v1/dashboard?to=2026-03-20&segment=no-such-strategy")
sc.check("an unknown segment has no accounts", r.json["aging"]["items"] == [] and r.json["trend"]["items"] == [], r)
r = mx.get("/api/v1/dashboard?to=2026-03-05")
sc.check("before any run: no aging yet", r.status == 200 and r.json["aging"]["as_of"] is None and r.json["aging"]["items"] == [], r)

sc.expect("segment and collector together", mx.get("/api/v1/dashboard?segment=x&collector=ann"), 422, "input")
sc.expect("a period that ends before it starts", mx.get("/api/v1/dashboard?from=2026-03-20&to=2026-03-01"), 422, "input")
sc.expect("a bad date", mx.get("/api/v1/dashboard?to=2026-02-30"), 400, "usage")
sc.expect("a collector may not", ann.get("/api/v1/dashboard"), 403, "forbidden")
s.stop()
PY
finish
