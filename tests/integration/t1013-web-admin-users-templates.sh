#!/usr/bin/env bash
# The administration of templates, users and assignments in a real browser
# (tests/web/t1013-web-admin-users-templates.mjs): a template's invalid
# placeholder refused with the reason beside the text, then fixed and
# stored; an admin adds a user (a bad name refused beside the field) and
# disables one; a manager changes a collector's capacity but sees no admin
# controls; the accounts per collector, one account given to another
# collector, a rebalance; axe-core; screenshots.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/serve_lib.sh"
source "$SRCDIR/tests/integration/web_lib.sh"

web_setup
echo "ada-password" | recoup user add ada --role admin --password-stdin >/dev/null
web_node t1013-web-admin-users-templates.mjs
expect_eq "the audit trail has the browser's changes" "assignment.set template.set user.add user.disable user.enable user.set" \
	"$(sql_join " " "SELECT DISTINCT action FROM audit_log WHERE action IN ('assignment.set', 'template.set', 'user.add',
	  'user.disable', 'user.enable', 'user.set') ORDER BY action")"
finish
