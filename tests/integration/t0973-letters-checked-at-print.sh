#!/usr/bin/env bash
# `recoup send --letters-to DIR` printed every letter the daily run had
# scheduled, as it stood at the run: a letter to a debtor who asked in
# writing to cease, went bankrupt, took an attorney, was placed with an
# agency since the run, or whose invoice was paid since (left scheduled,
# "owes nothing", for a person), was printed, or kept waiting, although
# `recoup send` cancels an email in each case before its hand-over. Now
# each letter is checked again at the moment it is printed, by the same
# checks (app/send.c send_check_letter): its invoices paid or credited
# since (`settled`), a current hold on all of them (the hold's kind:
# `placed`, `special`...), a stop for good of the contact rules (`cease`,
# `attorney`...): such a letter is not printed and its action is cancelled
# with that code and reason. `recoup letter --scheduled` shows the same,
# recording nothing; a letter of the same customer still owed is printed;
# and an email in the same case is cancelled with the same code. (The
# placement and the bankruptcy now cancel their letters at once, codes
# `placed` and `special`, t0939 and t0975: the print finds them cancelled
# already; the check at printing stays for a hold written after the read.)
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

# companies in Warsaw without an email address (their emails go as letters), and one with
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
L0,Zero sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0100,"ul. A 1, Warszawa",
L1,Paid sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0101,"ul. A 2, Warszawa",
L2,Cease sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0102,"ul. A 3, Warszawa",
L3,Placed sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0103,"ul. A 4, Warszawa",
L4,Bankrupt sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0104,"ul. A 5, Warszawa",
L5,Attorney sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0105,"ul. A 6, Warszawa",
L6,Half sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0106,"ul. A 7, Warszawa",
E2,Mail Cease sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,ap@e2.example,+48 22 555 0202,"ul. B 1, Warszawa",
CSV
)" >/dev/null
# L6 owes two invoices: one due on 2026-11-22, whose letter the run of that
# day schedules, and one due on 2026-12-02, whose courtesy reminder the run
# of 2026-11-27 schedules; the others, one each, due on 2026-11-27
recoup import invoices "$(csv_file invoices1.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I6A,L6,2026-10-01,2026-11-22,PLN,100.00
CSV
)" >/dev/null
daily_run 2026-11-22
recoup import invoices "$(csv_file invoices2.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I0,L0,2026-10-01,2026-11-27,PLN,100.00
I1,L1,2026-10-01,2026-11-27,PLN,100.00
I2,L2,2026-10-01,2026-11-27,PLN,100.00
I3,L3,2026-10-01,2026-11-27,PLN,100.00
I4,L4,2026-10-01,2026-11-27,PLN,100.00
I5,L5,2026-10-01,2026-11-27,PLN,100.00
I6B,L6,2026-10-01,2026-12-02,PLN,200.00
J2,E2,2026-10-01,2026-11-27,PLN,100.00
CSV
)" >/dev/null
recoup user add cy --role collector >/dev/null
daily_run 2026-11-27

# letters: "customer:state:reason_code:invoices" of every letter action, by id
letters() {
	actions_json --kind letter
	jq_actions '" ".join("%s:%s:%s:%s" % (x["customer_ref"], x["state"], x["reason_code"] or "",
		",".join(x["invoice_refs"])) for x in a)'
}
expect_eq "the runs schedule a letter per step due for each company without email, two for L6" \
	"L6:scheduled::I6A L0:scheduled::I0 L1:scheduled::I1 L2:scheduled::I2 L3:scheduled::I3 L4:scheduled::I4 L5:scheduled::I5 L6:scheduled::I6B" \
	"$(letters)"

# after the run, by paths that cancel nothing at once (but the placement and the bankruptcy)
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency
P1,L1,I1,2026-11-27,100.00,PLN
P6,L6,I6A,2026-11-27,100.00,PLN
CSV
)" >/dev/null
for c in L2:cease L4:bankrupt L5:attorney E2:cease; do
	recoup_at 2026-11-27T12:00:00Z customer flag "${c%:*}" "${c#*:}" --at 2026-11-27T12:00:00Z --by cy \
		--reason "by letter" >/dev/null
done
recoup_at 2026-11-27T12:00:00Z agency place L3 --agency Kolekt --at 2026-11-27T12:00:00Z --by cy >/dev/null
expect_eq "the letters still wait, but the placed L3's and the bankrupt L4's, cancelled at once" \
	"L6:scheduled::I6A L0:scheduled::I0 L1:scheduled::I1 L2:scheduled::I2 L3:cancelled:placed:I3 L4:cancelled:special:I4 L5:scheduled::I5 L6:scheduled::I6B" \
	"$(letters)"

db_snapshot
run recoup letter --scheduled 2026-11-27 --out "$TMP/preview.pdf"
expect_eq "the preview of the day's letters: exit 0" 0 "$status"
expect_stdout_contains "2 letters (2 pages) scheduled up to 2026-11-27"
expect_stdout_contains "cancelled actions (paid, held or stopped since the run: recoup send cancels them):"
expect_stdout_contains "(L2): cease: customer 'L2' asked in writing to cease communication"
expect_db_unchanged "the preview records nothing"

mkdir "$TMP/print"
# --now alone: pango under libfaketime and ASan aborts in a futex (as in t0970)
run recoup send --letters-to "$TMP/print" --now 2026-11-27T15:00:00Z
expect_eq "the day's letters are printed" 0 "$status"
expect_stdout_contains "2 letters (2 pages) for 2 actions in $TMP/print/letters-2026-11-27.pdf; 4 actions cancelled (above, with why): paid, held or stopped since the run"
expect_stdout_contains "settled: the invoices were paid or credited since the message was scheduled"
expect_eq "only L0's and L6's second: the others are cancelled, each with the code the email would get" \
	"L6:cancelled:settled:I6A L0:done::I0 L1:cancelled:settled:I1 L2:cancelled:cease:I2 L3:cancelled:placed:I3 L4:cancelled:special:I4 L5:cancelled:attorney:I5 L6:done::I6B" \
	"$(letters)"
pdftotext "$TMP/print/letters-2026-11-27.pdf" "$TMP/letters.txt"
expect_eq "the PDF holds the letters of Zero and Half, no other" "Half sp. z o.o. Zero sp. z o.o." \
	"$(grep -o '[A-Za-z]* sp\. z o\.o\.' "$TMP/letters.txt" | sort -u | tr '\n' ' ' | sed 's/ $//')"
expect_eq "L6's letter asks for I6B alone" "I6B" "$(grep -o 'I6[AB]' "$TMP/letters.txt" | sort -u | tr '\n' ' ' | sed 's/ $//')"
expect_eq "no message row for a cancelled letter" "2" "$(sql "SELECT count(*) FROM message WHERE channel = 'letter'")"

run recoup send --letters-to "$TMP/print" --now 2026-11-27T16:00:00Z
expect_eq "a second send finds no letter due" "0 no letter due" "$status $(cat "$TMP/out")"

# the email of E2, who asked to cease since the run, in the same case
start_smtp_sink
configure_email
send_at 2026-11-27T15:00:00Z
expect_eq "recoup send cancels E2's email with the same code" "cancelled:cease" \
	"$(jq_send '"|".join("%s:%s" % (r["state"], r["code"]) for r in s["rows"] if r["customer"] == "E2")')"
finish
