#!/usr/bin/env bash
# Disabling a user ends their sessions (docs/api.md, "Sign-in, tokens and
# roles"), by `recoup user disable` or PATCH /api/v1/users/{name}
# {"disabled": true}. A session was only refused while the user was
# disabled: enabled again, every cookie signed in before (one left in a
# browser on a lost laptop, say) worked again, within its idle time and 12
# hours. Now the cookie stays refused after the user is enabled, and a new
# sign-in works. On both backends.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
echo "root-password" | recoup user add root --role admin --password-stdin >/dev/null
serve_py <<'PY'
import os, subprocess
s = sc.Server()
root = sc.Client(s, "root", "root-password")
R = os.environ["RECOUP"]


def cli(*args):
    p = subprocess.run([R] + list(args), capture_output=True, text=True)
    sc.check("recoup %s: exit 0" % " ".join(args), p.returncode == 0, p.stderr)


# by the command line
bob = sc.Client(s, "bob", "bob-password")
sc.expect("bob signs in", bob.signin, 201)
sc.expect("bob's session reads his customers", bob.get("/api/v1/customers"), 200)
cli("user", "disable", "bob")
sc.expect("disabled: the session is refused", bob.get("/api/v1/customers"), 401, "unauthenticated")
cli("user", "enable", "bob")
sc.expect("enabled again: the session signed in before stays ended", bob.get("/api/v1/customers"), 401,
          "unauthenticated")
sc.expect("... a write with it too", bob.post("/api/v1/customers/C002/flags", {"flag": "cease"}), 401,
          "unauthenticated")
bob2 = sc.Client(s, "bob", "bob-password")
sc.expect("a new sign-in works", bob2.signin, 201)
sc.expect("... and its session reads", bob2.get("/api/v1/customers"), 200)

# by the API
r = root.send("PATCH", "/api/v1/users/bob", {"disabled": True})
sc.check("PATCH disabled true: 200, disabled", r.status == 200 and r.json.get("disabled") is True, r)
r = root.send("PATCH", "/api/v1/users/bob", {"disabled": False})
sc.check("PATCH disabled false: 200, enabled", r.status == 200 and r.json.get("disabled") is False, r)
sc.expect("enabled again by the API: the session signed in before stays ended", bob2.get("/api/v1/customers"), 401,
          "unauthenticated")
bob3 = sc.Client(s, "bob", "bob-password")
sc.expect("a new sign-in works", bob3.signin, 201)
sc.expect("... and its session reads", bob3.get("/api/v1/customers"), 200)

# a change that disables nothing ends nothing
r = root.send("PATCH", "/api/v1/users/bob", {"capacity": "12"})
sc.expect("a change of capacity", r, 200)
sc.expect("... leaves bob's session alone", bob3.get("/api/v1/customers"), 200)
r = root.send("PATCH", "/api/v1/users/bob", {"disabled": False})
sc.check("enabling an enabled user: unchanged", r.status == 200 and r.json.get("changed") is False, r)
sc.expect("... leaves bob's session alone", bob3.get("/api/v1/customers"), 200)
s.stop()
PY
expect_eq "no session of bob's signed in before the disables is left" "1" \
	"$(sql "SELECT count(*) FROM auth_session s JOIN app_user u ON u.id = s.user_id WHERE u.name = 'bob'")"
finish
