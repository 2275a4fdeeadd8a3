#!/usr/bin/env bash
# An email that lists the invoices and a total says what the total is net
# of: a customer whose payment of a small invoice left 150.00 over got
# "Total: 1,084.56 GBP" under its one open invoice of 1,234.56, with no
# line for the 150.00 received (the debtor, and the collector reading the
# copy, saw a sum that did not add up). The merge field {{credit}} is the
# unapplied credit, "" when there is none; every shipped email with a
# total has a {{#credit}} line before it, in its language. `template
# preview` nets it as the send does. A customer without credit gets no
# such line.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
ENG,Albion Trading Ltd,company,GB,Europe/London,en,GBP,,ar@albion.example,+44 20 5555 0101,"1 High St, London",
WAW,Wawel sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,ap@wawel.example,+48 22 555 0101,"ul. Grodzka 1, Krakow",
PLAIN,Plain Ltd,company,GB,Europe/London,en,GBP,,ar@plain.example,+44 20 5555 0202,"2 High St, London",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
E1,ENG,2026-10-01,2026-12-01,GBP,1234.56
E2,ENG,2026-10-05,2026-12-01,GBP,10.00
W1,WAW,2026-10-01,2026-12-01,PLN,1200.50
W2,WAW,2026-10-01,2026-12-01,PLN,100.00
P1,PLAIN,2026-10-01,2026-12-01,GBP,99.00
CSV
)" >/dev/null
# a payment of more than the invoice it names: the rest is unapplied credit on the account
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method
PAY1,ENG,E2,2026-11-20,160.00,GBP,transfer
PAY2,WAW,W2,2026-11-20,300.50,PLN,transfer
CSV
)" >/dev/null
recoup run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null

run recoup template preview default --customer ENG
expect_eq "preview: exit 0" 0 "$status"
expect_stdout_contains "Less payments received, not yet applied: -150.00 GBP"
expect_stdout_contains "Total: 1,084.56 GBP"

start_smtp_sink
configure_email
send_at 2026-11-26T12:00:00Z
expect_eq "three sent" 3 "$(jq_send 's["summary"]["sent"]')"
mail_json
body() { jq_mail "[x[\"$2\"] for x in m if x[\"to\"] == \"$1\"][0]"; }
eng=$(body ar@albion.example text)
expect_eq "the English body lists the open invoice" True \
	"$([[ $eng == *"E1  due 2026-12-01  1,234.56 GBP"* && $eng != *"E2  due"* ]] && echo True || echo False)"
expect_eq "then the credit, then the total net of it" True \
	"$([[ $eng == *$'Less payments received, not yet applied: -150.00 GBP\r\nTotal: 1,084.56 GBP'* ]] && echo True || echo False)"
expect_eq "the HTML part too" True \
	"$([[ $(body ar@albion.example html) == *"<p>Less payments received, not yet applied: -150.00 GBP</p><p>Total: <b>1,084.56 GBP</b></p>"* ]] && echo True || echo False)"
expect_eq "in Polish, in Polish amounts" True \
	"$(jq_mail '[("Minus wpłaty otrzymane, jeszcze nierozliczone: -200,50 PLN\r\nRazem: 1\u00a0000,00 PLN" in x["text"]) for x in m if x["to"] == "ap@wawel.example"][0]')"
plain=$(body ar@plain.example text)
expect_eq "a customer without credit: the total, no credit line" True \
	"$([[ $plain == *"Total: 99.00 GBP"* && $plain != *"not yet applied"* ]] && echo True || echo False)"
finish
