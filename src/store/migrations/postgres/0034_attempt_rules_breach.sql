-- rules_breach: the code of the contact rule that refused an outbound
-- attempt at its moment, '' when allowed or not judged (as SQLite's 0037,
-- which says more). Rows written before it are '' (not judged then). A
-- column with a constant default: no rewrite of the table, partitioned by
-- tenant or not (t0430).
ALTER TABLE contact_attempt ADD COLUMN rules_breach text NOT NULL DEFAULT '';
