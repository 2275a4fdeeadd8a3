#!/usr/bin/env bash
# `recoup send --letters-to DIR` printed a letter listing every open
# invoice of the customer, with the total of all of them, although some
# were disputed, under a promise or under a payment plan since the run;
# the email of the same actions leaves those out (send.c check_account: an
# invoice a current hold covers is dropped; the contact rules'
# `dispute_partial` says not to mention a disputed debt). Now a letter
# lists exactly what the email would (send_check_letter gives the
# selection): here invoice A alone, and its total is A's balance less the
# customer's unapplied credit, as the email's; a US consumer's validation
# notice itemizes the invoices listed, so that its "debt now" is the
# letter's total. `recoup letter --scheduled` shows the same letter.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"
source "$SRCDIR/tests/integration/channel_helpers.sh"

# two companies in Warsaw, one without email (its email step goes as a letter), one with;
# a US consumer whose strategy sends a letter on the due date
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
L1,Litera sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,+48 22 555 0101,"ul. A 1, Warszawa",
E1,Poczta sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,ap@e1.example,+48 22 555 0201,"ul. B 1, Warszawa",
US1,Mary Smith,person,US,America/New_York,en,USD,,,,"12 Elm Street
Hartford, CT 06103",
CSV
)" >/dev/null
cat >"$TMP/us.json" <<'JSON'
{ "name": "us-letters", "priority": 300, "segment": { "kind": "person", "countries": ["US"] },
  "steps": [ { "name": "due-letter", "offset_days": 0, "action": "letter", "template": "default" } ] }
JSON
recoup strategy set us-letters "$TMP/us.json" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
LA,L1,2026-10-01,2026-11-20,PLN,100.00
LB,L1,2026-10-02,2026-11-20,PLN,200.00
LC,L1,2026-10-03,2026-11-20,PLN,400.00
LD,L1,2026-10-04,2026-11-20,PLN,800.00
EA,E1,2026-10-01,2026-11-20,PLN,100.00
EB,E1,2026-10-02,2026-11-20,PLN,200.00
EC,E1,2026-10-03,2026-11-20,PLN,400.00
ED,E1,2026-10-04,2026-11-20,PLN,800.00
UA,US1,2026-10-01,2026-11-20,USD,100.00
UB,US1,2026-10-15,2026-11-20,USD,200.00
CSV
)" >/dev/null
recoup user add cy --role collector >/dev/null
daily_run 2026-11-20

actions_json
expect_eq "the run schedules one letter for L1 and US1 and one email for E1, each about all their invoices" \
	"E1:email:EA,EB,EC,ED L1:letter:LA,LB,LC,LD US1:letter:UA,UB" \
	"$(jq_actions '" ".join(sorted("%s:%s:%s" % (x["customer_ref"], x["kind"], ",".join(x["invoice_refs"]))
		for x in a if x["state"] == "scheduled"))')"

# after the run: B disputed, C promised, D under a plan; 10.00 of unapplied credit; the
# same for the US consumer's UB. Each leaves the action waiting: it still has an invoice.
for c in L1:L E1:E; do
	ref=${c%:*} p=${c#*:}
	recoup dispute open "$ref" --invoice "${p}B" --reason damaged --at 2026-11-20T09:00:00Z --by cy >/dev/null
	recoup promise add "$ref" --invoice "${p}C" --amount 400.00 --date 2026-12-01 --at 2026-11-20T09:05:00Z \
		--by cy >/dev/null
	recoup plan add "$ref" --invoice "${p}D" --instalment 2026-12-15:800.00 --at 2026-11-20T09:10:00Z \
		--by cy >/dev/null
done
recoup dispute open US1 --invoice UB --reason not_received --at 2026-11-20T09:00:00Z --by cy >/dev/null
recoup import credit-notes "$(csv_file credit-notes.csv <<'CSV'
credit_note_ref,customer_ref,invoice_ref,date,amount,currency,reason
CN1,L1,,2026-11-20,10.00,PLN,goodwill
CN2,E1,,2026-11-20,10.00,PLN,goodwill
CN3,US1,,2026-11-20,10.00,USD,goodwill
CSV
)" >/dev/null
actions_json
expect_eq "the letters and the email still wait" "E1:scheduled L1:scheduled US1:scheduled" \
	"$(jq_actions '" ".join(sorted("%s:%s" % (x["customer_ref"], x["state"]) for x in a if x["run_date"] == "2026-11-20" and x["state"] != "superseded"))')"

# the email: A alone, 100.00 less the 10.00 of credit
start_smtp_sink
configure_email
send_at 2026-11-20T10:00:00Z
expect_eq "the email is sent" "sent" "$(jq_send '",".join(r["state"] for r in s["rows"])')"
mail_json
expect_eq "the email lists EA alone (no disputed, promised or planned invoice)" "EA" \
	"$(jq_mail '" ".join(sorted(set(__import__("re").findall(r"\bE[A-D]\b", m[0]["text"]))))')"
expect_eq "and asks for 90,00 PLN" "1" "$(jq_mail 'int("Razem: 90,00 PLN" in m[0]["text"])')"

# the letters, previewed (on the machine's clock, which `letter` takes: the disputes, open-ended,
# are current whatever the day; the promise and the plan may not be) then printed
refs() { grep -oE '\b(L|U)[A-D]\b' "$1" | sort -u | tr '\n' ' ' | sed 's/ $//'; }
run recoup letter --scheduled 2026-11-20 --out "$TMP/preview.pdf"
expect_eq "the preview of the day's letters: exit 0" 0 "$status"
pdftotext -layout "$TMP/preview.pdf" "$TMP/preview.txt"
expect_eq "the preview lists neither disputed invoice" "LA UA" "$(refs "$TMP/preview.txt" | tr ' ' '\n' |
	grep -vE '^(LC|LD)$' | tr '\n' ' ' | sed 's/ $//')"
mkdir "$TMP/print"
run recoup send --letters-to "$TMP/print" --now 2026-11-20T10:00:00Z
expect_eq "the day's letters are printed" 0 "$status"
expect_stdout_contains "2 letters (3 pages) for 2 actions in $TMP/print/letters-2026-11-20.pdf"
pdftotext -layout "$TMP/print/letters-2026-11-20.pdf" "$TMP/letters.txt"
expect_eq "the letters list LA and UA alone, as the email lists EA alone" "LA UA" "$(refs "$TMP/letters.txt")"
tr -s ' ' <"$TMP/letters.txt" >"$TMP/flat.txt"
line() {
	if grep -qF -- "$2" "$TMP/flat.txt"; then pass "$1"; else fail "$1" "a line with '$2'" "$(cat "$TMP/flat.txt")"; fi
}
line "L1's total is LA's 100,00 less the 10,00 of credit, as the email's" "Łącznie do zapłaty 90,00 zł"
line "the body's merge data says the same total" "Prosimy o zapłatę kwoty 90,00"
line "US1's total is UA's 100.00 less the 10.00 of credit" "Total due \$90.00"
line "the notice itemizes UA alone: owed on its issue date" "As of October 1, 2026, you owed: \$100.00"
line "the credit since" "You were credited this amount toward the debt: - \$10.00"
line "and the debt now is the letter's total" "Total amount of the debt now: \$90.00"
if grep -qF '300.00' "$TMP/flat.txt"; then
	fail "no amount of the disputed UB in the notice" "no 300.00" "$(grep -F '300.00' "$TMP/flat.txt")"
else
	pass "no amount of the disputed UB in the notice"
fi
actions_json --kind letter
expect_eq "both letter actions are done" "L1:done US1:done" \
	"$(jq_actions '" ".join(sorted("%s:%s" % (x["customer_ref"], x["state"]) for x in a))')"
finish
