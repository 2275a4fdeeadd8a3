#!/usr/bin/env bash
# t0649: recoup migrate refuses before writing anything, and reports a copy
# that landed altered.
#
# Refusals: a source SQLite book with two tenants, each with users and API
# tokens, into a target whose second tenant (migrate copies in tenant order,
# default first) already has one of them: a user of the same name, a token
# of the same name, a token with the same hash (the same secret). Each is
# refused with exit 1, a message naming the tenant, the user or token and
# why, and the target is byte for byte as it was: the first tenant was not
# copied either (before, it was, then the second's copy stopped).
# Comparison: a target on which triggers alter what the copy writes (a
# setting's value, a closed day added) is copied, then the comparison names
# what differs (the settings by their digest, the same count on both sides)
# and migrate exits 1.
# The target is $RECOUP_DB's backend: a SQLite file, or on PostgreSQL
# (integration-pg) a database of the test's cluster; the source is SQLite.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

SQ="$TMP/source.db"
IMPORT="$DATA/import"
sq() { "$RECOUP" --db "$SQ" "$@"; }

# ---- the source: two tenants, each with customers, users and tokens ----
for k in customers contacts invoices payments; do sq import "$k" "$IMPORT/$k.csv" >/dev/null; done
sq config set creditor.name "Creditor SA" >/dev/null
echo "root-password" | sq user add root --role admin --password-stdin >/dev/null
echo "ann-password" | sq user add ann --role collector --password-stdin >/dev/null
sq token create erp --role manager >/dev/null
sq init --tenant zeta >/dev/null
sq --tenant zeta generate --customers 20 --seed 2 --as-of 2026-06-30 --out gen >/dev/null
for k in customers contacts invoices payments; do sq --tenant zeta import "$k" "gen/$k.csv" >/dev/null; done
echo "zed-password" | sq --tenant zeta user add zed --role admin --password-stdin >/dev/null
echo "amy-password" | sq --tenant zeta user add amy --role collector --password-stdin >/dev/null
sq --tenant zeta token create dialer --role collector --user amy >/dev/null
expect_eq "migrate copies the tenants in this order" "default zeta" \
	"$(sql "SELECT name FROM tenant ORDER BY id" "$SQ" | tr '\n' ' ' | sed 's/ $//')"

# refused T DESC MESSAGE: migrate into T exits 1 with MESSAGE and leaves T as it was
refused() {
	db_snapshot "$1"
	expect_exit 1 recoup --db "$SQ" migrate --to "$1"
	expect_stderr_contains "$3"
	expect_eq "$2: nothing printed as copied" "" "$(cat "$TMP/out")"
	expect_db_unchanged "$2: the target is as it was (the first tenant was not copied)" "$1"
	expect_eq "$2: no customer on the target" 0 "$(sql "SELECT count(*) FROM customer" "$1")"
}

# ---- a user of the same name in the second tenant ----
T=$(db_new user_there)
"$RECOUP" --db "$T" init --tenant zeta >/dev/null
echo "other-password" | "$RECOUP" --db "$T" --tenant zeta user add amy --role manager --password-stdin >/dev/null
refused "$T" "a user on the target" "tenant 'zeta': user 'amy' already exists on the target; nothing was copied"

# ---- a token of the same name in the second tenant ----
T=$(db_new token_there)
"$RECOUP" --db "$T" init --tenant zeta >/dev/null
"$RECOUP" --db "$T" --tenant zeta token create dialer --role manager >/dev/null
refused "$T" "a token on the target" "tenant 'zeta': API token 'dialer' already exists on the target; nothing was copied"

# ---- a token of another name with the same hash (the same secret) ----
T=$(db_new hash_there)
"$RECOUP" --db "$T" init --tenant zeta >/dev/null
hash=$(sql "SELECT k.token_hash FROM api_token k JOIN tenant t ON t.id = k.tenant_id
	WHERE t.name = 'zeta' AND k.name = 'dialer'" "$SQ")
sql "INSERT INTO api_token(tenant_id, name, role, token_hash, created_by, created_at)
	SELECT id, 'old-dialer', 'collector', '$hash', 'test', '2026-01-01T00:00:00Z' FROM tenant WHERE name = 'zeta'" "$T"
refused "$T" "a token's hash on the target" \
	"tenant 'zeta': API token 'dialer' has the same secret as the target's token 'old-dialer'; nothing was copied"

# ---- the comparison finds what the copy did not write as read ----
T=$(db_new altered)
"$RECOUP" --db "$T" init >/dev/null
if [[ $TEST_BACKEND == postgres ]]; then
	sql "CREATE FUNCTION alter_setting() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
		UPDATE setting SET value = value || ' (altered)' WHERE tenant_id = NEW.tenant_id AND key = NEW.key;
		RETURN NULL; END \$\$;
	CREATE TRIGGER alter_setting AFTER INSERT ON setting FOR EACH ROW EXECUTE FUNCTION alter_setting();
	CREATE FUNCTION add_closed_day() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
		INSERT INTO tenant_closed_day(tenant_id, date, name) VALUES (NEW.tenant_id, '2026-12-25', 'added');
		RETURN NULL; END \$\$;
	CREATE TRIGGER add_closed_day AFTER INSERT ON customer FOR EACH ROW WHEN (NEW.ref = 'C001')
		EXECUTE FUNCTION add_closed_day();" "$T"
else
	sql "CREATE TRIGGER alter_setting AFTER INSERT ON setting BEGIN
		UPDATE setting SET value = value || ' (altered)' WHERE tenant_id = NEW.tenant_id AND key = NEW.key; END;
	CREATE TRIGGER add_closed_day AFTER INSERT ON customer WHEN NEW.ref = 'C001' BEGIN
		INSERT INTO tenant_closed_day(tenant_id, date, name) VALUES (NEW.tenant_id, '2026-12-25', 'added'); END;" "$T"
fi
expect_exit 1 recoup --db "$SQ" migrate --to "$T"
expect_stderr_contains "2 comparisons differ between the source and the target"
expect_stdout_contains "tenant 'default': copied"
expect_stdout_contains "tenant 'zeta': copied"
expect_stdout_contains "tenant 'default': settings DIFFERS: source 1, target 1"
expect_stdout_contains "tenant 'default': closed days DIFFERS: source 0, target 1"
expect_eq "the two, and only they, differ" 2 "$(grep -c DIFFERS "$TMP/out" || true)"
# every other comparison line says (same) (their number grows as migrate copies more: at least 36 now)
compared=$(grep "^tenant '" "$TMP/out" | grep -v -c ": copied" || true)
expect_eq "the other comparisons are the same" "$((compared - 2))" "$(grep -c '(same)$' "$TMP/out" || true)"
expect_eq "... and there are at least 36 of them" 1 "$((compared - 2 >= 36))"
expect_eq "the altered value is on the target (the comparison read what is there)" "Creditor SA (altered)" \
	"$(sql "SELECT s.value FROM setting s JOIN tenant t ON t.id = s.tenant_id
		WHERE t.name = 'default' AND s.key = 'creditor.name'" "$T")"
expect_eq "no secret value in the output: a digest differs, not the text" 0 \
	"$(grep -c 'Creditor SA' "$TMP/out" || true)"

finish
