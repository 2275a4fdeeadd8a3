#!/usr/bin/env bash
# make demo (scripts/demo) on the embedded default, in a folder of its own: the
# sample portfolio, its aging and KPIs, a rules check, the daily run, the two
# collectors and their queue, the dashboard's months; then the workspace: the
# server it starts answers on loopback and the sign-in it prints works. The
# README's first promise, run by no other test: a broken demo went unnoticed.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
export DEMO_RECOUP=$RECOUP DEMO_DB=$TMP/demo.db DEMO_DATA=$TMP/demo-data DEMO_CUSTOMERS=300
export DEMO_SERVE_LOG=$TMP/demo-serve.log DEMO_LISTEN=127.0.0.1:$port
"$SRCDIR/scripts/demo" >"$TMP/demo.out" 2>"$TMP/demo.err" &
demo=$!
trap 'kill "$demo" 2>/dev/null || true' EXIT
up=0
for _ in $(seq 1 600); do
	if curl -sf "http://127.0.0.1:$port/healthz" >/dev/null 2>&1; then
		up=1
		break
	fi
	kill -0 "$demo" 2>/dev/null || break
	sleep 0.1
done
expect_eq "the demo ends in the workspace's server, answering on 127.0.0.1:$port" 1 "$up" || true
for section in "== may we call customer C0000001" "== today's daily run" "== two collectors" \
	"== the manager's dashboard" "== the workspace in the browser: http://127.0.0.1:$port/"; do
	if grep -qF -- "$section" "$TMP/demo.out"; then pass "the demo prints: $section"; else
		fail "the demo prints: $section" "$(tail -20 "$TMP/demo.out")" "$(tail -20 "$TMP/demo.err")"; fi
done
expect_eq "the demo's run recorded actions" 1 "$(($(sql "SELECT count(*) FROM action" "$DEMO_DB") > 0))"
expect_eq "its dashboard months are stored" 1 "$(($(sql "SELECT count(*) FROM kpi_month" "$DEMO_DB") > 0))"
code=$(curl -s -o "$TMP/session.json" -w '%{http_code}' -H 'Content-Type: application/json' \
	-d '{"user":"ann","password":"ann-demo-password"}' "http://127.0.0.1:$port/api/v1/session" || true)
expect_eq "ann signs in with the password the demo prints" 201 "$code"
code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)
expect_eq "the workspace's page is served" 200 "$code"
kill "$demo" 2>/dev/null || true
wait "$demo" 2>/dev/null || true
trap - EXIT
finish
