#!/usr/bin/env bash
# The workspace in a real browser (tests/web/t1018-web-retry-tabs.mjs): a
# promise and a logged call whose answers are lost on the way back are
# recorded once when the collector presses the button again (the retry
# carries the first press's Idempotency-Key); a refused promise, corrected,
# is a new one. Tabs of one browser share the session: an account opened in
# a new tab is signed in, a sign-out or a sign-in in one is taken by the
# others, and no tab's write is refused for a stale CSRF token.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
web_node t1018-web-retry-tabs.mjs
finish
