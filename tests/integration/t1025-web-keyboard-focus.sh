#!/usr/bin/env bash
# A collector's flow by keyboard alone (tests/web/t1025-web-keyboard-focus.mjs):
# sign in, queue, account, promise, next account, back to the queue; after
# each move to another page the focus is in the new page's main region.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
web_node t1025-web-keyboard-focus.mjs
expect_eq "the database holds the promise made by keyboard" "1" "$(sql "SELECT COUNT(*) FROM promise")"
finish
