#!/usr/bin/env bash
# Payment plans refuse what does not make sense, with a message naming what
# and why, exit 1 (2 for a malformed command line: a date or an amount that
# is none, t0669), and nothing changed: instalments that do not add up (the
# difference in the message), an amount finer than the currency, an
# instalment before the plan, an unknown customer or invoice, a wrong currency, a
# disputed invoice, a paid invoice, an invoice already under a plan, a
# moment ahead of the clock.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-07-01,2026-08-01,PLN,700.00
W2,WAW,2026-07-01,2026-08-03,PLN,300.00
W3,WAW,2026-07-01,2026-08-05,PLN,50.00
A1,ACME,2026-07-01,2026-08-01,BRL,500.00
A2,ACME,2026-07-01,2026-08-01,BRL,200.00
CSV
recoup import payments "$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency,method,status,returned_date
P1,WAW,W3,2026-08-02,50.00,PLN,transfer,cleared,
CSV
)" >/dev/null
recoup customer flag ACME dispute --invoice A2 --reason "short delivery" --at 2026-08-05T10:00:00Z >/dev/null

AT=(--at 2026-08-10T10:00:00Z)
refused() { # EXIT TEXT CMD...: refused with TEXT on stderr, the database unchanged
	local want=$1 text=$2
	shift 2
	db_snapshot
	expect_exit "$want" "$@"
	expect_stderr_contains "$text"
	expect_db_unchanged "nothing changed: $*"
}

# fees that would take the invoice they go on past the largest amount (10^15 minor units): `check` failed after
refused 1 "fees: 10000000000000.00 PLN would take invoice 'W1' (700.00 PLN now) past 10000000000000.00 PLN, the largest amount recoup keeps" \
	recoup plan add WAW --invoice W1 --count 1 --every month --first 2026-09-01 --fees 10000000000000.00 "${AT[@]}"
refused 1 "instalments add up to 900.00 PLN, 100.00 PLN short of the 1000.00 PLN balance" \
	recoup plan add WAW --instalment 2026-09-01:300.00 --instalment 2026-10-01:300.00 \
	--instalment 2026-11-01:300.00 "${AT[@]}"
refused 1 "instalments add up to 1100.00 PLN, 100.00 PLN over the 1000.00 PLN balance" \
	recoup plan add WAW --instalment 2026-09-01:600.00 --instalment 2026-10-01:500.00 "${AT[@]}"
refused 1 "instalments add up to 1000.00 PLN, 20.00 PLN short of the 1020.00 PLN balance and fees" \
	recoup plan add WAW --instalment 2026-09-01:500.00 --instalment 2026-10-01:500.00 --fees 20.00 "${AT[@]}"
refused 1 "--instalment: " recoup plan add WAW --instalment 2026-09-01:500.001 --instalment 2026-10-01:500 "${AT[@]}"
refused 2 "--instalment '2026-09-01:abc': amount 'abc' is not a decimal number" \
	recoup plan add WAW --instalment 2026-09-01:abc "${AT[@]}"
refused 2 "--instalment '2026-13-01:1000.00': '2026-13-01' is not a date" \
	recoup plan add WAW --instalment 2026-13-01:1000.00 "${AT[@]}"
refused 2 "--instalment 'soon': expected DATE:AMOUNT" recoup plan add WAW --instalment soon "${AT[@]}"
refused 1 "instalment 1 is due 2026-08-01, before the plan (2026-08-10)" \
	recoup plan add WAW --instalment 2026-08-01:1000.00 "${AT[@]}"
refused 1 "instalment 2 is due 2026-09-01, not after instalment 1 (2026-09-01)" \
	recoup plan add WAW --instalment 2026-09-01:500.00 --instalment 2026-09-01:500.00 "${AT[@]}"
refused 1 "--fees: " recoup plan add WAW --count 2 --every month --first 2026-09-01 --fees -5 "${AT[@]}"
refused 1 "customer 'NOPE' not found" recoup plan add NOPE --count 2 --every month --first 2026-09-01 "${AT[@]}"
refused 1 "--invoice: invoice 'X9' not found" \
	recoup plan add WAW --invoice X9 --count 2 --every month --first 2026-09-01 "${AT[@]}"
refused 1 "--invoice: invoice 'A1' is not customer 'WAW''s" \
	recoup plan add WAW --invoice A1 --count 2 --every month --first 2026-09-01 "${AT[@]}"
refused 1 "customer 'WAW' owes nothing in EUR" \
	recoup plan add WAW --currency EUR --count 2 --every month --first 2026-09-01 "${AT[@]}"
refused 1 "--invoice: invoice 'W1' is in PLN, not EUR" \
	recoup plan add WAW --currency EUR --invoice W1 --count 2 --every month --first 2026-09-01 "${AT[@]}"
refused 1 "ZZZ" recoup plan add WAW --currency ZZZ --count 2 --every month --first 2026-09-01 "${AT[@]}"
refused 1 "a plan cannot cover invoice 'A2': it is disputed" \
	recoup plan add ACME --count 2 --every month --first 2026-09-01 "${AT[@]}"
refused 1 "--invoice: invoice 'W3' is paid (balance 0.00 PLN)" \
	recoup plan add WAW --invoice W3 --count 1 --every month --first 2026-09-01 "${AT[@]}"
refused 2 "--every 'year': week or month" recoup plan add WAW --count 2 --every year --first 2026-09-01 "${AT[@]}"
refused 1 "--at" recoup plan add WAW --count 2 --every month --first 2099-09-01 --at 2099-01-01T00:00:00Z
refused 2 "give --instalment or --count, not both" \
	recoup plan add WAW --count 2 --every month --first 2026-09-01 --instalment 2026-09-01:1000 "${AT[@]}"
refused 2 "--count '0': expected a whole number from 1 to 120" recoup plan add WAW --count 0 --every month --first 2026-09-01
refused 2 "--count needs --first DATE" recoup plan add WAW --count 2 --every month "${AT[@]}"
refused 2 "--first" recoup plan add WAW --count 2 --every month --first 2026-02-30 "${AT[@]}"
refused 2 "plan add needs one customer ref" recoup plan add --count 2 --every month --first 2026-09-01
refused 1 "plan 99 not found" recoup plan show 99
refused 2 "plan id 'x': expected a whole number" recoup plan show x
refused 2 "--state: current, broken, completed or cancelled" recoup plan list --state open

# the undisputed invoice of ACME may be planned; then not again
expect_exit 0 recoup plan add ACME --invoice A1 --count 2 --every week --first 2026-08-20 "${AT[@]}"
run recoup plan show 1 --format json
expect_eq "weekly instalments" "2026-08-20 2026-08-27" "$(jq_out '" ".join(i["due"] for i in o["instalments"])')"
refused 1 "invoice 'A1' is already under a current plan" \
	recoup plan add ACME --invoice A1 --count 2 --every month --first 2026-09-01 "${AT[@]}"

expect_exit 0 recoup check
finish
