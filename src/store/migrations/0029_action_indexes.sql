-- The action table's indexes, against the statements that read it
-- (src/store/sqlite/*.c; issue 9). Every index is one more b-tree the run
-- writes for each action it records.
--
-- action_waiting (tenant, customer, scheduled_at) WHERE scheduled: no
-- statement needs it any more. What reads the waiting actions by customer
-- (the run's customers and waiting actions, the agency candidates) reads
-- action_run_waiting (0024), whose key starts with the same (tenant,
-- customer) and holds the same rows; the queue reads action_call_due and
-- the outbox action_outbox. No statement orders a customer's waiting
-- actions by their moment.
DROP INDEX action_waiting;
-- action_credit_hold: the run's credit review (store_credit_holds_from_actions)
-- looks for the credit_hold actions up to the as-of date that have no hold
-- yet. Through action_run_date it read every action of every run up to the
-- date, a row each, to keep the credit_hold ones: 600,819 actions for 408
-- holds on the bench book the day after the first run (5% of that day's
-- run). The run records a few hundred credit_hold actions a day, so the
-- index costs it next to nothing.
CREATE INDEX action_credit_hold ON action(tenant_id, run_date) WHERE kind = 'credit_hold';
