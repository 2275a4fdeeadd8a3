#!/usr/bin/env bash
# A message of the account's former strategy, not yet sent when the
# account moved to another strategy whose own message about the same
# invoice came later, is not sent beside it. The run cancels a waiting
# message of a strategy the account left (code strategy_changed) only
# among the actions of the day before on (older ones are taken as sent);
# an email of 11-30 that no send had gone out for (the server down, send
# not run) still waited on 12-02 next to the new strategy's email of
# 12-02, and `recoup send` mailed both: two reminders about one invoice at
# once. The send's "superseded" now looks at a later message of any of the
# account's segment strategies, not only its own (a plan's or a returned
# payment's own messages are left as they were). Found by a compliance
# probe, thirty-second session.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=probe
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone,address,region
US2,Jane Roe,person,US,America/New_York,en,USD,k@x.example,+1 212 555 0102,1 Main St,NY
US3,Jim Poe,person,US,America/New_York,en,USD,m@x.example,+1 212 555 0103,2 Main St,NY
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I2,US2,2026-10-01,2026-11-29,USD,100.00
I3,US3,2026-10-01,2026-11-29,USD,100.00
CSV
)" >/dev/null
recoup strategy set probe "$(csv_file s.json <<'J'
{"name": "probe", "priority": 100, "segment": {"kind": "any"}, "steps": [
 {"name": "c1", "offset_days": 1, "action": "email", "template": "payment-reminder"},
 {"name": "l1", "offset_days": 30, "action": "letter", "template": "arrears-letter"}]}
J
)" >/dev/null
daily_run 2026-11-30
# US2 moves to another strategy (a higher priority for its tag); US3 stays
recoup customer set US2 tags=key-account >/dev/null
recoup strategy set probe2 "$(csv_file s2.json <<'J'
{"name": "probe2", "priority": 200, "segment": {"kind": "any", "tags": ["key-account"]}, "steps": [
 {"name": "k1", "offset_days": 1, "action": "email", "template": "due-today"},
 {"name": "k2", "offset_days": 20, "action": "letter", "template": "arrears-letter"}]}
J
)" >/dev/null
daily_run 2026-12-02
actions_json --kind email
expect_eq "two emails wait for US2 (one of each strategy), one for US3" \
	"US2:probe2:k1:scheduled US2:probe:c1:scheduled US3:probe:c1:scheduled" \
	"$(jq_actions '" ".join(sorted("%s:%s:%s:%s" % (x["customer_ref"], x["strategy"], x["step"], x["state"]) for x in a))')"

start_smtp_sink
configure_email
send_at 2026-12-02T15:00:00Z
mail_json
expect_eq "US2 gets one email, the later strategy's" "1" "$(jq_mail 'len([x for x in m if x["to"] == "k@x.example"])')"
expect_eq "the former strategy's is cancelled as superseded" "cancelled superseded" \
	"$(jq_send '[r["state"] + " " + r["code"] for r in s["rows"] if r["customer"] == "US2" and r["state"] != "sent"][0]')"
expect_eq "US3 (no change) gets its one email" "1" "$(jq_mail 'len([x for x in m if x["to"] == "m@x.example"])')"
finish
