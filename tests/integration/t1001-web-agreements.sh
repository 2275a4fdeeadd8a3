#!/usr/bin/env bash
# Agreements in a real browser (tests/web/t1001-web-agreements.mjs): a plan
# that does not add up, then does; a settlement beyond authority sent for
# approval and approved by the manager on the approvals page; axe-core.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
web_node t1001-web-agreements.mjs
finish
