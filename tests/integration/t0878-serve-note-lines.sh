#!/usr/bin/env bash
# A note is free text: tabs and line breaks allowed, other control
# characters refused (docs/csv.md: contact-history.csv's `note` is "free
# text (1000)"; POST /api/v1/contacts/{ref}/log takes that file's columns).
# The workspace's call form has a textarea for the note, which it sends with
# the logged call, and with the promise or dispute the call recorded; a
# collector who pressed Enter in it was refused "note: contains a control
# character (byte 0x0a)" and nothing was recorded, though the same note
# imported from a file is stored. Now a call's, a promise's and a dispute's
# note and a flag's reason keep their lines; an escape or a bell is still
# refused. Both backends.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

serve_setup_agreements
recoup import contacts "$DATA/import/contacts.csv" >/dev/null
serve_py <<'PY'
import datetime
s = sc.Server()
ann = sc.Client(s, "ann", "ann-password")
now = datetime.datetime.now(datetime.timezone.utc)
at = now.strftime("%Y-%m-%dT%H:%M:%SZ")
day = lambda n: (now.date() + datetime.timedelta(days=n)).isoformat()
note = "rang twice\nleft no message\twill try at noon"

r = ann.post("/api/v1/contacts/K-001/log", {"channel": "call", "outcome": "no_answer", "at": at, "note": note})
sc.expect("a call logged with a note of two lines (the workspace's textarea)", r, 201)
r = ann.get("/api/v1/customers/C001/history")
notes = [a["note"] for a in r.json["attempts"]] if r.status == 200 else []
sc.check("... the history has the note with its line break and tab", notes == [note], r)
r = ann.post("/api/v1/promises", {"customer_ref": "C001", "amount": "10.00", "date": day(5), "note": "said:\nFriday"})
sc.check("a promise with a note of two lines: 201, the note kept",
         r.status == 201 and r.json.get("note") == "said:\nFriday", r)
r = ann.post("/api/v1/disputes", {"customer_ref": "C001", "invoice_ref": "I-001", "reason": "damaged",
                                  "note": "crate broken\r\nphotos sent"})
sc.check("a dispute with a note of two lines (CRLF): 201, the note kept",
         r.status == 201 and r.json.get("note") == "crate broken\r\nphotos sent", r)
r = ann.post("/api/v1/customers/C003/flags", {"flag": "cease", "reason": "letter of 2026-11-20:\nstop calling"})
sc.check("a flag whose reason has two lines: 201, kept", r.status == 201 and "\n" in r.json.get("reason", ""), r)

for what, path, body in (
        ("a call's note", "/api/v1/contacts/K-001/log",
         {"channel": "call", "outcome": "no_answer", "at": at, "note": "line\x1b[2J"}),
        ("a promise's note", "/api/v1/promises",
         {"customer_ref": "C001", "amount": "10.00", "date": day(6), "note": "ring\x07"}),
        ("a dispute's note", "/api/v1/disputes",
         {"customer_ref": "C001", "invoice_ref": "I-002", "reason": "damaged", "note": "x\x7f"}),
        ("a flag's reason", "/api/v1/customers/C005/flags", {"flag": "cease", "reason": "\x1b]0;x\x07"})):
    r = ann.post(path, body)
    sc.check("%s with another control character: 422 naming it" % what,
             r.status == 422 and r.error_code() == "input" and "control character" in r.body.decode(), r)
s.stop()
PY
expect_eq "one attempt, promise, dispute and cease flag written" "1 1 1 1" \
	"$(sql "SELECT count(*) FROM contact_attempt") $(sql "SELECT count(*) FROM promise") $(sql "SELECT count(*) FROM dispute") $(sql "SELECT count(*) FROM customer_flag WHERE flag = 'cease'")"
expect_exit 0 recoup contact history --customer C001 --format json
expect_stdout_contains 'rang twice\nleft no message\twill try at noon'
finish
