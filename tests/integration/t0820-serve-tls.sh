#!/usr/bin/env bash
# HTTPS: recoup serve --tls-cert/--tls-key serves TLS through
# libmicrohttpd's GnuTLS with a throw-away certificate made here by openssl;
# a client that trusts it signs in over https (Python's ssl, then curl) and
# gets a Secure session cookie, while plain HTTP gets no answer on that
# port and a plain server's cookie has no Secure. A missing file, a file
# that is no certificate and a key of another certificate each stop the
# start with exit 1 and a message naming the option; one option alone is a
# usage error.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
# a self-signed certificate for 127.0.0.1 (the address Python checks it against), and a second one
for name in server other; do
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-keyout "$TMP/$name.key" -out "$TMP/$name.crt" -subj "/CN=127.0.0.1" \
		-addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
done

expect_exit 1 recoup serve --listen 127.0.0.1:0 --tls-cert "$TMP/missing.crt" --tls-key "$TMP/server.key"
expect_stderr_contains "--tls-cert: cannot read '$TMP/missing.crt'"
expect_exit 1 recoup serve --listen 127.0.0.1:0 --tls-cert "$TMP/server.crt" --tls-key "$TMP/missing.key"
expect_stderr_contains "--tls-key: cannot read '$TMP/missing.key'"
expect_exit 1 recoup serve --listen 127.0.0.1:0 --tls-cert "$TMP/server.crt" --tls-key "$TMP/other.key"
expect_stderr_contains "--tls-cert/--tls-key: not a PEM certificate and its matching private key"
expect_exit 1 recoup serve --listen 127.0.0.1:0 --tls-cert "$DATA/import/customers.csv" --tls-key "$TMP/server.key"
expect_stderr_contains "--tls-cert/--tls-key: not a PEM certificate and its matching private key"
expect_exit 2 recoup serve --listen 127.0.0.1:0 --tls-cert "$TMP/server.crt"
expect_stderr_contains "--tls-cert and --tls-key go together"

serve_py <<'PY'
import os, socket, subprocess
tmp = os.environ["TMP"]
s = sc.Server(["--tls-cert", tmp + "/server.crt", "--tls-key", tmp + "/server.key"], cafile=tmp + "/server.crt")
a = sc.Client(s, "alice", "alice-password")
sc.expect("sign-in over https", a.signin, 201)
cookie = [p.strip() for p in (a.signin.header("Set-Cookie") or "").split(";")]
sc.check("the session cookie is Secure under TLS", "Secure" in cookie, cookie)
sc.check("and still HttpOnly and SameSite=Strict", "HttpOnly" in cookie and "SameSite=Strict" in cookie, cookie)
sc.expect("the cookie reads over https", a.get("/api/v1/customers"), 200)
sc.expect("a cookie write with its CSRF token over https",
          a.post("/api/v1/contacts/C001/log", {"channel": "call", "outcome": "no_answer", "at": "2026-11-20T15:00:00Z"}),
          201)
out = a.delete("/api/v1/session")
sc.expect("sign-out over https", out, 204)
sc.check("the cookie that ends the session is Secure too", "Secure" in (out.header("Set-Cookie") or ""), out.headers)
# curl, as an operator would check it
r = subprocess.run(["curl", "-sS", "--cacert", tmp + "/server.crt", "-o", "/dev/null", "-w", "%{http_code}",
                    "https://127.0.0.1:%d/healthz" % s.port], capture_output=True, text=True)
sc.check("curl trusts the certificate and gets /healthz", r.stdout == "200", r.stdout, r.stderr)
# plain HTTP on the TLS port: no HTTP answer comes back
with socket.create_connection(("127.0.0.1", s.port), timeout=10) as raw:
    raw.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    try:
        got = raw.recv(64)
    except OSError:
        got = b""
sc.check("plain HTTP on the TLS port gets no HTTP answer", not got.startswith(b"HTTP/"), got)
sc.check("SIGTERM: exit 0", s.stop() == 0)
plain = sc.Server(log_path=tmp + "/plain.log")
b = sc.Client(plain, "bob", "bob-password")
sc.expect("sign-in over plain HTTP", b.signin, 201)
sc.check("no Secure on a plain HTTP cookie", "Secure" not in (b.signin.header("Set-Cookie") or ""), b.signin.headers)
sc.check("SIGTERM: exit 0 (plain)", plain.stop() == 0)
PY
finish
