#!/usr/bin/env bash
# Signing out ends the credential the request came with (docs/api.md: a
# session ends "at sign-out"). DELETE /api/v1/session sent with a bearer
# token answered 204 and changed nothing: the token went on working, so a
# machine client that signed out, believing its credential ended, left it
# alive. Now the token is revoked (as `recoup token revoke`, audited as
# token.revoke by the token itself) and the next request with it gets
# 401, on a new connection or one kept alive; a user's token signing out
# ends that token only, not the user's session nor another token. A
# cookie session signing out still ends the session (401 after).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
export ERP_TOKEN OTHER_TOKEN BOB_TOKEN
ERP_TOKEN=$(recoup token create erp --role manager)
OTHER_TOKEN=$(recoup token create other --role manager)
BOB_TOKEN=$(recoup token create bob-dialer --role collector --user bob)

serve_py <<'PY'
import os
s = sc.Server()

# a session: signed out, its cookie is refused after
alice = sc.Client(s, "alice", "alice-password")
sc.expect("alice signs in", alice.signin, 201)
c = s.conn()
sc.expect("alice's session reads", s.request("GET", "/api/v1/customers?limit=1", headers=alice.headers(), conn=c), 200)
r = alice.delete("/api/v1/session")
sc.expect("alice signs out", r, 204)
sc.check("... the cookie is cleared", "Max-Age=0" in (r.header("Set-Cookie") or ""), r.headers)
sc.expect("her cookie after sign-out", alice.get("/api/v1/customers?limit=1"), 401, "unauthenticated")
sc.expect("... on the connection kept alive from before", s.request("GET", "/api/v1/customers?limit=1",
          headers=alice.headers(), conn=c), 401, "unauthenticated")
c.close()

# a bearer token: signing out revokes it
erp = sc.Client(s, token=os.environ["ERP_TOKEN"])
other = sc.Client(s, token=os.environ["OTHER_TOKEN"])
c = s.conn()
sc.expect("the erp token reads", s.request("GET", "/api/v1/customers?limit=1", headers=erp.headers(), conn=c), 200)
r = erp.delete("/api/v1/session")
sc.expect("the erp token signs out", r, 204)
sc.check("... no cookie to clear for a token", r.header("Set-Cookie") is None, r.headers)
r = erp.get("/api/v1/customers?limit=1")
sc.expect("the erp token after signing out", r, 401, "unauthenticated")
sc.check("... as a revoked token", "unknown or revoked" in r.body.decode(), r)
sc.expect("... on the connection kept alive from before", s.request("GET", "/api/v1/customers?limit=1",
          headers=erp.headers(), conn=c), 401, "unauthenticated")
c.close()
sc.expect("signing out again with it", erp.delete("/api/v1/session"), 401, "unauthenticated")
sc.expect("another token is untouched", other.get("/api/v1/customers?limit=1"), 200)

# a user's token: that token ends, not the user's session
bob = sc.Client(s, "bob", "bob-password")
dialer = sc.Client(s, token=os.environ["BOB_TOKEN"])
sc.expect("bob's dialer token reads his queue", dialer.get("/api/v1/queue"), 200)
sc.expect("bob's dialer token signs out", dialer.delete("/api/v1/session"), 204)
sc.expect("the dialer token after", dialer.get("/api/v1/queue"), 401, "unauthenticated")
sc.expect("bob's own session still reads", bob.get("/api/v1/queue"), 200)
s.stop()
PY

expect_eq "token list: erp and bob-dialer revoked, other in force" "bob-dialer:1 erp:1 other:0" \
	"$(recoup token list | awk 'NR > 1 { r = (index($0, ", revoked ") > 0); printf "%s%s:%d", (NR > 2 ? " " : ""), $1, r }')"
run recoup audit --entity token --format json
expect_eq "the audit trail: each revoke by the token that signed out, from the server" \
	"token.revoke erp token:erp 127.0.0.1|token.revoke bob-dialer bob 127.0.0.1" \
	"$(python3 -c 'import json,sys
rows = [r for r in json.load(open(sys.argv[1]))["entries"] if r["action"] == "token.revoke"]
print("|".join("%s %s %s %s" % (r["action"], r["ref"], r["actor"], r["origin"]) for r in rows))' "$TMP/out")"
finish
