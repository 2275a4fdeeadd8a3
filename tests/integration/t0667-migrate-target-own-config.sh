#!/usr/bin/env bash
# t0667: recoup migrate refuses, before writing anything, a target tenant
# that has configuration of its own where the copy writes: a template, a
# strategy, a setting, a closed day, a default strategy, a daily run. Before,
# migrate copied into it, committed, and only then the comparison found the
# templates, strategies, settings... differing and exited 1, the copy on the
# target. Now it exits 1 with a message naming the tenant and the target's
# first such row (a setting by its key: its value may be a secret), prints
# nothing as copied, and the target is byte for byte as it was, the tenant
# before it (default) not copied either. `recoup init --tenant` writes the
# tenant's row alone (no setting, key or profile), so a tenant freshly
# initialised on the target is still copied into (exit 0, nothing differs).
# The target is $RECOUP_DB's backend (a SQLite file, or on PostgreSQL a
# database of the test's cluster); the source is SQLite, as in t0649 and t0660.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"

SQ="$TMP/source.db"
IMPORT="$DATA/import"
sq() { "$RECOUP" --db "$SQ" "$@"; }
tpl() { python3 -c 'import json,sys; print(json.dumps(dict(zip(sys.argv[1::2], sys.argv[2::2]))))' "$@" >"$TMP/t.json"; }

# ---- the source: two tenants, each with configuration of its own ----
for k in customers contacts invoices payments; do sq import "$k" "$IMPORT/$k.csv" >/dev/null; done
sq config set creditor.name "Creditor SA" >/dev/null
tpl name courtesy-reminder channel email lang en audience debtor subject '{{creditor.name}}: {{invoice_count}} due' \
	text 'Hello {{contact.name}}, {{creditor.name}} writes. {{optout_line}}'
sq template set "$TMP/t.json" >/dev/null
sq init --tenant zeta >/dev/null
sq --tenant zeta config set creditor.name "Zeta SA" >/dev/null
sq --tenant zeta rules closed-day 2026-12-24 --name Wigilia >/dev/null
sq strategy show b2b-gentle | sed 's/"name": "b2b-gentle"/"name": "zeta-firms"/' >"$TMP/zeta-firms.json"
sq --tenant zeta strategy set zeta-firms "$TMP/zeta-firms.json" >/dev/null
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
# target NAME: a new target database with tenant zeta initialised, its URL or path
target() {
	local t
	t=$(db_new "$1")
	"$RECOUP" --db "$t" init --tenant zeta >/dev/null
	echo "$t"
}

# ---- a template of the target's own (the source's zeta has none, its default one of another language) ----
T=$(target own_template)
tpl name courtesy-reminder channel email lang pl audience debtor subject '{{creditor.name}}: przypomnienie' \
	text 'Dzień dobry {{contact.name}}, {{creditor.name}}. {{optout_line}}'
"$RECOUP" --db "$T" --tenant zeta template set "$TMP/t.json" >/dev/null
refused "$T" "a template of the target's own" \
	"tenant 'zeta': the target has a template of its own, 'courtesy-reminder' (email, pl, debtor); nothing was copied (migrate into a tenant without data)"

# ---- a strategy of its own ----
T=$(target own_strategy)
sq strategy show b2b-gentle | sed 's/"name": "b2b-gentle"/"name": "own-firms"/' >"$TMP/own-firms.json"
"$RECOUP" --db "$T" --tenant zeta strategy set own-firms "$TMP/own-firms.json" >/dev/null
refused "$T" "a strategy of the target's own" \
	"tenant 'zeta': the target has a strategy of its own, 'own-firms'; nothing was copied"

# ---- a setting of its own: named by its key, its value (a secret here) not shown ----
T=$(target own_setting)
"$RECOUP" --db "$T" --tenant zeta config set smtp.password 'hunter2-secret' >/dev/null
refused "$T" "a setting of the target's own" \
	"tenant 'zeta': the target has a setting of its own, 'smtp.password'; nothing was copied"
expect_eq "the setting's value is not in the message" 0 "$(grep -c hunter2 "$TMP/err" || true)"

# ---- a closed day of its own (the source's zeta has another) ----
T=$(target own_closed_day)
"$RECOUP" --db "$T" --tenant zeta rules closed-day 2026-11-11 --name "Narodowe Święto Niepodległości" >/dev/null
refused "$T" "a closed day of the target's own" \
	"tenant 'zeta': the target has a closed day of its own, 2026-11-11 (Narodowe Święto Niepodległości); nothing was copied"

# ---- the first tenant: default with a default strategy of its own (a preset: no strategy row) ----
T=$(db_new own_default_strategy)
"$RECOUP" --db "$T" init >/dev/null
"$RECOUP" --db "$T" strategy default b2b-gentle --kind person >/dev/null
refused "$T" "a default strategy of the first tenant's own" \
	"tenant 'default': the target has a default strategy of its own, 'b2b-gentle' for person customers; nothing was copied"

# ---- a daily run of its own, on a tenant without customers ----
T=$(target own_run)
"$RECOUP" --db "$T" --tenant zeta run --as-of 2026-10-05 --now 2026-10-05T06:00:00Z >/dev/null
refused "$T" "a daily run of the target's own" \
	"tenant 'zeta': the target has a daily run of its own, of 2026-10-05; nothing was copied"

# ---- a tenant freshly initialised on the target is copied into ----
T=$(target fresh)
expect_exit 0 recoup --db "$SQ" migrate --to "$T"
expect_stdout_contains "tenant 'default': copied"
expect_stdout_contains "tenant 'zeta': copied"
expect_eq "no comparison differs" 0 "$(grep -c DIFFERS "$TMP/out" || true)"
expect_eq "the source's templates, strategies and closed days, and only they, are on the target" \
	"closed zeta:2026-12-24 strategy zeta:zeta-firms template default:courtesy-reminder/en" \
	"$(sql_join ' ' "SELECT 'template ' || t.name || ':' || m.name || '/' || m.lang FROM message_template m
			JOIN tenant t ON t.id = m.tenant_id
		UNION ALL SELECT 'strategy ' || t.name || ':' || s.name FROM strategy s JOIN tenant t ON t.id = s.tenant_id
		UNION ALL SELECT 'closed ' || t.name || ':' || d.date FROM tenant_closed_day d
			JOIN tenant t ON t.id = d.tenant_id ORDER BY 1" "$T")"

finish
