#!/usr/bin/env bash
# `recoup customer set` takes line breaks and tabs in the free-text field
# `address`, as the import does (docs/csv.md): a postal address of several
# lines is stored and exported exactly. In every other field of `customer
# set` and `contact set` a line break is refused, naming the field, and
# nothing changes.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
cat >"$TMP/customers.csv" <<'CSV'
customer_ref,name,kind,country,timezone,language,currency,email
C1,Anna Kowalska,person,PL,Europe/Warsaw,pl,PLN,anna@example.com
CSV
recoup import customers "$TMP/customers.csv" >/dev/null

address=$'ul. Długa 5 m. 3\n00-238 Warszawa'
run recoup customer set C1 "address=$address"
expect_eq "customer set address with a line break exits 0" 0 "$status"
expect_eq "the address is stored with its line break" "$address" \
	"$(recoup export customers --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])')"
# the same address as an import of it stores: a second import of that file changes nothing
recoup export customers >"$TMP/exported.csv"
run recoup import customers "$TMP/exported.csv"
expect_stdout_contains "1 row, all already stored; nothing changed"

address=$'Bartycka 22\tlok. 4\n00-716 Warszawa'
run recoup customer set C1 "address=$address"
expect_eq "customer set address with a tab exits 0" 0 "$status"
expect_eq "the address is stored with its tab" "$address" \
	"$(recoup export customers --format json | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["address"])')"

db_snapshot
run recoup customer set C1 $'name=Anna\nKowalska'
expect_eq "a line break in the name exits 1" 1 "$status"
expect_stderr_contains "name: contains a control character (byte 0x0a); nothing changed"
run recoup contact set C1 $'email=anna@example.com\n'
expect_eq "a line break in the email exits 1" 1 "$status"
expect_stderr_contains "email: contains a control character (byte 0x0a); nothing changed"
run recoup customer set C1 $'address=a\x1bb'
expect_eq "an escape in the address exits 1" 1 "$status"
expect_stderr_contains "contains a control character (byte 0x1b)"
expect_db_unchanged "refused corrections change nothing"
finish
