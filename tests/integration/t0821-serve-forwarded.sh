#!/usr/bin/env bash
# The client's address: X-Forwarded-For is believed only from a peer named
# by --trusted-proxy. Without the flag a client that forges the header
# still has its failed sign-ins counted against its own address (it is
# locked out all the same) and the forged addresses appear nowhere: not in
# the audit trail, not in the access log. With --trusted-proxy 127.0.0.1
# the forwarded address is the client's (its own lock-out, its own audit
# origin, its own access-log address), read from the right past trusted
# proxies; a peer that is not trusted is still taken at its word only for
# its own address; X-Forwarded-Proto: https from the proxy makes the cookie
# Secure.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
echo "carol-password" | recoup user add carol --role collector --password-stdin >/dev/null

expect_exit 2 recoup serve --listen 127.0.0.1:0 --trusted-proxy 10.0.0.300
expect_stderr_contains "--trusted-proxy '10.0.0.300': not an IPv4 or IPv6 address"

# 1. no --trusted-proxy: a forged X-Forwarded-For changes nothing
serve_py <<'PY'
import os
s = sc.Server(log_path=os.environ["TMP"] + "/direct.log")
def signin(user, password, xff, source="127.0.0.1"):
    return s.request("POST", "/api/v1/session", {"user": user, "password": password},
                     headers={"X-Forwarded-For": xff}, source=source)
for i in range(5):
    sc.expect("failure %d under a new forged address" % (i + 1),
              signin("alice", "wrong-password", "203.0.113.%d" % (i + 1)), 401, "unauthenticated")
sc.expect("a sixth forged address does not escape the lock-out",
          signin("alice", "alice-password", "203.0.113.99"), 429, "locked")
sc.expect("bob signs in with a forged header", signin("bob", "bob-password", "203.0.113.50"), 201)
r = s.request("POST", "/api/v1/session", {"user": "bob", "password": "bob-password"},
              headers={"X-Forwarded-Proto": "https"})
sc.check("a forged X-Forwarded-Proto does not make the cookie Secure", "Secure" not in (r.header("Set-Cookie") or ""),
         r.headers)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "no forged address in the audit trail" "0" \
	"$(sql "SELECT count(*) FROM audit_log WHERE origin LIKE '203.0.113.%' OR after_json LIKE '%203.0.113.%'")"
expect_eq "the lock-out is recorded against the peer" "127.0.0.1" \
	"$(sql "SELECT origin FROM audit_log WHERE action = 'session.locked' AND ref = 'alice'")"
expect_eq "bob's session is audited from the peer" "127.0.0.1" \
	"$(sql "SELECT DISTINCT origin FROM audit_log WHERE action = 'session.create' AND ref = 'bob'")"
if grep -q '203\.0\.113\.' "$TMP/direct.log"; then
	fail "no forged address in the access log" "$(grep '203\.0\.113\.' "$TMP/direct.log" | head -3)"
else
	pass "no forged address in the access log"
fi

# 2. --trusted-proxy 127.0.0.1 (and ::1): the forwarded address is the client's
serve_py <<'PY'
import os
log = os.environ["TMP"] + "/proxied.log"
s = sc.Server(["--trusted-proxy", "127.0.0.1", "--trusted-proxy", "::1"], log_path=log)
def signin(user, password, xff=None, source="127.0.0.1", proto=None):
    h = {}
    if xff is not None:
        h["X-Forwarded-For"] = xff
    if proto:
        h["X-Forwarded-Proto"] = proto
    return s.request("POST", "/api/v1/session", {"user": user, "password": password}, headers=h, source=source)
for i in range(5):
    signin("carol", "wrong-password", "198.51.100.1")
sc.expect("the forwarded client is locked out", signin("carol", "carol-password", "198.51.100.1"), 429, "locked")
sc.expect("another forwarded client is not", signin("carol", "carol-password", "198.51.100.2"), 201)
sc.expect("the rightmost address not a trusted proxy is the client",
          signin("bob", "bob-password", "192.0.2.1, 198.51.100.3"), 201)
sc.expect("trusted proxies on the right are skipped", signin("bob", "bob-password", "198.51.100.4, ::1, 127.0.0.1"), 201)
sc.expect("an IPv6 client", signin("bob", "bob-password", "2001:db8::7"), 201)
sc.expect("a value that is no address leaves the peer's", signin("bob", "bob-password", "unknown"), 201)
sc.expect("an untrusted peer's header is ignored", signin("bob", "bob-password", "198.51.100.9", source="127.0.0.2"), 201)
r = signin("bob", "bob-password", "198.51.100.5", proto="https")
sc.check("X-Forwarded-Proto: https from the proxy makes the cookie Secure", "Secure" in (r.header("Set-Cookie") or ""),
         r.headers)
r = signin("bob", "bob-password", "198.51.100.6", source="127.0.0.2", proto="https")
sc.check("but not from an untrusted peer", "Secure" not in (r.header("Set-Cookie") or ""), r.headers)
sc.check("SIGTERM: exit 0", s.stop() == 0)
text = open(log).read()
sc.check("the access log has the forwarded client", "address=198.51.100.2" in text, text[-600:])
sc.check("the access log has the untrusted peer, not its header",
         "address=127.0.0.2" in text and "198.51.100.9" not in text, text[-600:])
PY
expect_eq "carol's lock-out names the forwarded address" '198.51.100.1' \
	"$(sql "SELECT origin FROM audit_log WHERE action = 'session.locked' AND ref = 'carol'")"
expect_eq "carol's session comes from the other forwarded address" '198.51.100.2' \
	"$(sql "SELECT origin FROM audit_log WHERE action = 'session.create' AND ref = 'carol'")"
expect_eq "the forwarded origins of bob's sessions, in order" \
	"$(printf '%s\n' 127.0.0.1 127.0.0.1 198.51.100.3 198.51.100.4 2001:db8::7 127.0.0.1 127.0.0.2 198.51.100.5 127.0.0.2)" \
	"$(sql "SELECT origin FROM audit_log WHERE action = 'session.create' AND ref = 'bob' ORDER BY id")"
finish
