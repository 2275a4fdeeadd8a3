#!/usr/bin/env bash
# One server, two creditors: the send worker sends for every tenant, each
# email with its own tenant's settings and its own tenant's opt-out token;
# the opt-out page answers the tokens of both, whatever --tenant the server
# was started with, and records each opt-out in the token's tenant only; a
# token whose tenant id is swapped for the other's is refused. Also the
# usage of --send-every and --send-now.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"


customers() {
	csv_file "$1-customers.csv" <<CSV
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
C1,$1 Customer Ltd,company,GB,Europe/London,en,GBP,,ar@$1.example,+44 20 5555 0101,"1 High St, London",
CSV
}
invoices() {
	csv_file "$1-invoices.csv" <<CSV
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-10-01,2026-12-01,GBP,100.00
CSV
}
recoup import customers "$(customers default)" >/dev/null
recoup import invoices "$(invoices default)" >/dev/null
recoup init --tenant acme >/dev/null
recoup --tenant acme import customers "$(customers acme)" >/dev/null
recoup --tenant acme import invoices "$(invoices acme)" >/dev/null
recoup run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null
recoup --tenant acme run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null
expect_exit 2 recoup serve --send-now 2026-11-26T12:00:00Z
expect_stderr_contains "--send-now needs --send-every"
expect_exit 2 recoup serve --send-every 0
expect_exit 2 recoup serve --send-every soon
expect_exit 2 recoup serve --send-every 60 --send-now tomorrow
start_smtp_sink
configure_email
RECOUP_TENANT=acme configure_email
recoup --tenant acme config set creditor.name "Acme Receivables" >/dev/null

export SINK
serve_py <<'PY'
import os, time
SINK = os.environ["SINK"]
s = sc.Server(["--send-every", "1", "--send-now", "2026-11-26T12:00:00Z"], clock="2026-11-26T12:00:00Z")
t0 = time.time()
while len([f for f in os.listdir(SINK) if f.endswith(".eml")]) < 2 and time.time() - t0 < 30:
    time.sleep(0.05)
sc.check("the worker sent both tenants' emails", len([f for f in os.listdir(SINK) if f.endswith(".eml")]) == 2)
sc.check("the server stops with 0", s.stop() == 0)
PY
expect_eq "each tenant has its own opt-out key" "2 2" \
	"$(sql "SELECT count(*) FROM setting WHERE key = 'optout.key'") $(sql "SELECT count(DISTINCT value) FROM setting WHERE key = 'optout.key'")"

"$PY" - "$SINK" >"$TMP/links.json" <<'PY'
import email, glob, json, re, sys
from email import policy
out = {}
for path in sorted(glob.glob(sys.argv[1] + "/msg-*.eml")):
    m = email.message_from_binary_file(open(path, "rb"), policy=policy.default)
    text = m.get_body(("plain",)).get_content()
    out[m["to"]] = {"token": re.search(r"optout\?t=([A-Za-z0-9_-]+)", text).group(1), "subject": str(m["subject"])}
print(json.dumps(out))
PY
expect_eq "each email in its creditor's name" "Acme Receivables|Creditor SA" \
	"$("$PY" -c 'import json,sys; l=json.load(open(sys.argv[1])); print(l["ar@acme.example"]["subject"].split(":")[0] + "|" + l["ar@default.example"]["subject"].split(":")[0])' "$TMP/links.json")"

db_snapshot
serve_py <<'PY'
import base64, json, os
links = json.load(open(os.environ["TMP"] + "/links.json"))
acme, dflt = links["ar@acme.example"]["token"], links["ar@default.example"]["token"]

def swap_tenant(token, tenant):
    raw = bytearray(base64.urlsafe_b64decode(token + "="))
    raw[0:8] = tenant.to_bytes(8, "big")
    return base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")

def tenant_of(token):
    return int.from_bytes(base64.urlsafe_b64decode(token + "=")[0:8], "big")

s = sc.Server()
form = {"Content-Type": "application/x-www-form-urlencoded"}
other = tenant_of(dflt)
r = s.request("POST", "/optout", "t=" + swap_tenant(acme, other), form)
sc.check("acme's token with the default tenant's id: 404", r.status == 404, r)
r = s.request("POST", "/optout", "t=" + swap_tenant(dflt, tenant_of(acme)), form)
sc.check("the default tenant's token with acme's id: 404", r.status == 404, r)
r = s.request("GET", "/optout?t=" + acme)
sc.check("acme's page on a server started for the default tenant", r.status == 200 and
         "Acme Receivables" in r.body.decode() and "ar@acme.example" in r.body.decode(), r)
sc.check("the server stops with 0", s.stop() == 0)
PY
expect_db_unchanged "swapped tenant ids and a page view change nothing"

serve_py <<'PY'
import json, os
links = json.load(open(os.environ["TMP"] + "/links.json"))
s = sc.Server()
r = s.request("POST", "/optout", "t=" + links["ar@acme.example"]["token"], {"Content-Type": "application/x-www-form-urlencoded"})
sc.check("acme's opt-out is recorded", r.status == 200 and "Acme Receivables will send no more emails" in r.body.decode(), r)
s.stop()
PY
expect_eq "the flag and the audit row are acme's, none in the default tenant" "1 1 0 0" \
	"$(sql "SELECT count(*) FROM customer_flag f JOIN tenant t ON t.id = f.tenant_id WHERE t.name = 'acme' AND f.flag = 'optout-email'") $(sql "SELECT count(*) FROM audit_log a JOIN tenant t ON t.id = a.tenant_id WHERE t.name = 'acme' AND a.action = 'optout.link'") $(sql "SELECT count(*) FROM customer_flag f JOIN tenant t ON t.id = f.tenant_id WHERE t.name = 'default' AND f.flag = 'optout-email'") $(sql "SELECT count(*) FROM audit_log a JOIN tenant t ON t.id = a.tenant_id WHERE t.name = 'default' AND a.action = 'optout.link'")"
finish
