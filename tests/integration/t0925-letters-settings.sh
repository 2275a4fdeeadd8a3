#!/usr/bin/env bash
# A finance team configures its letterhead once (`recoup config`:
# creditor.name, letter.sender_address, letter.cnpj, payment.instructions;
# docs/channels.md, "Letters") and every letter carries it, whichever
# command prints it: `recoup letter REF`, `recoup letter --scheduled DATE`
# and `recoup send --letters-to DIR` print the same letter for the same
# customer and day (read back with pdftotext and compared). The options of
# `recoup letter` still replace a setting for one command; a setting too
# long for a letter is refused naming the setting.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
# no email address: the run writes them letters; no contact imported, so a letter of the
# run greets the same contact as a letter of no action (the customer's own)
recoup import customers "$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
BR1,Padaria Pão Quente Ltda,company,BR,America/Sao_Paulo,pt-BR,BRL,,,,"Rua das Flores, 12
Campinas - SP
13010-000",
GB1,Albion Trading Ltd,company,GB,Europe/London,en,GBP,,,,"1 High St
London EC1A 1AA",
CSV
)" >/dev/null
recoup import invoices "$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
B1,BR1,2026-09-01,2026-10-01,BRL,1234.56
G1,GB1,2026-09-01,2026-10-01,GBP,987.65
CSV
)" >/dev/null
cat >"$TMP/paper.json" <<'JSON'
{ "name": "paper", "priority": 300, "segment": { "kind": "company", "countries": ["GB", "BR"] },
  "steps": [ { "name": "formal-letter", "offset_days": 30, "action": "letter", "template": "default" } ] }
JSON
recoup strategy set paper "$TMP/paper.json" >/dev/null

# the letterhead, configured once
recoup config set creditor.name "Credora Cobranças Ltda" >/dev/null
recoup config set letter.sender_address "$(printf 'Av. Brigadeiro Faria Lima, 3500\n04538-132 São Paulo - SP')" >/dev/null
recoup config set letter.cnpj "12.345.678/0001-95" >/dev/null
recoup config set payment.instructions "PIX: cobranca@credora.example or IBAN GB29 NWBK 6016 1331 9268 19" >/dev/null

run recoup run --as-of 2026-11-10 --now 2026-11-10T05:00:00Z
expect_eq "the daily run exits 0" 0 "$status"
expect_eq "a letter action for each customer" "BR1|GB1" \
	"$(sql_join '|' "SELECT c.ref FROM action a JOIN customer c ON c.id = a.customer_id
		WHERE a.kind = 'letter' AND a.state = 'scheduled' ORDER BY c.ref")"

text() { # text PDF OUT: the text of a PDF as pdftotext -layout gives it, spaces squeezed (none: no file)
	if [[ -e $1 ]]; then pdftotext -layout "$1" - | tr -s ' ' | sed 's/^ //' >"$2"; else : >"$2"; fi
}
has() { # has FILE DESC TEXT: the text (lines joined) contains TEXT
	if tr '\n\f' '  ' <"$1" | tr -s ' ' | grep -qF -- "$3"; then pass "$2"; else fail "$2" "'$3'" "$(cat "$1")"; fi
}
lacks() { # lacks FILE DESC TEXT
	if tr '\n\f' '  ' <"$1" | tr -s ' ' | grep -qF -- "$3"; then fail "$2" "no '$3'" "$(cat "$1")"; else pass "$2"; fi
}
settings() { # settings FILE WHAT: the letterhead and the payment instructions of the settings are on the page
	has "$1" "$2: the creditor's name (creditor.name)" "Credora Cobranças Ltda"
	has "$1" "$2: the sender address, first line (letter.sender_address)" "Av. Brigadeiro Faria Lima, 3500"
	has "$1" "$2: the sender address, second line" "04538-132 São Paulo - SP"
	has "$1" "$2: the payment instructions (payment.instructions)" \
		"PIX: cobranca@credora.example or IBAN GB29 NWBK 6016 1331 9268 19"
}
cnpj() { # cnpj FILE WHAT: the Brazilian letter's supplier block, from the settings
	has "$1" "$2: the supplier's CNPJ (letter.cnpj)" "CNPJ: 12.345.678/0001-95"
	has "$1" "$2: the supplier is the creditor, at the sender address" \
		"Fornecedor Credora Cobranças Ltda Av. Brigadeiro Faria Lima, 3500 04538-132 São Paulo - SP CNPJ"
}

db_snapshot
# --- recoup letter REF, no option: the settings ---
run recoup letter BR1 --as-of 2026-11-10 --out "$TMP/br1.pdf"
expect_eq "recoup letter BR1 exits 0 (the CNPJ is the setting's)" 0 "$status"
text "$TMP/br1.pdf" "$TMP/br1.txt"
settings "$TMP/br1.txt" "recoup letter BR1"
cnpj "$TMP/br1.txt" "recoup letter BR1"
run recoup letter GB1 --as-of 2026-11-10 --out "$TMP/gb1.pdf"
expect_eq "recoup letter GB1 exits 0" 0 "$status"
text "$TMP/gb1.pdf" "$TMP/gb1.txt"
settings "$TMP/gb1.txt" "recoup letter GB1"
lacks "$TMP/gb1.txt" "recoup letter GB1: no CNPJ on a letter to Britain" "CNPJ"

# --- recoup letter --scheduled: the same ---
run recoup letter --scheduled 2026-11-10 --out "$TMP/day.pdf"
expect_eq "recoup letter --scheduled exits 0" 0 "$status"
expect_stdout_contains "2 letters"
text "$TMP/day.pdf" "$TMP/day.txt"
settings "$TMP/day.txt" "recoup letter --scheduled"
cnpj "$TMP/day.txt" "recoup letter --scheduled"
expect_db_unchanged "recoup letter records nothing"

# --- recoup send --letters-to: the same, and the same text ---
mkdir -p "$TMP/print"
run recoup send --letters-to "$TMP/print" --now 2026-11-10T12:00:00Z
expect_eq "recoup send --letters-to exits 0" 0 "$status"
expect_stdout_contains "2 letters"
text "$TMP/print/letters-2026-11-10.pdf" "$TMP/sent.txt"
settings "$TMP/sent.txt" "recoup send --letters-to"
cnpj "$TMP/sent.txt" "recoup send --letters-to"
expect_same_file "recoup letter --scheduled and recoup send --letters-to print the same letters" \
	"$TMP/day.txt" "$TMP/sent.txt"
# the batch is the customers' letters in action order: each as `recoup letter REF` prints it
: >"$TMP/each.txt"
for ref in $(sql "SELECT c.ref FROM action a JOIN customer c ON c.id = a.customer_id WHERE a.kind = 'letter'
	ORDER BY a.id"); do
	cat "$TMP/$(tr '[:upper:]' '[:lower:]' <<<"$ref").txt" >>"$TMP/each.txt"
done
expect_same_file "recoup letter REF prints each customer's letter as recoup send --letters-to does" \
	"$TMP/each.txt" "$TMP/sent.txt"

# --- an option replaces its setting for one command; an empty one leaves the text off ---
run recoup letter GB1 --as-of 2026-11-10 --out "$TMP/opt.pdf" --creditor "Other Creditor plc" \
	--sender-address "2 Low Road" --sender-address "Leeds LS1 1AA" --payment-instructions "Cheque to Other Creditor plc"
expect_eq "recoup letter with options exits 0" 0 "$status"
text "$TMP/opt.pdf" "$TMP/opt.txt"
has "$TMP/opt.txt" "--creditor wins over creditor.name" "Other Creditor plc"
has "$TMP/opt.txt" "--sender-address wins over letter.sender_address" "2 Low Road"
has "$TMP/opt.txt" "--payment-instructions wins over payment.instructions" "Cheque to Other Creditor plc"
lacks "$TMP/opt.txt" "not the configured creditor" "Credora"
lacks "$TMP/opt.txt" "not the configured address" "Faria Lima"
lacks "$TMP/opt.txt" "not the configured instructions" "PIX"
run recoup letter GB1 --as-of 2026-11-10 --out "$TMP/none.pdf" --payment-instructions ""
expect_eq "recoup letter --payment-instructions '' exits 0" 0 "$status"
text "$TMP/none.pdf" "$TMP/none.txt"
lacks "$TMP/none.txt" "an empty --payment-instructions leaves the section off" "How to pay"
has "$TMP/none.txt" "the rest of the settings stay" "Av. Brigadeiro Faria Lima, 3500"
run recoup letter BR1 --as-of 2026-11-10 --out "$TMP/br-cnpj.pdf" --cnpj "98.765.432/0001-98"
text "$TMP/br-cnpj.pdf" "$TMP/br-cnpj.txt"
has "$TMP/br-cnpj.txt" "--cnpj wins over letter.cnpj" "CNPJ: 98.765.432/0001-98"

# --- a setting a letter has no room for: refused by config set; one stored before, by the letter ---
long="$(printf 'Av. Brigadeiro Faria Lima, %0600d' 1)"
expect_exit 1 recoup config set letter.sender_address "$long"
expect_stderr_contains "letter.sender_address: too long: 627 bytes, at most 500 (the letters print it)"
expect_eq "nothing stored" 0 "$(sql "SELECT count(*) FROM setting WHERE key = 'letter.sender_address' AND length(value) > 500")"
sql "UPDATE setting SET value = '$long' WHERE key = 'letter.sender_address'" >/dev/null
expect_exit 1 recoup letter GB1 --as-of 2026-11-10 --out "$TMP/long.pdf"
expect_stderr_contains "the setting letter.sender_address: too long"
if [[ -e "$TMP/long.pdf" ]]; then fail "no file for a refused letter" "none" "a file"; else pass "no file for a refused letter"; fi
# without the CNPJ setting, a Brazilian letter says where to give it
recoup config set letter.sender_address "" >/dev/null
recoup config set letter.cnpj "" >/dev/null
expect_exit 1 recoup letter BR1 --as-of 2026-11-10 --out "$TMP/br-none.pdf"
expect_stderr_contains "customer 'BR1': a letter to a debtor in Brazil names the supplier's CNPJ; none was given (recoup config set letter.cnpj, or --cnpj)"

# --- a CNPJ with a mistyped digit: refused where it is typed, nothing stored, no letter ---
expect_exit 1 recoup config set letter.cnpj "98.765.432/0001-10"
expect_stderr_contains "letter.cnpj: '98.765.432/0001-10' has wrong check digits (a mistyped character?)"
expect_eq "nothing stored" "" "$(sql "SELECT value FROM setting WHERE key = 'letter.cnpj' AND value <> ''")"
expect_exit 1 recoup letter BR1 --as-of 2026-11-10 --out "$TMP/br-bad.pdf" --cnpj "12.345.678/0001-59"
expect_stderr_contains "--cnpj '12.345.678/0001-59' has wrong check digits"
if [[ -e "$TMP/br-bad.pdf" ]]; then fail "no letter with a wrong CNPJ" "none" "a file"; else pass "no letter with a wrong CNPJ"; fi
# the alphanumeric CNPJ of July 2026 (the Receita Federal's example) is taken
expect_exit 0 recoup config set letter.cnpj "12.ABC.345/01DE-35"
expect_exit 0 recoup letter BR1 --as-of 2026-11-10 --out "$TMP/br-alnum.pdf"
text "$TMP/br-alnum.pdf" "$TMP/br-alnum.txt"
has "$TMP/br-alnum.txt" "an alphanumeric CNPJ on the letter" "CNPJ: 12.ABC.345/01DE-35"
# a wrong CNPJ stored before config set checked it: refused on a letter to Brazil only
sql "UPDATE setting SET value = '98.765.432/0001-10' WHERE key = 'letter.cnpj'" >/dev/null
expect_exit 1 recoup letter BR1 --as-of 2026-11-10 --out "$TMP/br-old.pdf"
expect_stderr_contains "the setting letter.cnpj '98.765.432/0001-10' has wrong check digits"
expect_exit 0 recoup letter GB1 --as-of 2026-11-10 --out "$TMP/gb-old.pdf"
finish
