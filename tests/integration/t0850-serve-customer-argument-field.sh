#!/usr/bin/env bash
# The 404 of GET /api/v1/invoices, /payments and /credit-notes?customer=REF
# names the query argument that was wrong, `customer` (docs/api.md: "field
# names the body key, query argument or header that was wrong"). It named
# `ref`, a key of no request, for a collector's customer not assigned to
# them or unknown, and `customer_ref` for a manager's unknown customer on
# /invoices; the promises', plans' and disputes' lists said `customer`
# already. Neither answer tells a collector whether the customer exists.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

serve_setup_agreements
serve_py <<'PY'
s = sc.Server()
alice = sc.Client(s, "alice", "alice-password")
bob = sc.Client(s, "bob", "bob-password")
for route in ("invoices", "payments", "credit-notes"):
    for who, c, ref, why in ((alice, alice, "NOPE", "a manager, an unknown customer"),
                            (bob, bob, "NOPE", "a collector, an unknown customer"),
                            (bob, bob, "C001", "a collector, a customer not assigned to him")):
        r = c.get("/api/v1/%s?customer=%s" % (route, ref))
        sc.expect("GET /api/v1/%s: %s" % (route, why), r, 404, "not_found")
        sc.check("... names the argument customer", r.json and r.json["error"]["field"] == "customer", r)
    a = bob.get("/api/v1/%s?customer=NOPE" % route).json["error"]["message"]
    b = bob.get("/api/v1/%s?customer=C001" % route).json["error"]["message"]
    sc.check("GET /api/v1/%s: the collector's unknown and unassigned customers read alike" % route,
             a.replace("NOPE", "X") == b.replace("C001", "X"), a, b)
sc.expect("bob's own customer's invoices", bob.get("/api/v1/invoices?customer=C002"), 200)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
finish
