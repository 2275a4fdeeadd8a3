#!/usr/bin/env bash
# The workspace in a real browser (tests/web/t1019-web-narrow-address.mjs):
# the queue and the account page fit a 375 px window (a wide table scrolls
# in its card), its forms open too; an address with a malformed %-escape
# shows "No such page" and the next address is drawn.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
web_node t1019-web-narrow-address.mjs
finish
