#!/usr/bin/env bash
# A long send asks the contact rules at the moment each message leaves, not
# at the moment the send began: when the debtor's window closes while the
# send is still handing messages over (here a slow SMTP server, which holds
# the first message 12 s), the messages after it wait for the next window,
# with the rule's code, instead of leaving after hours. Before, every row
# of the send was judged at its start.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

# three Warsaw companies, their reminder due the same day (b2b email hours 08:00-18:00, CET = UTC+1)
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
WA1,Wawel sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,ap@wawel.example,+48 22 555 0101,"ul. Grodzka 1, Krakow",
WA2,Sukiennice S.A.,company,PL,Europe/Warsaw,pl,PLN,,ap@sukiennice.example,+48 22 555 0102,"Rynek 1, Krakow",
WA3,Barbakan sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,ap@barbakan.example,+48 22 555 0103,"Basztowa 1, Krakow",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,WA1,2026-10-01,2026-12-01,PLN,100.00
A2,WA2,2026-10-01,2026-12-01,PLN,200.00
A3,WA3,2026-10-01,2026-12-01,PLN,300.00
CSV
)" >/dev/null
recoup run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null
expect_eq "three reminders wait in the outbox" 3 \
	"$(sql "SELECT count(*) FROM action WHERE kind = 'email' AND state = 'scheduled'")"
start_smtp_sink
configure_email
echo '{"pause_at": 1, "pause": 12}' >"$SINK/rules.json"

# the send starts at 17:59:50 in Warsaw; the first message is held until after 18:00
send_at 2026-11-26T16:59:50Z
expect_eq "the first message left in the window" "sent" "$(jq_send 's["rows"][0]["state"]')"
expect_eq "the two after it, asked after 18:00, wait with the rule's code" "waiting outside_hours waiting outside_hours" \
	"$(jq_send '" ".join(r["state"] + " " + r["code"] for r in s["rows"][1:])')"
expect_eq "until 08:00 in Warsaw the next day" "2026-11-27T07:00:00Z 2026-11-27T07:00:00Z" \
	"$(jq_send '" ".join(r["next_at"] for r in s["rows"][1:])')"
mail_json
expect_eq "one message reached the server" 1 "$(jq_mail 'len(m)')"
expect_eq "one contact attempt recorded, in the window" 1 \
	"$(sql "SELECT count(*) FROM contact_attempt WHERE channel = 'email' AND at < '2026-11-26T17:00:00Z'")"
expect_eq "none after it" 0 "$(sql "SELECT count(*) FROM contact_attempt WHERE channel = 'email' AND at >= '2026-11-26T17:00:00Z'")"
finish
