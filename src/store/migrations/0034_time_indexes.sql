-- The time columns of the contact history and the promises (PostgreSQL's
-- 0031 makes the same).
--
-- The reports over a period read the attempts of the period
-- (CONTACT_STAT_COLS in escalation.c: `at` in [from, to)) and the promises
-- made in it (the collectors' report: `made_at` in [from, to)); the only
-- indexes on either began with the customer, so each read every attempt or
-- promise of the tenant whatever the period.
CREATE INDEX contact_attempt_at ON contact_attempt(tenant_id, at);
CREATE INDEX promise_made_at ON promise(tenant_id, made_at);
