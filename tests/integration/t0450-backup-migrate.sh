#!/usr/bin/env bash
# t0450: recoup backup and recoup migrate.
#
# backup: a filled SQLite database copied with the online backup API opens
# and says the same (aging, exports, check); DEST is never the database or
# its companions, and an existing DEST only with --force; PostgreSQL refuses
# with the pg_dump command (exit 2).
# migrate: the import files (with flags, attempts, corrections, rules) and a
# generated portfolio in a second tenant go to a throw-away PostgreSQL
# cluster of this script's own (started here, stopped in the EXIT trap);
# every output that reads the books is then the same on both sides, and a
# second migrate into the same target is refused and changes nothing. The
# tenant's strategies and defaults, settings (secrets too), authority limits,
# promise, credit and legal settings, users with their password hashes, API
# tokens and templates go across as well.
set -euo pipefail
. "$SRCDIR/tests/integration/lib.sh"
. "$SRCDIR/tests/integration/serve_lib.sh"

SQ="$TMP/books.db"
IMPORT="$DATA/import"
AS_OF=2026-06-30

# Our own cluster, stopped however the script ends (lib.sh's exit trap)
own_cluster "$TMP/pgt"

sq() { "$RECOUP" --db "$SQ" "$@"; }
# attempts logged by someone, with a callback, refused by the rules at their moment
attempt_marks() {
	echo "$(sql "SELECT count(*) FROM contact_attempt WHERE logged_by <> ''" "$1")" \
		"$(sql "SELECT count(*) FROM contact_attempt WHERE callback_at IS NOT NULL" "$1")" \
		"$(sql "SELECT count(*) FROM contact_attempt WHERE rules_breach = 'outside_hours'" "$1")"
}

# ---- a filled SQLite database ----
for k in customers contacts invoices payments; do sq import "$k" "$IMPORT/$k.csv" >/dev/null; done
sq import payments "$IMPORT/payments-returned.csv" >/dev/null
sq customer set C001 'phone=+1 212 555 0199' --by alice >/dev/null
sq customer flag C002 dispute --by bob --reason "says it was paid" --at 2026-03-01T10:00:00Z >/dev/null
sq credit set C001 --application-signed 2026-01-10 --references-checked 2026-01-12 --by boss >/dev/null
sq contact log --contact K-001 --channel call --outcome promise --at 2026-01-05T15:00:00Z \
	--spoke-with "Mary Smith" --note "will pay Friday" >/dev/null
# who logged it, the callback asked and a rules breach (02:00 in New York) go across too
sq contact log --contact K-001 --channel call --outcome callback --at 2026-01-06T16:00:00Z \
	--callback-at 2026-01-07T15:00:00Z --spoke-with "Mary Smith" >/dev/null
sq contact log --contact K-001 --channel call --outcome no_answer --at 2026-01-08T07:00:00Z >/dev/null 2>&1
expect_eq "the SQLite side holds who logged, the callback and the breach" "3 1 1" \
	"$(attempt_marks "$SQ")"
sq rules closed-day 2026-12-24 --name "Christmas Eve" >/dev/null
sq rules default b2b >/dev/null
# the tenant's people and configuration
cat >"$TMP/strategy.json" <<'JSON'
{ "name": "pl-firms", "segment": { "kind": "company", "countries": ["PL"] },
  "steps": [ { "name": "wezwanie", "offset_days": 0, "action": "letter", "template": "wezwanie" } ] }
JSON
sq strategy set pl-firms "$TMP/strategy.json" >/dev/null
sq strategy default pl-firms --kind company >/dev/null
sq config set creditor.name "Creditor SA" >/dev/null
sq config set smtp.password 'S3cret-pw' >/dev/null
sq authority set --role collector --waive-principal-max 10% --balance-under 5000.00 >/dev/null
sq promise settings --tolerance-days 3 --tolerance-percent 5 >/dev/null
sq credit policy --overdue-days 45 --nsf-fee-bp 150 >/dev/null
sq legal set min_balance=2500.00 >/dev/null
echo "admin-password" | sq user add root --role admin --password-stdin >/dev/null
echo "ann-password" | sq user add ann --role collector --team north --capacity 25 --password-stdin >/dev/null
echo "ben-password" | sq user add ben --role collector --password-stdin >/dev/null
sq user disable ben >/dev/null
sq token create erp --role manager >"$TMP/erp.token"
sq token create dialer --role collector --user ann >/dev/null
sq token create old --role collector >/dev/null
sq token revoke old >/dev/null
cat >"$TMP/tpl.json" <<'JSON'
{ "name": "wezwanie", "channel": "letter", "lang": "pl", "audience": "debtor",
  "subject": "Wezwanie", "text": "{{creditor.name}}: Szanowni Panstwo, {{contact.name}}: {{total}}." }
JSON
sq template set "$TMP/tpl.json" >/dev/null
sq init --tenant big >/dev/null
sq generate --customers 300 --seed 1 --as-of "$AS_OF" --out gen >/dev/null
for k in customers contacts invoices payments; do sq --tenant big import "$k" "gen/$k.csv" >/dev/null; done

# ---- backup ----
expect_exit 0 recoup --db "$SQ" backup "$TMP/copy.db"
for t in default big; do
	for c in "aging --as-of $AS_OF --format csv" "export invoices" "export payments" "export customers" check; do
		# shellcheck disable=SC2086
		sq --tenant "$t" $c >"$TMP/a.out" 2>&1
		# shellcheck disable=SC2086
		"$RECOUP" --db "$TMP/copy.db" --tenant "$t" $c >"$TMP/b.out" 2>&1
		expect_same_file "backup, tenant $t: $c is the same" "$TMP/a.out" "$TMP/b.out"
	done
done
expect_exit 0 recoup --db "$TMP/copy.db" check
expect_exit 1 recoup --db "$SQ" backup "$SQ"
expect_stderr_contains "is the database"
expect_exit 1 recoup --db "$SQ" backup "$SQ-wal"
expect_stderr_contains "-wal"
cp "$TMP/copy.db" "$TMP/before.db"
expect_exit 1 recoup --db "$SQ" backup "$TMP/copy.db"
expect_stderr_contains "use --force"
expect_same_file "a refused backup leaves DEST as it was" "$TMP/before.db" "$TMP/copy.db"
expect_exit 0 recoup --db "$SQ" backup "$TMP/copy.db" --force
expect_exit 0 recoup --db "$TMP/copy.db" check
expect_exit 2 recoup --db "$SQ" backup

# ---- migrate ----
pg_env=$("$SRCDIR/tests/pg/cluster" start "$TMP/pgt")
eval "$pg_env"
PG=$RECOUP_PG_URL
expect_exit 2 recoup --db "$PG" backup "$TMP/pg.dump"
expect_stderr_contains "pg_dump --format=custom --file '$TMP/pg.dump' '$PG'"
# the URL's password is never printed: the command is shown without it (docs/operations.md)
for url in "${PG/recoup@/recoup:TOPSECRET@}" "$PG?password=TOPSECRET"; do
	expect_exit 2 recoup --db "$url" backup "$TMP/pg.dump"
	if grep -q TOPSECRET "$TMP/err"; then
		fail "no password in the message ($url)" "$(cat "$TMP/err")"
	else
		pass "no password in the message ($url)"
	fi
	expect_stderr_contains "PGPASSWORD or ~/.pgpass"
done
[[ ! -e $TMP/pg.dump ]] && pass "PostgreSQL: no backup file written" || fail "PostgreSQL: no backup file written"

run "$RECOUP" --db "$SQ" migrate --to "$PG"
[[ $status == 0 ]] && pass "migrate exits 0" || fail "migrate exits 0" "$(cat "$TMP/err" "$TMP/out")"
cp "$TMP/out" "$TMP/migrate.out"
for t in default big; do
	for what in customers contacts invoices payments "ledger entries" "active flags" "contact attempts" \
		changes profiles "closed days" strategies settings users passwords "api tokens" templates \
		"defaults and policies" aging check; do
		if grep -q "^tenant '$t': $what: .*(same)$" "$TMP/migrate.out"; then
			pass "migrate compared $what of tenant $t"
		else
			fail "migrate compared $what of tenant $t" "$(cat "$TMP/migrate.out")"
		fi
	done
done
expect_eq "nothing differs" 0 "$(grep -c DIFFERS "$TMP/migrate.out" || true)"
expect_eq "PostgreSQL holds who logged each attempt, the callback and the breach (migrate kept them)" "3 1 1" \
	"$(attempt_marks "$PG")"

for t in default big; do
	for c in "aging --as-of $AS_OF --format csv" "aging --format csv" "report kpi --from 2025-01-01 --to $AS_OF" \
		"export invoices" "export payments" "export customers" "export contacts" check; do
		# shellcheck disable=SC2086
		sq --tenant "$t" $c >"$TMP/a.out" 2>&1
		# shellcheck disable=SC2086
		"$RECOUP" --db "$PG" --tenant "$t" $c >"$TMP/b.out" 2>&1
		expect_same_file "migrate, tenant $t: $c is the same" "$TMP/a.out" "$TMP/b.out"
	done
done
for c in "customer show C001" "customer show C002" "contact history --customer C001 --format json" \
	"credit check C001 --amount 1.00 --as-of $AS_OF --format json" \
	"report contacts --from 2026-01-01 --to 2026-01-31 --format csv"; do
	# shellcheck disable=SC2086
	sq $c >"$TMP/a.out" 2>&1
	# shellcheck disable=SC2086
	"$RECOUP" --db "$PG" $c >"$TMP/b.out" 2>&1
	expect_same_file "migrate: $c (history, flags, changes) is the same" "$TMP/a.out" "$TMP/b.out"
done

# the people and the configuration: the same on both sides, secrets and password hashes too
for c in "strategy list" "strategy show pl-firms" "config list" "config list --format json" "user list" \
	"token list" "authority show" "template list" "template show wezwanie --channel letter --lang pl" \
	"legal candidates --all --format csv" "promise settings" "credit policy"; do
	# shellcheck disable=SC2086
	sq $c >"$TMP/a.out" 2>&1 || true
	# shellcheck disable=SC2086
	"$RECOUP" --db "$PG" $c >"$TMP/b.out" 2>&1 || true # a failure shows in the files
	expect_same_file "migrate: $c is the same" "$TMP/a.out" "$TMP/b.out"
done
expect_eq "the company default is the tenant's strategy on PostgreSQL" 1 \
	"$("$RECOUP" --db "$PG" strategy list | grep -c 'pl-firms.*company' || true)"
secrets="SELECT s.key || '=' || s.value FROM setting s JOIN tenant t ON t.id = s.tenant_id
	WHERE t.name = 'default' AND s.key IN ('smtp.password', 'creditor.name') ORDER BY s.key"
expect_eq "the secret setting went across as stored" "$(sql "$secrets" "$SQ")" "$(sql "$secrets" "$PG")"
expect_eq "the secret setting is on PostgreSQL" "creditor.name=Creditor SA
smtp.password=S3cret-pw" "$(sql "$secrets" "$PG")"
expect_eq "migrate compared the defaults and policies" \
	"default person '' company 'pl-firms'; authority set; promise 3 days 5%; credit 45 days 150 bp; legal min '2500.00' years '' (same)" \
	"$(sed -n "s/^tenant 'default': defaults and policies: //p" "$TMP/migrate.out" | sed 's/authority [0-9a-f]*;/authority set;/')"
expect_eq "no secret in migrate's output" 0 "$(grep -c S3cret "$TMP/migrate.out" || true)"
hashes="SELECT u.name || ' ' || COALESCE(u.password_hash, '-') FROM app_user u JOIN tenant t ON t.id = u.tenant_id
	WHERE t.name = 'default' ORDER BY u.name"
expect_eq "password hashes went across as stored (the same passwords sign in)" "$(sql "$hashes" "$SQ")" \
	"$(sql "$hashes" "$PG")"
expect_eq "three users have a password on PostgreSQL" 3 "$(sql "$hashes" "$PG" | grep -c argon2id || true)"
tokens="SELECT k.name || ' ' || k.token_hash || ' ' || CASE WHEN k.revoked_at IS NULL THEN 'live' ELSE 'revoked' END FROM api_token k
	JOIN tenant t ON t.id = k.tenant_id WHERE t.name = 'default' ORDER BY k.name"
expect_eq "API token hashes went across as stored, revoked or not" "$(sql "$tokens" "$SQ")" "$(sql "$tokens" "$PG")"
expect_eq "three tokens on PostgreSQL, one revoked" "3 1" \
	"$(sql "$tokens" "$PG" | wc -l) $(sql "$tokens" "$PG" | grep -c ' revoked$' || true)"
# ... and they sign in on PostgreSQL: ann with her password, the ERP with its token
RECOUP_DB=$PG ERP_TOKEN=$(tail -1 "$TMP/erp.token") serve_py <<'PY'
import os
s = sc.Server()
ann = sc.Client(s, "ann", "ann-password")
sc.expect("ann signs in on PostgreSQL with the password she set on SQLite", ann.signin, 201)
sc.expect("... and sees her queue", ann.get("/api/v1/queue"), 200)
sc.expect("a wrong password is still refused", sc.Client(s, "ann", "not-her-password").signin, 401)
sc.expect("the disabled ben stays disabled", sc.Client(s, "ben", "ben-password").signin, 401)
sc.expect("the ERP's token still works", sc.Client(s, token=os.environ["ERP_TOKEN"]).get("/api/v1/customers"), 200)
s.stop()
PY

# a target tenant that already has a user of the same name: refused before anything is written, naming it
# (t0649: with two tenants, the first is not copied either)
psql -q -d "$PG" -c "CREATE DATABASE pre" >/dev/null
PRE="${PG%/*}/pre"
echo "other-password" | "$RECOUP" --db "$PRE" user add root --role admin --password-stdin >/dev/null
expect_exit 1 recoup --db "$SQ" migrate --to "$PRE"
expect_stderr_contains "tenant 'default': user 'root' already exists on the target; nothing was copied"
expect_eq "... and nothing was written" "0 1" \
	"$(sql "SELECT count(*) FROM customer" "$PRE") $(sql "SELECT count(*) FROM app_user" "$PRE")"

db_snapshot "$PG"
expect_exit 1 recoup --db "$SQ" migrate --to "$PG"
expect_stderr_contains "already holds data on the target; nothing was copied"
expect_db_unchanged "a refused migrate changes nothing" "$PG"

finish
