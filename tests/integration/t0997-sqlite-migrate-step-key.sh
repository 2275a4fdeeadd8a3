#!/usr/bin/env bash
# Migration 0042 on a book with a record: action_invoice rebuilt with its
# steps as step_key rows keeps every invoice's recorded step, and the run of
# the same day again records nothing new (the key still refuses a step
# recorded before the migration). The book is put back in the layout before
# 0042 and 0043 by plain SQL (action_invoice with the strategy and step as
# text, no step_key, run_watch_due), those migrations marked not applied
# (and 0045, which rebuilds the table 0042 makes, as a book of then had not
# had it), and opened again.
set -euo pipefail
source "$SRCDIR/tests/integration/lib.sh"
source "$SRCDIR/tests/integration/run_helpers.sh"

run_setup <<'CSV'
invoice_ref,customer_ref,issue_date,due_date,currency,amount
A1,ACME,2026-09-01,2026-10-01,BRL,100.00
A2,ACME,2026-10-01,2026-11-20,BRL,50.00
W1,WAW,2026-10-01,2026-11-16,PLN,70.00
B1,ANA,2026-10-01,2026-11-15,BRL,1000.00
N1,NOMAIL,2026-08-01,2026-09-01,PLN,30.00
CSV
daily_run 2026-11-17
actions_json
cp "$TMP/actions.json" "$TMP/before.json"
keys="SELECT a.id || ':' || i.ref || ':' || k.strategy || ':' || k.step FROM action_invoice ai
  JOIN step_key k ON k.id = ai.step_key JOIN action a ON a.id = ai.action_id JOIN invoice i ON i.id = ai.invoice_id
  ORDER BY 1"
sql "$keys" >"$TMP/keys-before"
n=$(wc -l <"$TMP/keys-before")
if (( n >= 4 )); then
	pass "the run recorded $n invoices' steps"
else
	fail "the run recorded invoices' steps" "$(cat "$TMP/keys-before")"
fi

sqlite3 "$RECOUP_DB" >/dev/null <<'SQL'
DROP TRIGGER action_invoice_watch_update;
DROP TRIGGER action_invoice_watch_move;
DROP TRIGGER action_invoice_watch_delete;
DROP INDEX action_invoice_action;
ALTER TABLE action_invoice RENAME TO action_invoice_new;
CREATE TABLE action_invoice (
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  action_id   INTEGER NOT NULL,
  invoice_id  INTEGER NOT NULL,
  strategy    TEXT NOT NULL,
  step        TEXT NOT NULL,
  PRIMARY KEY (tenant_id, invoice_id, strategy, step),
  FOREIGN KEY (tenant_id, action_id) REFERENCES action(tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice(tenant_id, id)
) WITHOUT ROWID;
INSERT INTO action_invoice SELECT n.tenant_id, n.action_id, n.invoice_id, k.strategy, k.step
  FROM action_invoice_new n JOIN step_key k ON k.id = n.step_key;
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
DROP TRIGGER step_key_no_update;
DROP TRIGGER step_key_no_delete;
DROP TABLE step_key;
CREATE INDEX run_watch_due ON run_watch(tenant_id, next_date) WHERE next_date IS NOT NULL;
DELETE FROM schema_migration WHERE name IN ('0042_step_key', '0043_run_watch_scan', '0045_action_invoice_order');
SQL
expect_eq "the book is in the layout before 0042" "0" \
	"$(sql "SELECT count(*) FROM sqlite_master WHERE name = 'step_key'")"

actions_json
expect_eq "the actions read after the migration are those recorded before it" \
	"$(cat "$TMP/before.json")" "$(cat "$TMP/actions.json")"
expect_eq "every invoice's step is kept, under its strategy" "$(cat "$TMP/keys-before")" "$(sql "$keys")"
expect_eq "one key per strategy and step" \
	"$(sql "SELECT count(DISTINCT strategy || ':' || step) FROM action")" "$(sql "SELECT count(*) FROM step_key")"
daily_run 2026-11-17
actions_json
expect_eq "the same day run again records nothing new" "$(cat "$TMP/before.json")" "$(cat "$TMP/actions.json")"
daily_run 2026-11-18
expect_eq "the next day runs" 0 "$status"
expect_eq "every reference holds" "" "$(sql "PRAGMA foreign_key_check")"
# whole, without the false lines SQLite 3.40 printed before migration 0045 (t1027)
expect_eq "the file is whole" "ok" "$(sql "PRAGMA quick_check")"
finish
