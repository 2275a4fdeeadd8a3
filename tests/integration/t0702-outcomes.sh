#!/usr/bin/env bash
# Outcomes (issue 10 point 1): busy, third_party and paid beside the
# existing ones, each where it can happen; --left-with for message_left and
# the history's summary ("4 messages left with Susie"); what the collector
# learned goes back on the contact (--best-time, --pays-bills: one bill
# payer), --answered-by is who was spoken with, wrong_number flags the
# number; bad combinations are refused with nothing changed.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=ann
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-10-01,2026-11-16,BRL,500.00
CSV
recoup import contacts "$(csv_file contacts.csv <<'CSV'
contact_ref,customer_ref,name,role,phone,email,timezone,pays_bills,best_time,notes
ACME-FIN,ACME,Carla Dias,finance,+55 11 5555 0110,carla@acme.example,,,,
CSV
)" >/dev/null

log() { # CONTACT OUTCOME AT [OPTIONS...]: a call logged, which must succeed
	local c=$1 o=$2 at=$3
	shift 3
	run recoup contact log --contact "$c" --channel call --outcome "$o" --at "$at" "$@"
	if [[ $status != 0 ]]; then
		fail "contact log $c $o" "exit $status" "$(cat "$TMP/err")"
	fi
}
expect_eq "ACME-AP pays the bills at first" "1" "$(sql "SELECT pays_bills FROM contact WHERE ref = 'ACME-AP'")"
for d in 17 18 19 20; do log ACME-AP message_left 2026-11-${d}T13:00:00Z --left-with Susie; done
log ACME-AP message_left 2026-11-21T13:00:00Z --left-with Bob
log ACME-AP busy 2026-11-23T13:00:00Z
log ACME-AP third_party 2026-11-23T14:00:00Z --answered-by Susie
expect_stdout_contains "(an attempt; about every open invoice)"
log ACME-FIN right_party 2026-11-24T13:00:00Z --answered-by "Carla Dias" --best-time "mon-fri 09:00-11:00" --pays-bills
expect_stdout_contains "contact 'ACME-FIN' updated: best time mon-fri 09:00-11:00, pays the bills"
log ACME-FIN paid 2026-11-25T13:00:00Z --note "paid by transfer yesterday" --by bob
expect_stdout_contains "(a conversation; about every open invoice)"

expect_eq "--by: who made the call (the queue counts it as bob's), else \$USER" "ann bob" \
	"$(sql_join ' ' "SELECT DISTINCT logged_by FROM contact_attempt WHERE logged_by IS NOT NULL ORDER BY logged_by")"
run recoup contact history --customer ACME
expect_stdout_contains "9 attempts, 2 conversations; 4 messages left with Susie, 1 with Bob"
recoup contact history --customer ACME --format json >"$TMP/h.json"
expect_eq "JSON: the summary, the outcomes and who was spoken with" \
	"{'attempts': 9, 'conversations': 2, 'messages_left': [{'with': 'Susie', 'count': 4}, {'with': 'Bob', 'count': 1}]} busy third_party:Susie right_party:Carla Dias paid" \
	"$(python3 -c 'import json,sys
h = json.load(open(sys.argv[1]))
a = h["attempts"]
print(h["summary"], a[5]["outcome"], a[6]["outcome"] + ":" + a[6]["spoke_with"], a[7]["outcome"] + ":" + a[7]["spoke_with"], a[8]["outcome"])' "$TMP/h.json")"
expect_eq "the bill payer is ACME-FIN alone (ACME-AP paid them before), with its best time" "ACME|0|
ACME-AP|0|
ACME-FIN|1|mon-fri 09:00-11:00" \
	"$(sql "SELECT ref || '|' || pays_bills || '|' || best_time FROM contact WHERE ref LIKE 'ACME%' ORDER BY ref")"
run recoup customer show ACME
expect_stdout_contains "pays_bills"

log ACME-AP wrong_number 2026-11-26T13:00:00Z
expect_stdout_contains "the phone of contact 'ACME-AP' flagged wrong-number"
expect_eq "the number is flagged" "wrong-number|ACME-AP" \
	"$(sql "SELECT f.flag || '|' || k.ref FROM customer_flag f JOIN contact k ON k.id = f.contact_id WHERE f.cleared_at IS NULL")"
run recoup rules check --contact ACME-AP --channel call --at 2026-11-30T13:00:00Z
expect_stdout_contains "wrong_number"

# refused, nothing changed
db_snapshot
expect_exit 1 recoup contact log --contact ACME-AP --channel call --outcome no_answer --at 2026-11-27T13:00:00Z --left-with Susie
expect_stderr_contains "--left-with is for the outcome message_left, not 'no_answer'"
expect_exit 1 recoup contact log --contact ACME-AP --channel email --outcome busy --at 2026-11-27T13:00:00Z
expect_stderr_contains "outcome 'busy' cannot happen on a email"
expect_exit 1 recoup contact log --contact ACME-AP --channel sms --outcome third_party --at 2026-11-27T13:00:00Z
expect_stderr_contains "outcome 'third_party' cannot happen on a sms"
expect_exit 1 recoup contact log --contact ACME-AP --channel call --outcome message_left --at 2026-11-27T13:00:00Z --left-with Susie --spoke-with Bob
expect_stderr_contains "give one"
expect_exit 2 recoup contact log --contact ACME-AP --channel call --outcome gone --at 2026-11-27T13:00:00Z
expect_stderr_contains "busy, third_party, paid"
expect_db_unchanged "nothing written by the refusals"

run recoup check
expect_eq "recoup check passes" "0" "$status"
finish
