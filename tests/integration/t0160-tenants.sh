#!/usr/bin/env bash
# Tenants never see each other's data: the same refs in two tenants are two
# different customers and invoices, and every read is scoped to one tenant.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

cat >customers.csv <<'CSV'
customer_ref,name,kind,country,timezone,currency
C1,Alpha Ltd,company,GB,Europe/London,GBP
CSV
cat >invoices-a.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-09-01,2026-10-01,GBP,100.00
CSV
cat >invoices-b.csv <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
I1,C1,2026-09-01,2026-10-01,GBP,999.00
CSV

expect_exit 0 recoup init --tenant acme
expect_exit 0 recoup init --tenant zenith
expect_exit 0 recoup --tenant acme import customers customers.csv
expect_exit 0 recoup --tenant acme import invoices invoices-a.csv
expect_exit 0 recoup --tenant zenith import customers customers.csv
expect_exit 0 recoup --tenant zenith import invoices invoices-b.csv
expect_stdout_contains "1 new"

run recoup --tenant acme aging --as-of 2026-11-22 --format csv
expect_stdout "acme sees only its own invoice" <<'CSV'
currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total,unapplied_credit,net
GBP,0.00,0.00,100.00,0.00,0.00,0.00,0.00,100.00,0.00,100.00
CSV
run recoup --tenant zenith aging --as-of 2026-11-22 --format csv
expect_stdout "zenith sees only its own invoice" <<'CSV'
currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total,unapplied_credit,net
GBP,0.00,0.00,999.00,0.00,0.00,0.00,0.00,999.00,0.00,999.00
CSV
run recoup aging --as-of 2026-11-22 --format csv
expect_stdout "the default tenant sees nothing" <<'CSV'
currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total,unapplied_credit,net
CSV
run recoup --tenant acme export invoices
expect_stdout_contains "I1,C1,2026-09-01,2026-10-01,GBP,100.00"
if grep -q "999.00" "$TMP/out"; then fail "acme's export shows zenith's amount"; else pass "acme's export has nothing of zenith"; fi

expect_exit 0 recoup --tenant acme customer flag C1 cease
run recoup --tenant zenith customer show C1
if grep -q "flag cease" "$TMP/out"; then fail "a flag leaked to another tenant"; else pass "acme's flag is not on zenith's C1"; fi
expect_exit 1 recoup rules check --contact C1 --channel call --at 2026-11-23T10:00:00Z
expect_stderr_contains "unknown contact 'C1'"
expect_exit 1 recoup --tenant nobody aging
expect_stderr_contains "tenant 'nobody' does not exist"

finish
