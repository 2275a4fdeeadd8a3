-- The two reviews of the run that read history (as SQLite's 0036, which
-- says more).
--
-- credit_review: how far the run's credit review has read the credit_hold
-- actions. action_id: every credit_hold action with an id up to it was read
-- by a review whose as-of date was on or after its run date, and so has its
-- hold, or was neither scheduled nor done then (a credit_hold action is
-- only ever cancelled after). Each review moves it to the last
-- credit_hold action unless a run is dated after the review's date. No
-- row: none read yet (0).
CREATE TABLE credit_review (
  tenant_id  bigint NOT NULL REFERENCES tenant (id),
  action_id  bigint NOT NULL,
  PRIMARY KEY (tenant_id)
);
-- action_credit_hold in id order: the review reads the actions after the
-- mark, not every one since the first run (0032's was in run_date order).
DROP INDEX action_credit_hold;
CREATE INDEX action_credit_hold ON action (tenant_id, id, run_date, kind, state, customer_id, step)
  WHERE kind = 'credit_hold';

-- action_returned: the actions of the returned payments' steps (strategy
-- "nsf-<payment id>"): whether a reversal's step is recorded is a probe of
-- this index, not a read of its customer's actions (action_customer) up to
-- one of that strategy.
-- The statement repeats the WHERE below, so the planner may use it.
-- (SQLite's 0036 also widens ledger_entry_reversal, so that a handled
-- reversal's row is not read; here the scan reads each row in the window
-- for its filter whatever the index holds, as it did.)
CREATE INDEX action_returned ON action (tenant_id, customer_id, strategy) WHERE strategy LIKE 'nsf-%';
