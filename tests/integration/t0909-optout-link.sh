#!/usr/bin/env bash
# The opt-out link of an email, end to end: the email the loopback SMTP
# server received carries `email.optout_url?t=TOKEN` in its body and in
# List-Unsubscribe (with List-Unsubscribe-Post: one-click); `recoup serve`
# shows the page for it (which address, which creditor, a form), records the
# opt-out on POST (an optout-email flag for that address, an audit row with
# the peer's address; a second POST records nothing), refuses a forged,
# altered or truncated token (404 / 400, nothing changed), and takes RFC
# 8058 one-click. The next run's email to that address is not sent: the
# send cancels it "optout".
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
ENG,Albion Trading Ltd,company,GB,Europe/London,en,GBP,,ar@albion.example,+44 20 5555 0101,"1 High St, London",
WAW,Wawel sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,ap@wawel.example,+48 22 555 0101,"ul. Grodzka 1, Krakow",
KEEP,Keeper Ltd,company,GB,Europe/London,en,GBP,,ar@keeper.example,+44 20 5555 0202,"2 High St, London",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
E1,ENG,2026-10-01,2026-12-01,GBP,1234.56
W1,WAW,2026-10-01,2026-12-01,PLN,1200.50
K1,KEEP,2026-10-01,2026-12-01,GBP,50.00
CSV
)" >/dev/null
recoup run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null
start_smtp_sink
configure_email
send_at 2026-11-26T12:00:00Z
expect_eq "three emails sent" 3 "$(jq_send 's["summary"]["sent"]')"
n=$(sql "SELECT count(*) FROM setting WHERE key = 'optout.key'")
expect_eq "the send made the tenant's opt-out key" 1 "$n"
run recoup config list --format json
if grep -q "optout.key" "$TMP/out"; then
	fail "config list does not show the opt-out key" "$(cat "$TMP/out")"
else
	pass "config list does not show the opt-out key"
fi
expect_exit 1 recoup config set optout.key 00

# the links, as the recipients' mail clients see them
"$PY" - "$SINK" >"$TMP/links.json" <<'PY'
import email, glob, html as htmllib, json, re, sys
from email import policy
out = {}
for path in sorted(glob.glob(sys.argv[1] + "/msg-*.eml")):
    m = email.message_from_binary_file(open(path, "rb"), policy=policy.default)
    text = m.get_body(("plain",)).get_content()
    html = htmllib.unescape(m.get_body(("html",)).get_content())  # the href as a browser reads it
    body = re.findall(r"https://creditor\.test/optout\?t=[A-Za-z0-9_-]+", text)
    in_html = re.findall(r"https://creditor\.test/optout\?t=[A-Za-z0-9_-]+", html)
    header = re.findall(r"<(https://[^>]+)>", m["list-unsubscribe"])
    out[m["to"]] = {"body": body, "html": in_html, "header": header, "post": m["list-unsubscribe-post"],
                    "message_id": m["message-id"]}
print(json.dumps(out))
PY
links() {
	"$PY" -c 'import json,sys; l = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$TMP/links.json" "$1"
}
expect_eq "each body has one opt-out link" True "$(links 'all(len(v["body"]) == 1 for v in l.values())')"
expect_eq "the HTML part and List-Unsubscribe carry the same link" True \
	"$(links 'all(set(v["html"]) == set(v["body"]) and v["header"] == v["body"] for v in l.values())')"
expect_eq "List-Unsubscribe-Post asks for one-click" True \
	"$(links 'all(v["post"] == "List-Unsubscribe=One-Click" for v in l.values())')"
expect_eq "the tokens differ from email to email" 3 "$(links 'len(set(v["body"][0] for v in l.values()))')"
expect_eq "a token is 75 characters of base64url" True \
	"$(links 'all(len(v["body"][0].split("=", 1)[1]) == 75 for v in l.values())')"
if grep -rqE "\?m=[0-9]" "$SINK"; then
	fail "no email carries the old guessable ?m=<action id> link"
else
	pass "no email carries the old guessable ?m=<action id> link"
fi

db_snapshot
serve_py <<'PY'
import json, os
links = json.load(open(os.environ["TMP"] + "/links.json"))
eng = links["ar@albion.example"]["body"][0].split("?", 1)[1]   # t=TOKEN
waw = links["ap@wawel.example"]["body"][0].split("?", 1)[1]
tok = eng.split("=", 1)[1]
s = sc.Server()

r = s.request("GET", "/optout?" + eng)
body = r.body.decode()
sc.check("GET shows the page: 200 HTML", r.status == 200 and r.header("Content-Type").startswith("text/html"), r)
sc.check("the page names the address and the creditor", "ar@albion.example" in body and "Creditor SA" in body, body)
sc.check("the page has a form posting the token", '<form method="post">' in body and
         ('name="t" value="%s"' % tok) in body, body)
sc.check("the page may not be framed and loads nothing", "frame-ancestors 'none'" in (r.header("Content-Security-Policy") or ""), r.headers)
r = s.request("GET", "/optout?" + waw)
sc.check("a Polish debtor's page is in Polish", r.status == 200 and "Zatrzymaj te wiadomości" in r.body.decode(), r)

# forged, altered, truncated: refused, nothing written (the database is compared after)
flip = tok[:40] + ("A" if tok[40] != "A" else "B") + tok[41:]
other_tenant = "AAAAAAAAAAI" + tok[11:]
for desc, t, status in [("an altered token", flip, 404), ("another tenant's id in the token", other_tenant, 404),
                        ("a token cut short", tok[:60], 400), ("no token", "", 400),
                        ("a token of zeros", "A" * 75, 404)]:
    r = s.request("GET", "/optout?t=" + t)
    sc.check("GET with %s: %d" % (desc, status), r.status == status and "text/html" in r.header("Content-Type"), r)
    r = s.request("POST", "/optout", "t=" + t, {"Content-Type": "application/x-www-form-urlencoded"})
    sc.check("POST with %s: %d" % (desc, status), r.status == status, r)
r = s.request("POST", "/optout", "t=" + tok, {"Content-Type": "application/json"})
sc.check("POST with a JSON body: 415", r.status == 415, r)
sc.check("the access log never holds a token", tok not in open(s.log_path).read())
rc = s.stop()
sc.check("the server stops with 0", rc == 0, rc)
PY
expect_db_unchanged "forged tokens and page views change nothing"

serve_py <<'PY'
import json, os
links = json.load(open(os.environ["TMP"] + "/links.json"))
eng = links["ar@albion.example"]["body"][0].split("?", 1)[1]
waw_url = links["ap@wawel.example"]["header"][0]
s = sc.Server()
form = {"Content-Type": "application/x-www-form-urlencoded"}
r = s.request("POST", "/optout", eng, form)
sc.check("POST of the page's form records the opt-out: 200",
         r.status == 200 and "will send no more emails to ar@albion.example" in r.body.decode(), r)
r = s.request("POST", "/optout", eng, form)
sc.check("a second POST says it is done already: 200", r.status == 200 and "already" in r.body.decode(), r)
r = s.request("GET", "/optout?" + eng)
sc.check("the page then says so, without a form", r.status == 200 and "<form" not in r.body.decode(), r)
# RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the header's URL
r = s.request("POST", waw_url.split("creditor.test", 1)[1], "List-Unsubscribe=One-Click", form)
sc.check("one-click POST to the List-Unsubscribe URL: 200", r.status == 200, r)
s.stop()
PY

expect_eq "one optout-email flag for the address, set by the link" "ENG|optout-email|ar@albion.example|optout-link" \
	"$(sql "SELECT c.ref, f.flag, f.detail, f.set_by FROM customer_flag f JOIN customer c ON c.tenant_id = f.tenant_id AND c.id = f.customer_id WHERE c.ref = 'ENG' AND f.cleared_at IS NULL")"
expect_eq "the one-click flags the Polish address" "ap@wawel.example" \
	"$(sql "SELECT f.detail FROM customer_flag f JOIN customer c ON c.tenant_id = f.tenant_id AND c.id = f.customer_id WHERE c.ref = 'WAW' AND f.flag = 'optout-email'")"
expect_eq "two audit rows, from the peer's address, page and one-click" "ENG|127.0.0.1|page WAW|127.0.0.1|one-click" \
	"$(sql_join ' ' "SELECT ref || '|' || origin || '|' || CASE WHEN after_json LIKE '%\"via\":\"page\"%' THEN 'page' ELSE 'one-click' END FROM audit_log WHERE action = 'optout.link' ORDER BY ref")"
n=$(sql "SELECT count(*) FROM audit_log WHERE after_json LIKE '%$(sql "SELECT value FROM setting WHERE key = 'optout.key'")%'")
expect_eq "the key is in no audit row" 0 "$n"

# the next run schedules its due-date email; the send cancels it for the opted-out addresses only
recoup run --as-of 2026-12-01 --now 2026-12-01T05:00:00Z >/dev/null
send_at 2026-12-01T12:00:00Z
expect_eq "the opted-out addresses' emails are not sent" "ENG cancelled optout|KEEP sent |WAW cancelled optout" \
	"$(jq_send '"|".join(sorted(r["customer"] + " " + r["state"] + " " + r["code"] for r in s["rows"]))')"
mail_json
expect_eq "the server got one more email, to the address that did not opt out" "4 1" \
	"$(jq_mail 'len(m)') $(jq_mail 'sum(1 for x in m if x["to"] == "ar@keeper.example") - 1')"
finish
