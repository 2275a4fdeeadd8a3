#!/usr/bin/env bash
# A table of malformed requests, each with the status and error code it must
# get (and the field it must name): bad JSON, wrong types, unknown fields,
# over-long strings, numbers that do not fit, bad dates and amounts, wrong
# media types, bodies over the limit, bad query arguments. None may crash
# the server or write anything: the database dump is the same after them.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
recoup import contacts "$DATA/import/contacts.csv" >/dev/null
serve_py <<'PY'
import os
s = sc.Server()
a = sc.Client(s, "alice", "alice-password")
sc.expect("alice signs in", a.signin, 201)
sc.save_clients(os.environ["TMP"] + "/clients.json", {"alice": a})
s.stop()
PY
db_snapshot # after the sign-in, which the audit trail records
serve_py <<'PY'
import os
s = sc.Server(["--max-body", "65536"])
a = sc.load_clients(s, os.environ["TMP"] + "/clients.json")["alice"]
J = {"Content-Type": "application/json"}
P = {"payment_ref": "P-M", "customer_ref": "C001", "date": "2026-11-01", "amount": "10.00", "currency": "USD"}
def pay(**kw):
    d = dict(P)
    for k, v in kw.items():
        if v is None:
            d.pop(k, None)
        else:
            d[k] = v
    return d
L = {"channel": "call", "outcome": "no_answer", "at": "2026-11-20T15:00:00Z"}
def log(**kw):
    d = dict(L)
    d.update(kw)
    return d
LOG = "/api/v1/contacts/C001/log"
cases = [
    # (what, method, path, body, headers, status, code, field)
    ("sign-in: not JSON", "POST", "/api/v1/session", b"{", J, 400, "malformed", None),
    ("sign-in: an array", "POST", "/api/v1/session", b"[]", J, 400, "malformed", None),
    ("sign-in: empty body", "POST", "/api/v1/session", b"", J, 400, "malformed", None),
    ("sign-in: no password", "POST", "/api/v1/session", {"user": "alice"}, None, 422, "input", "password"),
    ("sign-in: unknown field", "POST", "/api/v1/session", {"user": "alice", "password": "x", "remember": True}, None, 400, "unknown_field", "remember"),
    ("sign-in: user is a number", "POST", "/api/v1/session", {"user": 7, "password": "x"}, None, 422, "wrong_type", "user"),
    ("sign-in: text/plain", "POST", "/api/v1/session", b'{"user":"a","password":"b"}', {"Content-Type": "text/plain"}, 415, "unsupported_media_type", "Content-Type"),
    ("sign-in: no Content-Type", "POST", "/api/v1/session", b'{"user":"a","password":"b"}', {}, 415, "unsupported_media_type", "Content-Type"),
    ("sign-in: user over 64 bytes", "POST", "/api/v1/session", {"user": "a" * 65, "password": "x"}, None, 422, "too_long", "user"),
    ("payment: not JSON", "POST", "/api/v1/payments", b'{"payment_ref": ', J, 400, "malformed", None),
    ("payment: a string", "POST", "/api/v1/payments", b'"P-1"', J, 400, "malformed", None),
    ("payment: duplicate key", "POST", "/api/v1/payments", b'{"payment_ref":"A","payment_ref":"B"}', J, 400, "malformed", None),
    ("payment: NUL in a string", "POST", "/api/v1/payments", b'{"payment_ref":"A\\u0000B"}', J, 400, "malformed", None),
    ("payment: bytes that are not UTF-8", "POST", "/api/v1/payments", b'{"payment_ref":"\xff\xfe"}', J, 400, "malformed", None),
    ("payment: unknown field", "POST", "/api/v1/payments", pay(amout="1.00"), None, 400, "unknown_field", "amout"),
    ("payment: a computed-only field", "POST", "/api/v1/payments", pay(created="true"), None, 400, "unknown_field", "created"),
    ("payment: amount as a JSON number", "POST", "/api/v1/payments", pay(amount=12.5), None, 422, "wrong_type", "amount"),
    ("payment: amount as an object", "POST", "/api/v1/payments", pay(amount={"v": 1}), None, 422, "wrong_type", "amount"),
    ("payment: amount as an array", "POST", "/api/v1/payments", pay(amount=["1"]), None, 422, "wrong_type", "amount"),
    ("payment: amount not a number", "POST", "/api/v1/payments", pay(amount="abc"), None, 422, "input", "amount"),
    ("payment: amount zero", "POST", "/api/v1/payments", pay(amount="0"), None, 422, "input", "amount"),
    ("payment: amount negative", "POST", "/api/v1/payments", pay(amount="-5.00"), None, 422, "input", "amount"),
    ("payment: amount finer than the currency", "POST", "/api/v1/payments", pay(amount="1.001"), None, 422, "input", "amount"),
    ("payment: amount that does not fit", "POST", "/api/v1/payments", pay(amount="99999999999999999999.00"), None, 422, "input", "amount"),
    ("payment: amount over 32 bytes", "POST", "/api/v1/payments", pay(amount="1" * 33), None, 422, "too_long", "amount"),
    ("payment: no such day", "POST", "/api/v1/payments", pay(date="2026-02-30"), None, 422, "input", "date"),
    ("payment: not a date", "POST", "/api/v1/payments", pay(date="tomorrow"), None, 422, "input", "date"),
    ("payment: a date after today", "POST", "/api/v1/payments", pay(date="2199-01-01"), None, 422, "input", "date"),
    ("payment: not a currency", "POST", "/api/v1/payments", pay(currency="XYZ"), None, 422, "input", "currency"),
    ("payment: not the customer's currency", "POST", "/api/v1/payments", pay(currency="EUR"), None, 422, "input", "currency"),
    ("payment: unknown customer", "POST", "/api/v1/payments", pay(customer_ref="C-NONE"), None, 422, "input", "customer_ref"),
    ("payment: customer_ref over 64 bytes", "POST", "/api/v1/payments", pay(customer_ref="C" * 65), None, 422, "too_long", "customer_ref"),
    ("payment: no payment_ref", "POST", "/api/v1/payments", pay(payment_ref=None), None, 422, "input", "payment_ref"),
    ("payment: empty payment_ref", "POST", "/api/v1/payments", pay(payment_ref=""), None, 422, "input", "payment_ref"),
    ("payment: null payment_ref", "POST", "/api/v1/payments", dict(P, payment_ref=None), None, 422, "input", "payment_ref"),
    ("payment: a control character", "POST", "/api/v1/payments", pay(payment_ref="P\u0001"), None, 422, "input", "payment_ref"),
    ("payment: another customer's invoice", "POST", "/api/v1/payments", pay(invoice_ref="I-010"), None, 422, "input", "invoice_ref"),
    ("payment: unknown status", "POST", "/api/v1/payments", pay(status="bogus"), None, 422, "input", "status"),
    ("payment: body over --max-body", "POST", "/api/v1/payments", b"{" + b" " * 70000 + b"}", J, 413, "payload_too_large", None),
    ("payment: empty Idempotency-Key", "POST", "/api/v1/payments", pay(), {"Idempotency-Key": ""}, 400, "usage", "Idempotency-Key"),
    ("payment: PATCH", "PATCH", "/api/v1/payments", pay(), None, 405, "method_not_allowed", None),
    ("customers: limit 0", "GET", "/api/v1/customers?limit=0", None, None, 400, "usage", "limit"),
    ("customers: limit not a number", "GET", "/api/v1/customers?limit=ten", None, None, 400, "usage", "limit"),
    ("customers: limit too large", "GET", "/api/v1/customers?limit=100000", None, None, 400, "usage", "limit"),
    ("customers: cursor negative", "GET", "/api/v1/customers?after=-1", None, None, 400, "usage", "after"),
    ("customers: cursor that does not fit", "GET", "/api/v1/customers?after=99999999999999999999", None, None, 400, "usage", "after"),
    ("customers: a body on a GET", "GET", "/api/v1/customers", b'{"a":1}', J, 400, "malformed", None),
    ("customers: DELETE", "DELETE", "/api/v1/customers/C001", None, None, 405, "method_not_allowed", None),
    ("customer: unknown ref", "GET", "/api/v1/customers/NOPE", None, None, 404, "not_found", None),
    ("invoices: no customer", "GET", "/api/v1/invoices", None, None, 400, "usage", "customer"),
    ("aging: not a date", "GET", "/api/v1/aging?as_of=2026-13-01", None, None, 400, "usage", "as_of"),
    ("aging: by_customer not a boolean", "GET", "/api/v1/aging?by_customer=maybe", None, None, 400, "usage", "by_customer"),
    ("import: unknown kind", "POST", "/api/v1/imports/debts", b"a,b\n", {"Content-Type": "text/csv"}, 404, "not_found", "kind"),
    ("import: JSON instead of CSV", "POST", "/api/v1/imports/invoices", b"{}", J, 415, "unsupported_media_type", "Content-Type"),
    ("import: a bad row", "POST", "/api/v1/imports/invoices", b"invoice_ref,customer_ref,issue_date,due_date,currency,amount\nZ1,C001,2026-01-01,2026-02-01,USD,1.00\nZ2,C999,2026-01-01,2026-02-01,USD,1.00\n", {"Content-Type": "text/csv"}, 422, "input", "customer_ref"),
    ("import: an empty file", "POST", "/api/v1/imports/invoices", b"", {"Content-Type": "text/csv"}, 422, "input", None),
    ("import: a missing column", "POST", "/api/v1/imports/invoices", b"invoice_ref,customer_ref\nZ1,C001\n", {"Content-Type": "text/csv"}, 422, "input", None),
    ("import: a column name that is not UTF-8 (found by fuzz_csv_upload)", "POST", "/api/v1/imports/payments", b"payment_ref,customer_ref,invoice_ref,date,amount,currency,x\xacy\nP-9,C001,I-001,2026-02-01,1.00,USD,1\n", {"Content-Type": "text/csv"}, 422, "input", "x\\xacy"),
    ("log: unknown channel", "POST", LOG, log(channel="pigeon"), None, 422, "input", "channel"),
    ("log: unknown outcome", "POST", LOG, log(outcome="exploded"), None, 422, "input", "outcome"),
    ("log: not a moment", "POST", LOG, log(at="yesterday"), None, 422, "input", "at"),
    ("log: a moment ahead of now", "POST", LOG, log(at="2199-01-01T00:00:00Z"), None, 422, "input", "at"),
    ("log: a note over 1000 bytes", "POST", LOG, log(note="n" * 1001), None, 422, "too_long", "note"),
    ("log: inbound neither true nor false", "POST", LOG, log(inbound="maybe"), None, 422, "input", "inbound"),
    ("log: inbound a number", "POST", LOG, log(inbound=1), None, 422, "wrong_type", "inbound"),
    ("log: the contact in the body", "POST", LOG, log(contact_ref="C002"), None, 400, "unknown_field", "contact_ref"),
    ("log: unknown contact", "POST", "/api/v1/contacts/NOPE/log", log(), None, 404, "not_found", None),
    ("log: a voicemail by letter", "POST", LOG, log(channel="letter", outcome="voicemail"), None, 422, "input", None),
    ("log: an address the contact does not have", "POST", LOG, log(address="+1 999 555 0000"), None, 422, "input", "address"),
    ("bearer: garbage", "GET", "/api/v1/customers", None, {"Authorization": "Bearer \u00e9t\u00e9"}, 401, "unauthenticated", None),
]
seen = 0
for what, method, path, body, headers, status, code, field in cases:
    h = dict(headers) if headers is not None else None
    if isinstance(body, bytes) and h is not None:
        r = s.request(method, path, body, headers=a.headers(h))
    else:
        r = a.send(method, path, body, h)
    ok = r.status == status and r.error_code() == code
    if ok and field is not None:
        ok = r.json["error"].get("field") == field
    sc.check("%s: %d %s%s" % (what, status, code, " naming " + field if field else ""), ok, "got %r" % (r,))
    seen += 1
sc.check("at least 40 malformed requests (%d)" % seen, seen >= 40)
sc.expect("the server still answers", s.request("GET", "/healthz"), 200)
sc.check("SIGTERM: exit 0", s.stop() == 0)
log_text = open(s.log_path).read()
sc.check("no request crashed a worker (every request logged)", log_text.count(" method=") == seen + 2, log_text[-600:])
PY
sql "UPDATE auth_session SET last_seen = created_at" >/dev/null # a request may move last_seen (once a minute)
expect_db_unchanged "the database is as before the malformed requests"
finish
