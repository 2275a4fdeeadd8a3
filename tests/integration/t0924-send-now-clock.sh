#!/usr/bin/env bash
# A send that hands messages over does so at the machine's moment, so the
# contact rules must be asked at that moment: `recoup send --now` and
# `recoup serve --send-every --send-now` away from the machine's clock (more
# than a minute) are refused, exit 2, naming the flag, its value and the
# machine's clock, before anything is read or changed (the database
# identical, nothing at the SMTP server). The defect they close: a --now of
# 13:00 in Warsaw asked the rules "is 13:00 lawful?" while the email left at
# the machine's 20:30, outside the debtor's hours. What does not transmit
# keeps --now (the letters, the unsure list); a send on a machine whose
# clock is in the debtor's window sends, at that clock.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

# WAW: b2b email hours 08:00-18:00 in Warsaw; ENG: no email address, a letter instead
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
WAW,Wawel sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,ap@wawel.example,+48 22 555 0101,"ul. Grodzka 1, Krakow",
ENG,Albion Trading Ltd,company,GB,Europe/London,en,GBP,,,+44 20 5555 0101,"1 High St, London",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-11-20,PLN,1200.50
E1,ENG,2026-09-01,2026-10-01,GBP,1234.56
CSV
)" >/dev/null
recoup config set letter.sender_address "$(printf '9 Mill Lane\nLeeds LS1 1AA')" >/dev/null
recoup run --as-of 2026-11-26 --now 2026-11-26T05:00:00Z >/dev/null
expect_eq "the run schedules an email and a letter" "1 1" \
	"$(sql "SELECT count(*) FROM action WHERE kind = 'email' AND state = 'scheduled'") $(sql "SELECT count(*) FROM action WHERE kind = 'letter' AND state = 'scheduled'")"
start_smtp_sink
configure_email
db_snapshot

# the defect: asked at 13:00 in Warsaw (lawful), handed over at 20:30 (outside the debtor's hours)
expect_exit 2 recoup_at 2026-11-26T19:30:00Z send --format json --now 2026-11-26T12:00:00Z
expect_stderr_contains "--now 2026-11-26T12:00:00Z is 7 h 30 min behind the machine's clock (2026-11-26T19:30:0"
# a --now ahead: what is due only later would go out early
expect_exit 2 recoup_at 2026-11-26T12:00:00Z send --now 2026-11-26T13:00:00Z
expect_stderr_contains "--now 2026-11-26T13:00:00Z is 1 h 0 min ahead of the machine's clock (2026-11-26T12:00:0"

# --until ahead: the email scheduled for later today would leave now, before its moment
expect_exit 2 recoup_at 2026-11-26T05:30:00Z send --until 2026-11-26T18:00:00Z
expect_stderr_contains "--until 2026-11-26T18:00:00Z is 12 h 30 min ahead of the machine's clock (2026-11-26T05:30:0"
expect_stderr_contains "never before"

# --now an hour ahead of the machine's own clock
later=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
expect_exit 2 recoup send --now "$later"
expect_stderr_contains "--now $later is "
expect_stderr_contains " ahead of the machine's clock ($(date -u +%Y-%m-%d)T"
expect_stderr_contains "messages leave at the machine's moment, and the contact rules must be asked at that moment"
expect_stderr_contains "--now is for what does not transmit"
expect_eq "nothing on stdout" "" "$(cat "$TMP/out")"
expect_db_unchanged "the refused sends read and changed nothing (the outbox as it was)"
mail_json
expect_eq "no message reached the SMTP server" 0 "$(jq_mail 'len(m)')"

# the worker of recoup serve: refused at the start, no server, no round
soon=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
run timeout 30 "$RECOUP" serve --listen 127.0.0.1:0 --send-every 1 --send-now "$soon"
expect_eq "serve --send-now an hour ahead: exit 2" 2 "$status"
expect_stderr_contains "--send-now $soon is "
expect_stderr_contains " ahead of the machine's clock ($(date -u +%Y-%m-%d)T"
expect_stderr_contains "messages leave at the machine's moment"
expect_eq "the server did not start" "" "$(cat "$TMP/out")"
clock_env 2026-11-26T19:30:00Z
run timeout 30 "${CLOCK_ENV[@]}" "$RECOUP" serve --listen 127.0.0.1:0 --send-every 1 --send-now 2026-11-26T12:00:00Z
expect_eq "serve --send-now 7 h 30 min behind the machine's clock: exit 2" 2 "$status"
expect_stderr_contains "--send-now 2026-11-26T12:00:00Z is 7 h 30 min behind the machine's clock (2026-11-26T19:30:0"
expect_db_unchanged "the refused servers changed nothing"
mail_json
expect_eq "still no message at the SMTP server" 0 "$(jq_mail 'len(m)')"

# what does not transmit keeps --now, however far from the clock
expect_exit 0 recoup send --unsure --now 2026-01-01T00:00:00Z
mkdir -p "$TMP/print"
expect_exit 0 recoup send --letters-to "$TMP/print" --now 2026-11-26T12:00:00Z
expect_stdout_contains "1 letters"
expect_eq "the letter is dated by --now" yes "$([[ -s $TMP/print/letters-2026-11-26.pdf ]] && echo yes || echo no)"
expect_eq "its action is done; the email is still scheduled" "1 1" \
	"$(sql "SELECT count(*) FROM action WHERE kind = 'letter' AND state = 'done'") $(sql "SELECT count(*) FROM action WHERE kind = 'email' AND state = 'scheduled'")"

# the machine's clock at 13:00 in Warsaw: a plain send hands the email over, at that clock
run recoup_at 2026-11-26T12:00:00Z send --format json
expect_eq "a send on a machine at a lawful moment: exit 0" 0 "$status"
cp "$TMP/out" "$TMP/send.json"
expect_eq "the email is sent" "1 sent" "$(jq_send 's["summary"]["sent"], s["rows"][0]["state"]' | tr -d "(),'")"
mail_json
expect_eq "the SMTP server has it" "1 ap@wawel.example" "$(jq_mail 'len(m), m[0]["to"]' | tr -d "(),'")"
expect_eq "recorded sent at the machine's moment" 1 \
	"$(sql "SELECT count(*) FROM message WHERE channel = 'email' AND state = 'sent'
	          AND sent_at >= '2026-11-26T12:00:00Z' AND sent_at < '2026-11-26T12:01:00Z'")"
finish
