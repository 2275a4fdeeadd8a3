#!/usr/bin/env bash
# A message due while the debtor's contact window is closed is not sent:
# it waits for the next allowed moment (the rule's code and that moment
# recorded), is not taken again before it, and goes out then; once sent it
# counts for the frequency caps like any contact attempt.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
WAW,Wawel sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,ap@wawel.example,+48 22 555 0101,"ul. Grodzka 1, Krakow",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-12-01,PLN,1200.50
CSV
)" >/dev/null
recoup run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null
start_smtp_sink
configure_email

# 19:30 UTC is 20:30 in Warsaw: after the b2b email hours (08:00-18:00)
send_at 2026-11-26T19:30:00Z
expect_eq "the message waits with the rule's code" "waiting outside_hours" \
	"$(jq_send 's["rows"][0]["state"] + " " + s["rows"][0]["code"]')"
expect_eq "until 08:00 in Warsaw the next day" "2026-11-27T07:00:00Z" "$(jq_send 's["rows"][0]["next_at"]')"
send_at 2026-11-27T06:59:00Z
expect_eq "not taken before that moment" 0 "$(jq_send 'len(s["rows"])')"
mail_json
expect_eq "nothing reached the server" 0 "$(jq_mail 'len(m)')"
send_at 2026-11-27T07:00:00Z
expect_eq "sent when the window opens" sent "$(jq_send 's["rows"][0]["state"]')"
mail_json
expect_eq "one message" 1 "$(jq_mail 'len(m)')"
expect_eq "the wait was not an attempt: the message went on its first" 1 "$(sql "SELECT attempts FROM message")"
# the message sent is a contact attempt: the b2b cap of one email a day now counts it
run recoup rules check --contact WAW --channel email --at 2026-11-27T09:00:00Z --format json
expect_eq "another email the same morning is refused by the cap" "False cap_email_24h" \
	"$("$PY" -c 'import json,sys; v=json.load(open(sys.argv[1])); print(v["allowed"], v["reasons"][0]["code"])' "$TMP/out")"
finish
