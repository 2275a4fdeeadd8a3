-- The messages and calls a hold cancelled, by customer: what the daily run
-- reads for each customer it visits whose promise, plan, dispute,
-- settlement, placement or special handling has ended
-- (store_run_hold_cancelled_of, ST_HOLD_CANCELLED in store/sqlite/actions.c),
-- to do again the step the hold stopped.
--
-- The run read them through action_customer, every action of the customer,
-- and kept those whose state, reason and kind matched: in a book where many
-- customers once promised, each such visit read the customer's whole
-- history. This index holds only the rows the read keeps (an action leaves
-- it when it is done again: its state is then scheduled), in the read's
-- order, with the one column the read returns beside the key; the query's
-- WHERE repeats the index's terms word for word, which is how SQLite knows
-- the index serves it (EXPLAIN QUERY PLAN in test_store_watch's
-- test_hold_cancelled_index). The daily run writes scheduled actions, which
-- the index does not hold: its writes are unchanged. Built on 600,820
-- actions in 1.1 s (2026-12-07).
CREATE INDEX action_hold_cancelled ON action(tenant_id, customer_id, id, reason_code)
  WHERE state = 'cancelled'
    AND reason_code IN ('promise', 'plan', 'dispute', 'settlement', 'placed', 'special')
    AND kind IN ('email', 'sms', 'letter', 'call', 'visit');
