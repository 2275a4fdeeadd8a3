#!/usr/bin/env bash
# A user added with a password is written in one transaction, the user and
# its password hash together (app/users.h): before, `recoup user add
# --password-stdin` and POST /api/v1/users committed the user, then set its
# password in a second transaction, so a crash or an error between the two
# left a user who could not sign in and whom a second add refused as a
# duplicate. Here every store call of the add fails in turn
# (RECOUP_TEST_FAULT_AT=N): each run exits 3 and leaves the database as it
# was, never a user without a password. Then through the server: a refused
# password adds no user, a duplicate name keeps the existing user's
# password, and a user added with a password signs in with it.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
echo "ada-password" | recoup user add ada --role admin --password-stdin >/dev/null

# 1. the command: a fault at each store call changes nothing
copy=$(db_copy "$RECOUP_DB" count)
echo "cid-password-1" | RECOUP_TEST_FAULT_AT=count "$RECOUP" --db "$copy" user add cid --role collector \
	--password-stdin >/dev/null 2>"$TMP/count.err"
db_drop "$copy"
n=$(sed -n 's/^store calls: //p' "$TMP/count.err")
if [[ -z "$n" || "$n" -lt 4 ]]; then
	fail "user add --password-stdin: the store calls are counted" "got '$n'" "$(_show "$TMP/count.err")"
	n=0
else
	pass "user add --password-stdin: $n store calls"
fi
db_snapshot
bad=0
for ((i = 1; i <= n; i++)); do
	echo "cid-password-1" >"$TMP/pw"
	run env RECOUP_TEST_FAULT_AT=$i "$RECOUP" user add cid --role collector --password-stdin <"$TMP/pw"
	if [[ $status != 3 ]] || ! grep -qF "injected fault at store call $i" "$TMP/err"; then
		fail "user add: a fault at call $i exits 3" "got exit $status; stderr:" "$(_show "$TMP/err")"
		bad=1
		break
	fi
	db_dump >"$TMP/now.sql"
	if ! cmp -s "$TMP/snapshot.sql" "$TMP/now.sql"; then
		fail "user add: a fault at call $i leaves the database unchanged (no user without its password)" \
			"$(diff -u "$TMP/snapshot.sql" "$TMP/now.sql" | sed -n '3,30p')"
		bad=1
		break
	fi
done
[[ $bad == 0 ]] && pass "user add: a fault at each of the $n calls exits 3 and adds no user"
echo "short" >"$TMP/pw"
run "$RECOUP" user add cid --role collector --password-stdin <"$TMP/pw"
expect_eq "a refused password exits 1 (input)" "1" "$status"
expect_db_unchanged "a refused password adds no user"
echo "cid-password-1" >"$TMP/pw"
expect_exit 0 env RECOUP_TEST_FAULT_AT=$((n + 1)) "$RECOUP" user add cid --role collector --password-stdin <"$TMP/pw"
expect_eq "cid is added with a password hash" "1" \
	"$(sql "SELECT count(*) FROM app_user WHERE name = 'cid' AND password_hash LIKE '\$argon2id\$%'")"

# 2. the server: the same use case
serve_py <<'PY'
s = sc.Server()
ada = sc.Client(s, "ada", "ada-password")
sc.check("ada signs in", ada.signin.status == 201, ada.signin)
r = ada.post("/api/v1/users", {"name": "dee", "role": "collector", "password": "2short"})
sc.expect("a password under 8 bytes is refused", r, 422)
sc.check("... naming the field", (r.json or {}).get("error", {}).get("field") == "password", r)
r = ada.post("/api/v1/users", {"name": "cid", "role": "collector", "password": "another-password"})
sc.expect("a duplicate name is a conflict", r, 409, "conflict")
cid = sc.Client(s, "cid", "cid-password-1")
sc.check("... and cid keeps the password it was added with", cid.signin.status == 201, cid.signin)
r = ada.post("/api/v1/users", {"name": "eve", "role": "collector", "password": "eve-password-1"})
sc.expect("eve is added with a password", r, 201)
eve = sc.Client(s, "eve", "eve-password-1")
sc.check("... and signs in with it", eve.signin.status == 201, eve.signin)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "no user dee" "0" "$(sql "SELECT count(*) FROM app_user WHERE name = 'dee'")"
expect_eq "one audited add and one password for eve, in that order" "user.add
user.password" "$(sql "SELECT action FROM audit_log WHERE ref = 'eve' AND action LIKE 'user.%' ORDER BY id")"
finish
