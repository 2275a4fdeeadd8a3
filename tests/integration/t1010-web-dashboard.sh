#!/usr/bin/env bash
# The manager's dashboard in a real browser (tests/web/t1010-web-dashboard.mjs):
# the aging chart's totals equal GET /api/v1/aging's, tables download as
# CSV, a collector is refused, axe-core, a screenshot in build/screenshots.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
expect_exit 0 recoup dashboard refresh --months 3
web_node t1010-web-dashboard.mjs
finish
