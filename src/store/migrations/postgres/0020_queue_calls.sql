-- The waiting calls with every column the work queue reads, so a probe per
-- assignment of the collector is one lookup in a small index; see the
-- SQLite 0023_queue_calls.sql.
CREATE INDEX action_call_due ON action (tenant_id, customer_id, currency, scheduled_at, id, contact_id)
  WHERE state = 'scheduled' AND kind = 'call';
