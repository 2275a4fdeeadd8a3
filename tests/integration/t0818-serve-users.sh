#!/usr/bin/env bash
# GET /api/v1/users for managers (the workspace's administration): every
# user of the tenant with role, team, capacity and whether disabled, as
# `recoup user list` has them, and no secret; a collector gets 403.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
echo "carl-password" | recoup user add carl --role collector --team north --capacity 25 --password-stdin >/dev/null
expect_exit 0 recoup user disable carl
expect_exit 0 recoup user list --format json
cp "$TMP/out" "$TMP/cli.json"
serve_py <<'PY'
import json
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
sc.expect("alice signs in", a.signin, 201)
b = sc.Client(s, "bob", "bob-password")
sc.expect("bob signs in", b.signin, 201)
sc.expect("a collector listing the users", b.get("/api/v1/users"), 403, "forbidden")
r = a.get("/api/v1/users")
sc.expect("a manager lists the users", r, 200)
tagged = r.json["items"] if r.json else []
# each item's "etag" is the user's tag for PATCH's If-Match (t0870); the rest is recoup user list's
sc.check("each user has its etag, a quoted tag", tagged and all(u.get("etag", "").startswith('"') for u in tagged), tagged)
items = [{k: v for k, v in u.items() if k != "etag"} for u in tagged]
cli = json.load(open(__import__("os").environ["TMP"] + "/cli.json"))
want = [{k: u[k] for k in ("name", "role", "team", "capacity", "disabled")} for u in cli]
sc.check("the same users, roles, teams, capacities and states as recoup user list",
         sorted(items, key=lambda u: u["name"]) == sorted(want, key=lambda u: u["name"]), (items, want))
carl = [u for u in items if u["name"] == "carl"]
sc.check("carl: collector, team north, 25 a day, disabled",
         carl == [{"name": "carl", "role": "collector", "team": "north", "capacity": 25, "disabled": True}], carl)
sc.check("no password or hash in the answer", b"password" not in r.body and b"hash" not in r.body, r.body[:300])
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
finish
