#!/usr/bin/env bash
# A malformed date or amount typed for a plan, a promise or a settlement is
# a usage error (exit 2, as t0658 and t0666 made the other numbers and
# dates), the message naming the option and the value, and changes nothing.
# plan add --instalment DATE:AMOUNT was parsed by the use case alone: a bad
# date in it ('2026-13-01:1000.00'), a bad amount ('2026-09-01:abc') or no
# ':' at all exited 1. plan add --fees, settlement offer --pay and promise
# add --amount ('ten', '9,50', 'ten USD') exited 1 the same. plan add --count
# and plan show ID kept messages of their own (exit 2 already) that did not
# name the value: they take the shared "expected a whole number" now.
# An amount well formed but finer than its currency (500.001 in PLN) or a
# date before the plan stays an input refusal (exit 1): only the currency
# and the book say so. Good values still record what they should.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=alice
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-09-01,2026-10-01,BRL,500.00
W1,WAW,2026-09-01,2026-10-01,PLN,1000.00
CSV
recoup user add alice --role admin >/dev/null
AT=(--at 2026-10-10T10:00:00Z)
db_snapshot

# refused MESSAGE ARGS...: recoup ARGS exits 1 (input refused) with MESSAGE and changes nothing
refused() {
	local msg=$1
	shift
	run recoup "$@"
	expect_eq "recoup $*: exit 1" 1 "$status"
	expect_stderr_contains "$msg"
	expect_db_unchanged "recoup $*: the database is unchanged"
}

# ---- plan add --instalment DATE:AMOUNT ----
expect_usage "--instalment '2026-13-01:1000.00': '2026-13-01' is not a date (no such day)" \
	plan add WAW --instalment 2026-13-01:1000.00 "${AT[@]}"
expect_usage "--instalment '2026-02-30:1000.00': '2026-02-30' is not a date (no such day)" \
	plan add WAW --instalment 2026-02-30:1000.00 "${AT[@]}"
# a good instalment before a bad one is not written either
expect_usage "--instalment '2026-11-1:500.00': '2026-11-1' is not a date in the form YYYY-MM-DD" \
	plan add WAW --instalment 2026-10-20:500.00 --instalment 2026-11-1:500.00 "${AT[@]}"
expect_usage "--instalment '2026-11-01:abc': amount 'abc' is not a decimal number" \
	plan add WAW --instalment 2026-11-01:abc "${AT[@]}"
expect_usage "--instalment '2026-11-01:': amount is empty" plan add WAW --instalment 2026-11-01: "${AT[@]}"
expect_usage "--instalment '2026-11-01:5.': amount '5.' ends with a decimal point" \
	plan add WAW --instalment 2026-11-01:5. "${AT[@]}"
expect_usage "--instalment 'soon': expected DATE:AMOUNT" plan add WAW --instalment soon "${AT[@]}"
# ---- plan add --fees, --count; plan show ID ----
expect_usage "--fees: amount '2,50' is not a decimal number" \
	plan add WAW --count 2 --every month --first 2026-11-01 --fees 2,50 "${AT[@]}"
expect_usage "--count '0': expected a whole number from 1 to 120" plan add WAW --count 0 --every month --first 2026-11-01
expect_usage "--count '2x': expected a whole number from 1 to 120" plan add WAW --count 2x --every month --first 2026-11-01
expect_usage "plan id 'x': expected a whole number from 1 to 9223372036854775807" plan show x
# ---- settlement offer --pay ----
expect_usage "--pay: amount '9,50' is not a decimal number" \
	settlement offer ACME --invoice A1 --pay 9,50 --by 2026-10-30 "${AT[@]}"
expect_usage "--pay: amount '1.2.3' has two decimal points" \
	settlement offer ACME --invoice A1 --pay 1.2.3 --by 2026-10-30 "${AT[@]}"
# ---- promise add --amount, alone or with its currency ----
expect_usage "--amount: amount 'ten' is not a decimal number" promise add ACME --amount ten --date 2026-10-20 "${AT[@]}"
expect_usage "--amount: amount 'ten' is not a decimal number" promise add ACME --amount "ten BRL" --date 2026-10-20 "${AT[@]}"
expect_usage "--amount: amount '.5' has no digit before the decimal point" \
	promise add ACME --amount .5 --date 2026-10-20 "${AT[@]}"

# ---- well formed, refused by the currency or the book: input refused (exit 1) ----
refused "--instalment: amount '500.001' has more than 2 decimals, the currency's precision (in PLN)" \
	plan add WAW --instalment 2026-10-20:500.001 --instalment 2026-11-20:500 "${AT[@]}"
refused "instalment 1 is due 2026-10-01, before the plan (2026-10-10)" \
	plan add WAW --instalment 2026-10-01:1000.00 "${AT[@]}"
refused "--pay: amount '950.001' has more than 2 decimals" \
	settlement offer ACME --invoice A1 --pay 950.001 --by 2026-10-30 "${AT[@]}"
refused "--amount: amount '10.001' has more than 2 decimals" \
	promise add ACME --amount 10.001 --date 2026-10-20 "${AT[@]}"
refused "--amount '10.00 USD': the account is in BRL, not USD" \
	promise add ACME --amount "10.00 USD" --date 2026-10-20 "${AT[@]}"

# ---- good values are recorded ----
expect_exit 0 recoup plan add WAW --instalment 2026-10-20:500.00 --instalment 2026-11-20:500 "${AT[@]}"
run recoup plan show 1 --format json
expect_eq "the plan's instalments as typed" "2026-10-20:500.00 2026-11-20:500.00" \
	"$(jq_out '" ".join(i["due"] + ":" + i["amount"] for i in o["instalments"])')"
expect_exit 0 recoup promise add ACME --amount "100.00 BRL" --date 2026-10-20 --invoice A1 "${AT[@]}"
expect_stdout_contains "promised 100.00 BRL by 2026-10-20 on A1"
expect_exit 0 recoup check
finish
