#!/usr/bin/env bash
# A callback asked for (issue 10 point 1) puts the account at the top of its
# collector's queue in that hour, even above an account with three times its
# expected value and a call due; before and after that hour it is not in the
# queue (no call due), and once the callback is made it leaves. A promise
# broken the same day comes second. recoup check passes.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=boss
recoup import customers "$DATA/queue/customers.csv" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-02-01,2026-03-03,USD,1000.00
I2,C2,2026-02-01,2026-03-03,USD,3000.00
I3,C3,2026-02-01,2026-03-03,USD,1000.00
CSV
)" >/dev/null
daily_run 2026-03-10
recoup user add ann --role collector --capacity 5 >/dev/null
recoup assign --as-of 2026-03-10 >/dev/null
queue() { # NOW: ann's queue at NOW, best first
	run recoup queue --collector ann --format json --now "$1"
	python3 -c 'import json,sys
print(" ".join(x["customer_ref"] for x in json.load(open(sys.argv[1]))))' "$TMP/out"
}

# Tuesday 10 March: C1 asks to be called back on Monday the 16th at 11:30 New York time;
# C3 promises 1000.00 by Thursday the 12th and pays nothing (broken on Monday the 16th)
run env USER=ann "$RECOUP" contact log --contact C1 --channel call --outcome callback --at 2026-03-10T18:00:00Z \
	--callback-at 2026-03-16T15:30:00Z
run env USER=ann "$RECOUP" contact log --contact C3 --channel call --outcome promise --at 2026-03-10T18:10:00Z
recoup promise add C3 --amount 1000.00 --date 2026-03-12 --at 2026-03-10T18:11:00Z --by ann >/dev/null
for d in 11 12 13 14 15 16; do daily_run 2026-03-$d; done

expect_eq "16 March 10:10 New York: C3's broken promise first, then C2's call due" "C3 C2" "$(queue 2026-03-16T14:10:00Z)"
expect_eq "11:10, the callback's hour: C1 first, then C3, then C2 (3000.00, a call due)" "C1 C3 C2" \
	"$(queue 2026-03-16T15:10:00Z)"
expect_eq "14:10, after lunch: the hour has passed" "C3 C2" "$(queue 2026-03-16T18:10:00Z)"
run env USER=ann "$RECOUP" contact log --contact C1 --channel call --outcome right_party --at 2026-03-16T15:31:00Z
expect_eq "called back at 11:31: C1 leaves the queue" "C3 C2" "$(queue 2026-03-16T15:40:00Z)"

run recoup check
expect_eq "recoup check passes" "0" "$status"
finish
