-- The action table's indexes (as SQLite's 0029; issue 9).
-- action_waiting: no statement needs it; what reads a customer's waiting
-- actions reads action_run_waiting (0021), same leading key, same rows.
DROP INDEX action_waiting;
-- action_credit_hold: the credit review (store_credit_holds_from_actions)
-- reads the credit_hold actions up to the as-of date, not every action.
CREATE INDEX action_credit_hold ON action (tenant_id, run_date) WHERE kind = 'credit_hold';
