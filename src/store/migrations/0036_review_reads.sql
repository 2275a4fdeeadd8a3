-- The two reviews of the run that read history (PostgreSQL's 0033 makes the
-- same).
--
-- credit_review: how far the run's credit review has read the credit_hold
-- actions. store_credit_holds_from_actions read every credit_hold action up
-- to the as-of date, every day, to find the few recorded since the last
-- review (the run records them after its review, so they get their holds
-- the next day): 4,713 actions for 108 holds after 40 daily runs at 100,000
-- customers, and growing by the hundred a day. action_id: every
-- credit_hold action with an id up to it was read by a review whose as-of
-- date was on or after its run date, and so has its hold, or was neither
-- scheduled nor done then (a credit_hold action never becomes either
-- again: it is only ever cancelled). Each review moves it to the last
-- credit_hold action, unless a run is dated after the review's date (a
-- replay of a past date), whose actions must wait for a review of their
-- date. No row: none read yet (0), as on a book migrated here, whose first
-- review reads them all once.
CREATE TABLE credit_review (
  tenant_id  INTEGER NOT NULL REFERENCES tenant(id),
  action_id  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id)
);
-- action_credit_hold in id order: the review reads the actions after the
-- mark, not every one since the first run (0035's was in run_date order).
DROP INDEX action_credit_hold;
CREATE INDEX action_credit_hold ON action(tenant_id, id, run_date, kind, state, customer_id, step)
  WHERE kind = 'credit_hold';

-- action_returned: the actions of the returned payments' steps (strategy
-- "nsf-<payment id>", RETURNED_STRATEGY_PREFIX in store/returned.h). The
-- returned review asks, of each reversal dated in its 14 days, whether its
-- payment's step is recorded: through action_customer it read the
-- customer's actions, a row each, up to one of that strategy (at 1,000,000
-- customers 4,196 reversals in the window the next day, every one
-- handled). Here it is a seek in an index of these actions alone, a handful
-- a day; the statement repeats the WHERE below, as SQLite uses a partial
-- index only for a query whose WHERE implies the index's.
CREATE INDEX action_returned ON action(tenant_id, customer_id, strategy) WHERE strategy LIKE 'nsf-%';
-- ledger_entry_reversal with the columns that test whether a reversal is
-- handled (its customer and payment, its invoice not null): the returned
-- review reads a reversal's row only once it is not, where it read a row
-- for each reversal in its window every day. The statement, the next day
-- at 100,000 customers (412 reversals in the window, every one handled):
-- 4.2 M instructions before, 2.9 M with action_returned, 2.3 M with this
-- too. The key starts as before.
DROP INDEX ledger_entry_reversal;
CREATE INDEX ledger_entry_reversal ON ledger_entry(tenant_id, date, customer_id, payment_id, invoice_id)
  WHERE kind = 'reversal';
