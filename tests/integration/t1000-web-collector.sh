#!/usr/bin/env bash
# The workspace in a real browser (tests/web/t1000-web-collector.mjs): a
# collector signs in, works the queue, logs a promise on the first
# account and sees it leave the queue; a manager's page is refused to her;
# axe-core finds no serious violation; screenshots in build/screenshots.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
web_node t1000-web-collector.mjs
finish
