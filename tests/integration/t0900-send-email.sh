#!/usr/bin/env bash
# A daily run's reminders reach a real SMTP server on loopback: each with its
# recipient, the subject and body in the debtor's language (en, pl, pt-BR),
# the invoice list, the opt-out line and List-Unsubscribe header, and a
# Message-ID made from the outbox row. A payment imported between the run
# and the send cancels its message ("settled"); an opt-out recorded before
# the send cancels its message ("optout"); a dispute (a hold) cancels its
# message with the hold's kind. Each message sent is a contact attempt.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
ENG,Albion Trading Ltd,company,GB,Europe/London,en,GBP,,ar@albion.example,+44 20 5555 0101,"1 High St, London",
WAW,Wawel sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,ap@wawel.example,+48 22 555 0101,"ul. Grodzka 1, Krakow",
ACME,Acme Comércio Ltda,company,BR,America/Sao_Paulo,pt-BR,BRL,,ap@acme.example,+55 11 5555 0101,"Rua A 1, Sao Paulo",
PAID,Paid Up Ltd,company,GB,Europe/London,en,GBP,,ar@paid.example,+44 20 5555 0202,"2 High St, London",
OPT,Optout Ltd,company,GB,Europe/London,en,GBP,,ar@optout.example,+44 20 5555 0303,"3 High St, London",
DIS,Dispute Ltd,company,GB,Europe/London,en,GBP,,ar@dispute.example,+44 20 5555 0404,"4 High St, London",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
E1,ENG,2026-10-01,2026-12-01,GBP,1234.56
E2,ENG,2026-10-05,2026-12-01,GBP,10.00
W1,WAW,2026-10-01,2026-12-01,PLN,1200.50
A1,ACME,2026-10-01,2026-12-01,BRL,300.00
P1,PAID,2026-10-01,2026-12-01,GBP,99.00
O1,OPT,2026-10-01,2026-12-01,GBP,77.00
D1,DIS,2026-10-01,2026-12-01,GBP,55.00
CSV
)" >/dev/null
recoup run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null
n=$(sql "SELECT count(*) FROM action WHERE kind = 'email' AND state = 'scheduled'")
expect_eq "the run schedules six reminder emails" 6 "$n"

start_smtp_sink
configure_email
# ACME is in Brazil: a message to it names the supplier's CNPJ (CDC art. 42-A, t0931)
recoup config set letter.cnpj "12.345.678/0001-95" >/dev/null

# between the run and the send: a payment, an opt-out, a dispute
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method
PAY1,PAID,P1,2026-11-26,99.00,GBP,transfer
CSV
)" >/dev/null
recoup customer flag OPT optout-email --at 2026-11-26T09:00:00Z --reason "asked by phone" >/dev/null
recoup customer flag DIS dispute --invoice D1 --at 2026-11-26T09:00:00Z --reason "wrong quantity" >/dev/null

# 12:00 UTC is within every debtor's email hours (London 12:00, Warsaw 13:00, Sao Paulo 09:00)
send_at 2026-11-26T12:00:00Z
expect_eq "three sent, three cancelled" "3 3" "$(jq_send 's["summary"]["sent"], s["summary"]["cancelled"]' | tr -d '(),')"
expect_eq "the paid invoice's message is cancelled as settled" "cancelled settled" \
	"$(jq_send '[r["state"] + " " + r["code"] for r in s["rows"] if r["customer"] == "PAID"][0]')"
expect_eq "the opted-out customer's message is cancelled with the rule's code" "cancelled optout" \
	"$(jq_send '[r["state"] + " " + r["code"] for r in s["rows"] if r["customer"] == "OPT"][0]')"
expect_eq "the disputed invoice's message is cancelled with the hold's kind" "cancelled dispute" \
	"$(jq_send '[r["state"] + " " + r["code"] for r in s["rows"] if r["customer"] == "DIS"][0]')"

mail_json
expect_eq "the server received three messages" 3 "$(jq_mail 'len(m)')"
expect_eq "to the three debtors' addresses" '["ap@acme.example", "ap@wawel.example", "ar@albion.example"]' \
	"$(jq_mail 'sorted(x["to"] for x in m)')"
expect_eq "each Message-ID is the outbox row's" "$(sql "SELECT message_id FROM message WHERE state = 'sent' ORDER BY message_id" | tr '\n' ' ' | sed 's/ $//')" \
	"$(jq_mail '" ".join(sorted(x["message_id"] for x in m))')"
expect_eq "Message-IDs look like <action.tenant@recoup>" True \
	"$(jq_mail 'all(__import__("re").fullmatch(r"<[0-9]+\.[0-9]+@recoup>", x["message_id"]) for x in m)')"
expect_eq "English subject and language" "en|Creditor SA: a friendly reminder" \
	"$(jq_mail '[x["lang"] + "|" + x["subject"] for x in m if x["to"] == "ar@albion.example"][0]')"
expect_eq "Polish subject and language" "pl|Creditor SA: przypomnienie o terminie płatności" \
	"$(jq_mail '[x["lang"] + "|" + x["subject"] for x in m if x["to"] == "ap@wawel.example"][0]')"
expect_eq "Portuguese subject and language" "pt-BR|Creditor SA: lembrete amigável" \
	"$(jq_mail '[x["lang"] + "|" + x["subject"] for x in m if x["to"] == "ap@acme.example"][0]')"
expect_eq "the English body lists both invoices with amounts" True \
	"$(jq_mail '[("E1  due 2026-12-01  1,234.56 GBP" in x["text"]) and ("E2  due 2026-12-01  10.00 GBP" in x["text"]) and ("Total: 1,244.56 GBP" in x["text"]) for x in m if x["to"] == "ar@albion.example"][0]')"
expect_eq "the Polish body in Polish amounts" True \
	"$(jq_mail '[("W1  termin 2026-12-01  1\u00a0200,50 PLN" in x["text"]) for x in m if x["to"] == "ap@wawel.example"][0]')"
expect_eq "the Portuguese body names the invoice" True \
	"$(jq_mail '[("A1  vencimento 2026-12-01  300,00 BRL" in x["text"]) for x in m if x["to"] == "ap@acme.example"][0]')"
expect_eq "every message carries the opt-out line in its language" True \
	"$(jq_mail 'all(("STOP" in x["text"] or "PARAR" in x["text"]) and "https://creditor.test/optout?t=" in x["text"] for x in m)')"
expect_eq "every message has List-Unsubscribe with the mailbox and the link" True \
	"$(jq_mail 'all(x["list_unsubscribe"].startswith("<mailto:optout@creditor.test") and "<https://creditor.test/optout?t=" in x["list_unsubscribe"] for x in m)')"
expect_eq "From and Reply-To are the tenant's" "Creditor Receivables <ar@creditor.test>|help@creditor.test" \
	"$(jq_mail 'm[0]["from"] + "|" + m[0]["reply_to"]')"
expect_eq "an HTML part with the invoice table" True "$(jq_mail 'all("<td>" in x["html"] for x in m)')"

n=$(sql "SELECT count(*) FROM contact_attempt WHERE outcome = 'sent' AND channel = 'email'")
expect_eq "each message sent is a contact attempt (the caps count it)" 3 "$n"
n=$(sql "SELECT count(*) FROM action WHERE kind = 'email' AND state = 'done'")
expect_eq "the three actions are done" 3 "$n"
n=$(sql "SELECT count(*) FROM message_attempt WHERE outcome = 'sent'")
expect_eq "every attempt is recorded" 3 "$n"

# a second send finds nothing due: no message twice
send_at 2026-11-26T12:30:00Z
mail_json
expect_eq "nothing is sent again" "0 3" "$(jq_send 's["summary"]["sent"]') $(jq_mail 'len(m)')"
finish
