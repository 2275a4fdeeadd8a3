#!/usr/bin/env bash
# `recoup send --letters-to DIR` judges and draws the day's letters in a
# read transaction and records them in a later write one. An action
# another writer moved in between (a promise recorded meanwhile cancels
# the waiting letter its hold covers: app/holds_cancel.c) was then
# overwritten as done, its cancellation lost, the letter counted as sent.
# Now the write transaction moves an action to done only from
# `scheduled` (store_action_move, one statement on either backend): one
# moved meanwhile keeps what its writer recorded and is reported as
# skipped (code `changed`); a letter that stands for no action recorded
# any more is named on stderr to be taken out of the batch, and is no
# contact attempt; a letter that still stands for another action of its
# customer is recorded for that one.
#
# The order is made certain by the test's own database session standing
# in for the promise: it cancels the actions (as holds_cancel does, code
# `promise`) in a transaction it holds open from before the letters are
# read until their file is in place, then commits; the send's write
# transaction waits for it (SQLite: the write lock, busy timeout 10 s;
# PostgreSQL: the action's row lock).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
L1,Jeden sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0101,"ul. A 1, Warszawa",
L2,Dwa sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0102,"ul. A 2, Warszawa",
L3,Trzy sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0103,"ul. A 3, Warszawa",
CSV
)" >/dev/null
# L2 owes two invoices due on different days: two letter actions, one letter
recoup import invoices "$(csv_file invoices1.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I2A,L2,2026-10-01,2026-11-18,PLN,100.00
CSV
)" >/dev/null
daily_run 2026-11-18
recoup import invoices "$(csv_file invoices2.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,L1,2026-10-01,2026-11-20,PLN,100.00
I2B,L2,2026-10-01,2026-11-20,PLN,200.00
I3,L3,2026-10-01,2026-11-20,PLN,100.00
CSV
)" >/dev/null
daily_run 2026-11-20
letter_of() {
	sql "SELECT a.id FROM action a JOIN customer c ON c.id = a.customer_id
		WHERE a.kind = 'letter' AND c.ref = '$1' AND a.run_date = '$2'"
}
a1=$(letter_of L1 2026-11-20)
a2a=$(letter_of L2 2026-11-18)
a2b=$(letter_of L2 2026-11-20)
a3=$(letter_of L3 2026-11-20)
states() {
	sql_join ' ' "SELECT c.ref || ':' || a.run_date || ':' || a.state || ':' || a.reason_code
		FROM action a JOIN customer c ON c.id = a.customer_id WHERE a.kind = 'letter' ORDER BY a.id"
}
expect_eq "four letter actions wait" \
	"L2:2026-11-18:scheduled: L1:2026-11-20:scheduled: L2:2026-11-20:scheduled: L3:2026-11-20:scheduled:" \
	"$(states)"

# the stand-in for the promise: L1's letter and L2's older one cancelled, uncommitted
cancel="UPDATE action SET state = 'cancelled', reason_code = 'promise',
	reason = 'a promise to pay was recorded' WHERE id IN ($a1, $a2a);"
mkfifo "$TMP/fifo"
if [[ $TEST_BACKEND == postgres ]]; then
	psql -X -q -A -t -d "$RECOUP_DB" <"$TMP/fifo" >"$TMP/holder.out" 2>&1 &
	holder=$!
	track_pid "$holder"
	exec 7>"$TMP/fifo"
	echo "BEGIN; $cancel SELECT 'held';" >&7
else
	sqlite3 "$RECOUP_DB" <"$TMP/fifo" >"$TMP/holder.out" 2>&1 &
	holder=$!
	track_pid "$holder"
	exec 7>"$TMP/fifo"
	echo "BEGIN IMMEDIATE; $cancel SELECT 'held';" >&7
fi
wait_for() { # wait_for WHAT TEST...: up to 30 s for the test to hold
	local what=$1 i
	shift
	for i in $(seq 600); do
		"$@" && return 0
		sleep 0.05
	done
	fail "$what" "not within 30 s"
	return 1
}
wait_for "the stand-in holds its transaction" grep -qx held "$TMP/holder.out"

mkdir "$TMP/print"
pdf="$TMP/print/letters-2026-11-20.pdf"
"$RECOUP" send --letters-to "$TMP/print" --now 2026-11-20T10:00:00Z >"$TMP/send.out" 2>"$TMP/send.err" &
sender=$!
track_pid "$sender"
# the letters are drawn, judged before the cancellation, and in place: the stand-in commits
wait_for "the letters are drawn" test -e "$pdf"
echo "COMMIT;" >&7
exec 7>&-
wait "$holder"
set +e
wait "$sender"
status=$?
set -e
expect_eq "the send exits 0" 0 "$status"
pdftotext "$pdf" "$TMP/letters.txt"
expect_eq "the file holds the three letters, drawn before the promise" "I1 I2A I2B I3" \
	"$(grep -oE '\bI[0-9][AB]?\b' "$TMP/letters.txt" | sort -u | tr '\n' ' ' | sed 's/ $//')"

expect_eq "the actions cancelled meanwhile stay cancelled; the others are done" \
	"L2:2026-11-18:cancelled:promise L1:2026-11-20:cancelled:promise L2:2026-11-20:done: L3:2026-11-20:done:" \
	"$(states)"
expect_eq "a message row for the actions recorded alone" "$a2b $a3" \
	"$(sql_join ' ' "SELECT action_id FROM message WHERE channel = 'letter' ORDER BY action_id")"
expect_eq "a contact attempt for L2's letter (it stands for its other action) and L3's, not L1's" "L2 L3" \
	"$(sql_join ' ' "SELECT c.ref FROM contact_attempt a JOIN customer c ON c.id = a.customer_id ORDER BY c.ref")"
if grep -qF "changed: the action is cancelled (promise) since its letter was drawn: not recorded as sent; take the customer's letter out of the batch before posting" "$TMP/send.out" &&
	grep -qF "changed: the action is cancelled (promise) since its letter was drawn: not recorded as sent; the letter stands for the customer's other actions" "$TMP/send.out"; then
	pass "each action changed is reported skipped, with its state now and what to do with its letter"
else
	fail "each action changed is reported skipped, with its state now and what to do with its letter" \
		"$(cat "$TMP/send.out")"
fi
expect_eq "the summary counts the actions recorded and those changed" \
	"3 letters (3 pages) for 2 actions in $pdf; 2 actions changed since they were drawn (above, with why): left as they are" \
	"$(tail -n 1 "$TMP/send.out")"
expect_eq "stderr names the letter to take out of the batch" \
	"recoup send: 1 letter in $pdf stands for no action any more (changed since drawn, above): take it out of the batch before posting" \
	"$(head -n 1 "$TMP/send.err")" # a sanitizer build may add its own lines after it

run recoup send --letters-to "$TMP/print" --now 2026-11-20T11:00:00Z
expect_eq "a second send finds no letter due" "0 no letter due" "$status $(cat "$TMP/out")"
finish
