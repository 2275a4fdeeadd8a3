#!/usr/bin/env bash
# A call logged that the contact rules refused at its moment (at night in
# the debtor's zone, past a cap, after the debtor asked to stop) is still
# recorded, since it happened, but the log says so (a warning on stderr,
# `rules_breach` in the API's answer) and its audit entry keeps the rule's
# code and sentence for the compliance officer. Judged as known at the
# call's moment: a call logged late is no breach of a cease asked after it;
# an inbound call (the debtor's) is never one.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone
WA1,Wawel sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,ap@wawel.example,+48 22 555 0101
WA2,Sukiennice S.A.,company,PL,Europe/Warsaw,pl,PLN,ap@sukiennice.example,+48 22 555 0102
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,WA1,2026-10-01,2026-11-01,PLN,100.00
A2,WA2,2026-10-01,2026-11-01,PLN,200.00
CSV
)" >/dev/null

# breach CUSTOMER AT: the rules_breach code of the audit entry of that customer's call at AT ("null": none)
breach() {
	sql "SELECT after_json FROM audit_log WHERE action = 'contact.log'" |
		/usr/bin/python3 -c 'import json,sys
for line in sys.stdin:
    a = json.loads(line)
    if a["customer_ref"] == sys.argv[1] and a["at"] == sys.argv[2]:
        print(a["rules_breach"]["code"] if a["rules_breach"] else "null")' "$1" "$2"
}

# 03:00 in Warsaw (CET, UTC+1): outside the b2b calling hours
expect_exit 0 recoup contact log --contact WA1 --channel call --outcome no_answer --at 2026-11-26T02:00:00Z
expect_stderr_contains "warning: the contact rules refused this call at 2026-11-26T02:00:00Z (outside_hours: call at 2026-11-26T03:00+01:00 in Europe/Warsaw"
expect_eq "recorded all the same" 1 "$(sql "SELECT count(*) FROM contact_attempt WHERE at = '2026-11-26T02:00:00Z'")"
expect_eq "the audit entry keeps the breach" outside_hours "$(breach WA1 2026-11-26T02:00:00Z)"
# 10:00 in Warsaw: allowed, nothing said
expect_exit 0 recoup contact log --contact WA1 --channel call --outcome no_answer --at 2026-11-26T09:00:00Z
expect_eq "an allowed call warns of nothing" "" "$(cat "$TMP/err")"
expect_eq "and its audit entry has no breach" null "$(breach WA1 2026-11-26T09:00:00Z)"
# the debtor calls in at night: not an attempt of ours
expect_exit 0 recoup contact log --contact WA1 --channel call --outcome right_party --inbound --at 2026-11-26T22:00:00Z
expect_eq "an inbound call is no breach" null "$(breach WA1 2026-11-26T22:00:00Z)"

# WA2 asks to stop at 11:00; a call at 10:30, logged after that, is no breach; one at 12:00 is
recoup customer flag WA2 cease --at 2026-11-26T10:00:00Z --reason "asked in writing" >/dev/null
expect_exit 0 recoup contact log --contact WA2 --channel call --outcome no_answer --at 2026-11-26T09:30:00Z
expect_eq "a call before the cease, logged after it: no breach" null "$(breach WA2 2026-11-26T09:30:00Z)"
expect_exit 0 recoup contact log --contact WA2 --channel call --outcome no_answer --at 2026-11-26T11:00:00Z
expect_stderr_contains "warning: the contact rules refused this call at 2026-11-26T11:00:00Z (cease"
expect_eq "a call after the cease is a breach" cease "$(breach WA2 2026-11-26T11:00:00Z)"

# the API says so too
echo "ann-password" | recoup user add ann --role manager --password-stdin >/dev/null
serve_py <<'PY'
s = sc.Server()
a = sc.Client(s, "ann", "ann-password")
r = a.post("/api/v1/contacts/WA1/log", {"channel": "call", "outcome": "no_answer", "at": "2026-11-27T03:00:00Z"})
sc.expect("a call at 04:00 in Warsaw is logged", r, 201)
b = (r.json or {}).get("rules_breach") or {}
sc.check("... with its breach in the answer", b.get("code") == "outside_hours" and "Europe/Warsaw" in b.get("reason", ""), r)
r = a.post("/api/v1/contacts/WA1/log", {"channel": "call", "outcome": "no_answer", "at": "2026-11-30T09:00:00Z"})
sc.check("an allowed one (Monday 10:00, the pause after the inbound conversation over): rules_breach null", r.status == 201 and "rules_breach" in r.json and r.json["rules_breach"] is None, r)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
finish
