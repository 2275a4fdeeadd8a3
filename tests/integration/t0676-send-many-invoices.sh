#!/usr/bin/env bash
# A message about more invoices than the outbox used to hold (256): a
# company with 300 invoices falling due on the same day gets one reminder
# that lists all 300 and asks for their total, 3,000.00 GBP, in the text
# and the HTML part. Before, the send kept the first 256 it read, listed
# them, and asked for 2,560.00 GBP: the debtor was told a wrong total, and
# the 44 other invoices were recorded as reminded.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
BIG,Big Retail Ltd,company,GB,Europe/London,en,GBP,,ar@big.example,+44 20 5555 0101,"1 High St, London",
CSV
)" >/dev/null
{
	echo "invoice_ref,customer_ref,issue_date,due_date,currency,amount"
	for i in $(seq -w 300); do echo "B$i,BIG,2026-10-01,2026-12-01,GBP,10.00"; done
} >"$TMP/invoices.csv"
recoup import invoices "$TMP/invoices.csv" >/dev/null
recoup run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null
expect_eq "one message for the 300 invoices" "1 300" \
	"$(sql "SELECT count(DISTINCT a.id) || ' ' || count(*) FROM action a JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id WHERE a.kind = 'email'")"

start_smtp_sink
configure_email
send_at 2026-11-26T12:00:00Z
expect_eq "the message is sent" "sent" "$(jq_send 's["rows"][0]["state"]')"
mail_json
expect_eq "one email reached the server" 1 "$(jq_mail 'len(m)')"
expect_eq "the text lists every invoice" 300 "$(jq_mail 'sum(1 for l in m[0]["text"].splitlines() if l.strip().startswith("B") and " due 2026-12-01 " in l)')"
expect_eq "the first and the last invoice are listed" "True True" \
	"$(jq_mail '" ".join(str(r in m[0]["text"]) for r in ("B001 ", "B300 "))')"
expect_eq "the text asks for the total of the 300" "Total: 3,000.00 GBP" \
	"$(jq_mail '[l.strip() for l in m[0]["text"].splitlines() if l.strip().startswith("Total:")][0]')"
expect_eq "the HTML part lists every invoice" 300 "$(jq_mail 'sum(m[0]["html"].count("B%03d<" % i) for i in range(1, 301))')"
expect_eq "the HTML part asks for the same total" True "$(jq_mail '"3,000.00 GBP" in m[0]["html"] and "2,560.00" not in m[0]["html"]')"
finish
