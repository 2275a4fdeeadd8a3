#!/usr/bin/env bash
# t0660: recoup migrate refuses, before writing anything, a target tenant
# that has users or API tokens of its own (names the source's tenant has
# not). Before, migrate copied into it, committed, and only then the
# comparison found the users or tokens differing and exited 1, the copy on
# the target. Now it exits 1 with a message naming the tenant and the
# target's first such user or token, prints nothing as copied, and the
# target is byte for byte as it was, the tenant before it (default) not
# copied either. A target tenant that exists without users or tokens is
# still copied into (exit 0).
# The target is $RECOUP_DB's backend (a SQLite file, or on PostgreSQL a
# database of the test's cluster); the source is SQLite, as in t0649.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

SQ="$TMP/source.db"
IMPORT="$DATA/import"
sq() { "$RECOUP" --db "$SQ" "$@"; }

# ---- the source: two tenants; default with customers, each with a user and a token ----
for k in customers contacts invoices payments; do sq import "$k" "$IMPORT/$k.csv" >/dev/null; done
echo "root-password" | sq user add root --role admin --password-stdin >/dev/null
sq token create erp --role manager >/dev/null
sq init --tenant zeta >/dev/null
echo "zed-password" | sq --tenant zeta user add zed --role admin --password-stdin >/dev/null
sq --tenant zeta token create dialer --role collector --user zed >/dev/null
expect_eq "migrate copies the tenants in this order" "default zeta" \
	"$(sql "SELECT name FROM tenant ORDER BY id" "$SQ" | tr '\n' ' ' | sed 's/ $//')"

# refused T DESC MESSAGE: migrate into T exits 1 with MESSAGE and leaves T as it was
refused() {
	db_snapshot "$1"
	expect_exit 1 recoup --db "$SQ" migrate --to "$1"
	expect_stderr_contains "$3"
	expect_eq "$2: nothing printed as copied" "" "$(cat "$TMP/out")"
	expect_db_unchanged "$2: the target is as it was (default was not copied either)" "$1"
	expect_eq "$2: no customer on the target" 0 "$(sql "SELECT count(*) FROM customer" "$1")"
}

# ---- the second tenant on the target has a user of its own (and the source's is not there) ----
T=$(db_new own_user)
"$RECOUP" --db "$T" init --tenant zeta >/dev/null
echo "bob-password" | "$RECOUP" --db "$T" --tenant zeta user add bob --role manager --password-stdin >/dev/null
echo "amy-password" | "$RECOUP" --db "$T" --tenant zeta user add amy --role collector --password-stdin >/dev/null
refused "$T" "a user of the target's own" \
	"tenant 'zeta': the target has a user of its own, 'amy', that the source has not; nothing was copied"

# ---- a disabled one counts as well: the comparison counts it ----
T=$(db_new own_disabled_user)
"$RECOUP" --db "$T" init --tenant zeta >/dev/null
echo "bob-password" | "$RECOUP" --db "$T" --tenant zeta user add bob --role admin --password-stdin >/dev/null
echo "cy-password" | "$RECOUP" --db "$T" --tenant zeta user add cy --role admin --password-stdin >/dev/null
"$RECOUP" --db "$T" --tenant zeta user disable bob >/dev/null
refused "$T" "a disabled user of the target's own" \
	"tenant 'zeta': the target has a user of its own, 'bob', that the source has not; nothing was copied"

# ---- an API token of its own, revoked even ----
T=$(db_new own_token)
"$RECOUP" --db "$T" init --tenant zeta >/dev/null
"$RECOUP" --db "$T" --tenant zeta token create monitor --role collector >/dev/null
"$RECOUP" --db "$T" --tenant zeta token revoke monitor >/dev/null
refused "$T" "an API token of the target's own" \
	"tenant 'zeta': the target has an API token of its own, 'monitor', that the source has not; nothing was copied"

# ---- the first tenant: default on the target with a user of its own ----
T=$(db_new own_user_default)
"$RECOUP" --db "$T" init >/dev/null
echo "boss-password" | "$RECOUP" --db "$T" user add boss --role admin --password-stdin >/dev/null
refused "$T" "a user of the first tenant's own" \
	"tenant 'default': the target has a user of its own, 'boss', that the source has not; nothing was copied"

# ---- a tenant already there without users or tokens is copied into ----
T=$(db_new empty_tenant)
"$RECOUP" --db "$T" init --tenant zeta >/dev/null
expect_exit 0 recoup --db "$SQ" migrate --to "$T"
expect_stdout_contains "tenant 'zeta': copied"
expect_eq "no comparison differs" 0 "$(grep -c DIFFERS "$TMP/out" || true)"
expect_eq "the source's users, and only they, are on the target" "default:root zeta:zed" \
	"$(sql_join ' ' "SELECT t.name || ':' || u.name FROM app_user u JOIN tenant t ON t.id = u.tenant_id
		ORDER BY t.name, u.name" "$T")"

finish
