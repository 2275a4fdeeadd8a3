-- action_credit_hold with the columns the credit review reads (PostgreSQL's
-- 0032 makes the same; issue 9).
--
-- store_credit_holds_from_actions reads every credit_hold action up to the
-- as-of date, every day, to add the holds not yet added: through the index
-- of 0029 each cost a read of the action's row (its state, customer and
-- step), a page of its own in the action table, and these actions only
-- accumulate (821 the day after the first run at 100,000 customers, a few
-- hundred more a day at 1,000,000). From this index alone the statement is
-- 17.1 M instructions instead of 20.9 M on the next day at 100,000
-- customers (most of what is left is adding that day's 821 holds), and the
-- reads no longer grow by a row read per action kept. kind is listed so
-- that the index covers the statement's test of it.
DROP INDEX action_credit_hold;
CREATE INDEX action_credit_hold ON action(tenant_id, run_date, kind, state, customer_id, step)
  WHERE kind = 'credit_hold';
