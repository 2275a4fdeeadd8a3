-- action_invoice with action_id declared after its key's columns, as
-- SQLite's 0045 (whose 3.40 misreads the other order in integrity_check):
-- the two backends keep the same columns in the same order (t0410).
-- Rebuilt as 0039 rebuilt it: the same rows, constraints, index and
-- statement triggers. The new table's name before the rename is its own
-- (not 0039's action_invoice_new): t0430's partitioned schema names each
-- table's partitions after it, and 0039's are still there.
CREATE TABLE action_invoice_0042 (
  tenant_id   bigint NOT NULL,
  invoice_id  bigint NOT NULL,
  step_key    bigint NOT NULL,
  action_id   bigint NOT NULL,
  CONSTRAINT action_invoice_pkey_new PRIMARY KEY (tenant_id, invoice_id, step_key),
  CONSTRAINT action_invoice_tenant_id_action_id_fkey_new FOREIGN KEY (tenant_id, action_id)
    REFERENCES action (tenant_id, id),
  CONSTRAINT action_invoice_tenant_id_invoice_id_fkey_new FOREIGN KEY (tenant_id, invoice_id)
    REFERENCES invoice (tenant_id, id),
  CONSTRAINT action_invoice_tenant_id_step_key_fkey_new FOREIGN KEY (tenant_id, step_key)
    REFERENCES step_key (tenant_id, id)
);
INSERT INTO action_invoice_0042 (tenant_id, invoice_id, step_key, action_id)
  SELECT tenant_id, invoice_id, step_key, action_id FROM action_invoice
   ORDER BY tenant_id, invoice_id, step_key;
DROP TABLE action_invoice;
ALTER TABLE action_invoice_0042 RENAME TO action_invoice;
ALTER TABLE action_invoice RENAME CONSTRAINT action_invoice_pkey_new TO action_invoice_pkey;
ALTER TABLE action_invoice RENAME CONSTRAINT action_invoice_tenant_id_action_id_fkey_new
  TO action_invoice_tenant_id_action_id_fkey;
ALTER TABLE action_invoice RENAME CONSTRAINT action_invoice_tenant_id_invoice_id_fkey_new
  TO action_invoice_tenant_id_invoice_id_fkey;
ALTER TABLE action_invoice RENAME CONSTRAINT action_invoice_tenant_id_step_key_fkey_new
  TO action_invoice_tenant_id_step_key_fkey;
CREATE INDEX action_invoice_action ON action_invoice (tenant_id, action_id);
CREATE TRIGGER action_invoice_run_insert AFTER INSERT ON action_invoice REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION run_dirty_mark_action();
CREATE TRIGGER action_invoice_run_update AFTER UPDATE ON action_invoice
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION run_dirty_mark_action();
CREATE TRIGGER action_invoice_run_delete AFTER DELETE ON action_invoice REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION run_dirty_mark_action();
CREATE TRIGGER action_invoice_run_truncate AFTER TRUNCATE ON action_invoice
  FOR EACH STATEMENT EXECUTE FUNCTION run_watch_drop_all();
