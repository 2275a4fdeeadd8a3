#!/usr/bin/env bash
# t0100: valid imports of customers, contacts, invoices and payments.
#
# The data files (tests/data/import/) carry what real exports carry: columns
# in another order than docs/csv.md, a UTF-8 BOM, CRLF line ends, RFC 4180
# quoting (commas, doubled quotes, a line break inside a quoted field) and
# optional columns left out. What was stored is read back through
# `recoup export`, balances through `recoup aging`, both as exact CSV text.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

IMP="$DATA/import"

# ---- customers: BOM + CRLF + other column order, credit_limit and profile missing
expect_exit 0 recoup import customers "$IMP/customers.csv"
expect_stdout_contains "5 rows imported into customers (5 new or changed, 0 already stored)"
expect_exit 0 recoup export customers --format csv
expect_stdout "customers export: values, quoting and the currency's decimals for credit_limit and unapplied_credit" <<'EOF'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile,tags,region,unapplied_credit
C001,"Acme, ""Best"" Tools Inc.",company,US,America/New_York,en,USD,0.00,ap@acme.example,+1 212 555 0100,"1 Main St, Suite 2",,,,0.00
C002,Jan Kowalski,person,PL,Europe/Warsaw,pl,PLN,0.00,jan@example.pl,,"ul. Długa 5, Gdańsk",,,,0.00
C003,山田太郎,person,JP,Asia/Tokyo,ja,JPY,0,,,,,,,0
C004,Gulf Trading W.L.L.,company,BH,Asia/Bahrain,ar,BHD,0.000,,+973 1700 0000,,,,,0.000
C005,Padaria São João Ltda,company,BR,America/Sao_Paulo,pt-BR,BRL,0.00,contas@padaria.example,,,,,,0.00
EOF
expect_eq "the BOM did not become part of the first column's name" \
	"C001" "$(sql "SELECT ref FROM customer ORDER BY id LIMIT 1")"
expect_eq "no carriage return was stored (CRLF is a line end)" \
	"0" "$(sql "SELECT count(*) FROM customer WHERE name || address || email || timezone LIKE '%"$'\r'"%'")"

# ---- contacts: a line break and doubled quotes inside a quoted field, LF file
expect_exit 0 recoup import contacts "$IMP/contacts.csv"
expect_stdout_contains "2 rows imported into contacts"
expect_exit 0 recoup export contacts --format csv
expect_stdout "contacts export: each customer's primary contact (role debtor) then the imported ones" <<'EOF'
contact_ref,customer_ref,name,role,phone,email,timezone,pays_bills,best_time,notes
C001,C001,"Acme, ""Best"" Tools Inc.",debtor,+1 212 555 0100,ap@acme.example,America/New_York,false,,
C002,C002,Jan Kowalski,debtor,,jan@example.pl,Europe/Warsaw,true,,
C003,C003,山田太郎,debtor,,,Asia/Tokyo,true,,
C004,C004,Gulf Trading W.L.L.,debtor,+973 1700 0000,,Asia/Bahrain,false,,
C005,C005,Padaria São João Ltda,debtor,,contas@padaria.example,America/Sao_Paulo,false,,
K-001,C001,Mary Smith,accounts_payable,+1 212 555 0101,mary@acme.example,,true,,"Call before noon, ""never"" on Fridays
Ask for Mary"
K-002,C002,Anna Kowalska,spouse,+48 600 100 200,,,false,,
EOF
expect_eq "the note kept its line break as a single LF" \
	"$(printf 'Call before noon, "never" on Fridays\nAsk for Mary')" "$(sql "SELECT notes FROM contact WHERE ref = 'K-001'")"

# ---- invoices: CRLF, other order, po_ref/delivery_note_ref/signed missing
expect_exit 0 recoup import invoices "$IMP/invoices.csv"
expect_stdout_contains "7 rows imported into invoices"
expect_exit 0 recoup export invoices --format csv
expect_stdout "invoices export before payments: balance = amount, 0/2/3 decimals by currency" <<'EOF'
invoice_ref,customer_ref,issue_date,due_date,currency,amount,description,po_ref,delivery_note_ref,signed,product,balance
I-001,C001,2026-01-05,2026-02-04,USD,1200.00,"Tools, hardware",,,false,,1200.00
I-002,C001,2026-02-10,2026-03-12,USD,800.50,"Order ""rush""",,,false,,800.50
I-003,C001,2026-03-15,2026-04-14,USD,300.00,,,,false,,300.00
I-010,C002,2026-02-01,2026-02-15,PLN,450.00,Usługi,,,false,,450.00
I-020,C003,2026-01-20,2026-02-19,JPY,125000,,,,false,,125000
I-030,C004,2026-03-01,2026-03-31,BHD,75.125,,,,false,,75.125
I-040,C005,2025-12-01,2025-12-31,BRL,990.90,Pães,,,false,,990.90
EOF
expect_eq "amounts are stored as integer minor units" \
	"120000|80050|30000|45000|125000|75125|99090" \
	"$(sql_join '|' "SELECT amount FROM invoice ORDER BY id")"

# ---- payments
#   P-001 300.50 USD named I-002 (although I-001 is older): I-002 800.50 -> 500.00
#   P-002 1500.00 USD unnamed: oldest due first, I-001 1200.00 -> 0, I-002 500.00 -> 200.00
#   P-003 500.00 PLN unnamed: I-010 450.00 -> 0, 50.00 left as unapplied credit
#   P-004 25000 JPY on I-020, status returned: applied and reversed, I-020 stays 125000
#   P-005 990.90 BRL on I-040: -> 0
#   P-006 5.125 BHD unnamed, status empty (cleared): I-030 75.125 -> 70.000
expect_exit 0 recoup import payments "$IMP/payments.csv"
expect_stdout_contains "6 rows imported into payments (6 new or changed, 0 already stored)"
expect_exit 0 recoup export payments --format csv
expect_stdout "payments export: named and unnamed payments, status" <<'EOF'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P-001,C001,I-002,2026-03-01,300.50,USD,,cleared,
P-002,C001,,2026-03-10,1500.00,USD,,cleared,
P-003,C002,,2026-03-05,500.00,PLN,,cleared,
P-004,C003,I-020,2026-03-01,25000,JPY,,returned,2026-03-01
P-005,C005,I-040,2026-01-15,990.90,BRL,,cleared,
P-006,C004,,2026-03-20,5.125,BHD,,cleared,
EOF
expect_exit 0 recoup export invoices --format csv
expect_stdout "invoice balances after allocation" <<'EOF'
invoice_ref,customer_ref,issue_date,due_date,currency,amount,description,po_ref,delivery_note_ref,signed,product,balance
I-001,C001,2026-01-05,2026-02-04,USD,1200.00,"Tools, hardware",,,false,,0.00
I-002,C001,2026-02-10,2026-03-12,USD,800.50,"Order ""rush""",,,false,,200.00
I-003,C001,2026-03-15,2026-04-14,USD,300.00,,,,false,,300.00
I-010,C002,2026-02-01,2026-02-15,PLN,450.00,Usługi,,,false,,0.00
I-020,C003,2026-01-20,2026-02-19,JPY,125000,,,,false,,125000
I-030,C004,2026-03-01,2026-03-31,BHD,75.125,,,,false,,70.000
I-040,C005,2025-12-01,2025-12-31,BRL,990.90,Pães,,,false,,0.00
EOF
# Allocation entries of the unnamed USD payment: oldest due first, across two invoices.
expect_eq "P-002 was spread over I-001 then I-002" "I-001:-120000|I-002:-30000" \
	"$(sql_join '|' "SELECT i.ref || ':' || l.amount FROM ledger_entry l
	        JOIN invoice i ON i.id = l.invoice_id JOIN payment p ON p.id = l.payment_id WHERE p.ref = 'P-002' ORDER BY l.id")"
expect_eq "the PLN over-payment left 50.00 of unapplied credit on C002" "C002|PLN|-5000" \
	"$(sql "SELECT c.ref, l.currency, sum(l.amount) FROM ledger_entry l JOIN customer c ON c.id = l.customer_id
	        WHERE l.invoice_id IS NULL GROUP BY c.ref, l.currency")"
run recoup customer show C002
expect_stdout_contains "unapplied credit 50.00 PLN"
run recoup export customers
expect_stdout_contains 'C002,Jan Kowalski,person,PL,Europe/Warsaw,pl,PLN,0.00,jan@example.pl,,"ul. Długa 5, Gdańsk",,,,50.00'

expect_eq "the returned JPY payment was applied, then reversed" "payment:-25000|reversal:25000" \
	"$(sql_join '|' "SELECT l.kind || ':' || l.amount FROM ledger_entry l
	        JOIN payment p ON p.id = l.payment_id WHERE p.ref = 'P-004' ORDER BY l.id")"

# Aging at 2026-03-31: I-002 due 03-12 is 19 DPD (1-30), I-003 due 04-14 is
# current, I-020 due 02-19 is 40 DPD (31-60), I-030 due 03-31 is 0 DPD
# (current); paid-off invoices and the unapplied credit are not aged.
expect_exit 0 recoup aging --as-of 2026-03-31 --format csv
expect_stdout "aging after payments, one row per currency, sorted" <<'EOF'
currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total,unapplied_credit,net
BHD,70.000,0.000,0.000,0.000,0.000,0.000,0.000,70.000,0.000,70.000
JPY,0,0,125000,0,0,0,0,125000,0,125000
PLN,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,50.00,-50.00
USD,300.00,200.00,0.00,0.00,0.00,0.00,0.00,500.00,0.00,500.00
EOF
expect_exit 0 recoup check
expect_stdout_contains "ledger ok"

# ---- the bank's next file: P-005, cleared before, is now returned (NSF).
# Its allocation is reversed: I-040 owes 990.90 again, 90 DPD (61-90).
expect_exit 0 recoup import payments "$IMP/payments-returned.csv"
expect_stdout_contains "6 rows imported into payments (1 new or changed, 5 already stored)"
expect_exit 0 recoup aging --as-of 2026-03-31 --format csv
expect_stdout "aging after the returned payment: BRL is open again" <<'EOF'
currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total,unapplied_credit,net
BHD,70.000,0.000,0.000,0.000,0.000,0.000,0.000,70.000,0.000,70.000
BRL,0.00,0.00,0.00,990.90,0.00,0.00,0.00,990.90,0.00,990.90
JPY,0,0,125000,0,0,0,0,125000,0,125000
PLN,0.00,0.00,0.00,0.00,0.00,0.00,0.00,0.00,50.00,-50.00
USD,300.00,200.00,0.00,0.00,0.00,0.00,0.00,500.00,0.00,500.00
EOF
expect_exit 0 recoup export payments --format csv
expect_stdout_contains "P-005,C005,I-040,2026-01-15,990.90,BRL,,returned"
expect_eq "the reversal is a new ledger entry; nothing was updated in place" "payment:-99090|reversal:99090" \
	"$(sql_join '|' "SELECT l.kind || ':' || l.amount FROM ledger_entry l
	        JOIN payment p ON p.id = l.payment_id WHERE p.ref = 'P-005' ORDER BY l.id")"
# The same file again reverses nothing a second time.
db_snapshot
expect_exit 0 recoup import payments "$IMP/payments-returned.csv"
expect_stdout_contains "nothing changed"
expect_db_unchanged "a returned payment is reversed once only"

# ---- JSON export carries the same values
expect_exit 0 recoup export invoices --format json
if python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
got = {r["invoice_ref"]: (r["amount"], r["balance"], r["currency"]) for r in rows}
want = {"I-001": ("1200.00", "0.00", "USD"), "I-002": ("800.50", "200.00", "USD"),
        "I-003": ("300.00", "300.00", "USD"), "I-010": ("450.00", "0.00", "PLN"),
        "I-020": ("125000", "125000", "JPY"), "I-030": ("75.125", "70.000", "BHD"),
        "I-040": ("990.90", "990.90", "BRL")}
sys.exit(0 if got == want else "got %r" % (got,))
' "$TMP/out"; then
	pass "invoices JSON export parses and carries the same amounts and balances"
else
	fail "invoices JSON export parses and carries the same amounts and balances"
fi

expect_exit 0 recoup check
expect_stdout_contains "ledger ok"

finish
