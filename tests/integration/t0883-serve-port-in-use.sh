#!/usr/bin/env bash
# `recoup serve --listen ADDRESS:PORT` on a port another program listens
# on said "cannot listen on 127.0.0.1:PORT (...): Failed to bind to port 0:
# Address already in use": libmicrohttpd's own part named port 0, the
# port argument the server gave it (the address went in a sockaddr), not
# the one asked for. Now both parts name the port asked for, and the
# command exits 3 (an environment error), as before; an address that is
# not this machine's names its port too.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
# another program holds a port on 127.0.0.1 (listening) for the test's length
/usr/bin/python3 -c 'import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen()
print(s.getsockname()[1], flush=True)
time.sleep(600)' >"$TMP/port" &
track_pid $!
for _ in $(seq 100); do
	[[ -s $TMP/port ]] && break
	sleep 0.05
done
PORT=$(cat "$TMP/port")
[[ $PORT =~ ^[0-9]+$ ]] || fail "the other program listens" "port: '$PORT'"

expect_exit 3 recoup serve --listen "127.0.0.1:$PORT"
expect_stderr_contains "recoup serve: cannot listen on 127.0.0.1:$PORT"
expect_stderr_contains "Failed to bind to port $PORT: Address already in use"
if grep -q "port 0" "$TMP/err"; then
	fail "the error does not say port 0" "$(cat "$TMP/err")"
else
	pass "the error does not say port 0"
fi
expect_eq "nothing on stdout (it never listened)" "" "$(cat "$TMP/out")"

# a recoup serve already listening there: the second is refused the same way, not started beside
# it (SO_REUSEPORT let both listen, and the kernel split the connections between them)
serve_py <<'PY'
import subprocess
s = sc.Server([])
second = subprocess.run([sc.RECOUP, "serve", "--listen", "127.0.0.1:%d" % s.port], capture_output=True, text=True,
                        timeout=30)
sc.check("a second recoup serve on the same port exits 3", second.returncode == 3, second.returncode, second.stderr)
sc.check("... saying the address is in use", "Address already in use" in second.stderr, second.stderr)
sc.expect("the first still answers", s.request("GET", "/healthz"), 200)
PY

# 192.0.2.1 (TEST-NET-1) is no address of this machine
expect_exit 3 recoup serve --listen "192.0.2.1:$PORT"
expect_stderr_contains "cannot listen on 192.0.2.1:$PORT"
expect_stderr_contains "Failed to bind to port $PORT: "
if grep -q "port 0" "$TMP/err"; then
	fail "... nor port 0 there" "$(cat "$TMP/err")"
else
	pass "... nor port 0 there"
fi
finish
