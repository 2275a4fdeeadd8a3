#!/usr/bin/env bash
# One read transaction per request (store_hold_reads): the credential check
# and the handler's reads share it, and it ends with the request. So on one
# worker and one kept-alive connection, each request sees what was committed
# before it began (by another process, or by the request before), a request
# that failed leaves nothing behind for the next, a read then a write in one
# request (an idempotent POST) works, and a revoked token or a disabled
# user's session is refused at once.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup # customers C001-C005 and their invoices; alice (manager), bob (collector)
recoup assign >/dev/null
ERP=$(recoup token create erp --role manager)
export ERP
serve_py <<'PY'
import os, subprocess
s = sc.Server(args=["--threads", "1"])  # one worker: every request below uses the same store
erp = sc.Client(s, token=os.environ["ERP"])
bob = sc.Client(s, "bob", "bob-password")
sc.expect("bob signs in", bob.signin, 201)
c = s.conn()
h = erp.headers()
get = lambda path, headers=h: s.request("GET", path, headers=headers, conn=c)
r = get("/api/v1/customers/C001")
sc.expect("the token reads C001", r, 200)
before = r.json["name"] if r.json else None
p = subprocess.run([sc.RECOUP, "customer", "set", "C001", "name=Renamed Between Requests"], capture_output=True)
sc.check("another process renames C001", p.returncode == 0, p.stderr)
r = get("/api/v1/customers/C001")
sc.check("the next request on the same connection sees the new name (no snapshot kept)",
         r.status == 200 and r.json["name"] == "Renamed Between Requests" and before != r.json["name"], r, before)

sc.expect("an unknown customer: 404", get("/api/v1/customers/NOPE"), 404, "not_found")
sc.expect("a bad query: 400", get("/api/v1/customers?limit=0"), 400, "usage")
sc.expect("after them, a good request on the same connection: 200", get("/api/v1/customers/C002"), 200)

pay = {"payment_ref": "P-T829", "customer_ref": "C001", "date": "2026-11-01", "amount": "5.00", "currency": "USD"}
hk = dict(h, **{"Idempotency-Key": "t0829-1"})
r = s.request("POST", "/api/v1/payments", pay, headers=hk, conn=c)
sc.expect("an idempotent POST (a read of the key, then the write)", r, 201)
r = s.request("POST", "/api/v1/payments", pay, headers=hk, conn=c)
sc.check("... replayed the second time", r.status == 201 and r.header("Idempotent-Replayed") == "true", r)
r = get("/api/v1/payments/P-T829")
sc.check("the next request reads the payment written", r.status == 200 and r.json["amount"] == "5.00", r)

bc = s.conn()
bh = bob.headers()
sc.expect("bob's session reads his queue", s.request("GET", "/api/v1/queue", headers=bh, conn=bc), 200)
p = subprocess.run([sc.RECOUP, "user", "disable", "bob"], capture_output=True)
sc.check("another process disables bob", p.returncode == 0, p.stderr)
sc.expect("bob's session is refused on the next request", s.request("GET", "/api/v1/queue", headers=bh, conn=bc), 401, "unauthenticated")
p = subprocess.run([sc.RECOUP, "token", "revoke", "erp"], capture_output=True)
sc.check("another process revokes the token", p.returncode == 0, p.stderr)
sc.expect("the token is refused on the next request", get("/api/v1/customers/C001"), 401, "unauthenticated")
c.close()
bc.close()
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "the payment was recorded once" "1" "$(sql "SELECT count(*) FROM payment WHERE ref = 'P-T829'")"
finish
