-- The work queue (docs/queue.md): which collector works which account, and
-- what a logged call adds for the queue. Moments are RFC 3339 UTC text;
-- dates YYYY-MM-DD.

-- One row per customer that has a collector: `recoup assign` keeps it while
-- the account is worked (still overdue, the collector still an enabled
-- collector), deletes it when the account is no longer overdue, and gives
-- the new ones out by segment and load. `since` is the as-of date of the
-- assign that made it; `reason` says how it was chosen (team, pool, or
-- reassigned from a collector who no longer works).
CREATE TABLE assignment (
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  customer_id  INTEGER NOT NULL,
  user_id      INTEGER NOT NULL,
  since        TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  -- the customer's risk band (A-E) as of `since` or the last assign that
  -- kept it: the queue ranks by it without recounting the history per call
  risk_band    TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, customer_id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer(tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES app_user(tenant_id, id)
) WITHOUT ROWID;
-- A collector's queue reads its accounts, in customer order.
CREATE INDEX assignment_user ON assignment(tenant_id, user_id, customer_id);

-- A callback the debtor asked for (outcome callback), and the user who
-- logged the attempt by hand (NULL for imported history): the queue raises
-- the account in the hour asked and counts a collector's calls of the day.
ALTER TABLE contact_attempt ADD COLUMN callback_at TEXT;
ALTER TABLE contact_attempt ADD COLUMN logged_by TEXT;
CREATE INDEX contact_attempt_callback ON contact_attempt(tenant_id, callback_at) WHERE callback_at IS NOT NULL;
CREATE INDEX contact_attempt_logged_by ON contact_attempt(tenant_id, logged_by, at) WHERE logged_by IS NOT NULL;
