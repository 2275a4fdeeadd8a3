#!/usr/bin/env bash
# --trusted-proxy takes CIDR ranges as well as single addresses, IPv4 and
# IPv6, several times: a load balancer pool (10.0.0.0/8, fd00::/8) need not
# be listed address by address. A peer within a range has its
# X-Forwarded-For believed (the access log, the audit trail and the sign-in
# lock-out see the forwarded client); a peer outside every range does not.
# A bad value is refused before anything starts, naming the flag, the value
# and what is wrong with it (tests/unit/test_http_forwarded.c checks the
# matcher bit by bit, IPv6 included).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup

expect_exit 2 recoup serve --listen 127.0.0.1:0 --trusted-proxy 10.0.0.1/8
expect_stderr_contains "--trusted-proxy '10.0.0.1/8': bits are set past the /8 prefix (the range is 10.0.0.0/8)"
expect_exit 2 recoup serve --listen 127.0.0.1:0 --trusted-proxy 10.0.0.0/33
expect_stderr_contains "--trusted-proxy '10.0.0.0/33': the prefix length must be a number from 0 to 32"
expect_exit 2 recoup serve --listen 127.0.0.1:0 --trusted-proxy 127.0.0.1 --trusted-proxy fd00::/129
expect_stderr_contains "--trusted-proxy 'fd00::/129': the prefix length must be a number from 0 to 128"
expect_exit 2 recoup serve --listen 127.0.0.1:0 --trusted-proxy lb.example/24
expect_stderr_contains "--trusted-proxy 'lb.example/24': not an IPv4 or IPv6 address or range"

# 127.0.0.0/30 holds 127.0.0.0-127.0.0.3: 127.0.0.2 is a trusted proxy, 127.0.0.9 is not
serve_py <<'PY'
import os
log = os.environ["TMP"] + "/ranges.log"
s = sc.Server(["--trusted-proxy", "fd00::/8", "--trusted-proxy", "127.0.0.0/30", "--trusted-proxy", "::1/128"],
              log_path=log)
def signin(xff, source, user="bob", password="bob-password"):
    return s.request("POST", "/api/v1/session", {"user": user, "password": password},
                     headers={"X-Forwarded-For": xff}, source=source)
sc.expect("a peer within 127.0.0.0/30 forwards its client", signin("198.51.100.21", "127.0.0.2"), 201)
sc.expect("proxies within the ranges are skipped from the right",
          signin("198.51.100.22, 127.0.0.3, fd00::7", "127.0.0.1"), 201)
sc.expect("a peer outside every range is not believed", signin("198.51.100.23", "127.0.0.9"), 201)
for i in range(5):
    signin("198.51.100.24", "127.0.0.2", "alice", "wrong-password")
sc.expect("the forwarded client behind the range is locked out",
          signin("198.51.100.24", "127.0.0.2", "alice", "alice-password"), 429, "locked")
sc.expect("the proxy's other clients are not", signin("198.51.100.25", "127.0.0.2", "alice", "alice-password"), 201)
sc.check("SIGTERM: exit 0", s.stop() == 0)
text = open(log).read()
sc.check("the access log has the client forwarded by 127.0.0.2", "address=198.51.100.21" in text, text[-600:])
sc.check("the access log has 127.0.0.9 itself, not its header",
         "address=127.0.0.9" in text and "198.51.100.23" not in text, text[-600:])
PY
expect_eq "bob's sessions come from the forwarded clients, or the untrusted peer" \
	"$(printf '%s\n' 198.51.100.21 198.51.100.22 127.0.0.9)" \
	"$(sql "SELECT origin FROM audit_log WHERE action = 'session.create' AND ref = 'bob' ORDER BY id")"
expect_eq "alice's lock-out names the forwarded client" "198.51.100.24" \
	"$(sql "SELECT origin FROM audit_log WHERE action = 'session.locked' AND ref = 'alice'")"
finish
