#!/usr/bin/env bash
# Amounts typed as the page shows them (tests/web/t1023-web-amount-entry.mjs):
# in German "1.200,50" and "490,75", in English "4,400.00" and yen "125,000",
# recorded as the amounts meant; "1,20,0" refused in the form.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
web_node t1023-web-amount-entry.mjs
expect_eq "the database holds the promises of 1200.50 USD and 125000 JPY" "120050 125000" \
	"$(sql_join " " "SELECT amount FROM promise ORDER BY amount")"
finish
