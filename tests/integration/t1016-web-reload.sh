#!/usr/bin/env bash
# A second load in a real browser (tests/web/t1016-web-reload.mjs): the
# files revalidated by ETag (304) and the queue's data fresh from the
# server; the requests early.js starts are the pages' own, taken once, and
# none for a signed-out tab; no layout shift while loading.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
web_node t1016-web-reload.mjs
finish
