-- action_invoice with action_id declared after its key's columns, the same
-- rows. SQLite 3.40 (Debian 12's) misreads, in PRAGMA integrity_check and
-- quick_check, a NOT NULL column of a WITHOUT ROWID table declared before
-- one of the key's columns: an intact book printed a false "NULL value in
-- action_invoice.action_id" line for every row, and the pragma stops at 100
-- lines, so those lines hid any real one behind them (docs/operations.md).
-- Of every WITHOUT ROWID table of the schema only this one was so. Rebuilt
-- as 0042 rebuilt it; PostgreSQL's 0042 gives its table the same column
-- order (t0410 compares them). t1027 checks the book whole.
DROP TRIGGER action_invoice_watch_update;
DROP TRIGGER action_invoice_watch_move;
DROP TRIGGER action_invoice_watch_delete;
DROP INDEX action_invoice_action;
ALTER TABLE action_invoice RENAME TO action_invoice_old;
CREATE TABLE action_invoice (
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  invoice_id  INTEGER NOT NULL,
  step_key    INTEGER NOT NULL,
  action_id   INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, invoice_id, step_key),
  FOREIGN KEY (tenant_id, action_id) REFERENCES action(tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice(tenant_id, id),
  FOREIGN KEY (tenant_id, step_key) REFERENCES step_key(tenant_id, id)
) WITHOUT ROWID;
INSERT INTO action_invoice(tenant_id, invoice_id, step_key, action_id)
  SELECT tenant_id, invoice_id, step_key, action_id FROM action_invoice_old
   ORDER BY tenant_id, invoice_id, step_key;
DROP TABLE action_invoice_old;
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
