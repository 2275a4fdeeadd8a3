#!/usr/bin/env bash
# A promise entered by mistake (or withdrawn) could not be taken back: it
# held the invoice until its date plus tolerance, and the review then judged
# it broken against the collector. `recoup promise cancel ID --reason TEXT`
# cancels a current promise: state cancelled with the reason, its hold ended
# at --at, audit promise.cancel (before and after, who), and the next daily
# run resumes the strategy on the invoice (C2, with no promise, shows the
# steps it follows). A cancelled promise counts in no kept rate. Refused,
# nothing changed, with exit 1 and the reason: an unknown id, another
# tenant's id, a promise cancelled or judged already, one that is due (its
# tolerance ran out: the review judges it), --at before it was made or ahead
# of the clock, a reason that is not clean text; exit 2 without --reason or
# with an id that is no number.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=boss
recoup import customers "$DATA/queue/customers.csv" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-02-01,2026-03-03,USD,1000.00
I2,C2,2026-02-01,2026-03-03,USD,1000.00
I3,C3,2026-02-01,2026-03-03,USD,500.00
I4,C4,2026-02-01,2026-03-03,USD,400.00
CSV
)" >/dev/null
cat >"$TMP/calls.json" <<'JSON'
{ "name": "calls", "segment": { "kind": "company" },
  "steps": [ { "name": "call-7", "offset_days": 7, "action": "call", "template": "call" },
             { "name": "call-9", "offset_days": 9, "action": "call", "template": "call" },
             { "name": "call-11", "offset_days": 11, "action": "call", "template": "call" },
             { "name": "call-13", "offset_days": 13, "action": "call", "template": "call" },
             { "name": "call-16", "offset_days": 16, "action": "call", "template": "call" } ] }
JSON
recoup strategy set calls "$TMP/calls.json" >/dev/null
recoup strategy default calls --kind company >/dev/null

calls() { # CUSTOMER: the days with a call recorded for it, not superseded nor cancelled
	actions_json --customer "$1" --kind call
	jq_actions '" ".join(x["run_date"][5:] for x in a if x["state"] not in ("superseded", "cancelled"))'
}

daily_run 2026-03-10
expect_exit 0 recoup promise add C1 --amount 1000.00 --date 2026-03-20 --invoice I1 --at 2026-03-10T15:00:00Z --by ann
for d in 11 12; do daily_run 2026-03-$d; done
expect_eq "while the promise holds, C1 gets no call (the one of day +7 was cancelled)" "" "$(calls C1)"

run recoup promise cancel 1 --reason "entered on the wrong customer" --at 2026-03-12T16:00:00Z --by bob
expect_eq "promise cancel exits 0" "0" "$status"
expect_stdout "it says what it cancelled and why" <<'OUT'
promise 1 of customer 'C1' cancelled: entered on the wrong customer
OUT
expect_eq "its hold ended at --at, with the reason cancelled" "cancelled|2026-03-12T16:00:00" \
	"$(sql "SELECT end_reason || '|' || replace(substr(CAST(ended_at AS TEXT), 1, 19), ' ', 'T') FROM account_hold WHERE kind = 'promise'")"
for d in 13 14 15 16 17; do daily_run 2026-03-$d; done
expect_eq "the next run resumes the strategy on I1 (one call for the step the hold kept back), then as C2's" \
	"03-13 03-14 03-16" "$(calls C1)"
expect_eq "C2, never held" "03-10 03-12 03-14 03-16" "$(calls C2)"

run recoup promise list --format json
expect_eq "listed cancelled, with the day, the reason and no money" "1 cancelled 2026-03-12 0.00 entered on the wrong customer" \
	"$(jq_out '" ".join(str(o[0][k]) for k in ["id", "state", "settled_on", "paid", "end_reason"])')"
run recoup promise list --state cancelled
expect_stdout_contains "cancelled                   - ann"
run recoup audit --entity promise --format json
expect_eq "audited as promise.cancel by who cancelled it, with the promise before and after" \
	"promise.add:ann:-:current promise.cancel:bob:current:cancelled" \
	"$(jq_out '" ".join("%s:%s:%s:%s" % (x["action"], x["actor"], x["before"]["state"] if x["before"] else "-", x["after"]["state"]) for x in o["entries"])')"
expect_exit 0 recoup report promises --format csv
expect_stdout_contains "total,all,USD,1,0,0,0,0,0,n/a,0.00,0.00"

# ---- refusals: exit 1 (2 for the command line's shape), nothing changed ----
expect_exit 0 recoup promise add C2 --amount 1000.00 --date 2026-03-20 --at 2026-03-17T10:00:00Z --by ann
expect_exit 0 recoup promise add C3 --amount 500.00 --date 2026-03-19 --at 2026-03-17T10:00:00Z --by ann
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,C3,I3,2026-03-18,500.00,USD,transfer,cleared,
CSV
)" >/dev/null
daily_run 2026-03-22
expect_exit 0 recoup promise add C4 --amount 400.00 --date 2026-03-23 --at 2026-03-22T10:00:00Z --by ann
expect_eq "promise 2 is current, 3 kept, 4 current" "current kept current" \
	"$(sql_join ' ' "SELECT state FROM promise WHERE id > 1 ORDER BY id")"
expect_exit 0 recoup init --tenant acme
recoup --tenant acme import customers "$(csv_file acme-customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email
X1,Other Creditor's Debtor,company,US,America/New_York,en,USD,ap@x1.example
CSV
)" >/dev/null
recoup --tenant acme import invoices "$(csv_file acme-invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
XI1,X1,2026-01-01,2026-02-01,USD,50.00
CSV
)" >/dev/null
expect_exit 0 recoup --tenant acme promise add X1 --amount 50.00 --date 2026-03-30 --at 2026-03-22T10:00:00Z
ACME=$(sql "SELECT p.id FROM promise p JOIN tenant t ON t.id = p.tenant_id WHERE t.name = 'acme'")

db_snapshot
refused() { # EXIT MESSAGE ARGS...
	local code=$1 msg=$2
	shift 2
	run recoup "$@"
	expect_eq "recoup $*: exit $code" "$code" "$status"
	expect_stderr_contains "$msg"
}
AT=(--at 2026-03-22T12:00:00Z)
refused 1 "promise 1 is cancelled already (on 2026-03-12: entered on the wrong customer)" \
	promise cancel 1 --reason "again" "${AT[@]}"
refused 1 "promise 3 is kept already (judged on 2026-03-22): only a current promise can be cancelled" \
	promise cancel 3 --reason "paid" "${AT[@]}"
refused 1 "promise 99 not found" promise cancel 99 --reason "typo" "${AT[@]}"
refused 1 "promise $ACME not found" promise cancel "$ACME" --reason "not ours" "${AT[@]}"
refused 1 "promise 2 is due: its tolerance ended on 2026-03-22 (date 2026-03-20), so the next daily run judges it" \
	promise cancel 2 --reason "too late" --at 2026-03-23T08:00:00Z
refused 1 "--at 2026-03-22T09:00:00Z is before promise 4 was made (2026-03-22T10:00:00Z)" \
	promise cancel 4 --reason "early" --at 2026-03-22T09:00:00Z
refused 1 "--at" promise cancel 4 --reason "later" --at 2099-01-01T00:00:00Z
refused 1 "--reason" promise cancel 4 --reason $'a\033b' "${AT[@]}"
refused 2 "promise cancel needs ID and --reason TEXT" promise cancel 4 "${AT[@]}"
refused 2 "promise id 'x'" promise cancel x --reason "typo"
refused 2 "expected 'add', 'cancel', 'list' or 'settings'" promise withdraw 4
expect_db_unchanged "the refused cancellations changed nothing"
expect_eq "acme's promise is still current" "current" "$(recoup --tenant acme promise list --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["state"])')"

# a promise not yet due is cancelled the day it is made
expect_exit 0 recoup promise cancel 4 --reason "renegotiated into a plan" "${AT[@]}"
daily_run 2026-03-28
expect_eq "the review judges 2 (broken) and leaves the cancelled 4 alone" "cancelled broken kept cancelled" \
	"$(sql_join ' ' "SELECT state FROM promise WHERE id <> $ACME ORDER BY id")"
expect_exit 0 recoup report promises --format csv
expect_stdout_contains "total,all,USD,4,2,1,0,1,0,50.00,1500.00,500.00"
expect_exit 0 recoup check
finish
