#!/usr/bin/env bash
# Optimistic concurrency (docs/api.md, "Conditional writes"): a GET of a
# strategy, a contact-rules profile, a template or a customer answers an
# ETag (a user's is in its item of GET /api/v1/users); of two managers who
# read the same record, the second to save with If-Match gets 412
# precondition_failed (naming who changed it last) and changes nothing; a
# fresh If-Match applies and answers the new tag; `*` means "exists"; a
# write without If-Match is as before (last write wins: scripts rely on it).
# On both backends.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
recoup strategy show b2b-gentle >"$TMP/b2b-gentle.json"
serve_py <<'PY'
import json, os
T = os.environ["TMP"]
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
a2 = sc.Client(s, "alice", "alice-password")
for c, n in ((a, "alice"), (a2, "alice, a second session")):
    sc.check("%s signs in" % n, c.signin.status == 201, c.signin)

def audit_count():
    r = a.get("/api/v1/audit?limit=1000")
    return len(r.json["items"]) if r.status == 200 else -1

def case(what, method, path, first, second, get_tag):
    """Two managers read the record; the first saves; the second's save, stale, is refused."""
    tag0 = get_tag()
    sc.check("%s: GET answers a strong ETag" % what, tag0 and tag0.startswith('"') and tag0.endswith('"'), tag0)
    sc.check("%s: ... the same when read again" % what, get_tag() == tag0)
    r = a.send(method, path, first, headers={"If-Match": tag0})
    sc.expect("%s: the first save, with the If-Match it read" % what, r, 200)
    tag1 = r.header("ETag")
    sc.check("%s: ... answers the new ETag, the one GET then answers" % what,
             tag1 and tag1 != tag0 and tag1 == get_tag(), r.headers, get_tag())
    n = audit_count()
    r = a2.send(method, path, second, headers={"If-Match": tag0})
    sc.expect("%s: the second save, with the same (now stale) If-Match" % what, r, 412, "precondition_failed")
    e = r.json["error"] if r.json else {}
    sc.check("%s: ... says the record changed since it was read, who and when; no field" % what,
             e.get("field") in ("", None) and "changed since it was read" in e.get("message", "")
             and "by alice at 20" in e.get("message", ""), r)
    sc.check("%s: ... and changed nothing" % what, get_tag() == tag1 and audit_count() == n)
    sc.expect("%s: a weak tag never matches" % what,
              a2.send(method, path, second, headers={"If-Match": "W/" + tag1}), 412, "precondition_failed")
    r = a2.send(method, path, second, headers={"If-Match": '"0000", ' + tag1})
    sc.expect("%s: a list that names the current tag" % what, r, 200)
    tag2 = get_tag()
    sc.check("%s: ... applied" % what, tag2 not in (tag0, tag1), tag2)
    sc.expect("%s: If-Match * on a record that exists" % what,
              a.send(method, path, first, headers={"If-Match": "*"}), 200)
    sc.check("%s: ... applied" % what, get_tag() == tag1)
    r = a2.send(method, path, second)
    sc.expect("%s: no If-Match: the write is as before (last write wins)" % what, r, 200)
    sc.check("%s: ... applied" % what, get_tag() == tag2)
    stale.append((what, method, path, first, tag0))

stale = []  # (what, method, path, body, a tag no longer current): sent again below, on a snapshot

def header_tag(path):
    return lambda: a.get(path).header("ETag")

# ---- a strategy ----
st = json.load(open(T + "/b2b-gentle.json"))
st["name"] = "firms"
sc.expect("a strategy stored without If-Match", a.send("PUT", "/api/v1/strategies/firms", st), 200)
r = a.get("/api/v1/strategies/firms")
sc.check("HEAD answers the ETag GET answers", r.header("ETag") and
         s.request("HEAD", "/api/v1/strategies/firms", headers=a.headers()).header("ETag") == r.header("ETag"))
case("strategy", "PUT", "/api/v1/strategies/firms", dict(st, description="first manager"),
     dict(st, description="second manager"), header_tag("/api/v1/strategies/firms"))
r = a.send("PUT", "/api/v1/strategies/newcomer", dict(st, name="newcomer"), headers={"If-Match": "*"})
sc.expect("If-Match * on a strategy the tenant does not have", r, 412, "precondition_failed")
sc.expect("... stored nothing", a.get("/api/v1/strategies/newcomer"), 404, "not_found")
r = a.send("PUT", "/api/v1/strategies/b2b-gentle", dict(st, name="b2b-gentle", description="edited preset"),
           headers={"If-Match": a.get("/api/v1/strategies/b2b-gentle").header("ETag")})
sc.expect("a preset replaced with the tag its GET answered", r, 200)

# ---- a contact-rules profile ----
prof = a.get("/api/v1/rules/profiles/b2b").json
case("profile", "PUT", "/api/v1/rules/profiles/b2b", dict(prof, description="first manager"),
     dict(prof, description="second manager"), header_tag("/api/v1/rules/profiles/b2b"))

# ---- a template (its channel, language and audience in the body, as GET's query names them) ----
t = a.get("/api/v1/templates/courtesy-reminder?channel=email&lang=en")
sc.check("a template's GET answers an ETag", t.status == 200 and t.header("ETag"), t)
tpl = {k: v for k, v in t.json.items() if k != "source"}
case("template", "PUT", "/api/v1/templates/courtesy-reminder", dict(tpl, subject="{{creditor.name}}: first"),
     dict(tpl, subject="{{creditor.name}}: second"), header_tag("/api/v1/templates/courtesy-reminder?channel=email&lang=en"))

# ---- a customer ----
c = a.get("/api/v1/customers/C001")
case("customer", "PATCH", "/api/v1/customers/C001", {"name": "Acme First"}, {"name": "Acme Second"},
     header_tag("/api/v1/customers/C001"))
r = a.send("PATCH", "/api/v1/customers/C999", {"name": "Nobody"}, headers={"If-Match": c.header("ETag")})
sc.expect("If-Match on a customer that is not there", r, 412, "precondition_failed")
r = a.send("PATCH", "/api/v1/customers/C999", {"name": "Nobody"})
sc.expect("... without If-Match, as before", r, 404, "not_found")

# ---- a user (its tag is its item's "etag" in the list) ----
def user_tag():
    r = a.get("/api/v1/users")
    return [u.get("etag") for u in r.json["items"] if u["name"] == "bob"][0]
case("user", "PATCH", "/api/v1/users/bob", {"capacity": "11"}, {"capacity": "22"}, user_tag)
json.dump(stale, open(T + "/stale.json", "w"))
sc.save_clients(T + "/clients.json", {"a": a})
PY

# the stale writes again, on a snapshot of the database: byte for byte unchanged
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
db_snapshot
serve_py <<'PY'
import json, os
T = os.environ["TMP"]
s = sc.Server()
a = sc.load_clients(s, T + "/clients.json")["a"]
for what, method, path, body, tag in json.load(open(T + "/stale.json")):
    sc.expect("%s: a stale If-Match again" % what, a.send(method, path, body, headers={"If-Match": tag}), 412,
              "precondition_failed")
PY
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null
expect_db_unchanged "the refused writes changed nothing"
finish
