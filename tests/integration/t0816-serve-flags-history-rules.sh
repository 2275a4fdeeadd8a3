#!/usr/bin/env bash
# Flags, history and the contact-rules check through the API, as the CLI's
# customer flag|unflag, contact history and rules check: a flag set stops
# contact (the check says why and that it never may until cleared),
# cleared it allows it again; the history lists the attempts logged, with
# the summary and the corrections. A collector works only their customers
# (404 otherwise) and may not clear a flag (403); another tenant's refs
# are 404; malformed bodies change nothing.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

export USER=boss
recoup init >/dev/null
serve_setup
recoup import customers "$(csv_file more-customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone
C900,Paid Up Inc,company,US,America/New_York,en,USD,ap@paid.example,+1 212 555 0199
CSV
)" >/dev/null
expect_exit 0 recoup assign # bob gets every overdue customer; C900 owes nothing
expect_exit 0 recoup init --tenant acme
recoup --tenant acme import customers "$(csv_file acme-customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email
X1,Other Creditor's Debtor,company,US,America/New_York,en,USD,ap@x1.example
CSV
)" >/dev/null
serve_py <<'PY'
import os
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
b = sc.Client(s, "bob", "bob-password")
monday_10 = "2026-11-23T15:00:00Z" # 10:00 in New York
night = "2026-11-24T04:00:00Z"     # 23:00 in New York
chk = {"contact_ref": "C001", "channel": "call", "at": monday_10}
r = b.post("/api/v1/rules/check", chk)
sc.expect("a collector asks whether they may call now", r, 200)
sc.check("... allowed, with the debtor's local time", r.json and r.json["allowed"] is True
         and r.json["contact"] == "C001" and r.json["local_time"], r)
r = b.post("/api/v1/rules/check", dict(chk, at=night))
sc.expect("... and at night", r, 200)
sc.check("... refused, with the rule and the next allowed moment", r.json and r.json["allowed"] is False
         and r.json["reasons"] and r.json["next"] == "at" and r.json["next_allowed_at"], r)

r = b.post("/api/v1/customers/C001/flags", {"flag": "cease", "reason": "asked in writing", "at": "2026-11-20T12:00:00Z"})
sc.expect("a collector sets a flag on an assigned customer", r, 201)
sc.check("... with who and why", r.json and r.json["flag"] == "cease" and r.json["set_by"] == "bob"
         and r.json["reason"] == "asked in writing", r)
r = b.get("/api/v1/customers/C001/flags")
sc.expect("the customer's flags", r, 200)
sc.check("... hold it", r.json and [f["flag"] for f in r.json["items"]] == ["cease"], r)
r = b.post("/api/v1/rules/check", chk)
sc.check("the check now refuses, until the flag is cleared", r.status == 200 and r.json["allowed"] is False
         and r.json["next"] == "never" and any("cease" in x["code"] for x in r.json["reasons"]), r)
sc.expect("a collector may not clear a flag", b.delete("/api/v1/customers/C001/flags?flag=cease"), 403, "forbidden")
sc.expect("clearing needs the flag", a.delete("/api/v1/customers/C001/flags"), 400, "usage")
sc.expect("clearing a flag that is not set", a.delete("/api/v1/customers/C001/flags?flag=bankrupt"), 404, "not_found")
r = a.delete("/api/v1/customers/C001/flags?flag=cease&reason=sent%20in%20error")
sc.expect("a manager clears it", r, 200)
sc.check("... one cleared", r.json and r.json["cleared"] == 1, r)
sc.check("the check allows the call again", b.post("/api/v1/rules/check", chk).json["allowed"] is True)
sc.check("no active flag left", b.get("/api/v1/customers/C001/flags").json["items"] == [])
r = b.post("/api/v1/customers/C001/flags", {"flag": "forbearance"})
sc.expect("a flag that needs a detail", r, 422, "input")
sc.check("... names it", r.json and r.json["error"]["field"] == "detail", r)
r = b.post("/api/v1/customers/C001/flags", {"flag": "at-work", "contact_ref": "NOPE"})
sc.expect("a flag on an unknown contact", r, 404, "not_found")
sc.expect("an unknown flag", b.post("/api/v1/customers/C001/flags", {"flag": "grumpy"}), 422, "input")

for at, outcome in (("2026-11-20T15:00:00Z", "no_answer"), ("2026-11-21T15:00:00Z", "message_left")):
    body = {"channel": "call", "outcome": outcome, "at": at, "note": "rang"}
    if outcome == "message_left":
        body["spoke_with"] = "Susie"
    sc.expect("a call logged (%s)" % outcome, b.post("/api/v1/contacts/C001/log", body), 201)
sc.expect("a correction", a.send("PATCH", "/api/v1/contacts/C001", {"best_time": "mon-fri 09:00-11:00"}), 200)
r = b.get("/api/v1/customers/C001/history")
sc.expect("the customer's history", r, 200)
h = r.json or {}
sc.check("... the attempts, oldest first, with the CLI's keys",
         [x["outcome"] for x in h.get("attempts", [])] == ["no_answer", "message_left"]
         and set(h["attempts"][0]) == {"at", "contact_ref", "channel", "outcome", "direction", "spoke_with", "note",
                                       "invoice_refs", "logged_by", "callback_at", "rules_breach"}
         and h["attempts"][0]["logged_by"] == "bob" and h["attempts"][0]["callback_at"] is None, r)
sc.check("... the summary", h.get("summary", {}).get("attempts") == 2
         and h["summary"]["messages_left"] == [{"with": "Susie", "count": 1}], r)
sc.check("... the corrections", any(c["field"] == "best_time" for c in h.get("changes", [])), r)

# roles and tenants
for method, path, body in (("GET", "/api/v1/customers/C900/flags", None),
                           ("POST", "/api/v1/customers/C900/flags", {"flag": "cease"}),
                           ("GET", "/api/v1/customers/C900/history", None),
                           ("POST", "/api/v1/rules/check", {"contact_ref": "C900", "channel": "call"})):
    sc.expect("a collector on a customer not assigned to them: %s %s" % (method, path), b.send(method, path, body), 404, "not_found")
for method, path, body in (("GET", "/api/v1/customers/X1/flags", None),
                           ("POST", "/api/v1/customers/X1/flags", {"flag": "cease"}),
                           ("DELETE", "/api/v1/customers/X1/flags?flag=cease", None),
                           ("GET", "/api/v1/customers/X1/history", None)):
    sc.expect("the other tenant's ref: %s %s" % (method, path), a.send(method, path, body), 404, "not_found")
r = a.post("/api/v1/rules/check", {"contact_ref": "X1", "channel": "call"})
sc.expect("the other tenant's contact, in the body", r, 422, "input")
sc.check("... named as unknown, as any unknown contact", r.json and r.json["error"]["field"] == "contact_ref"
         and "unknown contact" in r.json["error"]["message"], r)
r = a.post("/api/v1/rules/check", {"contact_ref": "C001", "channel": "call", "invoice_ref": "I-010"})
sc.expect("an invoice of another customer", r, 422, "input")
sc.check("... names it", r.json and r.json["error"]["field"] == "invoice_ref", r)
sc.save_clients(os.environ["TMP"] + "/clients.json", {"a": a, "b": b})
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "the flag set and cleared is kept, cleared" "1" \
	"$(sql "SELECT count(*) FROM customer_flag WHERE flag = 'cease' AND cleared_at IS NOT NULL")"
expect_eq "set and clear are audited" "flag.clear flag.set" \
	"$(sql_join " " "SELECT action FROM audit_log WHERE action LIKE 'flag.%' ORDER BY action")"

sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
db_snapshot
serve_py <<'PY'
import os
s = sc.Server()
c = sc.load_clients(s, os.environ["TMP"] + "/clients.json")
a = c["a"]
j = {"Content-Type": "application/json"}
bad = [
    ("POST", "/api/v1/customers/C001/flags", "{\"flag\":", 400, "malformed"),
    ("POST", "/api/v1/customers/C001/flags", {"flag": "cease", "colour": "red"}, 400, "unknown_field"),
    ("POST", "/api/v1/customers/C001/flags", {"flag": 7}, 422, "wrong_type"),
    ("POST", "/api/v1/customers/C001/flags", {"reason": "x"}, 422, "input"),
    ("POST", "/api/v1/customers/C001/flags", {"flag": "cease", "at": "yesterday"}, 422, "input"),
    ("POST", "/api/v1/customers/C001/flags", {"flag": "cease", "at": "2099-01-01T00:00:00Z"}, 422, "input"),
    ("POST", "/api/v1/customers/C001/flags", {"flag": "cease", "reason": "r" * 5000}, 422, "too_long"),
    ("POST", "/api/v1/rules/check", {"contact_ref": "C001"}, 422, "input"),
    ("POST", "/api/v1/rules/check", {"contact_ref": "C001", "channel": "pigeon"}, 422, "input"),
    ("POST", "/api/v1/rules/check", {"contact_ref": "C001", "channel": "call", "at": "2026-13-01T00:00:00Z"}, 422, "input"),
    ("POST", "/api/v1/rules/check", {"contact_ref": "C001", "channel": "call", "final_notice": "perhaps"}, 422, "input"),
    ("POST", "/api/v1/rules/check", {"contact_ref": "C001", "channel": "call", "whom": "x"}, 400, "unknown_field"),
    ("GET", "/api/v1/customers/C001/history", "{}", 400, "malformed"),
]
for method, path, body, status, code in bad:
    sc.expect("malformed %s %s %s" % (method, path, str(body)[:50]), a.send(method, path, body, j), status, code)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
expect_db_unchanged "the refused requests changed nothing"
finish
