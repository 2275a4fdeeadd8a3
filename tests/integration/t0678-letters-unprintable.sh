#!/usr/bin/env bash
# A letter that would print wrongly is not made, and says why; the others
# of the day are. A name and postal address taller than the envelope's
# window (an address of eight lines, or a line long enough to wrap into
# too many) used to run past the window into the heading: the postcode and
# the town hidden in the envelope. A character no installed font has (a
# name in Chinese on a machine without a CJK font, a private-use one)
# printed as a box of its hex code in the window and the salutation. Both
# are refused now, naming the customer, what and why, before anything is
# drawn; so is a letterhead (the creditor's address) long enough to run
# down into the window. An address of spaces and line breaks alone is no address (a
# letter went out with the name alone in the window). `recoup send
# --letters-to` skips such a customer's action, which
# stays scheduled for a person, and draws the rest.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

pua=$(printf '\xf4\x8f\xbf\xbd') # U+10FFFD, private use: no font has it
cat >"$TMP/customers.csv" <<CSV
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
EIGHT,Eight Lines Ltd,company,GB,Europe/London,en,GBP,,,+44 20 5555 0101,"Unit 4
Riverside Business Park
Building C
Floor 2
Mill Road
Little Snoring
Fakenham NR21 0AA
United Kingdom",
SIX,Six Lines Ltd,company,GB,Europe/London,en,GBP,,,+44 20 5555 0102,"Unit 4
Riverside Business Park
Mill Road
Fakenham NR21 0AA
United Kingdom",
WRAP,Wrap Ltd,company,GB,Europe/London,en,GBP,,,+44 20 5555 0103,"Unit 4 Riverside Business Park Building C Floor 2 Mill Road Little Snoring near the old station opposite the church, past the second roundabout on the left, behind the garden centre and the car park of the leisure centre
Fakenham NR21 0AA",
ZH,张伟,company,GB,Europe/London,en,GBP,,,+44 20 5555 0104,"5 High St
London E1 6AN",
PUA,Private ${pua} Ltd,company,GB,Europe/London,en,GBP,,,+44 20 5555 0105,"6 High St
London E1 6AN",
AR,محمد العربي,company,GB,Europe/London,en,GBP,,,+44 20 5555 0106,"7 High St
London E1 6AN",
BLANK,Blank Address Ltd,company,GB,Europe/London,en,GBP,,,+44 20 5555 0107,"  
 
",
CSV
recoup import customers "$TMP/customers.csv" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
E1,EIGHT,2026-09-01,2026-10-01,GBP,100.00
S1,SIX,2026-09-01,2026-10-01,GBP,100.00
W1,WRAP,2026-09-01,2026-10-01,GBP,100.00
Z1,ZH,2026-09-01,2026-10-01,GBP,100.00
P1,PUA,2026-09-01,2026-10-01,GBP,100.00
A1,AR,2026-09-01,2026-10-01,GBP,100.00
B1,BLANK,2026-09-01,2026-10-01,GBP,100.00
CSV
)" >/dev/null
recoup config set creditor.name "Creditor SA" >/dev/null

# --- recoup letter REF: refused with what, where and why; no file
expect_exit 1 recoup letter EIGHT --out eight.pdf
expect_stderr_contains "customer 'EIGHT': the name and postal address take 9 lines"
expect_stderr_contains "more than the envelope's window shows below the return line (26.5 mm, DIN 5008)"
expect_eq "no file for the refused letter" no "$([[ -e eight.pdf ]] && echo yes || echo no)"
expect_exit 1 recoup letter WRAP --out wrap.pdf
expect_stderr_contains "customer 'WRAP': the name and postal address take"
expect_exit 1 recoup letter PUA --out pua.pdf
expect_stderr_contains "customer 'PUA': the name has the character U+10FFFD, which no font installed has: it would print as a box"
expect_eq "no file for the refused letter" no "$([[ -e pua.pdf ]] && echo yes || echo no)"

# the letterhead: the creditor's name and six lines of address end above the window; seven run into it
six=(--sender-address "Creditor House" --sender-address "Floor 3" --sender-address "12 Long Street"
	--sender-address "Leeds" --sender-address "LS1 1AA" --sender-address "United Kingdom")
expect_exit 0 recoup letter SIX --out head6.pdf "${six[@]}"
expect_exit 1 recoup letter SIX --out head7.pdf "${six[@]}" --sender-address "VAT GB123456789"
expect_stderr_contains "customer 'SIX': the letterhead, the creditor's name and address (creditor.name, letter.sender_address or --sender-address), takes 8 lines down to"
expect_stderr_contains "into the envelope's window (from 45 mm)"

# an address of spaces and line breaks is no address: the window would show the name alone
expect_exit 1 recoup letter BLANK --out blank.pdf
expect_stderr_contains "customer 'BLANK' has no postal address: no letter"

# name and five lines fit the window: the whole address is printed
expect_exit 0 recoup letter SIX --out six.pdf
pdftotext -layout six.pdf six.txt
expect_eq "the last line of a five-line address is in the letter" yes \
	"$(grep -q 'United Kingdom' six.txt && grep -q 'Fakenham NR21 0AA' six.txt && echo yes || echo no)"
# DejaVu Sans has Arabic: the name is printed (pdftotext gives back its shaped forms, not the letters)
expect_exit 0 recoup letter AR --out ar.pdf
expect_eq "an Arabic name: a letter" yes "$([[ -s ar.pdf ]] && echo yes || echo no)"

# a Chinese name: printed when a font has it, else refused (never boxes)
if [[ -n $(fc-list ':charset=5f20' family) ]]; then
	expect_exit 0 recoup letter ZH --out zh.pdf
	expect_eq "a font has it: the Chinese name is printed" yes "$(pdftotext zh.pdf - | grep -q '张伟' && echo yes || echo no)"
	zh_drawn=1
else
	expect_exit 1 recoup letter ZH --out zh.pdf
	expect_stderr_contains "customer 'ZH': the name has the character U+5F20, which no font installed has"
	expect_stderr_contains "fonts-noto-cjk"
	zh_drawn=0
fi

# --- the day's letters: the refused ones skipped with why and left scheduled, the others drawn
recoup run --as-of 2026-11-15 --now 2026-11-15T05:00:00Z >/dev/null
expect_eq "a letter action for each customer" 7 \
	"$(sql "SELECT count(DISTINCT customer_id) FROM action WHERE kind = 'letter' AND state = 'scheduled'")"
mkdir -p print
run recoup send --letters-to print --now 2026-11-15T12:00:00Z
expect_eq "the day's letters: exit 0" 0 "$status"
expect_stdout_contains "EIGHT"
expect_stdout_contains "the name and postal address take 9 lines"
expect_stdout_contains "the name has the character U+10FFFD"
expect_stdout_contains "$((2 + zh_drawn)) letters"
left=$(sql "SELECT c.ref FROM action a JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id WHERE a.kind = 'letter' AND a.state = 'scheduled' ORDER BY c.ref" | tr '\n' ' ')
expect_eq "the refused customers' actions are still scheduled" "BLANK EIGHT PUA WRAP $([[ $zh_drawn == 0 ]] && echo 'ZH ')" "$left"
pdftotext print/letters-2026-11-15.pdf day.txt
expect_eq "the drawn letters are in the day's PDF, the refused ones not" "yes no no" \
	"$(grep -q 'Six Lines Ltd' day.txt && echo yes || echo no) $(grep -q 'Eight Lines Ltd' day.txt && echo yes || echo no) $(grep -q 'Wrap Ltd' day.txt && echo yes || echo no)"
finish
