#!/usr/bin/env bash
# API tokens for machine clients: recoup token create|list|revoke,
# Authorization: Bearer, the token's role, no CSRF for a bearer write,
# revocation refused at once, only the hash stored.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"

recoup init >/dev/null
serve_setup
expect_exit 1 recoup token create erp --role emperor
expect_stderr_contains "role 'emperor' is not a role"
expect_exit 1 recoup token create "Bad Name" --role manager
expect_exit 2 recoup token create erp
expect_exit 0 recoup token create erp --role manager
ERP=$(cat "$TMP/out")
expect_exit 0 recoup token create dialer --role collector
DIALER=$(cat "$TMP/out")
expect_exit 1 recoup token create erp --role admin
expect_stderr_contains "token 'erp' exists already"
# a token whose secret cannot be printed (standard output full) is not created: its secret
# would be lost and its name taken for good (it was, until 2026-12-07)
db_snapshot
status=0
"$RECOUP" token create lost --role manager >/dev/full 2>"$TMP/err" || status=$?
expect_eq "a token whose secret cannot be printed: exit 3" 3 "$status"
expect_stderr_contains "it was not created, and its name is free"
expect_db_unchanged "... and nothing is stored, not even its audit entry"
expect_exit 0 recoup token create lost --role manager
expect_exit 0 recoup token revoke lost
if [[ $ERP =~ ^1\.[A-Za-z0-9_-]{43}$ ]]; then
	pass "a token is the tenant and 32 random bytes in base64url"
else
	fail "a token is the tenant and 32 random bytes in base64url" "$ERP"
fi
if [[ -z $(sql "SELECT name FROM api_token WHERE token_hash LIKE '%${ERP#1.}%'") && $(sql "SELECT length(token_hash) FROM api_token WHERE name = 'erp'") == 64 ]]; then
	pass "only the token's hash is stored"
else
	fail "only the token's hash is stored" "$(sql "SELECT * FROM api_token")"
fi
expect_exit 0 recoup token list
expect_stdout_contains "erp"
expect_stdout_contains "dialer"

export ERP DIALER
serve_py <<'PY'
import os, subprocess
s = sc.Server()
erp = sc.Client(s, token=os.environ["ERP"])
dialer = sc.Client(s, token=os.environ["DIALER"])
sc.expect("a manager token reads the aging", erp.get("/api/v1/aging"), 200)
pay = {"payment_ref": "P-T1", "customer_ref": "C001", "date": "2026-11-01", "amount": "5.00", "currency": "USD"}
sc.expect("a bearer write needs no CSRF token", erp.post("/api/v1/payments", pay), 201)
sc.expect("a collector token on a manager route", dialer.get("/api/v1/aging"), 403, "forbidden")
sc.expect("a collector token sees no customer (none is assigned to it)", dialer.get("/api/v1/customers/C001"), 404, "not_found")
sc.expect("an unknown token", sc.Client(s, token="1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA").get("/api/v1/customers"), 401, "unauthenticated")
sc.expect("a malformed token", sc.Client(s, token="not a token").get("/api/v1/customers"), 401, "unauthenticated")
sc.expect("Basic authentication", s.request("GET", "/api/v1/customers", headers={"Authorization": "Basic YTpi"}), 401, "unauthenticated")
p = subprocess.run([sc.RECOUP, "token", "revoke", "erp"], capture_output=True)
sc.check("token revoke", p.returncode == 0, p.stderr)
sc.expect("a revoked token is refused at once", erp.get("/api/v1/aging"), 401, "unauthenticated")
p = subprocess.run([sc.RECOUP, "token", "revoke", "erp"], capture_output=True)
sc.check("revoking it again: not found (exit 1)", p.returncode == 1, p.stderr)
log = open(s.log_path).read()
sc.check("the access log names the token", "user=token:erp " in log, log[-800:])
sc.check("the access log does not hold the token", os.environ["ERP"].split(".")[1] not in log)
sc.check("SIGTERM: exit 0", s.stop() == 0)
PY
expect_eq "the token's payment was recorded once" "1" "$(sql "SELECT count(*) FROM payment WHERE ref = 'P-T1'")"
expect_exit 0 recoup token list
expect_stdout_contains "revoked"
finish
