#!/usr/bin/env bash
# The managers' administration in a real browser (tests/web/t1002-web-admin.mjs):
# a strategy step the server refuses shows its reason beside the step, then
# is fixed and stored; a CSV upload with a bad row lists the row and imports
# nothing; a collector is refused #/admin; axe-core; screenshots.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
web_node t1002-web-admin.mjs
finish
