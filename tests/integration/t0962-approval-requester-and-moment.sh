#!/usr/bin/env bash
# An approval is decided by someone other than the one who asked, after it
# was asked (docs/agreements.md, "Approvals"). Two holes: the requester could
# reject (so decide) her own request, the four-eyes rule being checked for an
# approval only; and a decision's --at could be before the request, so that
# an approved settlement held the invoices from a moment before the offer
# existed, and an approved write-off was posted to the ledger on a day before
# it was asked (the month-end aging of that day rebuilt without the debt).
# Both are now refused (exit 1) with the reason, and change nothing; a
# disabled user decides nothing either.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-07-01,2026-08-01,BRL,2500.00
A2,ACME,2026-07-01,2026-08-10,BRL,1500.00
W1,WAW,2026-07-01,2026-08-01,PLN,700.00
CSV
recoup user add carol --role collector >/dev/null
recoup user add mike --role manager >/dev/null
recoup user add dan --role manager >/dev/null
recoup user disable dan >/dev/null

run recoup settlement offer ACME --pay 3000.00 --by 2026-11-30 --at 2026-11-01T10:00:00Z --by-user carol \
	--request-approval
expect_eq "carol's offer beyond her authority waits for approval" 0 "$status"
run recoup writeoff WAW --reason "debtor unreachable" --at 2026-11-05T10:00:00Z --by-user carol
expect_eq "carol's write-off waits for approval" 0 "$status"

db_snapshot
run recoup approval reject 1 --by-user carol --reason "never mind"
expect_eq "the requester may not reject her own request either: exit 1" 1 "$status"
expect_stderr_contains "user 'carol' requested settlement 1: someone else must decide it"
run recoup approval approve 1 --by-user dan
expect_eq "a disabled manager may not approve: exit 1" 1 "$status"
expect_stderr_contains "--by-user: user 'dan' is disabled"
run recoup approval approve 1 --by-user mike --at 2026-10-20T10:00:00Z
expect_eq "an approval dated before the request: exit 1" 1 "$status"
expect_stderr_contains "--at 2026-10-20T10:00:00Z is before settlement 1 was requested (2026-11-01T10:00:00Z)"
run recoup approval reject 1 --by-user mike --reason "no" --at 2026-11-01T09:59:59Z
expect_eq "a rejection dated before the request: exit 1" 1 "$status"
expect_stderr_contains "--at 2026-11-01T09:59:59Z is before settlement 1 was requested (2026-11-01T10:00:00Z)"
run recoup approval approve 2 --by-user mike --at 2026-11-01T10:00:00Z
expect_eq "a write-off approved before it was asked: exit 1" 1 "$status"
expect_stderr_contains "--at 2026-11-01T10:00:00Z is before write_off 2 was requested (2026-11-05T10:00:00Z)"
expect_db_unchanged "the refused decisions change nothing"

run recoup approval approve 1 --by-user mike --at 2026-11-02T09:00:00Z
expect_eq "mike approves the settlement after it was asked" 0 "$status"
expect_eq "both its holds start at the approval" "2" \
	"$(sql "SELECT COUNT(*) FROM account_hold h JOIN agreement a ON a.id = h.source_id
	        WHERE h.kind = 'settlement' AND h.from_at = a.decided_at AND a.made_at < a.decided_at")"
run recoup approval approve 2 --by-user mike --at 2026-11-05T10:00:00Z
expect_eq "the write-off approved at the moment it was asked" 0 "$status"
expect_eq "the write-off is posted on the day of the approval, not before the request" "2026-11-05 -70000" \
	"$(sql "SELECT date || ' ' || amount FROM ledger_entry WHERE kind = 'write_off'")"
# the month-end aging of a day before the request still owes W1
run recoup aging --as-of 2026-11-04 --format csv
expect_stdout_contains "PLN,0.00,0.00,0.00,0.00,700.00,0.00,0.00,700.00,0.00,700.00"
run recoup aging --as-of 2026-11-05 --format csv
expect_eq "and from the approval's day on, nothing in PLN" "0" "$(grep -c '^PLN' "$TMP/out" || true)"
expect_eq "who decided what is in the audit trail" "approval.approve 1 mike|approval.approve 2 mike" \
	"$(sql_join '|' "SELECT action || ' ' || ref || ' ' || actor FROM audit_log WHERE action LIKE 'approval.%' ORDER BY id")"
finish
