#!/usr/bin/env bash
# A payment plan entered by mistake or renegotiated could not be taken back:
# it held its invoices until an instalment was missed. `recoup plan cancel ID
# --reason TEXT` cancels a current plan: state cancelled with the reason as
# its end reason, its hold ended at --at, its courtesy reminder still waiting
# cancelled (reason code plan_cancelled: the debtor is not reminded of an
# instalment of a plan that is gone), audit plan.cancel (before and after,
# who), and the next daily run resumes the strategy (WAW, with no plan, is
# worked all along); the review never breaks a cancelled plan. Refused,
# nothing changed, exit 1 with the reason: an unknown id, another tenant's
# plan, a plan broken or cancelled already, one with an instalment unpaid
# past the grace days (the next run breaks it), --at before it was made; exit
# 2 without --reason.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-08-01,2026-09-01,BRL,1000.00
W1,WAW,2026-08-01,2026-09-01,PLN,700.00
N1,NOMAIL,2026-08-01,2026-09-01,PLN,300.00
CSV
expect_exit 0 recoup plan add ACME --instalment 2026-10-10:500.00 --instalment 2026-11-10:500.00 \
	--at 2026-09-20T10:00:00Z --by bob
own_steps() { # CUSTOMER FROM TO: its strategy's steps recorded (not superseded) on run dates FROM..TO
	actions_json --customer "$1"
	jq_actions '" ".join(sorted(x["step"] for x in a if "'"$2"'" <= x["run_date"] <= "'"$3"'" and x["state"] != "superseded" and not x["strategy"].startswith("plan-")))'
}
reminders() { # the plan's reminder actions: step:state:reason_code
	actions_json --customer ACME
	jq_actions '" ".join("%s:%s:%s" % (x["step"], x["state"], x["reason_code"]) for x in a if x["strategy"] == "plan-1")'
}
daily_run 2026-10-07
expect_eq "the kept plan: its courtesy reminder waits, no step of the strategy" "instalment-1:scheduled:plan_instalment" \
	"$(reminders)"
expect_eq "... none of ACME's own since the plan" "" "$(own_steps ACME 2026-09-21 2026-10-07)"

run recoup plan cancel 1 --reason "renegotiated: pays in full on 2026-10-30" --at 2026-10-07T12:00:00Z --by alice
expect_eq "plan cancel exits 0" "0" "$status"
expect_stdout "it says what it cancelled and why" <<'OUT'
plan 1 for ACME: cancelled, 1000.00 BRL of 1000.00 BRL
  ended: renegotiated: pays in full on 2026-10-30
OUT
expect_eq "the reminder of its instalment is cancelled" "instalment-1:cancelled:plan_cancelled" "$(reminders)"
expect_eq "its hold ended at --at, with the reason cancelled" "cancelled|2026-10-07T12:00:00" \
	"$(sql "SELECT end_reason || '|' || replace(substr(CAST(ended_at AS TEXT), 1, 19), ' ', 'T') FROM account_hold WHERE kind = 'plan'")"
daily_run 2026-10-08
expect_eq "the next run resumes the strategy on ACME" "1" \
	"$([[ -n "$(own_steps ACME 2026-10-08 2026-10-08)" ]] && echo 1 || echo 0)"
daily_run 2026-10-20
run recoup plan show 1 --format json
expect_eq "the review does not break a cancelled plan (instalment 1 is unpaid and past grace)" \
	"cancelled renegotiated: pays in full on 2026-10-30" "$(jq_out 'o["state"] + " " + o["end_reason"]')"
run recoup plan list --state cancelled --format json
expect_eq "plan list --state cancelled" "1 ACME bob" \
	"$(jq_out '" ".join(str(p["id"]) + " " + p["customer_ref"] + " " + p["made_by"] for p in o)')"
run recoup audit --entity plan --format json
expect_eq "audited plan.add then plan.cancel by alice, the plan before (current) and after (cancelled)" \
	"plan.add:bob:-:current plan.cancel:alice:current:cancelled" \
	"$(jq_out '" ".join("%s:%s:%s:%s" % (x["action"], x["actor"], x["before"]["state"] if x["before"] else "-", x["after"]["state"]) for x in o["entries"])')"

# ---- refusals ----
# WAW: a plan broken by the review; NOMAIL: one whose instalment is past the grace days, no run since
expect_exit 0 recoup plan add WAW --count 2 --every month --first 2026-10-01 --at 2026-09-20T10:00:00Z
daily_run 2026-10-21
expect_eq "the WAW plan is broken" "broken" "$(sql "SELECT state FROM agreement WHERE id = 2")"
expect_exit 0 recoup plan add NOMAIL --instalment 2026-10-15:300.00 --at 2026-10-01T10:00:00Z
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
expect_exit 0 recoup --tenant acme plan add X1 --instalment 2026-11-01:50.00 --at 2026-10-20T10:00:00Z
ACME_PLAN=$(sql "SELECT a.id FROM agreement a JOIN tenant t ON t.id = a.tenant_id WHERE t.name = 'acme'")

db_snapshot
refused() { # EXIT MESSAGE ARGS...
	local code=$1 msg=$2
	shift 2
	run recoup "$@"
	expect_eq "recoup $*: exit $code" "$code" "$status"
	expect_stderr_contains "$msg"
}
AT=(--at 2026-10-21T12:00:00Z)
refused 1 "plan 1 is cancelled already (renegotiated: pays in full on 2026-10-30): only a current plan can be cancelled" \
	plan cancel 1 --reason "again" "${AT[@]}"
refused 1 "plan 2 is broken already (instalment 1 due 2026-10-01 unpaid after 3 days' grace)" \
	plan cancel 2 --reason "renegotiated" "${AT[@]}"
refused 1 "plan 3 is broken: instalment 1 due 2026-10-15 is unpaid after 3 days' grace, so the next daily run breaks it" \
	plan cancel 3 --reason "renegotiated" "${AT[@]}"
refused 1 "plan 99 not found" plan cancel 99 --reason "typo" "${AT[@]}"
refused 1 "plan $ACME_PLAN not found" plan cancel "$ACME_PLAN" --reason "not ours" "${AT[@]}"
refused 1 "--at 2026-09-30T00:00:00Z is before plan 3 was made (2026-10-01T10:00:00Z)" \
	plan cancel 3 --reason "early" --at 2026-09-30T00:00:00Z
refused 2 "plan cancel needs ID and --reason TEXT" plan cancel 3 "${AT[@]}"
refused 2 "plan id 'x'" plan cancel x --reason "typo"
expect_db_unchanged "the refused cancellations changed nothing"

# within the grace days it may still be cancelled
expect_exit 0 recoup plan cancel 3 --reason "entered on the wrong invoice" --at 2026-10-17T09:00:00Z
expect_eq "plans: cancelled, broken, cancelled; acme's current" "cancelled broken cancelled current" \
	"$(sql_join ' ' "SELECT state FROM agreement WHERE kind = 'plan' ORDER BY id")"
expect_exit 0 recoup check
finish
