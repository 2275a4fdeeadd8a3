-- rules_breach: the code of the contact rule that refused an outbound
-- attempt at its moment, '' when allowed or not judged (as SQLite's 0037,
-- which says more). Rows written before it are '' (not judged then). A
-- column with a constant default: no rewrite of the table, partitioned by
-- tenant or not (t0430).
ALTER TABLE contact_attempt ADD COLUMN rules_breach text NOT NULL DEFAULT '';

-- contact_attempt_breach: the breaches alone, by moment, for the report's
-- section `rules` (as SQLite's 0037, which gives the figures). The
-- statement repeats the WHERE below, so the planner may use it.
CREATE INDEX contact_attempt_breach ON contact_attempt (tenant_id, at) WHERE rules_breach <> '';
