#!/usr/bin/env bash
# HEAD is GET without the body (RFC 9110: every general-purpose server
# supports GET and HEAD). It was 405 on every route: a load balancer or an
# uptime check that asks HEAD /healthz saw the server as broken, and a
# cache revalidating the workspace's files with HEAD got nothing. Now HEAD
# answers what GET would, the same status and headers (Content-Length,
# ETag, the Content-Security-Policy) and no body, on a connection kept
# alive; it needs the credential GET needs, never a CSRF token; a 405
# lists HEAD beside GET.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
serve_py <<'PY'
s = sc.Server()
alice = sc.Client(s, "alice", "alice-password", csrf=False)
c = s.conn()
h = s.request("HEAD", "/healthz", conn=c)
sc.expect("HEAD /healthz", h, 200)
g = s.request("GET", "/healthz", conn=c)
sc.check("... with GET's Content-Type and Content-Length, and no body", h.body == b""
         and h.header("Content-Type") == g.header("Content-Type")
         and h.header("Content-Length") == str(len(g.body)), h.headers, g.headers)
sc.check("... and the connection goes on: a GET after it on the same connection", g.status == 200
         and g.json and g.json.get("status") == "ok", g)
c.close()

h = s.request("HEAD", "/")
g = s.request("GET", "/")
sc.check("HEAD / is the workspace's page without the body: ETag, CSP, length",
         h.status == 200 and h.body == b"" and h.header("ETag") == g.header("ETag")
         and h.header("Content-Security-Policy") == g.header("Content-Security-Policy")
         and h.header("Content-Length") == str(len(g.body)), h.headers)
r = s.request("HEAD", "/", headers={"If-None-Match": g.header("ETag")})
sc.check("... and with its ETag in If-None-Match, 304", r.status == 304, r.status)

sc.expect("HEAD of a signed-in route without a credential", s.request("HEAD", "/api/v1/customers"), 401)
r = alice.send("HEAD", "/api/v1/customers?limit=1")
sc.check("HEAD /api/v1/customers by cookie: 200, no CSRF token asked, no body", r.status == 200 and r.body == b"", r)
r = s.request("HEAD", "/api/v1/customers/NOPE", headers=alice.headers())
sc.check("HEAD of an unknown ref: GET's 404", r.status == 404 and r.body == b"", r)
r = s.request("PUT", "/healthz")
sc.check("a 405 lists HEAD with GET", r.status == 405 and r.header("Allow") == "GET, HEAD", r.headers)
r = s.request("DELETE", "/api/v1/payments")
sc.check("... beside the path's other methods", r.status == 405 and r.header("Allow") == "POST, GET, HEAD", r.headers)
sc.expect("HEAD of a POST-only route is still 405", s.request("HEAD", "/api/v1/session"), 405)
sc.check("SIGTERM: exit 0", s.stop() == 0)
log = open(s.log_path).read()
sc.check("the access log names the method HEAD", " method=HEAD path=/healthz status=200 " in log, log[-800:])
PY
finish
