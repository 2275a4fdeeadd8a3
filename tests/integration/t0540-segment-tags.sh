#!/usr/bin/env bash
# t0540: the daily run matches a strategy's segment with the customer's tags
# and the products of the account's open invoices (issue 9 point 3,
# docs/strategies.md): a strategy whose segment names a tag applies to the
# tagged customer only, one naming a product to the accounts with an open
# invoice for it, and the others keep the default strategy.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

customers=$(csv_file customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email,phone,tags,region
K1,Kraków Software sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,ap@k1.example,+48 12 555 0101,reseller;key-account,
K2,Gdańsk Parts sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,ap@k2.example,+48 58 555 0101,reseller,
K3,Łódź Tools sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,ap@k3.example,+48 42 555 0101,,
K4,Poznań Metal sp. z o.o.,company,PL,Europe/Warsaw,pl,PLN,ap@k4.example,+48 61 555 0101,key-accounts,
CSV
)
invoices=$(csv_file invoices.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount,product
K1-I1,K1,2026-10-01,2026-11-16,PLN,900.00,licences
K2-I1,K2,2026-10-01,2026-11-16,PLN,700.00,spare-parts
K3-I1,K3,2026-10-01,2026-11-16,PLN,500.00,licences
K4-I1,K4,2026-10-01,2026-11-16,PLN,300.00,spare-parts
CSV
)
recoup import customers "$customers" >/dev/null
recoup import invoices "$invoices" >/dev/null

# key accounts get a call from their account manager on the due date
cat >"$TMP/key.json" <<'JSON'
{ "name": "key-accounts", "priority": 300, "segment": { "kind": "company", "tags": ["key-account"] },
  "steps": [ { "name": "manager-call", "offset_days": 0, "action": "call", "template": "key-account-call" } ] }
JSON
# licence buyers a letter that speaks of their licences
cat >"$TMP/licences.json" <<'JSON'
{ "name": "licence-buyers", "priority": 200, "segment": { "products": ["licences"] },
  "steps": [ { "name": "licence-letter", "offset_days": 0, "action": "letter", "template": "licence-letter" } ] }
JSON
expect_exit 0 recoup strategy set key-accounts "$TMP/key.json"
expect_exit 0 recoup strategy set licence-buyers "$TMP/licences.json"

daily_run 2026-11-16
strategy_of() { # CUSTOMER: the strategy/step of its actions (superseded ones included), sorted
	actions_json --customer "$1"
	jq_actions '" ".join(sorted(x["strategy"] + "/" + x["step"] for x in a))'
}
expect_eq "K1 (key-account): the key-account strategy, over licence-buyers' lower priority" \
	"key-accounts/manager-call" "$(strategy_of K1)"
expect_eq "K2 (reseller only): not the key-account strategy" "b2b-gentle/courtesy-reminder b2b-gentle/due-today" "$(strategy_of K2)"
expect_eq "K3 (no tags, an open licence invoice): the licence strategy" "licence-buyers/licence-letter" \
	"$(strategy_of K3)"
expect_eq "K4 (tag key-accounts, a different tag): the default" "b2b-gentle/courtesy-reminder b2b-gentle/due-today" \
	"$(strategy_of K4)"

# a tag added by a correction counts from the next run on; a product counts only while its invoice is open
expect_exit 0 recoup customer set K2 tags="key-account;reseller" --by tester
payments=$(csv_file payments.csv <<'CSV'
payment_ref,customer_ref,invoice_ref,date,amount,currency
P1,K3,K3-I1,2026-11-20,500.00,PLN
CSV
)
expect_exit 0 recoup import payments "$payments" --as-of 2026-11-20
invoices2=$(csv_file invoices2.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount,product
K3-I2,K3,2026-10-20,2026-11-23,PLN,400.00,hardware
K2-I2,K2,2026-10-20,2026-11-23,PLN,400.00,spare-parts
CSV
)
expect_exit 0 recoup import invoices "$invoices2"
daily_run 2026-11-23
actions_json --customer K2 --date 2026-11-23
expect_eq "K2, tagged key-account since: the key-account strategy" "key-accounts" \
	"$(jq_actions '" ".join(sorted(set(x["strategy"] for x in a)))')"
actions_json --customer K3 --date 2026-11-23
expect_eq "K3, its licence invoice paid, the new one for hardware: the default" "b2b-gentle" \
	"$(jq_actions '" ".join(sorted(set(x["strategy"] for x in a)))')"
finish
