#!/usr/bin/env bash
# The audit trail of signing in: a sign-in, a lock-out, a token made and
# revoked, a password changed, each with who, when and from where; GET
# /api/v1/audit for managers (403 for a collector), filtered and paged.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

export USER=operator
recoup init >/dev/null
serve_setup
expect_exit 0 recoup token create erp --role manager
expect_exit 0 recoup token revoke erp
expect_exit 0 recoup user passwd bob <<<"bob-password-2"
serve_py <<'PY'
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
sc.expect("alice signs in", a.signin, 201)
for i in range(5):
    s.request("POST", "/api/v1/session", {"user": "carol", "password": "wrong-password"})
b = sc.Client(s, "bob", "bob-password-2")
sc.expect("a collector reading the audit trail", b.get("/api/v1/audit"), 403, "forbidden")
r = a.get("/api/v1/audit?limit=1000")
sc.expect("a manager reads the audit trail", r, 200)
items = r.json["items"] if r.json else []
acts = [(i["action"], i["actor"], i["origin"], i["ref"]) for i in items]
sc.check("the token's creation, by the operating-system user, from the CLI",
         ("token.create", "operator", "cli", "erp") in acts, acts)
sc.check("its revocation", ("token.revoke", "operator", "cli", "erp") in acts, acts)
sc.check("the password change, without the password", ("user.password", "operator", "cli", "bob") in acts
         and "bob-password-2" not in r.body.decode(), acts)
sc.check("alice's sign-in, by alice, from her address", ("session.create", "alice", "127.0.0.1", "alice") in acts, acts)
sc.check("the lock-out of carol", any(x[0] == "session.locked" and x[3] == "carol" for x in acts), acts)
sc.check("entries in the order they were appended", [i["id"] for i in items] == sorted(i["id"] for i in items), items)
sc.check("an entry's after is JSON", any(i["action"] == "token.create" and i["after"] == {"name": "erp", "role": "manager"}
                                         for i in items), items)
one = a.get("/api/v1/audit?limit=1")
sc.check("a page of one has a next cursor", one.status == 200 and len(one.json["items"]) == 1 and one.json["next"], one)
two = a.get("/api/v1/audit?limit=1&after=" + one.json["next"])
sc.check("the next page starts after it", two.json["items"][0]["id"] > one.json["items"][0]["id"], two)
mine = a.get("/api/v1/audit?user=alice")
sc.check("filtered by user", mine.json["items"] and all(i["actor"] == "alice" for i in mine.json["items"]), mine)
sc.expect("since that is not a moment", a.get("/api/v1/audit?since=yesterday"), 400, "usage")
today = items[-1]["at"][:10]  # the day of the latest entry (not the clock's: a test across midnight)
since_day = a.get("/api/v1/audit?since=" + today)
sc.check("since a date: its first moment, as recoup audit --since DATE", since_day.status == 200
         and since_day.json["items"] and all(i["at"] >= today + "T00:00:00Z" for i in since_day.json["items"]), since_day)
tomorrow = (__import__("datetime").date.fromisoformat(today) + __import__("datetime").timedelta(days=1)).isoformat()
sc.check("since tomorrow: nothing yet", a.get("/api/v1/audit?since=" + tomorrow).json["items"] == [])
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
run sql "UPDATE audit_log SET actor = 'nobody'"
if [[ $status != 0 && $(sql "SELECT count(*) FROM audit_log WHERE actor = 'nobody'") == 0 ]]; then
	pass "the trail cannot be edited"
else
	fail "the trail cannot be edited" "$(cat "$TMP/err")"
fi
finish
