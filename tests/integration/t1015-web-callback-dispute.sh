#!/usr/bin/env bash
# A collector's outcomes in the browser (tests/web/t1015-web-callback-dispute.mjs):
# a callback at a time and a dispute logged from the account page, both in
# the timeline, the callback among the queue's reasons in its hour.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
web_node t1015-web-callback-dispute.mjs
expect_eq "the database holds the callback and the dispute" "1 1" \
	"$(sql "SELECT COUNT(*) FROM contact_attempt WHERE callback_at IS NOT NULL") $(sql "SELECT COUNT(*) FROM dispute")"
finish
