#!/usr/bin/env bash
# Administration over the API (issue 13, point 7): an admin adds users (with
# a password), changes roles, disables and sets passwords; a manager may
# change only a collector's team and capacity; the message templates are
# listed, shown and stored as `recoup template` does, an invalid placeholder
# refused with the reason. Every change is in the audit trail; a collector
# gets 403, another tenant 404; bad input is 4xx naming the field and
# changes nothing.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
echo "ada-password" | recoup user add ada --role admin --password-stdin >/dev/null
expect_exit 0 recoup init --tenant acme
echo "acme-max-pw" | recoup --tenant acme user add max --role manager --password-stdin >/dev/null
recoup template list --format json >"$TMP/templates.json"
recoup template show courtesy-reminder --format json >"$TMP/courtesy.json"
serve_py <<'PY'
import json, os
T = os.environ["TMP"]
s = sc.Server()
ada = sc.Client(s, "ada", "ada-password")
a = sc.Client(s, "alice", "alice-password")
b = sc.Client(s, "bob", "bob-password")
x = sc.Client(s, "max", "acme-max-pw", tenant="acme")
for c, n in ((ada, "ada"), (a, "alice"), (b, "bob"), (x, "acme max")):
    sc.check("%s signs in" % n, c.signin.status == 201, c.signin)

# ---- users ----
r = ada.post("/api/v1/users", {"name": "cid", "role": "collector", "team": "north", "capacity": "30",
                               "password": "cid-password-1"})
sc.expect("an admin adds a collector with a password", r, 201)
sc.check("... answered as stored", r.json == {"name": "cid", "role": "collector", "team": "north", "capacity": 30,
                                              "disabled": False}, r)
cid = sc.Client(s, "cid", "cid-password-1")
sc.check("... who signs in with it", cid.signin.status == 201, cid.signin)
sc.expect("a manager adding a user", a.post("/api/v1/users", {"name": "dee", "role": "collector"}), 403, "forbidden")
r = a.send("PATCH", "/api/v1/users/cid", {"capacity": "12", "team": "south"})
sc.expect("a manager changes a collector's team and capacity", r, 200)
sc.check("... to south and 12", r.json and r.json["team"] == "south" and r.json["capacity"] == 12 and r.json["changed"], r)
r = a.send("PATCH", "/api/v1/users/cid", {"role": "manager"})
sc.expect("a manager changing a role", r, 403, "forbidden")
sc.check("... names the field", r.json and r.json["error"]["field"] == "role", r)
sc.expect("a manager disabling a collector", a.send("PATCH", "/api/v1/users/cid", {"disabled": True}), 403, "forbidden")
sc.expect("a manager changing a manager's capacity", a.send("PATCH", "/api/v1/users/alice", {"capacity": "5"}), 403,
          "forbidden")
sc.expect("a manager setting a password", a.post("/api/v1/users/cid/password", {"password": "x-password-9"}), 403,
          "forbidden")
r = ada.send("PATCH", "/api/v1/users/cid", {"disabled": True})
sc.expect("an admin disables cid", r, 200)
sc.check("... disabled", r.json and r.json["disabled"] is True, r)
sc.expect("... whose session ends", cid.get("/api/v1/queue"), 401, "unauthenticated")
sc.expect("an admin enables cid", ada.send("PATCH", "/api/v1/users/cid", {"disabled": False}), 200)
sc.expect("an admin sets cid's password", ada.post("/api/v1/users/cid/password", {"password": "cid-password-2"}), 204)
sc.check("... the old one no longer signs in", sc.Client(s, "cid", "cid-password-1").signin.status == 401)
sc.check("... the new one does", sc.Client(s, "cid", "cid-password-2").signin.status == 201)
r = ada.send("PATCH", "/api/v1/users/cid", {"role": "manager"})
sc.check("an admin makes cid a manager", r.status == 200 and r.json["role"] == "manager", r)
sc.expect("the last admin cannot disable herself", ada.send("PATCH", "/api/v1/users/ada", {"disabled": True}), 409,
          "conflict")
r = a.get("/api/v1/users")
# (each item's "etag" is what PATCH takes in If-Match: t0870)
cidrow = [{k: v for k, v in u.items() if k != "etag"} for u in r.json["items"] if u["name"] == "cid"] if r.json else []
sc.check("the list shows cid as changed", cidrow == [{"name": "cid", "role": "manager", "team": "south", "capacity": 12,
                                                      "disabled": False}], cidrow)
for method, path, body in (("POST", "/api/v1/users", {"name": "eve", "role": "collector"}),
                           ("PATCH", "/api/v1/users/bob", {"capacity": "1"}),
                           ("POST", "/api/v1/users/bob/password", {"password": "bob-password-2"}),
                           ("GET", "/api/v1/templates", None),
                           ("GET", "/api/v1/templates/courtesy-reminder", None),
                           ("PUT", "/api/v1/templates/courtesy-reminder", {"channel": "email", "lang": "en"})):
    sc.expect("a collector on %s %s" % (method, path), b.send(method, path, body), 403, "forbidden")
sc.expect("another tenant's manager changing cid", x.send("PATCH", "/api/v1/users/cid", {"capacity": "3"}), 404,
          "not_found")
sc.check("... who is not in acme's list", "cid" not in [u["name"] for u in x.get("/api/v1/users").json["items"]])

# ---- templates ----
r = a.get("/api/v1/templates")
sc.expect("the templates", r, 200)
sc.check("... the same as recoup template list --format json", r.json and r.json["items"] == json.load(open(T + "/templates.json")), r)
r = a.get("/api/v1/templates/courtesy-reminder")
sc.expect("one template (email, en, debtor by default)", r, 200)
cli = json.load(open(T + "/courtesy.json"))
sc.check("... as recoup template show --format json prints it, shipped", r.json == dict(cli, source="shipped"), r)
r = a.get("/api/v1/templates/courtesy-reminder?lang=pl")
sc.check("... in Polish with ?lang=pl", r.status == 200 and r.json["lang"] == "pl" and r.json["text"] != cli["text"], r)
sc.expect("an unknown template", a.get("/api/v1/templates/no-such"), 404, "not_found")
sc.expect("an unknown audience", a.get("/api/v1/templates/courtesy-reminder?audience=cats"), 400, "usage")
edited = dict(cli, subject="{{creditor.name}}: edited reminder")
r = a.send("PUT", "/api/v1/templates/courtesy-reminder", edited)
sc.expect("a manager stores an edited template", r, 200)
sc.check("... answered as stored, the tenant's", r.json and r.json["subject"] == "{{creditor.name}}: edited reminder"
         and r.json["source"] == "tenant", r)
sc.check("... listed as the tenant's", any(i["name"] == "courtesy-reminder" and i["lang"] == "en" and i["source"] == "tenant"
                                           for i in a.get("/api/v1/templates").json["items"]))
new = {"channel": "sms", "lang": "en", "text": "{{creditor.name}}: {{total}} is overdue. {{optout_line}}"}
r = a.send("PUT", "/api/v1/templates/late-sms", new)
sc.expect("a new template named by the path alone", r, 200)
r = a.send("PUT", "/api/v1/templates/courtesy-reminder", dict(cli, text="Dear {{contact.nmae}}"))
sc.expect("an invalid placeholder", r, 422, "input")
sc.check("... refused with the reason, naming the part", r.json and "unknown merge field 'contact.nmae'" in
         r.json["error"]["message"] and r.json["error"]["field"] == "text", r)
sc.check("... and the stored text is unchanged", a.get("/api/v1/templates/courtesy-reminder").json["text"] == cli["text"])
sc.expect("the other tenant does not have late-sms", x.get("/api/v1/templates/late-sms?channel=sms"), 404, "not_found")
r = x.get("/api/v1/templates/courtesy-reminder")
sc.check("... and sees the shipped courtesy-reminder", r.status == 200 and r.json["source"] == "shipped"
         and r.json["subject"] == cli["subject"], r)

# ---- the audit trail ----
items = a.get("/api/v1/audit?limit=1000").json["items"]
acts = [(i["action"], i["ref"], i["actor"]) for i in items]
for want in (("user.add", "cid", "ada"), ("user.set", "cid", "alice"), ("user.disable", "cid", "ada"),
             ("user.enable", "cid", "ada"), ("user.set", "cid", "ada"), ("template.set", "courtesy-reminder", "alice"),
             ("template.set", "late-sms", "alice")):
    sc.check("the audit trail has %s %s by %s" % want, want in acts, acts[-12:])
sc.check("... and a password change of cid", any(i["ref"] == "cid" and "password" in i["action"] for i in items),
         [i["action"] for i in items if i["ref"] == "cid"])
sc.check("no password in the audit trail", all("cid-password" not in json.dumps(i) for i in items))
sc.save_clients(T + "/clients.json", {"ada": ada, "a": a})
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
run recoup template show late-sms --channel sms --format json
expect_stdout_contains '"text": "{{creditor.name}}: {{total}} is overdue.'

sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
db_snapshot
serve_py <<'PY'
import json, os
T = os.environ["TMP"]
s = sc.Server()
c = sc.load_clients(s, T + "/clients.json")
ada, a = c["ada"], c["a"]
j = {"Content-Type": "application/json"}
bad = [
    (ada, "POST", "/api/v1/users", {"name": "Bad Name", "role": "collector"}, 422, "input", "name"),
    (ada, "POST", "/api/v1/users", {"name": "dee", "role": "boss"}, 422, "input", "role"),
    (ada, "POST", "/api/v1/users", {"name": "dee", "role": "collector", "capacity": "lots"}, 422, "input", "capacity"),
    (ada, "POST", "/api/v1/users", {"name": "dee", "role": "collector", "capacity": 30}, 422, "wrong_type", "capacity"),
    (ada, "POST", "/api/v1/users", {"name": "dee", "role": "collector", "password": "short"}, 422, "input", "password"),
    (ada, "POST", "/api/v1/users", {"name": "dee"}, 422, "input", "role"),
    (ada, "POST", "/api/v1/users", {"name": "cid", "role": "collector"}, 409, "conflict", "name"),
    (ada, "POST", "/api/v1/users", {"name": "dee", "role": "collector", "rank": "x"}, 400, "unknown_field", "rank"),
    (ada, "POST", "/api/v1/users", "{", 400, "malformed", None),
    (ada, "PATCH", "/api/v1/users/cid", {"capacity": "2000"}, 422, "input", "capacity"),
    (ada, "PATCH", "/api/v1/users/cid", {"disabled": True, "team": "x"}, 422, "input", "disabled"),
    (ada, "PATCH", "/api/v1/users/cid", {"disabled": "maybe"}, 422, "input", "disabled"),
    (ada, "PATCH", "/api/v1/users/nobody", {"team": "x"}, 404, "not_found", "name"),
    (ada, "POST", "/api/v1/users/cid/password", {"password": "short"}, 422, "input", "password"),
    (ada, "POST", "/api/v1/users/cid/password", {}, 422, "input", "password"),
    (ada, "POST", "/api/v1/users/nobody/password", {"password": "long-enough-1"}, 404, "not_found", None),
    (a, "PUT", "/api/v1/templates/courtesy-reminder", {"channel": "email", "lang": "en", "subject": "s",
                                                        "text": "{{#invoices}}open"}, 422, "input", "text"),
    (a, "PUT", "/api/v1/templates/courtesy-reminder", {"channel": "email", "lang": "en", "text": "hello"}, 422, "input",
     "subject"),
    (a, "PUT", "/api/v1/templates/courtesy-reminder", {"name": "other", "channel": "sms", "lang": "en", "text": "x"}, 422,
     "input", "name"),
    (a, "PUT", "/api/v1/templates/x", {"channel": "fax", "lang": "en", "text": "x"}, 422, "input", "channel"),
    (a, "PUT", "/api/v1/templates/x", {"channel": "sms", "lang": "en", "text": "x", "colour": "red"}, 422, "input", "colour"),
    (a, "PUT", "/api/v1/templates/x", {"channel": "sms", "lang": "en", "text": 5}, 422, "input", "text"),
    (a, "PUT", "/api/v1/templates/x", {"channel": "sms", "text": "x"}, 422, "input", "lang"),
    (a, "PUT", "/api/v1/templates/x", "[1]", 400, "malformed", None),
]
for who, method, path, body, status, code, field in bad:
    r = who.send(method, path, body, j if body is not None else None)
    ok = sc.expect("refused %s %s %s" % (method, path, json.dumps(body)[:60]), r, status, code)
    if ok and field is not None:
        sc.check("... naming the field %s" % field, r.json["error"]["field"] == field, r)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
expect_db_unchanged "the refused requests changed nothing"
finish
