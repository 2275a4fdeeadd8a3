-- History imported from another system: see the SQLite migration
-- 0010_history_import.sql. The keys lead with tenant_id, so that they hold
-- on tables partitioned by tenant (t0430).
ALTER TABLE contact_attempt ADD COLUMN ref text;
ALTER TABLE contact_attempt ADD COLUMN import_id bigint;
CREATE UNIQUE INDEX contact_attempt_ref ON contact_attempt (tenant_id, ref);

ALTER TABLE customer_flag ADD COLUMN ref text;
ALTER TABLE customer_flag ADD COLUMN import_id bigint;
CREATE UNIQUE INDEX customer_flag_ref ON customer_flag (tenant_id, ref);
