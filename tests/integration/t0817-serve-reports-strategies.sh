#!/usr/bin/env bash
# The managers' routes over the book: the KPIs, the reports, the actions of
# the daily runs (each the same as the CLI's --format json), the strategies
# and the contact-rules profiles (read, and stored after the same
# validation as the CLI's: an invalid step is 422 with its path, nothing
# stored). A collector gets 403 on every one; another tenant's strategy is
# 404; malformed requests change nothing.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

export USER=boss
recoup init >/dev/null
serve_setup
daily_run 2026-03-10
# something for the contacts, collectors and disputes reports to count
recoup contact log --contact C001 --channel call --outcome no_answer --at 2026-03-09T15:00:00Z --by bob >/dev/null
recoup contact log --contact C001 --channel call --outcome right_party --at 2026-03-09T16:00:00Z --by bob >/dev/null
expect_exit 0 recoup dispute open C001 --invoice I-001 --reason wrong_price --at 2026-03-09T16:05:00Z
expect_exit 0 recoup init --tenant acme
echo "acme-max-pw" | recoup --tenant acme user add max --role manager --password-stdin >/dev/null
recoup actions --format json >"$TMP/actions.json"
recoup report kpi --from 2026-01-01 --to 2026-03-10 --format json >"$TMP/kpi.json"
recoup report trend --from 2026-03-01 --to 2026-03-31 --format json >"$TMP/trend.json"
recoup report promises --from 2026-01-01 --to 2026-03-10 --format json >"$TMP/promises.json"
for r in contacts collectors recovery; do
	recoup report $r --from 2026-01-01 --to 2026-03-10 --format json >"$TMP/$r.json"
done
recoup report disputes --as-of 2026-03-10 --format json >"$TMP/disputes.json"
recoup strategy show b2b-gentle >"$TMP/b2b-gentle.json"
recoup rules show b2b --format json >"$TMP/b2b-profile.json"
cat >"$TMP/pl.json" <<'JSON'
{ "name": "pl-firms", "segment": { "kind": "company", "countries": ["PL"] },
  "steps": [ { "name": "wezwanie", "offset_days": 0, "action": "letter", "template": "wezwanie" } ] }
JSON
cat >"$TMP/bad.json" <<'JSON'
{ "name": "key-accounts", "priority": 5000, "segment": { "countries": ["US", "UK"] },
  "steps": [ { "name": "a", "offset_days": 3, "action": "mail", "template": "x" } ] }
JSON
serve_py <<'PY'
import json, os
T = os.environ["TMP"]
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
b = sc.Client(s, "bob", "bob-password")
x = sc.Client(s, "max", "acme-max-pw", tenant="acme")

r = a.get("/api/v1/actions")
sc.expect("the actions", r, 200)
cli = json.load(open(T + "/actions.json"))
sc.check("... the same as recoup actions --format json (%d)" % len(cli), r.json and r.json["items"] == cli and cli, r)
kind = cli[0]["kind"] if cli else "email"
r = a.get("/api/v1/actions?kind=%s&date=2026-03-10" % kind)
sc.check("... filtered by kind and date", r.status == 200 and r.json["items"] == [c for c in cli if c["kind"] == kind], r)
sc.check("... another date has none", a.get("/api/v1/actions?date=2026-03-11").json["items"] == [])
sc.expect("an unknown kind", a.get("/api/v1/actions?kind=pigeon"), 400, "usage")
sc.expect("a bad date", a.get("/api/v1/actions?date=2026-02-30"), 400, "usage")

r = a.get("/api/v1/kpis?from=2026-01-01&to=2026-03-10")
sc.expect("the KPIs", r, 200)
sc.check("... the same as recoup report kpi --format json", r.json == json.load(open(T + "/kpi.json")), r)
sc.expect("the KPIs need a period", a.get("/api/v1/kpis?from=2026-01-01"), 400, "usage")
sc.expect("... in order", a.get("/api/v1/kpis?from=2026-03-01&to=2026-01-01"), 400, "usage")
sc.expect("... a day count", a.get("/api/v1/kpis?from=2026-01-01&to=2026-03-10&default_dpd=0"), 400, "usage")
r = a.get("/api/v1/reports/trend?from=2026-03-01&to=2026-03-31")
sc.expect("the trend", r, 200)
trend = json.load(open(T + "/trend.json"))
sc.check("... the rows of recoup report trend --format json", r.json and r.json["rows"] == trend and trend, r)
r = a.get("/api/v1/reports/promises?from=2026-01-01&to=2026-03-10")
sc.expect("the promises report", r, 200)
sc.check("... the rows of recoup report promises", r.json and r.json["rows"] == json.load(open(T + "/promises.json"))["rows"], r)
for name in ("contacts", "collectors", "recovery"):
    r = a.get("/api/v1/reports/%s?from=2026-01-01&to=2026-03-10" % name)
    sc.expect("the %s report" % name, r, 200)
    cli = json.load(open(T + "/%s.json" % name))
    sc.check("... the same as recoup report %s --format json" % name, r.json == cli, r, cli)
r = a.get("/api/v1/reports/disputes?as_of=2026-03-10")
sc.expect("the disputes report", r, 200)
sc.check("... the rows of recoup report disputes", r.json and r.json["as_of"] == "2026-03-10"
         and r.json["rows"] == json.load(open(T + "/disputes.json"))["rows"] and r.json["rows"], r)
sc.check("the contacts report counts bob's calls", r.status == 200 and
         a.get("/api/v1/reports/contacts?from=2026-01-01&to=2026-03-10").json["total"][0]["attempts"] == 2)
sc.expect("an unknown report", a.get("/api/v1/reports/horoscope?from=2026-01-01&to=2026-03-10"), 404, "not_found")

r = a.get("/api/v1/strategies")
sc.expect("the strategies", r, 200)
sc.check("... the presets", r.json and any(i["name"] == "b2b-gentle" and i["source"] == "preset" for i in r.json["items"]), r)
r = a.get("/api/v1/strategies/b2b-gentle")
sc.expect("one strategy", r, 200)
sc.check("... as recoup strategy show prints it", r.json == json.load(open(T + "/b2b-gentle.json")), r)
sc.expect("an unknown strategy", a.get("/api/v1/strategies/no-such"), 404, "not_found")
pl = json.load(open(T + "/pl.json"))
r = a.send("PUT", "/api/v1/strategies/pl-firms", pl)
sc.expect("a manager stores a strategy", r, 200)
sc.check("... and gets it back as stored", r.json and r.json["name"] == "pl-firms" and r.json["steps"][0]["action"] == "letter", r)
sc.check("... listed as the tenant's", any(i["name"] == "pl-firms" for i in a.get("/api/v1/strategies").json["items"]))
r = a.send("PUT", "/api/v1/strategies/key-accounts", json.load(open(T + "/bad.json")))
sc.expect("an invalid strategy", r, 422, "input")
sc.check("... the reason names the step", r.json and "steps[0].action" in r.json["error"]["message"], r)
sc.expect("a strategy named otherwise than its path", a.send("PUT", "/api/v1/strategies/other", pl), 422, "input")
sc.expect("the other tenant's strategy", x.get("/api/v1/strategies/pl-firms"), 404, "not_found")

r = a.get("/api/v1/rules/profiles")
sc.expect("the rules profiles", r, 200)
sc.check("... the presets, no default yet", r.json and any(i["name"] == "b2b" for i in r.json["items"]) and r.json["default"] is None, r)
r = a.get("/api/v1/rules/profiles/b2b")
sc.expect("one profile", r, 200)
prof = json.load(open(T + "/b2b-profile.json"))
sc.check("... as recoup rules show --format json prints it", r.json == prof, r)
sc.expect("an unknown profile", a.get("/api/v1/rules/profiles/no-such"), 404, "not_found")
r = a.send("PUT", "/api/v1/rules/profiles/b2b", prof)
sc.expect("a manager stores an edited profile", r, 200)
sc.check("... listed as the tenant's", any(i["name"] == "b2b" and i["source"] == "tenant"
                                           for i in a.get("/api/v1/rules/profiles").json["items"]))
r = a.send("PUT", "/api/v1/rules/profiles/b2b", dict(prof, caps="many"))
sc.expect("a profile that does not parse", r, 422, "input")

# roles
for method, path, body in (("GET", "/api/v1/actions", None), ("GET", "/api/v1/kpis?from=2026-01-01&to=2026-03-10", None),
                           ("GET", "/api/v1/reports/trend?from=2026-03-01&to=2026-03-31", None),
                           ("GET", "/api/v1/strategies", None), ("GET", "/api/v1/strategies/b2b-gentle", None),
                           ("PUT", "/api/v1/strategies/pl-firms", pl), ("GET", "/api/v1/rules/profiles", None),
                           ("GET", "/api/v1/rules/profiles/b2b", None), ("PUT", "/api/v1/rules/profiles/b2b", prof)):
    sc.expect("a collector on the manager's route %s %s" % (method, path), b.send(method, path, body), 403, "forbidden")
r = x.get("/api/v1/actions")
sc.check("the other tenant sees none of these actions", r.status == 200 and r.json["items"] == [], r)
r = x.get("/api/v1/kpis?from=2026-01-01&to=2026-03-10")
sc.check("... nor these KPIs", r.status == 200 and r.json["currencies"] == [], r)
sc.save_clients(T + "/clients.json", {"a": a})
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
run recoup strategy show pl-firms
expect_eq "the strategy PUT is the CLI's" pl-firms "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["name"])' "$TMP/out")"

sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
db_snapshot
serve_py <<'PY'
import os
s = sc.Server()
a = sc.load_clients(s, os.environ["TMP"] + "/clients.json")["a"]
j = {"Content-Type": "application/json"}
bad = [
    ("PUT", "/api/v1/strategies/x", "{", 400, "malformed"),
    ("PUT", "/api/v1/strategies/x", "[1]", 400, "malformed"),
    ("PUT", "/api/v1/strategies/x", '{"name":"x","name":"y"}', 400, "malformed"),
    ("PUT", "/api/v1/strategies/x", {"name": "x", "steps": "none"}, 422, "input"),
    ("PUT", "/api/v1/strategies/x", {"name": "x"}, 422, "input"),
    ("PUT", "/api/v1/rules/profiles/x", "{", 400, "malformed"),
    ("PUT", "/api/v1/rules/profiles/x", {"name": "x"}, 422, "input"),
    ("GET", "/api/v1/kpis?from=yesterday&to=2026-03-10", None, 400, "usage"),
    ("GET", "/api/v1/reports/trend", None, 400, "usage"),
    ("GET", "/api/v1/actions?state=sleeping", None, 400, "usage"),
]
for method, path, body, status, code in bad:
    sc.expect("malformed %s %s %s" % (method, path, str(body)[:40]), a.send(method, path, body, j if body is not None else None), status, code)
sc.expect("a strategy that is not JSON by its type", a.send("PUT", "/api/v1/strategies/x", "{}", {"Content-Type": "text/plain"}),
          415, "unsupported_media_type")
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
expect_db_unchanged "the refused requests changed nothing"
finish
