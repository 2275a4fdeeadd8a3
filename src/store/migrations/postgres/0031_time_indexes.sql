-- The time columns of the contact history and the promises (SQLite's 0034
-- makes the same; see its comments): the reports over a period read the
-- attempts (`at`) and the promises made (`made_at`) of that period through
-- them instead of every row of the tenant.
CREATE INDEX contact_attempt_at ON contact_attempt (tenant_id, at);
CREATE INDEX promise_made_at ON promise (tenant_id, made_at);
