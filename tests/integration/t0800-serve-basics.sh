#!/usr/bin/env bash
# recoup serve: listening on a port the kernel picks, /healthz, /metrics,
# unknown routes and methods, the access log, the route table, and a clean
# exit 0 on SIGTERM.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup

expect_exit 0 recoup serve --routes
# the route table needs no database: none is opened, none is created
expect_exit 0 "$RECOUP" --db "$TMP/none.db" serve --routes
expect_stdout_contains "POST   /api/v1/session"
expect_eq "serve --routes created no database" no "$([[ -e $TMP/none.db ]] && echo yes || echo no)"
expect_stdout_contains "POST   /api/v1/session"
expect_stdout_contains "GET    /api/v1/customers/{ref}"
expect_exit 2 recoup serve --listen nowhere
expect_exit 2 recoup serve --threads 0
expect_exit 3 recoup serve --db "$TMP/missing.db"

serve_py <<'PY'
s = sc.Server(["--threads", "2"])
r = s.request("GET", "/healthz")
sc.expect("GET /healthz", r, 200)
sc.check("healthz says ok and names the backend", r.json and r.json.get("status") == "ok"
         and r.json.get("backend") in ("sqlite", "postgresql"), r)
sc.check("responses are not cached", r.header("Cache-Control") == "no-store", r.headers)
sc.expect("an unknown path", s.request("GET", "/nope"), 404, "not_found")
r = s.request("PUT", "/healthz")
sc.expect("a method the route does not take", r, 405, "method_not_allowed")
sc.check("405 names the methods allowed", r.header("Allow") == "GET, HEAD", r.headers)
r = s.request("DELETE", "/api/v1/session")
sc.expect("a signed-in route without a credential", r, 401, "unauthenticated")
sc.check("401 asks for a bearer token", (r.header("WWW-Authenticate") or "").startswith("Bearer"), r.headers)
# keep-alive: two requests on one connection
c = s.conn()
a = s.request("GET", "/healthz", conn=c)
b = s.request("GET", "/healthz", conn=c)
sc.check("two requests on one kept-alive connection", a.status == 200 and b.status == 200
         and (a.header("Connection") or "").lower() != "close", a.headers)
c.close()
m = s.request("GET", "/metrics")
sc.expect("GET /metrics", m, 200)
text = m.body.decode()
sc.check("metrics count the healthz requests by route and status",
         'recoup_http_requests_total{route="/healthz",method="GET",status="200"} 3' in text, text[:800])
sc.check("metrics have a latency histogram", 'recoup_http_request_duration_seconds_bucket{le="+Inf"}' in text
         and "recoup_http_request_duration_seconds_count" in text, text[:800])
sc.check("metrics have open connections and database errors",
         "recoup_http_open_connections " in text and "recoup_db_errors_total 0" in text, text[-600:])
sc.check("metrics are Prometheus text", (m.header("Content-Type") or "").startswith("text/plain"), m.headers)
rc = s.stop()
sc.check("SIGTERM: exit 0", rc == 0, "exit %s" % rc)
log = open(s.log_path).read().splitlines()
lines = [l for l in log if " method=" in l]
sc.check("one access-log line per request", len(lines) == 7, "\n".join(log))
sc.check("the log line has time, tenant, user, method, path, status and duration",
         any(l.split()[0].endswith("Z") and " tenant=" in l and " user=" in l and " method=PUT path=/healthz status=405 "
             in l and " duration_us=" in l for l in lines), "\n".join(lines))
sc.check("the server says it stopped", any(l.startswith("stopped on SIGTERM") for l in log), "\n".join(log[-3:]))
PY
finish
