#!/usr/bin/env bash
# Moments are seconds since 1970-01-01 UTC, and the contact rules read 0 as
# "none". A run for a day before 1970 (a mistyped year: 1926 for 2026) on a
# book with no run was refused as "the run for 1970-01-01 is recorded
# already", naming a run that did not exist; on a book of old invoices it
# recorded every step refused, for a forbearance "until 1970-01-01" the
# customer never had. Such a run is now refused, dry or not, naming the
# limit, and changes nothing; 1970-01-01 itself runs (in London, an hour
# ahead of UTC in 1970, from the first moment the rules judge). A rules
# check at a moment of 1969 is refused the same way (t0972).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
cat >"$TMP/customers.csv" <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,credit_limit,email,phone,address,profile
A,Acme,company,GB,Europe/London,en,GBP,,a@example.com,+442061578423,1 High St,
CSV
cat >"$TMP/invoices.csv" <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount,description
A1,A,1965-01-01,1965-02-01,GBP,100.00,x
CSV
recoup import customers "$TMP/customers.csv" >/dev/null
recoup import invoices "$TMP/invoices.csv" >/dev/null
db_snapshot

for d in 1926-12-05 1965-02-10 1969-12-31; do
	run recoup run --as-of "$d"
	expect_eq "a run for $d: exit 1" 1 "$status"
	expect_eq "$d: the refusal names the limit, not a run that does not exist" \
		"recoup run: the run's date $d is before 1970-01-01, the first day the contact rules judge (a mistyped year?)" \
		"$(cat "$TMP/err")"
	run recoup run --as-of "$d" --dry-run
	expect_eq "a dry run for $d: exit 1 too" 1 "$status"
done
expect_db_unchanged "nothing recorded by the refused runs"

# the rules judge no moment of 1969 either: refused as the run is (t0972)
run recoup rules check --contact A --channel email --at 1969-12-31T12:00:00Z --format json
expect_eq "rules check at a moment of 1969: exit 1" 1 "$status"
expect_eq "naming the option and the limit" \
	"recoup rules: --at 1969-12-31T12:00:00Z is before 1970-01-01T00:00:00Z, the first moment the contact rules judge (a mistyped year?)" \
	"$(cat "$TMP/err")"

run recoup run --as-of 1970-01-01 --format json
expect_eq "a run for 1970-01-01 exits 0" 0 "$status"
run recoup run --as-of 1969-12-31
expect_eq "after it, a run for 1969-12-31 is still refused by the limit" \
	"recoup run: the run's date 1969-12-31 is before 1970-01-01, the first day the contact rules judge (a mistyped year?)" \
	"$(cat "$TMP/err")"
run recoup run --as-of 1970-01-02
expect_eq "and the next day runs" 0 "$status"

finish
