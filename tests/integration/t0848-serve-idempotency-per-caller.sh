#!/usr/bin/env bash
# An Idempotency-Key belongs to its caller. Before, keys were kept per
# tenant: a manager who sent a promise with the key a collector had used
# for the same body got the collector's promise back (made_by the
# collector, "Idempotent-Replayed") and hers was never recorded; a caller
# who knew another's key and body read that response (a record of a
# customer the collector may not see); and two machine clients that number
# their keys alike (pay-1, pay-2...) refused each other's payments. Now
# each caller's key names that caller's request only, and a retry by the
# same caller is still answered once, whether by session or by the same
# user's bound token.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

serve_setup_agreements
ERP=$(recoup token create erp --role manager)
BANK=$(recoup token create bank --role manager)
DIALER=$(recoup token create ann-dialer --role collector --user ann)
export ERP BANK DIALER
serve_py <<'PY'
import datetime, os
s = sc.Server()
ann = sc.Client(s, "ann", "ann-password")
alice = sc.Client(s, "alice", "alice-password")
erp = sc.Client(s, token=os.environ["ERP"])
bank = sc.Client(s, token=os.environ["BANK"])
dialer = sc.Client(s, token=os.environ["DIALER"])

promise = {"customer_ref": "C001", "amount": "100.00", "date": (datetime.date.today() + datetime.timedelta(days=10)).isoformat()}
k = {"Idempotency-Key": "pr-1"}
mine = ann.post("/api/v1/promises", promise, k)
sc.expect("ann's promise with key pr-1", mine, 201)
again = ann.post("/api/v1/promises", promise, k)
sc.expect("ann sends it again with the key", again, 201)
sc.check("... and gets her first answer, replayed", again.json == mine.json and
         again.header("Idempotent-Replayed") == "true", again)
bound = dialer.post("/api/v1/promises", promise, k)
sc.expect("ann's own dialer token (bound to her) with the same key and body", bound, 201)
sc.check("... is ann: the same answer, replayed", bound.json == mine.json and
         bound.header("Idempotent-Replayed") == "true", bound)
hers = alice.post("/api/v1/promises", promise, k)
sc.expect("alice, the same key and body", hers, 201)
sc.check("... records her own promise, not a replay of ann's", hers.header("Idempotent-Replayed") is None and
         hers.json and hers.json.get("made_by") == "alice" and hers.json.get("id") != mine.json.get("id"), hers)
sc.expect("alice with the same key and another body: her key, her mismatch",
          alice.post("/api/v1/promises", dict(promise, amount="90.00"), k), 422, "idempotency_mismatch")

# two machine clients that number their keys alike
pay = {"payment_ref": "P-ERP-1", "customer_ref": "C002", "date": "2026-11-01", "amount": "10.00", "currency": "PLN"}
a = erp.post("/api/v1/payments", pay, {"Idempotency-Key": "pay-1"})
sc.expect("the ERP's payment with key pay-1", a, 201)
b = bank.post("/api/v1/payments", dict(pay, payment_ref="P-BANK-1"), {"Idempotency-Key": "pay-1"})
sc.expect("the bank's other payment with its own key pay-1", b, 201)
sc.check("... is recorded, not refused as a mismatch", b.json and b.json.get("payment_ref") == "P-BANK-1"
         and b.json.get("created") is True, b)
c = bank.post("/api/v1/payments", dict(pay, payment_ref="P-BANK-1"), {"Idempotency-Key": "pay-1"})
sc.check("the bank's retry is its own replay", c.status == 201 and c.header("Idempotent-Replayed") == "true"
         and c.json == b.json, c)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "two promises: ann's and alice's" "alice ann" \
	"$(sql_join " " "SELECT made_by FROM promise ORDER BY made_by")"
expect_eq "both payments recorded once" "P-BANK-1 P-ERP-1" "$(sql_join " " "SELECT ref FROM payment WHERE ref LIKE 'P-%-1' ORDER BY ref")"
finish
