-- History imported from another system (`recoup import contact-history` and
-- `recoup import flags`, docs/csv.md): each row carries the file's own ref,
-- unique per tenant, so that a re-import finds what it wrote and changes
-- nothing; and the import batch that wrote it. Attempts logged and flags set
-- by hand have no ref (NULL: a unique key lets any number of them be NULL).
ALTER TABLE contact_attempt ADD COLUMN ref TEXT;
ALTER TABLE contact_attempt ADD COLUMN import_id INTEGER;
CREATE UNIQUE INDEX contact_attempt_ref ON contact_attempt (tenant_id, ref);

ALTER TABLE customer_flag ADD COLUMN ref TEXT;
ALTER TABLE customer_flag ADD COLUMN import_id INTEGER;
CREATE UNIQUE INDEX customer_flag_ref ON customer_flag (tenant_id, ref);
