#!/usr/bin/env bash
# Letters take their body from the letter templates a manager edits
# (docs/channels.md, "Letters"): the daily run's letters (`recoup letter
# --scheduled`, `recoup send --letters-to`) the template their strategy
# step names, in the customer's language, with the merge fields filled (the
# contact's name, the total); when one letter stands for two actions, the
# step furthest along the strategy; `recoup letter REF` the "default" letter
# template; --body-file still wins. A template that no longer renders, or
# renders a body that breaks a letter's rules, makes no letter: the reason,
# naming the template, is shown and the action is left for a person.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
GB1,Albion Trading Ltd,company,GB,Europe/London,en,GBP,,,,"1 High St
London EC1A 1AA",
PL1,Kowalski Sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,,,,"ul. Długa 5
00-238 Warszawa",
CSV
)" >/dev/null
recoup import contacts "$(csv_file contacts.csv <<'CSV'
customer_ref,contact_ref,role,name,email,phone,pays_bills,notes
GB1,K-GB1,accounts_payable,Edith Clerk,,+44 20 5555 0101,true,
PL1,K-PL1,accounts_payable,Zofia Łężak,,+48 22 555 0101,true,
CSV
)" >/dev/null
# GB1: G1 reaches the formal letter (day 30) on 2026-10-31, G2 the reminder (day 10) on 2026-11-12
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
G1,GB1,2026-09-01,2026-10-01,GBP,1000.00
G2,GB1,2026-10-03,2026-11-02,GBP,234.56
P1,PL1,2026-09-01,2026-10-01,PLN,1234.56
CSV
)" >/dev/null
cat >"$TMP/paper.json" <<'JSON'
{ "name": "paper", "priority": 300, "segment": { "kind": "company", "countries": ["GB", "PL"] },
  "steps": [ { "name": "reminder-letter", "offset_days": 10, "action": "letter", "template": "paper-reminder" },
             { "name": "formal-letter", "offset_days": 30, "action": "letter", "template": "formal-letter" } ] }
JSON
recoup strategy set paper "$TMP/paper.json" >/dev/null

tpl() { # tpl NAME LANG TEXT: stores the letter template (debtor)
	python3 -c 'import json, sys; print(json.dumps({"name": sys.argv[1], "channel": "letter", "lang": sys.argv[2],
	"audience": "debtor", "subject": "Letter", "text": sys.argv[3]}))' "$@" >"$TMP/t.json"
	run recoup template set "$TMP/t.json"
	expect_eq "template $1 ($2) stored" 0 "$status"
}
tpl formal-letter en $'FORMAL DEMAND to {{contact.name}}: please pay {{total}} within 7 days.\n\nSecond paragraph for {{customer.name}}, {{invoice_count}} invoices.\n\n{{creditor.name}}'
tpl formal-letter pl $'WEZWANIE FORMALNE dla {{contact.name}}: prosimy zapłacić {{total}} w ciągu 7 dni.\n\n{{creditor.name}}'
tpl paper-reminder en $'FRIENDLY REMINDER to {{contact.name}}: {{total}} is open.\n\n{{creditor.name}}'
tpl default en $'EDITED DEFAULT for {{contact.name}}: {{total}} in {{invoice_count}} invoices.\n\n{{creditor.name}}'

daily() {
	run recoup run --as-of "$1" --now "${1}T05:00:00Z"
	expect_eq "the daily run of $1 exits 0" 0 "$status"
}
daily 2026-11-10 # GB1: G1's formal letter; PL1: P1's formal letter
daily 2026-11-12 # GB1: G2's reminder letter, while G1's formal letter is not sent yet
expect_eq "three letter actions are due" \
	"GB1 formal-letter|GB1 reminder-letter|PL1 formal-letter" \
	"$(sql_join '|' "SELECT c.ref || ' ' || a.step FROM action a JOIN customer c ON c.id = a.customer_id
		WHERE a.kind = 'letter' AND a.state = 'scheduled' ORDER BY c.ref, a.step")"

text() { # text PDF OUT: the text of a PDF, spaces squeezed, pages joined
	pdftotext -layout "$1" - | tr -d '\f' | tr -s ' ' | sed 's/^ //' >"$2"
}
has() { # has FILE DESC TEXT: the text (lines joined) contains TEXT
	if tr '\n' ' ' <"$1" | tr -s ' ' | grep -qF -- "$3"; then pass "$2"; else fail "$2" "'$3'" "$(cat "$1")"; fi
}
lacks() { # lacks FILE DESC TEXT
	if grep -qF -- "$3" "$1"; then fail "$2" "no '$3'" "$(cat "$1")"; else pass "$2"; fi
}

# --- the day's letters, as recoup letter --scheduled shows them ---
run recoup letter --scheduled 2026-11-12 --out "$TMP/day.pdf" --creditor "Creditor SA"
expect_eq "recoup letter --scheduled exits 0" 0 "$status"
expect_stdout_contains "2 letters (2 pages) scheduled up to 2026-11-12 written to $TMP/day.pdf"
text "$TMP/day.pdf" "$TMP/day.txt"
has "$TMP/day.txt" "GB1: the edited formal-letter template, the contact's name and the total filled" \
	"FORMAL DEMAND to Edith Clerk: please pay 1,234.56 GBP within 7 days."
has "$TMP/day.txt" "its second paragraph, with the customer's name and the invoice count" \
	"Second paragraph for Albion Trading Ltd, 2 invoices."
has "$TMP/day.txt" "the creditor's name (the letterhead's) in the body" "Creditor SA"
lacks "$TMP/day.txt" "one letter for GB1's two actions: the step furthest along (formal), not the one scheduled last" \
	"FRIENDLY REMINDER"
has "$TMP/day.txt" "PL1: the Polish template, the amount as Polish writes it" \
	"WEZWANIE FORMALNE dla Zofia Łężak: prosimy zapłacić 1 234,56 PLN w ciągu 7 dni."
lacks "$TMP/day.txt" "no fixed sentence (English)" "Our records show that the invoices below are unpaid"
lacks "$TMP/day.txt" "no fixed sentence (Polish)" "Według naszych zapisów"
lacks "$TMP/day.txt" "no shipped default body" "According to our records"

# --- a stored template that no longer renders: no letter, the reason shown, the actions left ---
sql "UPDATE message_template SET body_text = 'WEZWANIE {{#invoices}} {{creditor.name}}'
	WHERE name = 'formal-letter' AND lang = 'pl'" >/dev/null
pl_action=$(sql "SELECT a.id FROM action a JOIN customer c ON c.id = a.customer_id WHERE c.ref = 'PL1' AND a.kind = 'letter'
	AND a.state = 'scheduled'")
run recoup letter --scheduled 2026-11-12 --out "$TMP/day2.pdf"
expect_eq "recoup letter --scheduled still exits 0" 0 "$status"
expect_stdout_contains "1 letter (1 page) scheduled up to 2026-11-12"
expect_stdout_contains "skipped actions (no letter could be made): $pl_action"
expect_stdout_contains "action $pl_action: customer 'PL1': letter template 'formal-letter' (pl, debtor) does not render:"
mkdir -p "$TMP/print"
run recoup send --letters-to "$TMP/print" --now 2026-11-12T12:00:00Z
expect_eq "recoup send --letters-to exits 0" 0 "$status"
expect_stdout_contains "1 letters (1 pages) for 2 actions in $TMP/print/letters-2026-11-12.pdf; 1 actions skipped"
expect_stdout_contains "no_letter: customer 'PL1': letter template 'formal-letter' (pl, debtor) does not render:"
expect_eq "the skipped action is left scheduled for a person" scheduled \
	"$(sql "SELECT state FROM action WHERE id = $pl_action")"
text "$TMP/print/letters-2026-11-12.pdf" "$TMP/print1.txt"
has "$TMP/print1.txt" "the printed batch has GB1's formal letter" "FORMAL DEMAND to Edith Clerk"
lacks "$TMP/print1.txt" "and no letter for PL1" "Kowalski"

# a control character: `template set` refuses it; one stored before that rule (here by SQL)
# renders a body that breaks a letter's rules, refused the same way
python3 -c 'import json; print(json.dumps({"name": "formal-letter", "channel": "letter", "lang": "pl",
	"audience": "debtor", "subject": "Letter", "text": "WEZWANIE \u001b[2J {{total}}\n\n{{creditor.name}}"}))' >"$TMP/t.json"
run recoup template set "$TMP/t.json"
expect_eq "template set refuses a control character" 1 "$status"
expect_stderr_contains "template 'formal-letter' text: contains a control character (byte 0x1b)"
sql "UPDATE message_template SET body_text = '"$'WEZWANIE \e[2J {{total}} {{creditor.name}}'"'
	WHERE name = 'formal-letter' AND lang = 'pl'" >/dev/null
run recoup letter --scheduled 2026-11-12 --out "$TMP/day3.pdf"
expect_stdout_contains "action $pl_action: customer 'PL1': letter template 'formal-letter' (pl, debtor): the rendered body contains a control character (byte 0x1b)"
if [[ -e "$TMP/day3.pdf" ]]; then fail "no file when every letter is skipped" "none" "a file"; else pass "no file when every letter is skipped"; fi

# mended, the next batch prints it, in Polish
tpl formal-letter pl $'WEZWANIE FORMALNE (poprawione) dla {{contact.name}}: {{total}}.\n\n{{creditor.name}}'
run recoup send --letters-to "$TMP/print" --now 2026-11-12T13:00:00Z
expect_stdout_contains "1 letters (1 pages) for 1 actions in $TMP/print/letters-2026-11-12-2.pdf"
text "$TMP/print/letters-2026-11-12-2.pdf" "$TMP/print2.txt"
has "$TMP/print2.txt" "the mended Polish template" "WEZWANIE FORMALNE (poprawione) dla Zofia Łężak: 1 234,56 PLN."
expect_eq "every letter action is done" 0 "$(sql "SELECT count(*) FROM action WHERE kind = 'letter' AND state = 'scheduled'")"

# --- recoup letter REF: the default letter template ---
run recoup letter GB1 --as-of 2026-11-12 --out "$TMP/gb1.pdf" --creditor "Creditor SA"
expect_eq "recoup letter GB1 exits 0" 0 "$status"
text "$TMP/gb1.pdf" "$TMP/gb1.txt"
# no action, so no action's contact: the primary one, the customer's own (as the window addresses it)
has "$TMP/gb1.txt" "the edited default template, the primary contact and the total" \
	"EDITED DEFAULT for Albion Trading Ltd: 1,234.56 GBP in 2 invoices."
# PL1 has no Polish default of the tenant's: the shipped Polish one, not the tenant's English one
run recoup letter PL1 --as-of 2026-11-12 --out "$TMP/pl1.pdf" --creditor "Creditor SA"
text "$TMP/pl1.pdf" "$TMP/pl1.txt"
has "$TMP/pl1.txt" "the shipped Polish default, with the total" "Prosimy o zapłatę kwoty 1 234,56 PLN."
lacks "$TMP/pl1.txt" "not the English default" "EDITED DEFAULT"

# --body-file still wins
printf 'Body from a file.\n\nIts second paragraph.\n' >"$TMP/body.txt"
run recoup letter GB1 --as-of 2026-11-12 --out "$TMP/gb1-body.pdf" --body-file "$TMP/body.txt"
expect_eq "recoup letter --body-file exits 0" 0 "$status"
text "$TMP/gb1-body.pdf" "$TMP/gb1-body.txt"
has "$TMP/gb1-body.txt" "the body file's text" "Body from a file. Its second paragraph."
lacks "$TMP/gb1-body.txt" "not the template's" "EDITED DEFAULT"

# a default that renders nothing for a customer who owes: refused, naming the template, no file
tpl default en '{{^invoices}}{{creditor.name}}{{/invoices}}'
db_snapshot
expect_exit 1 recoup letter GB1 --as-of 2026-11-12 --out "$TMP/empty.pdf"
expect_stderr_contains "customer 'GB1': letter template 'default' (en, debtor): the rendered body is empty"
if [[ -e "$TMP/empty.pdf" ]]; then fail "no file for a refused letter" "none" "a file"; else pass "no file for a refused letter"; fi
expect_exit 0 recoup letter GB1 --as-of 2026-11-12 --out "$TMP/empty.pdf" --body-file "$TMP/body.txt"
expect_db_unchanged "recoup letter changed nothing"
finish
