#!/usr/bin/env bash
# The display names of email.from and email.reply_to reach the reader as
# typed. A name with a comma ("Smith, Jones & Co.") went into From as it
# was: two addresses, the first "Smith" with no domain, which mail systems
# that take one From refuse; it is a quoted string now. A name that is not
# ASCII ("Wierzyciel Spółka z o.o.") went as raw 8-bit bytes, which a
# reader without SMTPUTF8 garbles; it is RFC 2047 words now, as the
# Subject was. A name given in quotes keeps its text; a control character
# in either setting is refused by `config set`, naming it. An
# email.optout_email with a name ("Opt Out <optout@...>", which config
# takes) made no mailto: link in List-Unsubscribe ("<mailto:Opt Out
# <optout@...>?subject=...>"); the link and the opt-out line take the
# address alone.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
A1,One Ltd,company,GB,Europe/London,en,GBP,,ar@one.example,+44 20 5555 0101,"1 High St, London",
A2,Two Ltd,company,GB,Europe/London,en,GBP,,ar@two.example,+44 20 5555 0102,"2 High St, London",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,A1,2026-10-01,2026-12-01,GBP,100.00
I2,A2,2026-10-01,2026-12-01,GBP,100.00
CSV
)" >/dev/null
recoup run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null
start_smtp_sink
configure_email

expect_exit 1 recoup config set email.from "$(printf 'Creditor\001 <ar@creditor.test>')"
expect_stderr_contains "email.from: contains a control character (byte 0x01)"
expect_exit 1 recoup config set email.reply_to "$(printf 'Help\033[31m <help@creditor.test>')"
expect_stderr_contains "email.reply_to: contains a control character (byte 0x1b)"

recoup config set email.from 'Smith, Jones & Co. <ar@creditor.test>' >/dev/null
recoup config set email.reply_to 'Wierzyciel Spółka z o.o. <help@creditor.test>' >/dev/null
recoup config set email.optout_email 'Opt Out <optout@creditor.test>' >/dev/null
send_at 2026-11-26T12:00:00Z --limit 1
recoup config set email.from '"Acme \"North\" Ltd" <ar@creditor.test>' >/dev/null
recoup config set email.reply_to 'help@creditor.test' >/dev/null
send_at 2026-11-26T12:01:00Z
expect_eq "both sent" 2 "$(ls "$SINK"/msg-*.eml | wc -l)"

headers() {
	"$PY" - "$SINK/msg-00000$1.eml" "$2" <<'PY'
import email, sys
from email import policy
raw = open(sys.argv[1], "rb").read()
head = raw.split(b"\r\n\r\n", 1)[0]
m = email.message_from_bytes(raw, policy=policy.default)
h = m[sys.argv[2]]
print(all(b < 0x80 for b in head), len(h.addresses),
      "|".join("%s <%s>" % (a.display_name, a.addr_spec) for a in h.addresses), len(h.defects))
PY
}
expect_eq "From with a comma: one address, its name whole, no defect, headers in ASCII" \
	"True 1 Smith, Jones & Co. <ar@creditor.test> 0" "$(headers 1 from)"
expect_eq "Reply-To in Polish: encoded, read back as typed" \
	"True 1 Wierzyciel Spółka z o.o. <help@creditor.test> 0" "$(headers 1 reply-to)"
expect_eq "a name given in quotes keeps its text" 'True 1 Acme "North" Ltd <ar@creditor.test> 0' "$(headers 2 from)"
expect_eq "an address alone is written alone" "True 1  <help@creditor.test> 0" "$(headers 2 reply-to)"
expect_eq "the envelope sender is the address" "ar@creditor.test ar@creditor.test" \
	"$(sed -n 's/^X-Envelope-From: //p' "$SINK"/msg-00000[12].eml | tr -d '\r' | tr '\n' ' ' | sed 's/ $//')"
mail_json
expect_eq "List-Unsubscribe: a mailto: of the address alone" "<mailto:optout@creditor.test?subject=unsubscribe%20" \
	"$(jq_mail 'm[0]["list_unsubscribe"][:51]')"
expect_eq "the opt-out line names the address" True "$(jq_mail '"reply STOP / optout@creditor.test: https://" in m[0]["text"]')"
finish
