#!/usr/bin/env bash
# A callback typed by a collector in New York for a customer in Tokyo
# (tests/web/t1024-web-callback-zones.mjs): the field says whose clock it
# is read on and shows the customer's time as typed; stored as typed.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
web_node t1024-web-callback-zones.mjs
expect_eq "the database holds the callback" "1" "$(sql "SELECT COUNT(*) FROM contact_attempt WHERE callback_at IS NOT NULL")"
finish
