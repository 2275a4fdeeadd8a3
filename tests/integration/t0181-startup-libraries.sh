#!/usr/bin/env bash
# What a recoup process loads: libpq, libcurl, libmicrohttpd (GnuTLS) and
# pango/cairo (glib, fontconfig, X11) are opened when a command needs them,
# never at the start (CMakeLists.txt, store/postgres/pq_dl.h): a command on
# a SQLite file loads none of them, a PDF letter loads pango and cairo. A
# library that cannot be loaded is a clear error (exit 3) that changes
# nothing: a PostgreSQL database, a letter and the server each tried with a
# library that is not the one they need (LD_LIBRARY_PATH: an empty file, or
# libm under the library's name).
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"

recoup init >/dev/null
recoup import customers "$DATA/letters/customers.csv" >/dev/null
recoup import invoices "$DATA/letters/invoices.csv" >/dev/null
db_snapshot

# loaded NAME CMD...: the loader's list of the files CMD opened (LD_DEBUG=files), in $TMP/loaded
loaded() {
	rm -f "$TMP"/ld.*
	LD_DEBUG=files LD_DEBUG_OUTPUT="$TMP/ld" "$@" >"$TMP/out" 2>"$TMP/err" || true
	cat "$TMP"/ld.* | sed -n 's/^[[:space:]]*[0-9]*:[[:space:]]*file=\([^ ]*\) .*/\1/p' | sort -u >"$TMP/loaded"
}
expect_not_loaded() { # DESC PATTERN: no file in $TMP/loaded matches the extended regular expression
	if grep -qE -- "$2" "$TMP/loaded"; then
		fail "$1" "loaded:" "$(grep -E -- "$2" "$TMP/loaded")"
	else
		pass "$1"
	fi
}
expect_loaded() { # DESC PATTERN
	if grep -qE -- "$2" "$TMP/loaded"; then
		pass "$1"
	else
		fail "$1" "loaded:" "$(_show "$TMP/loaded")"
	fi
}
heavy='^lib(pq|curl|microhttpd|gnutls|ssl|crypto|gssapi_krb5|ldap|pango|cairo|glib|gobject|fontconfig|X11)'

loaded "$RECOUP" customer show PL1 --as-of 2026-11-24
expect_loaded "the loader's list is read (sqlite)" '^libsqlite3\.so'
expect_stdout_contains "customer PL1"
expect_not_loaded "customer show on SQLite loads no libpq, curl, microhttpd or pango" "$heavy"
loaded "$RECOUP" help
expect_not_loaded "help loads none of them either" "$heavy"

loaded "$RECOUP" letter PL1 --as-of 2026-11-24 --out "$TMP/pl1.pdf"
expect_eq "the letter is written" "%PDF" "$(head -c 4 "$TMP/pl1.pdf")"
expect_loaded "a letter loads pango and cairo" '^libpangocairo-1\.0\.so\.0$'
expect_loaded "... with cairo" '^libcairo\.so'
expect_not_loaded "... and not libpq or curl" '^lib(pq|curl|microhttpd)'

# A library that is not there, or not the one needed
mkdir "$TMP/libs"
: >"$TMP/libs/libpq.so.5"
expect_exit 3 env LD_LIBRARY_PATH="$TMP/libs" "$RECOUP" --db "postgresql://nobody@127.0.0.1:1/none" aging
expect_stderr_contains "PostgreSQL support needs libpq.so.5: $TMP/libs/libpq.so.5: file too short"
rm "$TMP/libs/libpq.so.5"
libm=$(ldd "$RECOUP" | awk '$1 == "libm.so.6" { print $3 }')
ln -s "$libm" "$TMP/libs/libpq.so.5"
expect_exit 3 env LD_LIBRARY_PATH="$TMP/libs" "$RECOUP" --db "postgresql://nobody@127.0.0.1:1/none" aging
expect_stderr_contains "PostgreSQL support needs libpq.so.5 with PQclear: "
expect_stderr_contains "undefined symbol: PQclear"

ln -s "$libm" "$TMP/libs/libpangocairo-1.0.so.0"
expect_exit 3 env LD_LIBRARY_PATH="$TMP/libs" "$RECOUP" letter USB --as-of 2026-11-24 --out "$TMP/usb.pdf"
expect_stderr_contains "PDF letters need libpangocairo-1.0.so.0 with cairo_create: "
if [[ -e $TMP/usb.pdf ]]; then fail "no letter file without pango" "$(ls -l "$TMP/usb.pdf")"; else pass "no letter file without pango"; fi

: >"$TMP/libs/libmicrohttpd.so.12"
expect_exit 3 env LD_LIBRARY_PATH="$TMP/libs" timeout 60 "$RECOUP" serve --listen 127.0.0.1:0
expect_stderr_contains "recoup serve needs libmicrohttpd.so.12: $TMP/libs/libmicrohttpd.so.12: file too short"
expect_db_unchanged "a library missing changed nothing"

finish
