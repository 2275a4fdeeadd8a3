#!/usr/bin/env bash
# t0350: rule breaches in the contacts report, for the compliance officer.
# `contact log` records an outbound attempt the contact rules refused at
# its moment with the rule's code (contact_attempt.rules_breach), and
# `recoup report contacts` counts them: `breaches` on each line (channels,
# collectors, total) and a section `rules`, one line per collector and rule
# code, in CSV, JSON (CLI and API) and the table. Two collectors, two
# Warsaw customers (CET, UTC+1 in November; b2b hours), WA2 asked to stop
# on 2026-11-20:
#
#   by   customer  at (UTC)              local  verdict
#   ann  WA1       2026-11-24T09:00:00Z  10:00  allowed
#   ann  WA1       2026-11-25T01:00:00Z  02:00  outside_hours
#   ann  WA2       2026-11-26T11:00:00Z  12:00  cease
#   bob  WA1       2026-11-26T09:30:00Z  10:30  allowed
#   bob  WA1       2026-11-27T01:00:00Z  02:00  outside_hours
#   bob  WA2       2026-11-27T10:00:00Z  11:00  cease
#   bob  WA2       2026-11-30T10:00:00Z  11:00  cease
#   bob  WA1       2026-11-30T22:00:00Z  23:00  inbound: never judged
#   bob  WA1       2026-10-30T01:00:00Z  02:00  outside_hours, before the period
#   ann  WA2       2026-12-01T10:00:00Z  11:00  cease, after the period
#
# So over November: ann 3 attempts, 2 breaches (outside_hours 1, cease 1);
# bob 5 attempts (4 outbound calls), 3 breaches (outside_hours 1, cease 2);
# 5 in all, every one a call.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone
WA1,Wawel sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,ap@wawel.example,+48 22 555 0101
WA2,Sukiennice S.A.,company,PL,Europe/Warsaw,pl,PLN,ap@sukiennice.example,+48 22 555 0102
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,WA1,2026-10-01,2026-11-01,PLN,100.00
A2,WA2,2026-10-01,2026-11-01,PLN,200.00
CSV
)" >/dev/null
recoup customer flag WA2 cease --at 2026-11-20T10:00:00Z --reason "asked in writing" >/dev/null

# call BY CONTACT AT [OPTIONS...]: a call logged by BY, which must be recorded
call() {
	local by=$1 contact=$2 at=$3
	shift 3
	expect_exit 0 recoup contact log --contact "$contact" --channel call --outcome no_answer --at "$at" --by "$by" "$@"
}
# breach_of AT: the rule code stored with the attempt at AT
breach_of() {
	sql "SELECT rules_breach FROM contact_attempt WHERE at = '$1'"
}

call ann WA1 2026-11-24T09:00:00Z
expect_eq "a lawful call warns of nothing" "" "$(cat "$TMP/err")"
call ann WA1 2026-11-25T01:00:00Z
expect_stderr_contains "(outside_hours: call at 2026-11-25T02:00+01:00 in Europe/Warsaw"
call ann WA2 2026-11-26T11:00:00Z
expect_stderr_contains "(cease"
call bob WA1 2026-11-26T09:30:00Z
expect_eq "a lawful call of bob's warns of nothing" "" "$(cat "$TMP/err")"
call bob WA1 2026-11-27T01:00:00Z
expect_stderr_contains "(outside_hours"
call bob WA2 2026-11-27T10:00:00Z
expect_stderr_contains "(cease"
call bob WA2 2026-11-30T10:00:00Z
expect_stderr_contains "(cease"
expect_exit 0 recoup contact log --contact WA1 --channel call --outcome right_party --inbound \
	--at 2026-11-30T22:00:00Z --by bob
expect_eq "an inbound call at night warns of nothing" "" "$(cat "$TMP/err")"
call bob WA1 2026-10-30T01:00:00Z
expect_stderr_contains "(outside_hours"
call ann WA2 2026-12-01T10:00:00Z
expect_stderr_contains "(cease"

# stored with the attempt
expect_eq "a lawful call is stored with no breach" "" "$(breach_of 2026-11-24T09:00:00Z)"
expect_eq "a call at 02:00 is stored with outside_hours" outside_hours "$(breach_of 2026-11-25T01:00:00Z)"
expect_eq "a call after the cease is stored with cease" cease "$(breach_of 2026-11-26T11:00:00Z)"
expect_eq "an inbound call is stored with none" "" "$(breach_of 2026-11-30T22:00:00Z)"
expect_eq "breaches stored in all" 7 "$(sql "SELECT count(*) FROM contact_attempt WHERE rules_breach <> ''")"

run recoup report contacts --from 2026-11-01 --to 2026-11-30 --format csv
expect_stdout "CSV: breaches on every line, and who breached which rule" <<'TXT'
section,channel,attempts,call_attempts,rpc,rpc_rate_pct,conversations,promises,breaches
channels,call,8,7,0,0.00,1,0,5
section,collector,attempts,call_attempts,rpc,rpc_rate_pct,conversations,promises,hours,contacts_per_hour,breaches
collectors,ann,3,3,0,0.00,0,0,3,1.00,2
collectors,bob,5,4,0,0.00,1,0,5,1.00,3
section,total,attempts,call_attempts,rpc,rpc_rate_pct,conversations,promises,hours,contacts_per_hour,breaches
total,total,8,7,0,0.00,1,0,8,1.00,5
section,collector,rule,breaches
rules,ann,cease,1
rules,ann,outside_hours,1
rules,bob,cease,2
rules,bob,outside_hours,1
TXT

run recoup report contacts --from 2026-11-01 --to 2026-11-30 --format json
expect_eq "JSON: the document's keys (those before kept, rules added)" \
	'["report", "from", "to", "channels", "collectors", "total", "rules"]' \
	"$(jq_out 'list(o)')"
expect_eq "JSON: breaches per collector" '{"ann": 2, "bob": 3}' \
	"$(jq_out '{c["collector"]: c["breaches"] for c in o["collectors"]}')"
expect_eq "JSON: breaches per channel and in total" '[{"call": 5}, 5]' \
	"$(jq_out '[{c["channel"]: c["breaches"] for c in o["channels"]}, o["total"][0]["breaches"]]')"
expect_eq "JSON: the rules section" \
	'[{"breaches": 1, "collector": "ann", "rule": "cease"}, {"breaches": 1, "collector": "ann", "rule": "outside_hours"}, {"breaches": 2, "collector": "bob", "rule": "cease"}, {"breaches": 1, "collector": "bob", "rule": "outside_hours"}]' \
	"$(jq_out 'o["rules"]')"
cp "$TMP/out" "$TMP/cli.json"

run recoup report contacts --from 2026-11-01 --to 2026-11-30
expect_stdout_contains "  collector    rule                   breaches"
expect_stdout_contains "  bob          cease                  2"
expect_stdout_contains "  ann          outside_hours          1"

# the period's bounds: only October's breach, only December's
run recoup report contacts --from 2026-10-01 --to 2026-10-31 --format csv
expect_stdout_contains "total,total,1,1,0,0.00,0,0,1,1.00,1"
expect_eq "October: bob's call at 02:00 alone" "rules,bob,outside_hours,1" "$(grep '^rules,' "$TMP/out")"
run recoup report contacts --from 2026-12-01 --to 2026-12-31 --format csv
expect_eq "December: ann's call after the cease alone" "rules,ann,cease,1" "$(grep '^rules,' "$TMP/out")"
# a period without breaches: the section's header alone (and breaches 0)
run recoup report contacts --from 2026-09-01 --to 2026-09-30 --format csv
expect_stdout_contains "total,total,0,0,0,n/a,0,0,0,n/a,0"
expect_eq "no rules lines in September" "" "$(grep '^rules,' "$TMP/out" || true)"

# the API answers the CLI's document
echo "boss-password" | recoup user add boss --role manager --password-stdin >/dev/null
serve_py <<'PY'
import json, os
s = sc.Server()
a = sc.Client(s, "boss", "boss-password")
r = a.get("/api/v1/reports/contacts?from=2026-11-01&to=2026-11-30")
sc.expect("the contacts report over HTTP", r, 200)
cli = json.load(open(os.path.join(os.environ["TMP"], "cli.json")))
sc.check("... the CLI's document, breaches and rules included", r.json == cli, r, cli)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
finish
