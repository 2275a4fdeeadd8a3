#!/usr/bin/env bash
# The operations files in contrib/ (docs/operations.md) are valid as shipped:
# systemd accepts the server's service and the daily run's service and
# timer with no warning (pointed at this build's binary), and nginx accepts
# the reverse-proxy site (with a throw-away certificate); the daily service
# stores the dashboard's months after the run and the assignment. A unit with a
# misspelt key or a missing binary is refused, so the check can fail.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

units=(recoup.service recoup-daily.service recoup-daily.timer)
mkdir -p "$TMP/units"
for u in "${units[@]}"; do
	sed "s|/usr/local/bin/recoup|$RECOUP|g" "$SRCDIR/contrib/systemd/$u" >"$TMP/units/$u"
done
cd "$TMP/units"
run systemd-analyze verify "${units[@]/#/./}"
expect_eq "systemd-analyze verify accepts the units" 0 "$status"
expect_eq "and warns about nothing" "" "$(cat "$TMP/err")"
grep -q '^ExecStart=.*recoup serve --listen 127.0.0.1:' "$SRCDIR/contrib/systemd/recoup.service" &&
	pass "the server listens on loopback only" || fail "the server listens on loopback only"

expect_eq "the daily service runs, assigns, then stores the dashboard's months" \
	"run assign dashboard-refresh" \
	"$(sed -n 's|^ExecStart=/usr/local/bin/recoup \([a-z]*\)\( refresh\)\{0,1\}.*|\1\2|p' \
		"$SRCDIR/contrib/systemd/recoup-daily.service" | tr ' ' - | paste -sd ' ')"

printf '[Service]\nExecStart=%s run\nExecStrat=%s assign\n' "$RECOUP" "$RECOUP" >"$TMP/units/typo.service"
run systemd-analyze verify ./typo.service
expect_stderr_contains "Unknown key 'ExecStrat'"
rm typo.service
cd "$TMP"

openssl req -x509 -newkey rsa:2048 -nodes -keyout "$TMP/key.pem" -out "$TMP/cert.pem" -days 1 \
	-subj /CN=localhost 2>/dev/null
sed -e "s|/etc/ssl/recoup/fullchain.pem|$TMP/cert.pem|; s|/etc/ssl/recoup/privkey.pem|$TMP/key.pem|" \
	"$SRCDIR/contrib/nginx/recoup.conf" >"$TMP/site.conf"
cat >"$TMP/nginx.conf" <<CONF
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log;
events {}
http { access_log off; include $TMP/site.conf; }
CONF
run nginx -t -p "$TMP" -c "$TMP/nginx.conf"
expect_eq "nginx -t accepts the site" 0 "$status"
expect_stderr_contains "syntax is ok"
echo 'server { listen 127.0.0.1:1; proxy_pass; }' >>"$TMP/site.conf"
run nginx -t -p "$TMP" -c "$TMP/nginx.conf"
expect_eq "and refuses a broken one" 1 "$status"
finish
