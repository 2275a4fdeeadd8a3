#!/usr/bin/env bash
# A malformed amount, number or percentage typed for the credit check, a
# dispute's credit, the legal settings or an authority limit is a usage error
# (exit 2, as t0658, t0666 and t0669 made the other numbers, dates and
# amounts), the message naming the option and the value, and changes nothing.
# credit check --amount, dispute resolve --credit, legal set min_balance=
# and limitation_years=, and authority set --waive-principal-max and
# --balance-under were parsed by the use case alone and exited 1 for 'ten',
# '9,50' or '10.00 PLN'. The command line now checks their shape first
# (cli_parse_amount, cli_parse_int, cli_int_text). What only the currency or
# the book can say (10.001 in PLN, 0, a credit over the balance, a negative
# threshold, a role that is none) stays an input refusal (exit 1). Good
# values still answer or record what they should.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

export USER=alice
run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-09-01,2026-10-01,BRL,500.00
W1,WAW,2026-09-01,2026-10-01,PLN,100.00
CSV
recoup dispute open ACME --invoice A1 --reason damaged --at 2026-10-05T10:00:00Z >/dev/null
recoup legal set min_balance=2500.00 >/dev/null
recoup legal set limitation_years=8 >/dev/null
recoup authority set --role collector --waive-principal-max 15% --balance-under 4000.00 >/dev/null

# what a person sees, besides the dump
views() {
	recoup dispute list --format json | python3 -c 'import json,sys
for d in json.load(sys.stdin): print(d["id"], d["state"], d["invoice_ref"], d["credit"])'
	recoup legal candidates --all --format csv
	recoup authority show
}
views >"$TMP/views.before"
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

# ---- credit check --amount ----
expect_usage "--amount: amount 'ten' is not a decimal number" credit check WAW --amount ten
expect_usage "--amount: amount '9,50' is not a decimal number" credit check WAW --amount 9,50
expect_usage "--amount: amount '10.00 PLN' is not a decimal number" credit check WAW --amount "10.00 PLN"
expect_usage "--amount: amount '5.' ends with a decimal point" credit check WAW --amount 5.
expect_usage "--amount: amount is empty" credit check WAW --amount ''
# the shape is the command line's: checked before the customer is looked up
expect_usage "--amount: amount 'ten' is not a decimal number" credit check NOPE --amount ten
# ---- dispute resolve --credit ----
expect_usage "--credit: amount '5,00' is not a decimal number" dispute resolve 1 --outcome credited --credit 5,00
expect_usage "--credit: amount '5.00 BRL' is not a decimal number" dispute resolve 1 --outcome credited --credit "5.00 BRL"
expect_usage "--credit: amount '1.2.3' has two decimal points" dispute resolve 1 --outcome credited --credit 1.2.3
expect_usage "--credit: amount '.5' has no digit before the decimal point" dispute resolve 1 --outcome upheld --credit .5
# ---- legal set min_balance=AMOUNT, limitation_years=N ----
expect_usage "min_balance: amount 'abc' is not a decimal number" legal set min_balance=abc
expect_usage "min_balance: amount '1,000' is not a decimal number" legal set min_balance=1,000
expect_usage "min_balance: amount is empty" legal set min_balance=
expect_usage "limitation_years 'six': expected a whole number from 1 to 100" legal set limitation_years=six
expect_usage "limitation_years ' 5': expected a whole number from 1 to 100" legal set 'limitation_years= 5'
expect_usage "limitation_years '+5': expected a whole number from 1 to 100" legal set limitation_years=+5
expect_usage "limitation_years '5.5': expected a whole number from 1 to 100" legal set limitation_years=5.5
expect_usage "limitation_years '0': expected a whole number from 1 to 100" legal set limitation_years=0
expect_usage "limitation_years '101': expected a whole number from 1 to 100" legal set limitation_years=101
# ---- authority set --waive-principal-max PERCENT, --balance-under AMOUNT ----
expect_usage "--waive-principal-max 'ten%': expected a whole percentage from 0 to 100" \
	authority set --role collector --waive-principal-max ten%
expect_usage "--waive-principal-max '10.5%': expected a whole percentage from 0 to 100" \
	authority set --role collector --waive-principal-max 10.5%
expect_usage "--waive-principal-max '150%': expected a whole percentage from 0 to 100" \
	authority set --role collector --waive-principal-max 150%
expect_usage "--waive-principal-max '-5': expected a whole percentage from 0 to 100" \
	authority set --role collector --waive-principal-max -5
expect_usage "--waive-principal-max '%': expected a whole percentage from 0 to 100" \
	authority set --role collector --waive-principal-max %
expect_usage "--waive-principal-max '10%%': expected a whole percentage from 0 to 100" \
	authority set --role collector --waive-principal-max 10%%
expect_usage "--balance-under: amount '5,000.00' is not a decimal number" \
	authority set --role collector --waive-principal-max 10% --balance-under 5,000.00
expect_usage "--balance-under: amount '5000EUR' is not a decimal number" \
	authority set --role manager --waive-principal-max 10% --balance-under 5000EUR

views >"$TMP/views.after"
expect_same_file "dispute list, legal candidates and authority show print what they printed before" \
	"$TMP/views.before" "$TMP/views.after"

# ---- well formed, refused by the currency or the book: input refused (exit 1) ----
refused "--amount: amount '10.001' has more than 2 decimals" credit check WAW --amount 10.001
refused "--amount '0' must be more than zero" credit check WAW --amount 0
refused "--amount '-5' must be more than zero" credit check WAW --amount -5
refused "unknown customer 'NOPE'" credit check NOPE --amount 10.00
refused "--credit: amount '5.001' has more than 2 decimals" dispute resolve 1 --outcome credited --credit 5.001
refused "--credit '0' must be more than zero" dispute resolve 1 --outcome credited --credit 0
refused "--credit '500.01' is more than the open balance 500.00 BRL of invoice 'A1'" \
	dispute resolve 1 --outcome credited --credit 500.01
refused "--credit: a rejected dispute grants none" dispute resolve 1 --outcome rejected --credit 5.00
refused "min_balance '-5' is not an amount of 0 or more" legal set min_balance=-5
refused "min_balance '1.0001' is not an amount of 0 or more" legal set min_balance=1.0001
refused "unknown legal setting 'judge'" legal set judge=5
refused "role: must be admin, manager or collector" authority set --role boss --waive-principal-max 10%
refused "--balance-under '0': an amount above 0 with at most 4 decimals" \
	authority set --role collector --waive-principal-max 10% --balance-under 0
refused "--balance-under '-100.00': an amount above 0 with at most 4 decimals" \
	authority set --role collector --waive-principal-max 10% --balance-under -100.00
refused "--balance-under '1.00001': an amount above 0 with at most 4 decimals" \
	authority set --role collector --waive-principal-max 10% --balance-under 1.00001

# ---- good values answer and are recorded ----
expect_exit 0 recoup credit check WAW --amount 10.00 --as-of 2026-10-10
expect_stdout_contains "WAW 10.00 PLN"
expect_exit 0 recoup legal set min_balance=0
expect_exit 0 recoup legal set limitation_years=100
run recoup legal candidates --all --format csv
expect_stdout_contains "ACME,BRL,500.00,0.00,2026-10-01,2126-10-01,yes,yes,"
expect_exit 0 recoup authority set --role collector --waive-principal-max 0 --balance-under 0.0001
expect_exit 0 recoup authority set --role manager --waive-principal-max 100%
run recoup authority show
expect_eq "the limits as set" "collector 0 0.0001|manager 100 None" "$(python3 -c 'import json,sys
d = json.load(sys.stdin)
print("|".join("%s %s %s" % (l["role"], l["principal_max_percent"], l.get("balance_under"))
               for l in d["limits"] if l["role"] in ("collector", "manager")))' <"$TMP/out")"
expect_exit 0 recoup dispute resolve 1 --outcome credited --credit 50.00 --at 2026-10-06T10:00:00Z
expect_stdout_contains "credit note dispute-1 of 50.00 BRL posted"
expect_exit 0 recoup check
finish
