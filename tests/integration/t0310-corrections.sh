#!/usr/bin/env bash
# Corrections: customer set, contact set and import customers --update change
# exactly the fields named, with the importer's checks, all or nothing, and
# every change is recorded (who, when, old, new) and shown by customer show.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

IMP="$DATA/import"
recoup import customers "$IMP/customers.csv" >/dev/null
recoup import contacts "$IMP/contacts.csv" >/dev/null

# ---- refusals: exit 1, a message naming the field, nothing written ----
# The same text rules as the import: a C1 control character (U+0085, NEL)
# is refused by `set` as it is by the CSV import (one check, core/validate).
db_snapshot
expect_exit 1 recoup customer set C001 name=$'Acme\xc2\x85Tools'
expect_stderr_contains "contains a control character (U+0085)"
expect_db_unchanged "a C1 control character changes nothing"

db_snapshot
expect_exit 1 recoup customer set C001 timezone=Mars/Olympus name=Other
expect_stderr_contains "customer 'C001': timezone: 'Mars/Olympus' is not an IANA time zone"
expect_db_unchanged "a bad time zone changes nothing, not even the good name"
expect_exit 1 recoup customer set C001 timezone=UTC
expect_stderr_contains "timezone: 'UTC' is a time zone of no place: give the place's zone"
expect_stderr_contains "(Etc/UTC for a debtor who keeps UTC)"
expect_exit 1 recoup customer set C001 'phone=call me'
expect_stderr_contains "phone: 'call me' is not a phone number"
expect_exit 1 recoup customer set C001 email=nobody
expect_stderr_contains "email: 'nobody' is not an email address"
expect_exit 1 recoup customer set C001 language=xx-!!
expect_stderr_contains "is not a BCP 47 language tag"
expect_exit 1 recoup customer set C001 profile=no-such-profile
expect_stderr_contains "profile: 'no-such-profile' is not a preset"
expect_exit 1 recoup customer set C001 credit_limit=-5
expect_stderr_contains "credit_limit"
expect_exit 1 recoup customer set C001 country=PL
expect_stderr_contains "'country' cannot be changed on a customer"
expect_exit 1 recoup customer set C001 currency=EUR
expect_stderr_contains "'currency' cannot be changed"
expect_exit 1 recoup customer set C001 name=
expect_stderr_contains "name: is empty"
expect_exit 1 recoup customer set C001 name=A name=B
expect_stderr_contains "name: given twice"
expect_exit 1 recoup customer set C001 $'address=a\x1bb'
expect_stderr_contains "contains a control character (byte 0x1b)"
expect_exit 1 recoup customer set C001 $'name=\xff\xfe'
expect_stderr_contains "not valid UTF-8"
expect_exit 1 recoup customer set C001 name=X --by $'eve\x07'
expect_stderr_contains "--by: contains a control character"
expect_exit 1 recoup customer set NOPE name=X
expect_stderr_contains "unknown customer 'NOPE'"
expect_exit 2 recoup customer set C001
expect_exit 1 recoup contact set K-001 role=astronaut
expect_stderr_contains "role: 'astronaut' is not a known role"
expect_exit 1 recoup contact set K-001 pays_bills=maybe
expect_stderr_contains "pays_bills: 'maybe' is not true or false"
expect_exit 1 recoup contact set K-001 customer_ref=C002
expect_stderr_contains "'customer_ref' cannot be changed on a contact"
expect_db_unchanged "no refused correction wrote anything"

# ---- an accepted correction changes exactly the fields named ----
recoup export customers >before.csv
expect_exit 0 recoup customer set C001 'phone=+1 212 555 0199' email=billing@acme.example credit_limit=2500 \
	timezone=America/Chicago --by alice
expect_stdout_contains "customer C001: phone '+1 212 555 0100' -> '+1 212 555 0199'"
expect_stdout_contains "customer C001: credit_limit '0.00' -> '2500.00'"
expect_stdout_contains "contact C001: phone '+1 212 555 0100' -> '+1 212 555 0199'"
recoup export customers >after.csv
expect_eq "only C001's line changed" 1 "$(diff before.csv after.csv | grep -c '^>' || true)"
expected='C001,"Acme, ""Best"" Tools Inc.",company,US,America/Chicago,en,USD,2500.00,billing@acme.example,+1 212 555 0199,"1 Main St, Suite 2",,,,0.00'
expect_eq "C001 has exactly the new phone, email, zone and credit limit" "$expected" "$(grep '^C001,' after.csv)"
expect_eq "the primary contact follows the phone" "+1 212 555 0199" \
	"$(sql "SELECT phone FROM contact WHERE ref = 'C001'")"
expect_eq "... and the zone (docs/csv.md: its zone is the customer's)" "America/Chicago" \
	"$(sql "SELECT timezone FROM contact WHERE ref = 'C001'")"
expect_stdout_contains "contact C001: timezone 'America/New_York' -> 'America/Chicago'"
# 13:30 UTC is 08:30 in New York (a lawful hour) but 07:30 in Chicago: the call is judged at the new zone's hour
expect_exit 0 recoup rules check --contact C001 --channel call --at 2026-11-30T13:30:00Z
expect_stdout_contains "local time: 2026-11-30T07:30-06:00 America/Chicago"
expect_stdout_contains "call at 2026-11-30T13:30:00Z: refused"
expect_eq "four customer changes and three contact changes are recorded, by alice" "7|alice" \
	"$(sql "SELECT COUNT(*), MIN(changed_by) FROM record_change")"
expect_exit 0 recoup customer show C001
expect_stdout_contains "customer C001 timezone: 'America/New_York' -> 'America/Chicago' by alice"
expect_stdout_contains "credit limit 2,500.00 USD"

# the same values again: nothing is written
db_snapshot
expect_exit 0 recoup customer set C001 credit_limit=2500.00
expect_stdout_contains "nothing changed"
expect_db_unchanged "setting the stored value writes nothing"

expect_exit 0 recoup contact set K-001 best_time=09:00-12:00 pays_bills=no --by bob
expect_stdout_contains "contact K-001: pays_bills 'true' -> 'false'"
expect_eq "the contact change is recorded" "bob" \
	"$(sql "SELECT changed_by FROM record_change WHERE ref = 'K-001' AND field = 'best_time'")"

# the change table is append-only
run sql "DELETE FROM record_change"
expect_eq "record_change refuses a delete" 1 "$([[ $status != 0 ]] && echo 1 || echo 0)"
expect_stderr_contains "changes are never deleted"

# ---- import customers --update ----
cat >update.csv <<'CSV'
customer_ref,name,kind,country,currency,phone
C002,Jan Kowalski,person,PL,PLN,+48 600 000 001
C003,山田太郎,person,JP,JPY,
C100,Brand New,company,PL,PLN,
CSV
cat >update-bad.csv <<'CSV'
customer_ref,name,kind,country,currency,phone
C002,Jan Kowalski,person,PL,PLN,+48 600 000 002
C003,山田太郎,person,JP,JPY,not-a-phone
CSV
cat >update-identity.csv <<'CSV'
customer_ref,name,kind,country,currency,phone
C002,Jan Kowalski,person,DE,PLN,
CSV
db_snapshot
expect_exit 1 recoup import customers --update update-bad.csv
expect_stderr_contains "update-bad.csv:3: phone: 'not-a-phone' is not a phone number"
expect_eq "a refused --update lists no change" "" "$(cat "$TMP/out")"
expect_db_unchanged "one bad row: nothing of the file is applied"
expect_exit 1 recoup import customers --update update-identity.csv
expect_stderr_contains "customer 'C002' is stored with country 'PL', not 'DE' (country never changes)"
expect_db_unchanged "identity never changes through --update"
expect_exit 1 recoup import customers update.csv
expect_stderr_contains "customer 'C002' is already stored with"
expect_db_unchanged "without --update a change is still a conflict"

recoup export customers >before.csv
expect_exit 0 recoup import customers --update update.csv --by carol
expect_stdout_contains "customer C002: phone '' -> '+48 600 000 001'"
expect_stdout_contains "3 rows imported into customers"
expect_stdout_contains "1 customer updated"
recoup export customers >after.csv
expect_eq "C002's phone changed, its zone and language kept (columns not in the file)" \
	'C002,Jan Kowalski,person,PL,Europe/Warsaw,pl,PLN,0.00,jan@example.pl,+48 600 000 001,"ul. Długa 5, Gdańsk",,,,0.00' \
	"$(grep '^C002,' after.csv)"
expect_eq "C003 untouched" "$(grep '^C003,' before.csv)" "$(grep '^C003,' after.csv)"
expect_eq "C100 was inserted" 1 "$(grep -c '^C100,' after.csv)"
expect_eq "the update is recorded with its import batch, by carol" "carol|1" \
	"$(sql "SELECT changed_by, CASE WHEN import_id IS NOT NULL THEN 1 ELSE 0 END FROM record_change
		WHERE ref = 'C002' AND entity = 'customer'")"
expect_exit 2 recoup import invoices --update update.csv
expect_stderr_contains "--update applies to customers only"

finish
