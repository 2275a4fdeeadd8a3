-- The work queue's candidates (store_queue_calls_each): a collector's
-- assignments, each probed for a waiting call due. action_waiting holds
-- every waiting action (140,421 on the bench book of 1,000,000 customers,
-- a fifth of them calls) and none of the columns the queue reads, so each
-- probe also read the action's row: 40 ms of the 67 ms a queue took. This
-- index holds only the waiting calls, with every column the queue reads,
-- in the order it reads them (customer, currency, moment), so a probe is
-- one lookup in a small, warm index. The run writes a few thousand calls a
-- day: the index costs it next to nothing.
CREATE INDEX action_call_due ON action(tenant_id, customer_id, currency, scheduled_at, id, contact_id)
  WHERE state = 'scheduled' AND kind = 'call';
