-- The messages and calls a hold cancelled, by customer, as SQLite's 0047:
-- what the daily run reads for the customers of a chunk whose hold has ended
-- (store_run_hold_cancelled_of, ST_HOLD_CANCELLED in
-- store/postgres/actions.c), which read every action of those customers
-- through action_customer and kept those whose state, reason and kind
-- matched. The index holds only the rows the read keeps (an action done
-- again leaves it), in the read's order, the reason beside the key; the
-- query's WHERE repeats the index's terms, so the planner proves the
-- predicate (EXPLAIN in test_store_watch's test_hold_cancelled_index).
-- The daily run writes scheduled actions, which the index does not hold.
CREATE INDEX action_hold_cancelled ON action (tenant_id, customer_id, id, reason_code)
  WHERE state = 'cancelled'
    AND reason_code IN ('promise', 'plan', 'dispute', 'settlement', 'placed', 'special')
    AND kind IN ('email', 'sms', 'letter', 'call', 'visit');
