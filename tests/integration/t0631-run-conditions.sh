#!/usr/bin/env bash
# The step conditions that read what the debtor did: not_while_promise
# holds a step back while a promise on the account is current (until the
# date its note names, else 14 days), only_if_no_answer skips a step when,
# since the earlier step went out, the debtor answered (a conversation, an
# inbound contact) or money came in on the account.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-10-01,2026-11-16,PLN,700.00
A1,ACME,2026-10-01,2026-11-16,BRL,500.00
N1,NOMAIL,2026-10-01,2026-11-16,PLN,300.00
CSV
cat >"$TMP/cond.json" <<'JSON'
{ "name": "cond", "segment": { "kind": "company" },
  "steps": [ { "name": "remind", "offset_days": 0, "action": "email", "template": "remind" },
             { "name": "call-1", "offset_days": 3, "action": "call", "template": "call",
               "conditions": { "not_while_promise": true } },
             { "name": "letter-2", "offset_days": 20, "action": "letter", "template": "formal",
               "conditions": { "only_if_no_answer": true } } ] }
JSON
recoup strategy set cond "$TMP/cond.json" >/dev/null
recoup strategy default cond --kind company >/dev/null
# ACME promises with no date on the 17th (current 14 days: to 2026-12-01);
# WAW promised by the 18th (lapsed by the 19th); NOMAIL asks to be called back
# on the 21st, after its call of the 19th; WAW pays a part on the 24th.
recoup import contact-history "$(csv_file history.csv <<'CSV'
attempt_ref,contact_ref,at,channel,outcome,invoice_ref,note
H1,ACME-AP,2026-11-17T14:00:00Z,call,promise,A1,promised 500.00 BRL
H2,WAW,2026-11-17T10:00:00Z,call,promise,W1,"promised 700.00 PLN by 2026-11-18, by transfer"
H3,NOMAIL,2026-11-21T10:00:00Z,call,callback,N1,
CSV
)" >/dev/null
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,WAW,W1,2026-11-24,100.00,PLN,transfer,cleared,
CSV
)" >/dev/null

calls() { # DATE: the customers with a call recorded that day (not superseded)
	actions_json --date "$1" --kind call
	jq_actions '" ".join(sorted(x["customer_ref"] for x in a if x["state"] != "superseded"))'
}
for day in 2026-11-16 2026-11-19; do daily_run $day; done
expect_eq "on the 19th: no call to ACME while its promise holds; WAW's has lapsed" "NOMAIL WAW" "$(calls 2026-11-19)"
daily_run 2026-11-26
expect_eq "on the 26th: ACME's promise (no date: 14 days) still holds" "" "$(calls 2026-11-26)"
daily_run 2026-12-02
expect_eq "on 2 December it has lapsed: ACME is called" "ACME" "$(calls 2026-12-02)"

# the same day on a copy whose reader answers the question of money in since
# the call (it does when it is ahead of the walk; RECOUP_RUN_READER_RULES=1
# has it do so for every chunk: prefetch_paid in app/run.c), and on the book,
# whose walk asks it: the same actions
copy=$(db_copy "$RECOUP_DB" reader)
RECOUP_DB=$copy RECOUP_RUN_READER_RULES=1 RECOUP_RUN_TIMES=1 daily_run 2026-12-06
# (on PostgreSQL too, whose reader is a second session since 2026-12-07)
expect_eq "the reader answered the two questions (ACME: no money in; WAW: some)" "2 answered ahead, 0 asked by the walk" \
	"$(sed -n 's/^run money-in questions //p' "$TMP/err")"
RECOUP_DB=$copy actions_json --date 2026-12-06
ahead=$(jq_actions '" ".join(sorted(x["customer_ref"] + ":" + x["kind"] + ":" + x["state"] for x in a))')
RECOUP_RUN_READER_RULES=0 RECOUP_RUN_TIMES=1 daily_run 2026-12-06
expect_eq "the walk asked them itself" "0 answered ahead, 2 asked by the walk" \
	"$(sed -n 's/^run money-in questions //p' "$TMP/err")"
actions_json --date 2026-12-06
expect_eq "the reader's answers decide as the walk's" "$ahead" \
	"$(jq_actions '" ".join(sorted(x["customer_ref"] + ":" + x["kind"] + ":" + x["state"] for x in a))')"
expect_eq "the formal letter goes only to ACME, which never answered its call" "ACME" \
	"$(jq_actions '" ".join(sorted(x["customer_ref"] for x in a if x["kind"] == "letter"))')"
expect_eq "(its promise of the 17th came before that call)" "scheduled" \
	"$(jq_actions '" ".join(x["state"] for x in a if x["kind"] == "letter")')"
actions_json --customer WAW
expect_eq "WAW paid after its call: no letter, and nothing recorded for the step" "" \
	"$(jq_actions '" ".join(x["step"] for x in a if x["step"] == "letter-2")')"
actions_json --customer NOMAIL
expect_eq "NOMAIL asked for a callback after its call: no letter" "" \
	"$(jq_actions '" ".join(x["step"] for x in a if x["step"] == "letter-2")')"
finish
