#!/usr/bin/env bash
# A run for a date sees the status flags and the contact history as known at
# the end of that date: a cease set after it does not stop it, a dispute
# cleared before it does not stop it, and a rerun for that date after later
# changes (a cease, a new dispute, a call) gives the same actions as the
# first run. A flag does stop the runs from its own date on.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-11-16,PLN,700.00
W2,WAW,2026-10-01,2026-11-17,PLN,300.00
A1,ACME,2026-10-01,2026-11-16,BRL,500.00
A2,ACME,2026-10-01,2026-11-17,BRL,200.00
B1,ANA,2026-10-01,2026-11-16,BRL,900.00
CSV
# before 2026-11-16 (a Monday): a dispute of A1 cleared, a cease from ANA
recoup import flags "$(csv_file flags1.csv <<'CSV'
flag_ref,customer_ref,flag,invoice_ref,set_at,reason,cleared_at,cleared_reason
F1,ACME,dispute,A1,2026-11-01T10:00:00Z,quality,2026-11-10T10:00:00Z,credit agreed
F2,ANA,cease,,2026-11-10T10:00:00Z,letter,,
CSV
)" >/dev/null
daily_run 2026-11-16
actions_json --date 2026-11-16
cp "$TMP/actions.json" "$TMP/first.json"
expect_eq "WAW's due-date email: scheduled" "scheduled" \
	"$(jq_actions '" ".join(x["state"] for x in a if x["customer_ref"] == "WAW" and x["kind"] == "email" and "W1" in x["invoice_refs"] and x["state"] != "superseded")')"
expect_eq "ACME's due-date email: scheduled, the dispute cleared before" "scheduled" \
	"$(jq_actions '" ".join(x["state"] for x in a if x["customer_ref"] == "ACME" and x["kind"] == "email" and "A1" in x["invoice_refs"] and x["state"] != "superseded")')"
expect_eq "ANA's cease of the 10th stops it" "refused cease" \
	"$(jq_actions '" ".join(x["state"] + " " + x["reason_code"] for x in a if x["customer_ref"] == "ANA" and "B1" in x["invoice_refs"] and x["state"] != "superseded")')"

# after it: WAW asks to cease on the 18th (imported after the run for the 16th)
recoup import flags "$(csv_file flags2.csv <<'CSV'
flag_ref,customer_ref,flag,invoice_ref,set_at,reason,cleared_at,cleared_reason
F3,WAW,cease,,2026-11-18T10:00:00Z,letter,,
CSV
)" >/dev/null

# the first run for the 17th, after the cease of the 18th is known: it does not stop it
daily_run 2026-11-17
actions_json --date 2026-11-17 --customer WAW
expect_eq "WAW's email of the 17th: scheduled" "scheduled" \
	"$(jq_actions '" ".join(x["state"] for x in a if x["kind"] == "email" and "W2" in x["invoice_refs"])')"

# later changes: a dispute of A1 again on the 19th, a call to WAW on the 17th
recoup import flags "$(csv_file flags3.csv <<'CSV'
flag_ref,customer_ref,flag,invoice_ref,set_at,reason,cleared_at,cleared_reason
F4,ACME,dispute,A1,2026-11-19T10:00:00Z,quality again,,
CSV
)" >/dev/null
recoup import contact-history "$(csv_file history.csv <<'CSV'
attempt_ref,contact_ref,at,channel,outcome,invoice_ref,note
H1,WAW,2026-11-17T09:00:00Z,call,no_answer,W1,
CSV
)" >/dev/null
daily_run 2026-11-16 --now 2026-11-20T05:00:00Z --replay
expect_eq "the rerun cancels nothing" 0 "$(jq_out 'o["cancelled"]')"
actions_json --date 2026-11-16
expect_same_file "the rerun for the 16th gives the same actions as its first run" "$TMP/first.json" "$TMP/actions.json"

# from its date on, the cease counts: WAW's call at +7 (the 23rd) is refused
daily_run 2026-11-23
actions_json --date 2026-11-23 --customer WAW
expect_eq "on the 23rd, WAW's call is refused: cease" "refused cease" \
	"$(jq_actions '" ".join(x["state"] + " " + x["reason_code"] for x in a if x["kind"] == "call")')"
finish
