#!/usr/bin/env bash
# A customer deleted after a write marked it dirty (plain SQL: recoup has no
# command that deletes a customer) must not stay marked: a watched run lists
# every marked id, the page passes over an id that names no customer, and
# the run writes it an empty watch row, which clears the mark. It did so only
# in a chunk that also held a customer still there: a chunk of deleted ids
# alone (the usual case: a deletion and nothing else) read no customer and
# wrote no rows, so the mark stayed and the id was listed by every run.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency
A,Alpha sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN
B,Beta sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN
C,Gamma sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN
CSV
)" >/dev/null
# due ten days before the machine's clock, as when this was written: the four runs below fall
# between two of the strategy's steps (a fixed date put a step on the last run's day once the
# clock moved on, and the run visited A)
recoup import invoices "$(csv_file invoices.csv <<CSV
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,A,$(date -u -d '-67 days' +%F),$(date -u -d '-10 days' +%F),PLN,10.00
CSV
)" >/dev/null
# days ahead of the machine's clock: daily_run runs each on its own date (libfaketime), so each
# is a run for today, which the watch applies to
d() { date -u -d "+$1 days" +%F; }
daily_run "$(d 1)"
expect_eq "the first run visits everyone" "everyone" "$(jq_out 'o["visit"]')"
expect_eq "and leaves no mark" 0 "$(sql "SELECT count(*) FROM run_dirty")"

forget() { # REF: the customer and its contact, gone behind recoup's back
	local id
	id=$(sql "SELECT id FROM customer WHERE ref = '$1'")
	sql "DELETE FROM contact WHERE customer_id = $id" >/dev/null
	sql "DELETE FROM customer WHERE id = $id" >/dev/null
}
forget B
expect_eq "the deletion marks B's id" 1 "$(sql "SELECT count(*) FROM run_dirty")"
daily_run "$(d 2)"
expect_eq "a watched run" "watched 0" "$(jq_out '"%s %d" % (o["visit"], o["customers_visited"])')"
expect_eq "its chunk held B's id alone: the mark is cleared all the same" 0 "$(sql "SELECT count(*) FROM run_dirty")"

# a chunk with a customer still there and one deleted
recoup customer set A language=en --by cy >/dev/null
forget C
expect_eq "A's change and C's deletion mark both" 2 "$(sql "SELECT count(*) FROM run_dirty")"
daily_run "$(d 3)"
expect_eq "the watched run visits A" "watched 1" "$(jq_out '"%s %d" % (o["visit"], o["customers_visited"])')"
expect_eq "and clears both marks" 0 "$(sql "SELECT count(*) FROM run_dirty")"
daily_run "$(d 4)"
expect_eq "the next day lists nobody: no mark, no row of a customer gone" "0 0" \
	"$(jq_out 'str(o["customers_visited"])') $(sql "SELECT count(*) FROM run_watch WHERE customer_id NOT IN (SELECT id FROM customer)")"
finish
