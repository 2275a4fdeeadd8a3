#!/usr/bin/env bash
# A session that expires in the browser (tests/web/t1014-web-session-expiry.mjs):
# the server's --session-idle made short, the next request's 401 brings the
# sign-in back with a message (never a blank page), and signing in again
# returns to the page the user was on.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
web_node t1014-web-session-expiry.mjs
finish
