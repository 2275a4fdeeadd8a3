#!/usr/bin/env bash
# SQLite's own check of the file says "ok" on a book with a record of
# actions. SQLite 3.40 (Debian 12's) misreads, in PRAGMA integrity_check and
# quick_check, a NOT NULL column of a WITHOUT ROWID table declared before one
# of the key's columns: action_invoice declared action_id before invoice_id
# and step_key, and an intact book printed a false "NULL value in
# action_invoice.action_id" line per row (the pragma stops at 100 lines, so
# a real line after them was hidden). Migration 0045 declares action_id last.
# Here: a book's runs, then the check; then the same book put back in the
# layout before 0045 by plain SQL (the false lines come back, which shows
# this SQLite has the fault) and opened by recoup, which migrates it: the
# check is whole again and the rows are the same.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
W1,WAW,2026-09-01,2026-10-01,PLN,100.00
W2,WAW,2026-09-01,2026-10-01,PLN,200.00
W3,WAW,2026-09-01,2026-10-20,PLN,300.00
CSV
daily_run 2026-10-31
rows=$(sql "SELECT count(*) FROM action_invoice")
if (( rows >= 3 )); then
	pass "the runs recorded $rows action invoices"
else
	fail "the runs record action invoices" "$rows"
fi
expect_eq "integrity_check: ok" "ok" "$(sql "PRAGMA integrity_check")"
expect_eq "quick_check: ok" "ok" "$(sql "PRAGMA quick_check")"
before=$(sql "SELECT tenant_id, action_id, invoice_id, step_key FROM action_invoice ORDER BY 1, 2, 3, 4")

# the layout before 0045, by plain SQL (0042's table)
sqlite3 "$RECOUP_DB" "
PRAGMA foreign_keys = OFF;
BEGIN;
DROP TRIGGER action_invoice_watch_update;
DROP TRIGGER action_invoice_watch_move;
DROP TRIGGER action_invoice_watch_delete;
DROP INDEX action_invoice_action;
ALTER TABLE action_invoice RENAME TO action_invoice_new;
CREATE TABLE action_invoice (
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  action_id   INTEGER NOT NULL,
  invoice_id  INTEGER NOT NULL,
  step_key    INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, invoice_id, step_key),
  FOREIGN KEY (tenant_id, action_id) REFERENCES action(tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice(tenant_id, id),
  FOREIGN KEY (tenant_id, step_key) REFERENCES step_key(tenant_id, id)
) WITHOUT ROWID;
INSERT INTO action_invoice SELECT tenant_id, action_id, invoice_id, step_key FROM action_invoice_new;
DROP TABLE action_invoice_new;
CREATE INDEX action_invoice_action ON action_invoice(tenant_id, action_id);
CREATE TRIGGER action_invoice_watch_update AFTER UPDATE ON action_invoice
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM action
    WHERE id = NEW.action_id AND tenant_id = NEW.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER action_invoice_watch_move AFTER UPDATE OF tenant_id, action_id ON action_invoice
  WHEN OLD.tenant_id IS NOT NEW.tenant_id OR OLD.action_id IS NOT NEW.action_id
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM action
    WHERE id = OLD.action_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;
CREATE TRIGGER action_invoice_watch_delete AFTER DELETE ON action_invoice
  BEGIN INSERT INTO run_dirty SELECT tenant_id, customer_id FROM action
    WHERE id = OLD.action_id AND tenant_id = OLD.tenant_id ON CONFLICT DO NOTHING; END;
DELETE FROM schema_migration WHERE name = '0045_action_invoice_order';
COMMIT;
PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
expect_eq "in the old layout this SQLite prints a false line per row" "$rows" \
	"$(sql "PRAGMA integrity_check" | grep -c '^NULL value in action_invoice.action_id$' || true)"
expect_exit 0 recoup user list
expect_eq "opened by recoup: migrated" "0045_action_invoice_order" \
	"$(sql "SELECT name FROM schema_migration WHERE name = '0045_action_invoice_order'")"
expect_eq "the check is whole again" "ok" "$(sql "PRAGMA integrity_check")"
expect_eq "the same rows" "$before" \
	"$(sql "SELECT tenant_id, action_id, invoice_id, step_key FROM action_invoice ORDER BY 1, 2, 3, 4")"
expect_eq "action_id last" "tenant_id invoice_id step_key action_id" \
	"$(echo $(sql "SELECT name FROM pragma_table_info('action_invoice') ORDER BY cid"))"
expect_eq "its triggers and index back" "4" \
	"$(sql "SELECT count(*) FROM sqlite_master WHERE tbl_name = 'action_invoice' AND type IN ('index', 'trigger')")"
daily_run 2026-10-31
expect_eq "a run again records nothing new" "$before" \
	"$(sql "SELECT tenant_id, action_id, invoice_id, step_key FROM action_invoice ORDER BY 1, 2, 3, 4")"
finish
