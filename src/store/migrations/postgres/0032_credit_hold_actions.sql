-- action_credit_hold with the columns the credit review reads (as SQLite's
-- 0035; issue 9): store_credit_holds_from_actions reads every credit_hold
-- action up to the as-of date with its state, customer and step, every day.
DROP INDEX action_credit_hold;
CREATE INDEX action_credit_hold ON action (tenant_id, run_date, kind, state, customer_id, step)
  WHERE kind = 'credit_hold';
