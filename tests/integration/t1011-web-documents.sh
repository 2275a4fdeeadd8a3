#!/usr/bin/env bash
# Documents in a real browser (tests/web/t1011-web-documents.mjs): upload a
# scan and a PDF and open both in the page; refusals said on the page;
# axe-core; a screenshot in build/screenshots.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
web_node t1011-web-documents.mjs
finish
