#!/usr/bin/env bash
# A letter template's subject is the letter's heading (the DIN 5008
# "Betreff"; docs/channels.md, "Letters"), rendered with the merge data of
# its body, on the page of `recoup letter REF`, `recoup letter --scheduled`
# and `recoup send --letters-to` alike; a template without one, or one that
# renders to nothing, and --body-file keep the language's fixed heading.
# The shipped "default" letters have the fixed heading's words as their
# subject. A subject the page has no room for (or that no longer renders)
# makes no letter: the reason names the template.
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
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
G1,GB1,2026-09-01,2026-10-01,GBP,1000.00
P1,PL1,2026-09-01,2026-10-01,PLN,1234.56
CSV
)" >/dev/null
cat >"$TMP/paper.json" <<'JSON'
{ "name": "paper", "priority": 300, "segment": { "kind": "company", "countries": ["GB", "PL"] },
  "steps": [ { "name": "formal-letter", "offset_days": 30, "action": "letter", "template": "formal-letter" } ] }
JSON
recoup strategy set paper "$TMP/paper.json" >/dev/null
recoup config set creditor.name "Creditor SA" >/dev/null
recoup config set letter.sender_address "$(printf '9 Mill Lane\nLeeds LS1 1AA')" >/dev/null

tpl() { # tpl NAME LANG SUBJECT TEXT: stores the letter template (debtor)
	python3 -c 'import json, sys; print(json.dumps({"name": sys.argv[1], "channel": "letter", "lang": sys.argv[2],
	"audience": "debtor", "subject": sys.argv[3], "text": sys.argv[4]}))' "$@" >"$TMP/t.json"
	run recoup template set "$TMP/t.json"
	expect_eq "template $1 ($2) stored" 0 "$status"
}
text() { # text PDF OUT: the text of a PDF as pdftotext -layout gives it, spaces squeezed (none: no file)
	if [[ -e $1 ]]; then pdftotext -layout "$1" - | tr -s ' ' | sed 's/^ //' >"$2"; else : >"$2"; fi
}
heading() { # heading FILE DESC LINE: FILE has the line LINE, whole (a heading is a line of its own)
	if grep -qxF -- "$3" "$1"; then pass "$2"; else fail "$2" "a line '$3'" "$(cat "$1")"; fi
}
no_heading() { # no_heading FILE DESC LINE: FILE has no line LINE
	if grep -qxF -- "$3" "$1"; then fail "$2" "no line '$3'" "$(cat "$1")"; else pass "$2"; fi
}
lacks() { # lacks FILE DESC TEXT
	if grep -qF -- "$3" "$1"; then fail "$2" "no '$3'" "$(cat "$1")"; else pass "$2"; fi
}

# --- the shipped default letters: the fixed heading's words, as their subject and on the page ---
run recoup template show default --channel letter --lang en
expect_stdout_contains "subject: Payment reminder"
run recoup template show default --channel letter --lang pl
expect_stdout_contains "subject: Wezwanie do zapłaty"
run recoup template show default --channel letter --lang pt-BR
expect_stdout_contains "subject: Notificação de cobrança"
run recoup letter PL1 --as-of 2026-11-10 --out "$TMP/pl-shipped.pdf"
expect_eq "recoup letter PL1 (the shipped default) exits 0" 0 "$status"
text "$TMP/pl-shipped.pdf" "$TMP/pl-shipped.txt"
heading "$TMP/pl-shipped.txt" "the shipped Polish default's subject is the heading" "Wezwanie do zapłaty"

# --- the tenant's templates: their subjects, rendered ---
tpl formal-letter en 'Final reminder for {{customer.name}}: {{total}} overdue' \
	$'FORMAL DEMAND to {{contact.name}}: please pay {{total}}.\n\n{{creditor.name}}'
tpl formal-letter pl 'Ostateczne wezwanie do zapłaty: {{total}}' \
	$'WEZWANIE FORMALNE: prosimy zapłacić {{total}}.\n\n{{creditor.name}}'
# a line break a merge field brings (the sender address) is a space: the heading is one line
tpl default en 'Account statement from {{creditor.name}}, {{creditor.address}}' \
	$'EDITED DEFAULT: {{total}} in {{invoice_count}} invoices.\n\n{{creditor.name}}'

run recoup letter GB1 --as-of 2026-11-10 --out "$TMP/gb1.pdf"
expect_eq "recoup letter GB1 exits 0" 0 "$status"
text "$TMP/gb1.pdf" "$TMP/gb1.txt"
heading "$TMP/gb1.txt" "recoup letter REF: the default template's subject, rendered, on one line" \
	"Account statement from Creditor SA, 9 Mill Lane Leeds LS1 1AA"
lacks "$TMP/gb1.txt" "recoup letter REF: not the fixed heading" "Payment reminder"

run recoup run --as-of 2026-11-10 --now 2026-11-10T05:00:00Z
expect_eq "the daily run exits 0" 0 "$status"
db_snapshot
run recoup letter --scheduled 2026-11-10 --out "$TMP/day.pdf"
expect_eq "recoup letter --scheduled exits 0" 0 "$status"
expect_stdout_contains "2 letters"
text "$TMP/day.pdf" "$TMP/day.txt"
heading "$TMP/day.txt" "recoup letter --scheduled: the step's template's subject (en), rendered" \
	"Final reminder for Albion Trading Ltd: 1,000.00 GBP overdue"
heading "$TMP/day.txt" "recoup letter --scheduled: the Polish subject, the amount as Polish writes it" \
	"Ostateczne wezwanie do zapłaty: 1 234,56 PLN"
lacks "$TMP/day.txt" "recoup letter --scheduled: no fixed English heading" "Payment reminder"
no_heading "$TMP/day.txt" "recoup letter --scheduled: not the Polish fixed heading" "Wezwanie do zapłaty"
expect_db_unchanged "recoup letter records nothing"

# --body-file: no template, the fixed heading
printf 'Body from a file.\n' >"$TMP/body.txt"
run recoup letter GB1 --as-of 2026-11-10 --out "$TMP/gb1-body.pdf" --body-file "$TMP/body.txt"
expect_eq "recoup letter --body-file exits 0" 0 "$status"
text "$TMP/gb1-body.pdf" "$TMP/gb1-body.txt"
heading "$TMP/gb1-body.txt" "--body-file: the fixed heading" "Payment reminder"
lacks "$TMP/gb1-body.txt" "--body-file: not the template's subject" "Account statement"

# a template without a subject, and one whose subject renders to nothing: the fixed heading
tpl default en '' $'NO SUBJECT: {{total}}.\n\n{{creditor.name}}'
run recoup letter GB1 --as-of 2026-11-10 --out "$TMP/gb1-nosubj.pdf"
text "$TMP/gb1-nosubj.pdf" "$TMP/gb1-nosubj.txt"
heading "$TMP/gb1-nosubj.txt" "a template without a subject: the fixed heading" "Payment reminder"
heading "$TMP/gb1-nosubj.txt" "and the template's body" "NO SUBJECT: 1,000.00 GBP."
tpl default en '{{#collector.name}}From {{collector.name}}{{/collector.name}}' $'EMPTY SUBJECT: {{total}}.\n\n{{creditor.name}}'
run recoup letter GB1 --as-of 2026-11-10 --out "$TMP/gb1-empty.pdf"
text "$TMP/gb1-empty.pdf" "$TMP/gb1-empty.txt"
heading "$TMP/gb1-empty.txt" "a subject that renders to nothing: the fixed heading" "Payment reminder"

# a subject the page has no room for: no letter, the reason naming the template
tpl default en "Statement {{#invoices}}$(printf 'of invoice {{ref}} %.0s' {1..20}){{/invoices}}" \
	$'LONG SUBJECT: {{total}}.\n\n{{creditor.name}}'
expect_exit 1 recoup letter GB1 --as-of 2026-11-10 --out "$TMP/gb1-long.pdf"
expect_stderr_contains "customer 'GB1': letter template 'default' (en, debtor): the rendered subject: too long: "
if [[ -e "$TMP/gb1-long.pdf" ]]; then fail "no file for a refused letter" "none" "a file"; else pass "no file for a refused letter"; fi

# a stored subject that no longer renders (here by SQL): the day's letter skipped, with why
pl_action=$(sql "SELECT a.id FROM action a JOIN customer c ON c.id = a.customer_id WHERE c.ref = 'PL1' AND a.kind = 'letter'")
sql "UPDATE message_template SET subject = 'Wezwanie {{#invoices}}' WHERE name = 'formal-letter' AND lang = 'pl'" >/dev/null
run recoup letter --scheduled 2026-11-10 --out "$TMP/day2.pdf"
expect_eq "recoup letter --scheduled still exits 0" 0 "$status"
expect_stdout_contains "action $pl_action: customer 'PL1': letter template 'formal-letter' (pl, debtor) does not render:"
tpl formal-letter pl 'Ostateczne wezwanie do zapłaty (poprawione): {{total}}' \
	$'WEZWANIE FORMALNE: prosimy zapłacić {{total}}.\n\n{{creditor.name}}'

# --- recoup send --letters-to prints the same letters as recoup letter --scheduled showed ---
run recoup letter --scheduled 2026-11-10 --out "$TMP/day3.pdf"
text "$TMP/day3.pdf" "$TMP/day3.txt"
mkdir -p "$TMP/print"
run recoup send --letters-to "$TMP/print" --now 2026-11-10T12:00:00Z
expect_eq "recoup send --letters-to exits 0" 0 "$status"
expect_stdout_contains "2 letters"
text "$TMP/print/letters-2026-11-10.pdf" "$TMP/sent.txt"
heading "$TMP/sent.txt" "recoup send --letters-to: the step's template's subject (en)" \
	"Final reminder for Albion Trading Ltd: 1,000.00 GBP overdue"
heading "$TMP/sent.txt" "recoup send --letters-to: the mended Polish subject" \
	"Ostateczne wezwanie do zapłaty (poprawione): 1 234,56 PLN"
expect_same_file "recoup letter --scheduled and recoup send --letters-to print the same letters" \
	"$TMP/day3.txt" "$TMP/sent.txt"
finish
