#!/usr/bin/env bash
# A double click or a key pressed twice records once (tests/web/t1022-web-double-submit.mjs):
# the promise form double-clicked and submitted by Enter twice, outcome 1 pressed
# twice, outcome 2 held down, the dispute form double-clicked: one promise, one call,
# one dispute each; a note typed and outcome 7 pressed at once: the call with its note.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
web_node t1022-web-double-submit.mjs
expect_eq "the database holds two promises, six calls (promise, no answer, voicemail, promise, refused, dispute) and one dispute" "2 6 1" \
	"$(sql "SELECT COUNT(*) FROM promise") $(sql "SELECT COUNT(*) FROM contact_attempt WHERE channel = 'call'") $(sql "SELECT COUNT(*) FROM dispute")"
expect_eq "the refused call holds the note typed just before its key" "asked for the statement again" \
	"$(sql "SELECT note FROM contact_attempt WHERE channel = 'call' AND outcome = 'refused'")"
finish
