#!/usr/bin/env bash
# A retry waits send.backoff doubled at each attempt, at most a week
# (docs/channels.md). With a backoff of a day, a server refusing for the
# time being (451) is asked again after 1, 2 and 4 days, then after 7:
# the doubling used to stop only once past a week, so the fourth wait was
# 8 days.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
BUSY,Busy Ltd,company,GB,Europe/London,en,GBP,,ar@busy.example,+44 20 5555 0101,"1 High St, London",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
B1,BUSY,2026-10-01,2026-12-03,GBP,100.00
CSV
)" >/dev/null
recoup run --as-of 2026-11-30 --now 2026-11-30T05:00:00Z >/dev/null
start_smtp_sink
configure_email
recoup config set send.backoff 86400 >/dev/null
recoup config set send.max_attempts 10 >/dev/null
echo '{"temp": {"ar@busy.example": 99}}' >"$SINK/rules.json"

# Monday 30 November 12:00 UTC, then each time the retry is due (weekdays, within the b2b hours)
next=2026-11-30T12:00:00Z
waits=""
for attempt in 1 2 3 4 5; do
	send_at "$next"
	expect_eq "attempt $attempt: a retry" "retry $attempt" "$(jq_send 's["rows"][0]["state"] + " " + str(s["rows"][0]["attempts"])')"
	after=$(jq_send 's["rows"][0]["next_at"]')
	waits+="$("$PY" -c 'import datetime,sys; p = lambda t: datetime.datetime.fromisoformat(t.replace("Z", "+00:00")); print((p(sys.argv[2]) - p(sys.argv[1])).days)' "$next" "$after") "
	next=$after
done
expect_eq "the waits in days: doubled, at most a week" "1 2 4 7 7 " "$waits"
finish
