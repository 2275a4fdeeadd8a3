#!/usr/bin/env bash
# An API token bound to a user (recoup token create --user) acts as that
# user: a collector's dialer reads her own queue and her customers only,
# its writes are audited under her name, its role is never above hers, and
# it is refused once she is disabled. A token of no user still acts as
# token:NAME (t0802, t0824). A revoked token is refused at once, even on a
# connection kept alive across the revocation.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup # ann and raj (collectors, accounts assigned), max (manager); around-the-clock
ANN_DIALER=$(recoup token create ann-dialer --role collector --user ann)
RAJ_DIALER=$(recoup token create raj-dialer --role collector --user raj)
MAX_ERP=$(recoup token create max-erp --role manager --user max)
PLAIN=$(recoup token create plain --role collector)

expect_exit 1 recoup token create ann-boss --role manager --user ann
expect_stderr_contains "above the role of user 'ann' (collector)"
expect_exit 1 recoup token create ghost --role collector --user nobody
expect_stderr_contains "--user 'nobody': no such user"
expect_exit 2 recoup token create nameless --user ann
expect_eq "refused tokens were not made" "0" \
	"$(sql "SELECT count(*) FROM api_token WHERE name IN ('ann-boss', 'ghost', 'nameless')")"
expect_exit 0 recoup token list
expect_stdout_contains "ann-dialer"
expect_stdout_contains " ann "
expect_eq "token.create names the user in the trail" "1" \
	"$(sql "SELECT count(*) FROM audit_log WHERE action = 'token.create' AND ref = 'ann-dialer' AND CAST(after_json AS text) LIKE '%\"user\":\"ann\"%'")"

ANN_REFS=$(sql_join " " "SELECT c.ref FROM assignment a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
  JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id WHERE u.name = 'ann' ORDER BY c.ref")
RAJ_REFS=$(sql_join " " "SELECT c.ref FROM assignment a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id
  JOIN app_user u ON u.tenant_id = a.tenant_id AND u.id = a.user_id WHERE u.name = 'raj' ORDER BY c.ref")
export ANN_DIALER RAJ_DIALER MAX_ERP PLAIN ANN_REFS RAJ_REFS
serve_py <<'PY'
import os, subprocess
s = sc.Server()
ann = sc.Client(s, "ann", "ann-password")
sc.expect("ann signs in", ann.signin, 201)
dialer = sc.Client(s, token=os.environ["ANN_DIALER"])
raj_dialer = sc.Client(s, token=os.environ["RAJ_DIALER"])
erp = sc.Client(s, token=os.environ["MAX_ERP"])
plain = sc.Client(s, token=os.environ["PLAIN"])
ann_refs, raj_refs = os.environ["ANN_REFS"].split(), os.environ["RAJ_REFS"].split()
sc.check("ann and raj both have customers (else this test proves nothing)", ann_refs and raj_refs, ann_refs, raj_refs)

mine = ann.get("/api/v1/queue")
q = dialer.get("/api/v1/queue")
sc.expect("ann's dialer reads a queue", q, 200)
items = q.json["items"] if q.json else []
sc.check("... ann's calls, and some", items and all(i["collector"] == "ann" for i in items), q)
sc.check("... the same calls her session reads", mine.json and items == mine.json["items"], q, mine)
r = dialer.get("/api/v1/queue?collector=raj")
sc.check("naming raj still gives ann's queue", r.status == 200 and r.json["items"] == items, r)
r = plain.get("/api/v1/queue")
sc.check("a token of no user still reads no one's queue", r.status == 200 and r.json["items"] == [], r)

sc.expect("ann's dialer reads her customer " + ann_refs[0], dialer.get("/api/v1/customers/" + ann_refs[0]), 200)
sc.expect("... not raj's " + raj_refs[0] + " (404, as unknown)", dialer.get("/api/v1/customers/" + raj_refs[0]), 404, "not_found")
page = dialer.get("/api/v1/customers?limit=100")
got = sorted(c["customer_ref"] for c in page.json["items"]) if page.json else None
sc.check("the customers list holds her customers only", got == sorted(ann_refs), got, ann_refs)
sc.expect("a collector's dialer on a manager route", dialer.get("/api/v1/aging"), 403, "forbidden")
sc.expect("max's manager token reads the aging", erp.get("/api/v1/aging"), 200)

contact = items[0]["contact_ref"]
log = {"channel": "call", "outcome": "no_answer", "at": "2026-11-20T15:00:00Z", "note": "dialer"}
sc.expect("ann's dialer logs a call on her queue's first contact", dialer.post("/api/v1/contacts/%s/log" % contact, log), 201)
sc.expect("raj's dialer may not log on ann's contact (404)", raj_dialer.post("/api/v1/contacts/%s/log" % contact, log), 404, "not_found")

# revoked from another process while a connection is kept alive: refused on the next request
c = s.conn()
h = dialer.headers()
sc.expect("before: ann's dialer on a kept-alive connection", s.request("GET", "/api/v1/queue", headers=h, conn=c), 200)
p = subprocess.run([sc.RECOUP, "token", "revoke", "ann-dialer"], capture_output=True)
sc.check("token revoke ann-dialer", p.returncode == 0, p.stderr)
sc.expect("after: refused at once, on the same connection", s.request("GET", "/api/v1/queue", headers=h, conn=c), 401, "unauthenticated")
sc.expect("... and on a new one", dialer.get("/api/v1/customers/" + ann_refs[0]), 401, "unauthenticated")
c.close()

sc.expect("raj's dialer works before raj is disabled", raj_dialer.get("/api/v1/queue"), 200)
p = subprocess.run([sc.RECOUP, "user", "disable", "raj"], capture_output=True)
sc.check("user disable raj", p.returncode == 0, p.stderr)
sc.expect("a disabled user's token is refused", raj_dialer.get("/api/v1/queue"), 401, "unauthenticated")

text = open(s.log_path).read()
sc.check("the access log names ann for her dialer's requests", "user=ann method=GET path=/api/v1/queue " in text, text[-600:])
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "the dialer's call is audited under ann's name" "ann" \
	"$(sql "SELECT actor FROM audit_log WHERE action LIKE 'contact%' ORDER BY id DESC LIMIT 1")"
expect_eq "the call is recorded once" "1" "$(sql "SELECT count(*) FROM contact_attempt WHERE note = 'dialer'")"
finish
