#!/usr/bin/env bash
# Two managers edit the same strategy and the same user in a real browser
# (tests/web/t1020-web-stale-save.mjs): the second save is refused (412, the
# page sent If-Match) and the manager is told someone else changed it, with
# a reload; nothing is overwritten. axe-core on the refusal.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
web_node t1020-web-stale-save.mjs
finish
