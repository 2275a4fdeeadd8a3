#!/usr/bin/env bash
# Failed sign-ins: five for one name from one address lock that pair out
# (429 with Retry-After, even with the right password); another address is
# not locked; twenty for the name from all addresses lock the name; unknown
# names are counted alike; a success clears the pair's count.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
serve_py <<'PY'
s = sc.Server()
def signin(user, password, source="127.0.0.1"):
    return s.request("POST", "/api/v1/session", {"user": user, "password": password}, source=source)
# a success clears the count: 4 failures, a success, 4 failures: not locked
for i in range(4):
    signin("alice", "wrong-password-%d" % i)
sc.expect("alice after 4 failures", signin("alice", "alice-password"), 201)
for i in range(4):
    signin("alice", "wrong-password-%d" % i)
sc.expect("alice after a success and 4 more failures", signin("alice", "alice-password"), 201)
for i in range(5):
    r = signin("alice", "wrong-password-%d" % i)
    sc.expect("failure %d" % (i + 1), r, 401 if i < 4 else 401, "unauthenticated")
r = signin("alice", "alice-password")
sc.expect("the right password once locked", r, 429, "locked")
retry = r.header("Retry-After")
sc.check("429 says when to retry", retry is not None and 0 < int(retry) <= 900, r.headers)
sc.check("429 names the user field", r.json["error"]["field"] == "user", r)
sc.expect("the same user from another address", signin("alice", "alice-password", source="127.0.0.2"), 201)
sc.expect("another user from the locked address", signin("bob", "bob-password"), 201)
for i in range(6):
    signin("ghost", "wrong-password")
sc.expect("an unknown name is locked like a known one", signin("ghost", "wrong-password"), 429, "locked")
# the name from many addresses: 20 failures lock it everywhere
n = 0
for a in range(3, 8):
    for i in range(4):
        signin("bob", "wrong-password", source="127.0.0.%d" % a)
        n += 1
sc.check("20 failures from five addresses", n == 20)
sc.expect("bob from a fresh address once the name is locked", signin("bob", "bob-password", source="127.0.0.9"), 429, "locked")
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "the failures are kept per name and address (and '*' for the name)" "yes" \
	"$(sql "SELECT CASE WHEN count(*) >= 3 THEN 'yes' ELSE 'no' END FROM signin_failure WHERE address = '*'")"
finish
