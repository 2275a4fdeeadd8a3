#!/usr/bin/env bash
# t0531: the history imports (`recoup import contact-history`, `recoup
# import flags`, docs/csv.md) refuse every kind of bad row with its line and
# column and change nothing: an unknown contact or customer, a bad outcome,
# channel or flag, a moment after today or without a zone, a NUL byte, an
# invoice of another customer, a ref twice in the file, a ref stored with
# other values (the message names the column), a clearing that does not fit
# its flag. A re-import of a good file, moments in another zone included,
# changes nothing.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

IMP="$DATA/import"
AS_OF=(--as-of 2026-11-30)
for kind in customers contacts invoices; do
	recoup import "$kind" "$IMP/$kind.csv" >/dev/null
done

# --- the good files ---
history=$(csv_file history.csv <<'CSV'
attempt_ref,contact_ref,at,channel,outcome,invoice_ref,address,spoke_with,note,inbound
A1,K-001,2026-10-05T14:00:00-04:00,call,no_answer,I-001,,,,
A2,K-001,2026-10-06T15:00:00Z,call,promise,I-002,,Mary Smith,promised 800.50 USD by 2026-10-30,
A3,C002,2026-10-07T09:00:00+02:00,email,sent,,,,,
CSV
)
flags=$(csv_file flags.csv <<'CSV'
flag_ref,customer_ref,flag,contact_ref,invoice_ref,address,detail,set_by,set_at,reason,cleared_at,cleared_by,cleared_reason
F1,C001,dispute,,I-001,,,agent1,2026-10-01T10:00:00Z,quantity short,2026-10-20T10:00:00Z,agent2,credit note agreed
F2,C002,cease,,,,,,2026-10-02T10:00:00Z,asked in writing,,,
F3,C001,optout-sms,,,,,,2026-10-03T10:00:00Z,,,,
CSV
)
expect_exit 0 recoup import contact-history "$history" "${AS_OF[@]}"
expect_stdout_contains "3 rows imported into contact-history (3 new or changed, 0 already stored)"
expect_exit 0 recoup import flags "$flags" "${AS_OF[@]}" --by importer
expect_stdout_contains "3 rows imported into flags (3 new or changed, 0 already stored)"
expect_eq "the attempts are stored" 3 "$(sql "SELECT count(*) FROM contact_attempt WHERE ref IS NOT NULL")"
expect_eq "the flags are stored" 3 "$(sql "SELECT count(*) FROM customer_flag WHERE ref IS NOT NULL")"

# --- contact-history: every kind of bad row ---
bad_history="$TMP/bad-history.csv"
{
	echo "attempt_ref,contact_ref,at,channel,outcome,invoice_ref,address,spoke_with,note,inbound"
	echo "B1,K-009,2026-10-05T14:00:00Z,call,no_answer,,,,,"
	echo "B2,K-001,2026-10-05T14:00:00Z,call,maybe,,,,,"
	echo "B3,K-001,2026-10-05T14:00:00Z,letter,voicemail,,,,,"
	echo "B4,K-001,2026-12-05T14:00:00Z,call,no_answer,,,,,"
	printf 'B5,K-001,2026-10-05T14:00:00Z,call,no_answer,,,,"a\0b",\n'
	echo "B6,K-001,2026-10-08T14:00:00Z,call,no_answer,,,,,"
	echo "B6,K-001,2026-10-09T14:00:00Z,call,no_answer,,,,,"
	echo "A1,K-001,2026-10-05T18:00:00Z,call,voicemail,I-001,,,,"
	echo "B7,K-001,2026-10-05T14:00:00Z,call,no_answer,I-010,,,,"
	echo "B8,K-001,2026-10-05 14:00,call,no_answer,,,,,"
	echo "B9,K-001,2026-10-05T14:00:00Z,fax,no_answer,,,,,"
	# A2 again, its moment in another zone: the same row, not a problem
	echo "A2,K-001,2026-10-06T11:00:00-04:00,call,promise,I-002,,Mary Smith,promised 800.50 USD by 2026-10-30,"
	echo "A3,C002,2026-10-07T07:00:00Z,email,sent,,,,,true"
} >"$bad_history"
db_snapshot
expect_exit 1 recoup import contact-history "$bad_history" "${AS_OF[@]}" --rejects rejects-history.csv
expect_stderr_contains "bad-history.csv:2: contact_ref: unknown contact 'K-009'"
expect_stderr_contains "bad-history.csv:3: outcome: unknown outcome 'maybe' (no_answer, voicemail,"
expect_stderr_contains "bad-history.csv:4: outcome: outcome 'voicemail' cannot happen on a letter"
expect_stderr_contains "bad-history.csv:5: at: '2026-12-05T14:00:00Z' is after today (2026-11-30)"
expect_stderr_contains "bad-history.csv:6: note: contains a NUL byte (byte 0x00)"
expect_stderr_contains "bad-history.csv:8: attempt_ref: duplicate contact attempt 'B6' in this file"
expect_stderr_contains "bad-history.csv:9: attempt_ref: contact attempt 'A1' is already stored with outcome 'no_answer', not 'voicemail'"
expect_stderr_contains "bad-history.csv:10: invoice_ref: invoice 'I-010' belongs to customer 'C002', not 'C001'"
expect_stderr_contains "bad-history.csv:11: at: timestamp '2026-10-05 14:00' has no time zone"
expect_stderr_contains "bad-history.csv:12: channel: unknown channel 'fax'"
expect_stderr_contains "bad-history.csv:14: attempt_ref: contact attempt 'A3' is already stored with inbound 'false', not 'true'"
expect_stderr_contains "bad-history.csv: 11 bad rows; nothing was imported"
if grep -q "bad-history.csv:7:\|bad-history.csv:13:" "$TMP/err"; then
	fail "the first B6 and A2 in another zone are not reported" "$(cat "$TMP/err")"
else
	pass "the first B6 and A2 in another zone are not reported"
fi
expect_eq "the rejects file lists every bad row with its line and column" \
	"2,contact_ref 3,outcome 4,outcome 5,at 6,note 8,attempt_ref 9,attempt_ref 10,invoice_ref 11,at 12,channel 14,attempt_ref" \
	"$(python3 -c 'import csv,sys; print(" ".join(r["line"] + "," + r["column"] for r in csv.DictReader(open(sys.argv[1]))))' \
		rejects-history.csv)"
expect_db_unchanged "a contact-history file with bad rows changes nothing"

# --- flags: every kind of bad row ---
bad_flags="$TMP/bad-flags.csv"
{
	echo "flag_ref,customer_ref,flag,contact_ref,invoice_ref,address,detail,set_by,set_at,reason,cleared_at,cleared_by,cleared_reason"
	echo "G1,C009,cease,,,,,,2026-10-02T10:00:00Z,,,,"
	echo "G2,C001,angry,,,,,,2026-10-02T10:00:00Z,,,,"
	echo "G3,C001,at-work,K-009,,,,,2026-10-02T10:00:00Z,,,,"
	echo "G4,C001,cease,,,,,,2026-12-24T10:00:00Z,,,,"
	printf 'G5,C001,cease,,,,,,2026-10-02T10:00:00Z,"x\0y",,,\n'
	echo "G6,C001,bankrupt,,,,,,2026-10-02T10:00:00Z,,,,"
	echo "G6,C001,bankrupt,,,,,,2026-10-02T10:00:00Z,,,,"
	echo "F2,C002,cease,,,,,,2026-10-02T10:00:00Z,asked by phone,,,"
	echo "G7,C001,dispute,,I-010,,,,2026-10-02T10:00:00Z,,,,"
	echo "G8,C001,dispute,,I-001,,,,2026-10-02T10:00:00Z,,2026-10-01T10:00:00Z,,"
	echo "G9,C001,cease,,,,,,2026-10-02T10:00:00Z,,,someone,"
	echo "G10,C001,cease,,,,,,2026-10-02T10:00:00Z,,2026-12-25T10:00:00Z,,"
	# F1 again, set_at in another zone: the same row
	echo "F1,C001,dispute,,I-001,,,agent1,2026-10-01T06:00:00-04:00,quantity short,2026-10-20T10:00:00Z,agent2,credit note agreed"
	echo "F3,C001,optout-sms,,,,,,2026-10-03T10:00:00Z,,2026-11-01T10:00:00Z,,"
} >"$bad_flags"
expect_exit 1 recoup import flags "$bad_flags" "${AS_OF[@]}" --by importer
expect_stderr_contains "bad-flags.csv:2: customer_ref: unknown customer 'C009'"
expect_stderr_contains "bad-flags.csv:3: flag: unknown flag 'angry' (one of cease, dispute,"
expect_stderr_contains "bad-flags.csv:4: contact_ref: unknown contact 'K-009'"
expect_stderr_contains "bad-flags.csv:5: set_at: '2026-12-24T10:00:00Z' is after today (2026-11-30)"
expect_stderr_contains "bad-flags.csv:6: reason: contains a NUL byte (byte 0x00)"
expect_stderr_contains "bad-flags.csv:8: flag_ref: duplicate flag 'G6' in this file"
expect_stderr_contains "bad-flags.csv:9: flag_ref: flag 'F2' is already stored with reason 'asked in writing', not 'asked by phone'"
expect_stderr_contains "bad-flags.csv:10: invoice_ref: invoice 'I-010' belongs to customer 'C002', not 'C001'"
expect_stderr_contains "bad-flags.csv:11: cleared_at: '2026-10-01T10:00:00Z' is before set_at '2026-10-02T10:00:00Z'"
expect_stderr_contains "bad-flags.csv:12: cleared_at: is empty, but cleared_by or cleared_reason is given"
expect_stderr_contains "bad-flags.csv:13: cleared_at: '2026-12-25T10:00:00Z' is after today (2026-11-30)"
expect_stderr_contains "bad-flags.csv:15: flag_ref: flag 'F3' is already stored with cleared_at '', not '2026-11-01T10:00:00Z'"
expect_stderr_contains "bad-flags.csv: 12 bad rows; nothing was imported"
if grep -q "bad-flags.csv:7:\|bad-flags.csv:14:" "$TMP/err"; then
	fail "the first G6 and F1 in another zone are not reported" "$(cat "$TMP/err")"
else
	pass "the first G6 and F1 in another zone are not reported"
fi
expect_db_unchanged "a flags file with bad rows changes nothing"

# --- a bad header refuses the whole file ---
bad_header=$(csv_file bad-header.csv <<'CSV'
attempt_ref,contact_ref,at,channel,outcom
B1,K-001,2026-10-05T14:00:00Z,call,no_answer
CSV
)
expect_exit 1 recoup import contact-history "$bad_header" "${AS_OF[@]}"
expect_stderr_contains "bad-header.csv:1: outcom: unknown column in the header"
expect_stderr_contains "bad-header.csv:1: outcome: required column is missing from the header"
expect_db_unchanged "a bad header changes nothing"

# --- re-imports of the good files change nothing ---
expect_exit 0 recoup import contact-history "$history" "${AS_OF[@]}"
expect_stdout_contains "3 rows, all already stored; nothing changed"
expect_db_unchanged "the contact history again changes nothing"
expect_exit 0 recoup import flags "$flags" "${AS_OF[@]}" --by importer
expect_stdout_contains "3 rows, all already stored; nothing changed"
expect_db_unchanged "the flags again change nothing"
zoned=$(csv_file history-zoned.csv <<'CSV'
attempt_ref,contact_ref,at,channel,outcome,invoice_ref,address,spoke_with,note,inbound
A1,K-001,2026-10-05T18:00:00Z,call,no_answer,I-001,,,,
A3,C002,2026-10-07T07:00:00Z,email,sent,,,,,false
CSV
)
expect_exit 0 recoup import contact-history "$zoned" "${AS_OF[@]}"
expect_stdout_contains "2 rows, all already stored; nothing changed"
expect_db_unchanged "the same attempts with their moments in UTC change nothing"

finish
