#!/usr/bin/env bash
# recoup report contacts (issue 10 point 8) on a small hand-built history:
# attempts by channel, the right-party contact rate (right-party
# conversations / outbound call attempts: an inbound call is not an
# attempt), contacts per hour per collector (attempts / distinct clock
# hours in which the collector logged any), in table, CSV and JSON; the
# period's bounds are whole UTC days. Hand-checked figures. The history
# breaches the contact rules four times (t0350 tests breaches on their
# own): ann's two calls to ACME at 06:10 and 06:40 in Sao Paulo
# (outside_hours), bob's call and email to Brazil on 2 November (holiday,
# Finados); the inbound call is not judged.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-09-01,2026-10-01,BRL,500.00
W1,WAW,2026-09-01,2026-10-01,PLN,700.00
N1,ANA,2026-09-01,2026-10-01,BRL,300.00
CSV
log() { # USER ARGS...: recoup contact log as USER
	local who=$1
	shift
	USER=$who recoup contact log "$@" >/dev/null
}
# ann: 4 outbound calls (2 reach the debtor: right_party, promise), 1 sms, in 3 clock hours
log ann --contact ACME-AP --channel call --outcome no_answer --at 2026-11-02T09:10:00Z
log ann --contact ACME-AP --channel call --outcome right_party --at 2026-11-02T09:40:00Z
log ann --contact WAW --channel call --outcome voicemail --at 2026-11-02T10:05:00Z
log ann --contact WAW --channel call --outcome promise --at 2026-11-03T14:00:00Z
log ann --contact WAW --channel sms --outcome sent --at 2026-11-03T14:20:00Z
# bob: 1 outbound call (refused: a conversation with the debtor), 1 inbound call, 1 email, in one hour
log bob --contact ANA --channel call --outcome refused --at 2026-11-02T11:00:00Z
log bob --contact ANA --channel call --outcome right_party --inbound --at 2026-11-02T11:45:00Z
log bob --contact ACME-AP --channel email --outcome sent --at 2026-11-02T11:30:00Z
# outside the period: the day before and the day after
log bob --contact ACME-AP --channel call --outcome no_answer --at 2026-10-31T23:59:59Z
log ann --contact ACME-AP --channel call --outcome no_answer --at 2026-12-01T00:00:00Z

run recoup report contacts --from 2026-11-01 --to 2026-11-30 --format csv
expect_stdout "contacts by channel, per collector and in total (csv)" <<'TXT'
section,channel,attempts,call_attempts,rpc,rpc_rate_pct,conversations,promises,breaches
channels,call,6,5,3,60.00,4,1,3
channels,email,1,0,0,n/a,0,0,1
channels,sms,1,0,0,n/a,0,0,0
section,collector,attempts,call_attempts,rpc,rpc_rate_pct,conversations,promises,hours,contacts_per_hour,breaches
collectors,ann,5,4,2,50.00,2,1,3,1.66,2
collectors,bob,3,1,1,100.00,2,0,1,3.00,2
section,total,attempts,call_attempts,rpc,rpc_rate_pct,conversations,promises,hours,contacts_per_hour,breaches
total,total,8,5,3,60.00,4,1,4,2.00,4
section,collector,rule,breaches
rules,ann,outside_hours,2
rules,bob,holiday,2
TXT
run recoup report contacts --from 2026-11-01 --to 2026-11-30 --format json
expect_eq "JSON: the collectors' keys and figures" \
	'[{"attempts": 5, "breaches": 2, "call_attempts": 4, "collector": "ann", "contacts_per_hour": "1.66", "conversations": 2, "hours": 3, "promises": 1, "rpc": 2, "rpc_rate_pct": "50.00"}, {"attempts": 3, "breaches": 2, "call_attempts": 1, "collector": "bob", "contacts_per_hour": "3.00", "conversations": 2, "hours": 1, "promises": 0, "rpc": 1, "rpc_rate_pct": "100.00"}]' \
	"$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["collectors"], sort_keys=True))' "$TMP/out")"
run recoup report contacts --from 2026-11-01 --to 2026-11-30
expect_stdout_contains "contacts report, 2026-11-01 to 2026-11-30"
expect_stdout_contains "  call         6            5             3            60.00"
run recoup report contacts --from 2026-10-31 --to 2026-10-31 --format csv
# bob's call at 20:59 on a Saturday in Sao Paulo (outside_hours)
expect_stdout_contains "collectors,bob,1,1,0,0.00,0,0,1,1.00,1"
expect_stdout_contains "rules,bob,outside_hours,1"
run recoup report contacts --from 2026-09-01 --to 2026-09-30 --format csv
expect_stdout_contains "total,total,0,0,0,n/a,0,0,0,n/a,0"
expect_exit 2 recoup report contacts --from 2026-11-30 --to 2026-11-01
expect_exit 2 recoup report contacts --from 2026-11-01
expect_exit 2 recoup report contacts --from 2026-11-01 --to 2026-11-31
expect_exit 0 recoup check
finish
