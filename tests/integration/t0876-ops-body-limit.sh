#!/usr/bin/env bash
# The shipped nginx site (contrib/nginx/recoup.conf) passes bodies up to
# client_max_body_size 64m "as large as recoup serve accepts", but the
# shipped service (contrib/systemd/recoup.service) started recoup with its
# default --max-body of 16 MiB: a CSV import of 16 to 64 MiB went through
# nginx and was refused by recoup with 413. The service now passes nginx's
# limit; this checks the two files agree and that the server as the
# service starts it reads a body over 16 MiB and refuses one over the
# limit (413 before reading it). Both backends.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

nginx_limit=$(sed -n 's/^ *client_max_body_size \([0-9]*\)m;.*/\1/p' "$SRCDIR/contrib/nginx/recoup.conf")
expect_eq "nginx's client_max_body_size is in MiB" 1 "$(grep -c . <<<"$nginx_limit")"
ARGS=$(sed -n 's|^ExecStart=/usr/local/bin/recoup serve ||p' "$SRCDIR/contrib/systemd/recoup.service")
unit_limit=$(sed -n 's/.*--max-body \([0-9]*\).*/\1/p' <<<"$ARGS")
expect_eq "recoup.service's --max-body is nginx's client_max_body_size" "$((nginx_limit * 1024 * 1024))" \
	"$unit_limit"
# the service's arguments but --listen (the test's server takes a free port on loopback)
ARGS=$(sed 's/--listen [^ ]*//' <<<"$ARGS")
export ARGS LIMIT=$unit_limit

recoup init >/dev/null
serve_setup
serve_py <<'PY'
import os, socket
s = sc.Server(args=os.environ["ARGS"].split())
limit = int(os.environ["LIMIT"])
# a sign-in padded past the 16 MiB default: read and answered (a wrong password), not 413
body = b" " * (17 * 1024 * 1024) + b'{"user": "alice", "password": "not-her-password"}'
r = s.request("POST", "/api/v1/session", body, {"Content-Type": "application/json"})
sc.expect("a 17 MiB body, as nginx passes it, is read", r, 401, "unauthenticated")
r = s.request("POST", "/api/v1/session", b" " * (limit - 64) + b'{"user": "alice", "password": "alice-password"}',
              {"Content-Type": "application/json"})
sc.expect("a body just under the limit signs in", r, 201)
# over the limit: refused from its Content-Length, before a byte of it is sent
k = socket.create_connection((s.host, s.port), timeout=30)
k.sendall(b"POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          b"Content-Length: %d\r\n\r\n" % (limit + 1))
head = b""
while b"payload_too_large" not in head:
    part = k.recv(4096)  # the server closes the connection after its answer
    if not part:
        break
    head += part
k.close()
sc.check("a body of the limit plus one byte: 413, unread", head.startswith(b"HTTP/1.1 413") and
         b"payload_too_large" in head, head[:300])
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
finish
