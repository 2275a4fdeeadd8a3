#!/usr/bin/env bash
# Sign-in: passwords (user passwd, user add --password-stdin), the session
# cookie and its CSRF token, sign-out, a password change ending sessions, a
# disabled user.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
expect_exit 1 recoup user passwd alice <<<"short"
expect_stderr_contains "password: must be 8 to 1024 bytes"
expect_exit 1 recoup user passwd nobody <<<"long-enough-1"
expect_stderr_contains "user 'nobody' not found"
db_snapshot
expect_exit 1 recoup user add carl --role collector --password-stdin <<<"short"
expect_db_unchanged "a refused password adds no user"
if [[ $(sql "SELECT password_hash FROM app_user WHERE name = 'alice'") == '$argon2id$'* ]]; then
	pass "the password is kept as an argon2id hash"
else
	fail "the password is kept as an argon2id hash" "$(sql "SELECT password_hash FROM app_user")"
fi
# the suites hash at the minimum cost (lib.sh); without RECOUP_PASSWORD_COST, at the interactive one
env -u RECOUP_PASSWORD_COST "$RECOUP" --db "$RECOUP_DB" user add carol --role collector --password-stdin \
	<<<"carol-password" >/dev/null
expect_eq "without RECOUP_PASSWORD_COST a password is hashed at the interactive cost (64 MiB, 2 passes)" \
	'$argon2id$v=19$m=65536,t=2,p=1$' "$(sql "SELECT substr(password_hash, 1, 31) FROM app_user WHERE name = 'carol'")"
expect_eq "with RECOUP_PASSWORD_COST=test, at argon2id's minimum (8 KiB, 1 pass)" \
	'$argon2id$v=19$m=8,t=1,p=1$' "$(sql "SELECT substr(password_hash, 1, 27) FROM app_user WHERE name = 'alice'")"
if sql "SELECT password_hash FROM app_user" | grep -q alice-password; then
	fail "the password itself is nowhere in the table"
else
	pass "the password itself is nowhere in the table"
fi

serve_py <<'PY'
import subprocess, os
s = sc.Server()
bad = s.request("POST", "/api/v1/session", {"user": "alice", "password": "wrong-password"})
sc.expect("a wrong password", bad, 401, "unauthenticated")
unknown = s.request("POST", "/api/v1/session", {"user": "nobody", "password": "wrong-password"})
sc.check("an unknown user gets the same answer as a wrong password",
         unknown.status == 401 and unknown.json == bad.json, unknown, bad)
a = sc.Client(s, "alice", "alice-password")
r = a.signin
sc.expect("sign-in", r, 201)
sc.expect("sign-in with a hash of the interactive cost", sc.Client(s, "carol", "carol-password").signin, 201)
cookie = r.header("Set-Cookie") or ""
sc.check("the cookie is HttpOnly and SameSite=Strict", "HttpOnly" in cookie and "SameSite=Strict" in cookie, cookie)
sc.check("the response has the CSRF token, the user and the role",
         len(r.json.get("csrf_token", "")) == 64 and r.json.get("user") == "alice" and r.json.get("role") == "manager", r)
sc.check("the cookie's secret is not the CSRF token", r.json["csrf_token"] not in cookie, cookie)
sc.expect("a read with the cookie", a.get("/api/v1/customers"), 200)
nocsrf = sc.Client(s)
nocsrf.cookie = a.cookie
nocsrf.csrf = None
pay = {"payment_ref": "P-CSRF", "customer_ref": "C001", "date": "2026-11-01", "amount": "1.00", "currency": "USD"}
sc.expect("a cookie write without X-CSRF-Token", nocsrf.post("/api/v1/payments", pay), 403, "csrf")
sc.expect("a cookie write with a wrong X-CSRF-Token",
          nocsrf.post("/api/v1/payments", pay, {"X-CSRF-Token": "0" * 64}), 403, "csrf")
sc.expect("a cookie sign-out without X-CSRF-Token", nocsrf.delete("/api/v1/session"), 403, "csrf")
sc.expect("a forged cookie", s.request("GET", "/api/v1/customers", headers={"Cookie": "recoup_session=1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}), 401, "unauthenticated")
sc.expect("a cookie naming another tenant", s.request("GET", "/api/v1/customers", headers={"Cookie": "recoup_session=2." + a.cookie.split(".", 1)[1]}), 401, "unauthenticated")
out = a.delete("/api/v1/session")
sc.expect("sign-out", out, 204)
sc.check("sign-out clears the cookie", "Max-Age=0" in (out.header("Set-Cookie") or ""), out.headers)
sc.expect("the cookie after sign-out", a.get("/api/v1/customers"), 401, "unauthenticated")
b = sc.Client(s, "bob", "bob-password")
sc.expect("bob signs in", b.signin, 201)
env = dict(os.environ)
p = subprocess.run([sc.RECOUP, "user", "passwd", "bob"], input=b"new-bob-password\n", capture_output=True, env=env)
sc.check("user passwd reads stdin when it is not a terminal", p.returncode == 0, p.stderr)
sc.expect("a password change ends the user's sessions", b.get("/api/v1/queue"), 401, "unauthenticated")
sc.expect("the old password", sc.Client(s, "bob", "bob-password").signin, 401, "unauthenticated")
b2 = sc.Client(s, "bob", "new-bob-password")
sc.expect("the new password", b2.signin, 201)
p = subprocess.run([sc.RECOUP, "user", "disable", "bob"], capture_output=True, env=env)
sc.expect("a disabled user's session", b2.get("/api/v1/queue"), 401, "unauthenticated")
sc.expect("a disabled user cannot sign in", sc.Client(s, "bob", "new-bob-password").signin, 401, "unauthenticated")
# disabling ended bob's sessions (t0872): alice's, kept, is the one the table is checked on below
sc.expect("alice signs in again", sc.Client(s, "alice", "alice-password").signin, 201)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
if [[ $(sql "SELECT count(*) FROM auth_session WHERE length(id_hash) = 64") -ge 1 ]]; then
	pass "sessions are kept by the hash of their id"
else
	fail "sessions are kept by the hash of their id" "$(sql "SELECT * FROM auth_session")"
fi
finish
