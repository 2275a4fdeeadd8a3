#!/usr/bin/env bash
# t0668: a refused `recoup migrate` leaves a target without a "default"
# tenant as it was. The refusal checks looked the source's tenants up on the
# target with the lookup that creates "default" when it is missing (every
# command's --tenant lookup): on a target whose only tenant is zeta, the
# refusal of zeta (a user of its own, a template of its own, customers
# already there) came after "default" had been created and committed, and
# the target kept that row. Now the checks only look, and the dump of the
# target after the refusal equals the dump before it. A target without
# "default" and without anything of its own is still copied into, "default"
# created by the copy.
# The target is $RECOUP_DB's backend (a SQLite file, or on PostgreSQL a
# database of the test's cluster); the source is SQLite, as in t0660 and t0667.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

SQ="$TMP/source.db"
IMPORT="$DATA/import"
sq() { "$RECOUP" --db "$SQ" "$@"; }

# ---- the source: default with customers, and zeta ----
for k in customers contacts invoices payments; do sq import "$k" "$IMPORT/$k.csv" >/dev/null; done
sq init --tenant zeta >/dev/null
expect_eq "migrate looks at the tenants in this order" "default zeta" \
	"$(sql_join ' ' "SELECT name FROM tenant ORDER BY id" "$SQ")"

# target NAME: a new target database whose only tenant is zeta, its URL or path
target() {
	local t
	t=$(db_new "$1")
	"$RECOUP" --db "$t" init --tenant zeta >/dev/null
	sql "DELETE FROM tenant WHERE name = 'default'" "$t" >/dev/null
	echo "$t"
}

# refused T DESC MESSAGE: migrate into T exits 1 with MESSAGE and leaves T as it was
refused() {
	db_snapshot "$1"
	expect_exit 1 recoup --db "$SQ" migrate --to "$1"
	expect_stderr_contains "$3"
	expect_eq "$2: nothing printed as copied" "" "$(cat "$TMP/out")"
	expect_db_unchanged "$2: the target is as it was" "$1"
	expect_eq "$2: the target's tenants are zeta alone" "zeta" "$(sql_join ' ' "SELECT name FROM tenant ORDER BY id" "$1")"
}

# ---- zeta has a user of its own (app/migrate.c's checks) ----
T=$(target own_user)
expect_eq "the target has no default tenant" "zeta" "$(sql_join ' ' "SELECT name FROM tenant" "$T")"
echo "amy-password" | "$RECOUP" --db "$T" --tenant zeta user add amy --role collector --password-stdin >/dev/null
refused "$T" "a user of zeta's own" \
	"tenant 'zeta': the target has a user of its own, 'amy', that the source has not; nothing was copied"

# ---- zeta has a template of its own (app/migrate_target.c's checks) ----
T=$(target own_template)
python3 -c 'import json; print(json.dumps({"name": "courtesy-reminder", "channel": "email", "lang": "en",
	"audience": "debtor", "subject": "{{creditor.name}}: due", "text": "Hello {{contact.name}}. {{optout_line}}"}))' \
	>"$TMP/t.json"
"$RECOUP" --db "$T" --tenant zeta template set "$TMP/t.json" >/dev/null
refused "$T" "a template of zeta's own" \
	"tenant 'zeta': the target has a template of its own, 'courtesy-reminder' (email, en, debtor); nothing was copied"

# ---- zeta already holds customers ----
T=$(target own_customers)
"$RECOUP" --db "$T" --tenant zeta import customers "$IMPORT/customers.csv" >/dev/null
refused "$T" "customers already in zeta" "tenant 'zeta' already holds data on the target; nothing was copied"

# ---- nothing of zeta's own: copied into, default created by the copy ----
T=$(target fresh)
expect_exit 0 recoup --db "$SQ" migrate --to "$T"
expect_stdout_contains "tenant 'default': copied"
expect_stdout_contains "tenant 'zeta': copied"
expect_eq "no comparison differs" 0 "$(grep -c DIFFERS "$TMP/out" || true)"
expect_eq "the target's tenants: zeta, then default" "zeta default" \
	"$(sql_join ' ' "SELECT name FROM tenant ORDER BY id" "$T")"
expect_eq "the source's customers are in the target's default" 5 \
	"$(sql "SELECT count(*) FROM customer c JOIN tenant t ON t.id = c.tenant_id WHERE t.name = 'default'" "$T")"

finish
