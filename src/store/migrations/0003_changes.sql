-- Corrections: every change made to a customer or a contact after it was
-- imported (`recoup customer set`, `contact set`, `import customers --update`),
-- with the value before and after, who made it and when. Append-only: the
-- history of a record is never rewritten. Moments are RFC 3339 UTC text.

CREATE TABLE record_change (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  -- the customer the record belongs to (itself, or a contact's customer)
  customer_id  INTEGER NOT NULL REFERENCES customer(id),
  entity       TEXT NOT NULL CHECK (entity = 'customer' OR entity = 'contact'),
  ref          TEXT NOT NULL,
  field        TEXT NOT NULL,
  old_value    TEXT NOT NULL,
  new_value    TEXT NOT NULL,
  changed_by   TEXT NOT NULL,
  changed_at   TEXT NOT NULL,
  import_id    INTEGER REFERENCES import_batch(id)
);
CREATE INDEX record_change_customer ON record_change(customer_id, id);

CREATE TRIGGER record_change_no_update BEFORE UPDATE ON record_change
BEGIN SELECT RAISE(ABORT, 'changes are never updated'); END;
CREATE TRIGGER record_change_no_delete BEFORE DELETE ON record_change
BEGIN SELECT RAISE(ABORT, 'changes are never deleted'); END;
