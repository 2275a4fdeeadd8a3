#!/usr/bin/env bash
# The outbox keeps the run's "never a burst" across an outage of the send.
# The daily runs go on while nothing is handed over (the mail server down,
# the send not run): a courtesy reminder recorded five days before the due
# date still waits when the run of the due date records the next step of
# the same strategy, the due-date email, for the same invoice. Before, the
# next send handed both over in the same minute: "a friendly reminder, due
# in five days" beside "due today". Now an invoice that a later run took to
# a later step of the same strategy, in another message, is dropped from
# the earlier message, which is cancelled "superseded" when nothing is left
# and otherwise lists only the rest; a send between the runs (the control
# tenant) hands both over, each on its day, as before.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

setup() { # TENANT
	recoup --tenant "$1" import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,address
C1,One Ltd,company,GB,Europe/London,en,GBP,ap@one.example,"1 High St, London"
C2,Two Ltd,company,GB,Europe/London,en,GBP,ap@two.example,"2 High St, London"
CSV
)" >/dev/null
	recoup --tenant "$1" import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-10-01,2026-12-01,GBP,100.00
J1,C2,2026-10-01,2026-11-26,GBP,200.00
J2,C2,2026-10-01,2026-12-01,GBP,300.00
CSV
)" >/dev/null
}
recoup init >/dev/null
recoup init --tenant ctrl >/dev/null
setup default
setup ctrl
start_smtp_sink
configure_email
recoup --tenant ctrl config set smtp.url "smtp://127.0.0.1:$SMTP_PORT" >/dev/null
recoup --tenant ctrl config set smtp.tls none >/dev/null
recoup --tenant ctrl config set email.from "Creditor Receivables <ar@creditor.test>" >/dev/null
recoup --tenant ctrl config set creditor.name "Creditor SA" >/dev/null
recoup --tenant ctrl config set email.optout_url "https://creditor.test/optout" >/dev/null

# --- the outage: two runs, no send between them ---
recoup_at 2026-11-26T05:00:00Z run --as-of 2026-11-26 >/dev/null
recoup_at 2026-12-01T05:00:00Z run --as-of 2026-12-01 >/dev/null
expect_eq "four emails wait: C1's courtesy reminder and due-date email, C2's of each day" 4 \
	"$(sql "SELECT count(*) FROM action WHERE tenant_id = 1 AND kind = 'email' AND state = 'scheduled'")"
send_at 2026-12-01T12:00:00Z
mail_json
expect_eq "C1 gets one email: the due-date one" "1 1" \
	"$(jq_mail 'str(len([x for x in m if x["to"] == "ap@one.example"])) + " " + str(len([x for x in m if x["to"] == "ap@one.example" and "due today" in x["subject"]]))')"
expect_eq "... its courtesy reminder is cancelled, superseded" "cancelled superseded" \
	"$(sql "SELECT state || ' ' || reason_code FROM action WHERE tenant_id = 1 AND kind = 'email' AND run_date = '2026-11-26' AND customer_id = (SELECT id FROM customer WHERE ref = 'C1' AND tenant_id = 1)")"
# the invoices an email lists, from its invoice lines ("  J1  due ..."): not any "J2" in the text, which
# a random opt-out token can hold (it did once in make check)
expect_eq "C2's email of the 26th goes, listing J1 alone (J2 went on to its due-date email)" "J1" \
	"$(jq_mail '"|".join("+".join(sorted({l.split()[0] for l in x["text"].split("\n") if l.startswith("  ") and l.split() and l.split()[0] in ("J1", "J2")})) or "NONE" for x in m if x["to"] == "ap@two.example")')"
expect_eq "... and its due-date email for J2 waits for the contact rules' cap of one email a day" "waiting cap_email_24h" \
	"$(jq_send '" ".join(r["state"] + " " + r["code"] for r in s["rows"] if r["state"] == "waiting")')"
expect_eq "two emails in all reach the server" 2 "$(jq_mail 'len(m)')"
expect_eq "the send counts one cancelled row" 1 "$(jq_send 's["summary"]["cancelled"]')"

# --- the control: a send between the runs hands each over on its day ---
recoup_at 2026-11-26T05:00:00Z --tenant ctrl run --as-of 2026-11-26 >/dev/null
run recoup_at 2026-11-26T12:00:00Z --tenant ctrl send --format json --now 2026-11-26T12:00:00Z
expect_eq "control: the send of the 26th exits 0" 0 "$status"
recoup_at 2026-12-01T05:00:00Z --tenant ctrl run --as-of 2026-12-01 >/dev/null
run recoup_at 2026-12-01T12:00:00Z --tenant ctrl send --format json --now 2026-12-01T12:00:00Z
expect_eq "control: the send of the 1st exits 0" 0 "$status"
mail_json
expect_eq "control: C1 got both, a day each (two of its own besides the outage's one)" 3 \
	"$(jq_mail 'len([x for x in m if x["to"] == "ap@one.example"])')"
expect_eq "control: nothing cancelled as superseded" 0 \
	"$(sql "SELECT count(*) FROM action WHERE reason_code = 'superseded' AND state = 'cancelled' AND tenant_id <> 1")"
finish
