-- step_key: a strategy's step as a small integer in action_invoice's key
-- (docs/strategies.md, "The way to 3x", the twenty-first session).
--
-- action_invoice's primary key (tenant_id, invoice_id, strategy, step) is
-- what makes a step of an invoice happen once; the strategy and step were
-- 22 bytes of text in every row of it and of its index by action. A daily
-- run records its actions for a tenth of the customers, spread over every
-- invoice id, so it dirtied nearly every leaf of both b-trees: measured on
-- the 1,000,000-customer book (plain SQL on a copy), the key fits 899
-- leaves with the step as an integer against 2,179 with the text, its index
-- by action 814 against 2,239, and the day's actions dirty 2,869 pages
-- instead of 4,196, a seventh of the run's 9,214.
--
-- The key is the same fact: one row of step_key per (tenant, strategy,
-- step), its id in action_invoice, the same UNIQUE. The names stay in
-- action (strategy, step: what `recoup actions` prints); the store maps
-- them to the key when it records an invoice's step (store/sqlite/
-- actions.c, step_key_id) and back when it reads them. step_key is
-- append-only: a key names what was recorded, and rewriting one would
-- rewrite every invoice's record under it (which no run would see: the
-- watch does not mark it). PostgreSQL's 0039 makes the same tables.
CREATE TABLE step_key (
  id         INTEGER PRIMARY KEY,
  tenant_id  INTEGER NOT NULL REFERENCES tenant(id),
  strategy   TEXT NOT NULL,
  step       TEXT NOT NULL,
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, strategy, step)
);
CREATE TRIGGER step_key_no_update BEFORE UPDATE ON step_key
BEGIN SELECT RAISE(ABORT, 'step keys are never updated'); END;
CREATE TRIGGER step_key_no_delete BEFORE DELETE ON step_key
BEGIN SELECT RAISE(ABORT, 'step keys are never deleted'); END;

INSERT INTO step_key(tenant_id, strategy, step)
  SELECT DISTINCT tenant_id, strategy, step FROM action_invoice ORDER BY tenant_id, strategy, step;

-- Rebuilt as 0004 rebuilds a table: aside, made again, filled, dropped.
DROP TRIGGER action_invoice_watch_update;
DROP TRIGGER action_invoice_watch_move;
DROP TRIGGER action_invoice_watch_delete;
DROP INDEX action_invoice_action;
ALTER TABLE action_invoice RENAME TO action_invoice_old;
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
INSERT INTO action_invoice(tenant_id, action_id, invoice_id, step_key)
  SELECT o.tenant_id, o.action_id, o.invoice_id, k.id FROM action_invoice_old o
    JOIN step_key k ON k.tenant_id = o.tenant_id AND k.strategy = o.strategy AND k.step = o.step
   ORDER BY o.tenant_id, o.invoice_id, k.id;
DROP TABLE action_invoice_old;
CREATE INDEX action_invoice_action ON action_invoice(tenant_id, action_id);

-- 0040's marks, made again on the new table
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
