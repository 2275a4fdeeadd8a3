#!/usr/bin/env bash
# Idempotency-Key: the same payment POSTed twice with one key creates one
# payment and gets the first response; the same key with another body gets
# 422; a refused request keeps no key. The payment itself is allocated as
# an imported one.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
serve_py <<'PY'
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
pay = {"payment_ref": "P-100", "customer_ref": "C001", "date": "2026-11-01", "amount": "250.00", "currency": "USD"}
k = {"Idempotency-Key": "pay-7f3a"}
r1 = a.post("/api/v1/payments", pay, k)
sc.expect("the first POST", r1, 201)
sc.check("it says the payment was created", r1.json and r1.json.get("created") is True, r1)
r2 = a.post("/api/v1/payments", pay, k)
sc.expect("the same POST again with the key", r2, 201)
sc.check("the second gets the first response", r2.json == r1.json, r1, r2)
sc.check("... marked as replayed", r2.header("Idempotent-Replayed") == "true", r2.headers)
other = dict(pay, amount="251.00")
sc.expect("the same key with another body", a.post("/api/v1/payments", other, k), 422, "idempotency_mismatch")
r = a.post("/api/v1/payments", pay, {"Idempotency-Key": "a b"})
sc.expect("a key with a space", r, 400, "usage")
sc.check("... says what a key may hold (a space is printable, so not 'not printable')",
         "character 2 is not a visible ASCII character (no spaces)" in r.json["error"]["message"], r)
sc.expect("a key over 128 characters", a.post("/api/v1/payments", pay, {"Idempotency-Key": "k" * 129}), 400, "usage")
# the answer carries the amount as stored, as a GET of the payment does: "007.5" sent is "7.50"
r = a.post("/api/v1/payments", dict(pay, payment_ref="P-CANON", customer_ref="C002", currency="PLN", amount="007.5"))
sc.expect("a payment of 007.5", r, 201)
g = a.get("/api/v1/payments/P-CANON")
sc.check("... answered as stored (7.50), the same as GET", r.json["amount"] == "7.50" == g.json["amount"], r, g)
bad = dict(pay, payment_ref="P-101", amount="-3")
sc.expect("a refused payment with a key", a.post("/api/v1/payments", bad, {"Idempotency-Key": "pay-bad"}), 422, "input")
good = dict(pay, payment_ref="P-101", amount="3.00")
sc.expect("... the corrected payment with the same key", a.post("/api/v1/payments", good, {"Idempotency-Key": "pay-bad"}), 201)
r3 = a.post("/api/v1/payments", pay)
sc.expect("the same payment again without a key: its ref is stored, nothing new", r3, 200)
sc.check("... and says so", r3.json and r3.json.get("created") is False, r3)
conflict = dict(pay, amount="999.00")
sc.expect("another payment under a stored ref", a.post("/api/v1/payments", conflict), 422, "input")
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "one payment P-100" "1" "$(sql "SELECT count(*) FROM payment WHERE ref = 'P-100'")"
expect_eq "P-100 and P-101 went to the oldest open invoice I-001 (1200.00 - 250.00 - 3.00)" "947.00" \
	"$(recoup export invoices --format csv | awk -F, '$1 == "I-001" {print $NF}')"
expect_eq "two keys kept (pay-7f3a, pay-bad), each as alice's" "alice pay-7f3a,alice pay-bad" "$(sql_join "," "SELECT key FROM idempotency_key ORDER BY key")"
finish
