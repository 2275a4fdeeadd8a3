#!/usr/bin/env bash
# The workspace in a real browser (tests/web/t1021-web-dispute-retry.mjs):
# the dispute form after a call log whose answer was lost: pressed again,
# the log alone is tried again; one dispute, one call logged.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
web_node t1021-web-dispute-retry.mjs
finish
