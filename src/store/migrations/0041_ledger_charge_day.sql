-- ledger_charge_day: the fee and interest entries by date (store_run_day_charges_each).
-- The daily run picks an account's strategy from its balance before the
-- fees and interest dated the run's day (docs/strategies.md, "Fees and
-- interest"): a run of the same day again, which reads them in the
-- invoices' balances, takes them off, so that it picks what the first run
-- picked. It reads the day's entries once, at its start: a handful of rows
-- (945 on the 1,000,000-customer book's next day), where a read per chunk
-- of customers would scan every entry of theirs. The entries are appended
-- by date: the index costs a fee's insert next to nothing. PostgreSQL's
-- 0038 makes the same index.
CREATE INDEX ledger_charge_day ON ledger_entry(tenant_id, date, customer_id, currency, amount)
  WHERE kind = 'fee' OR kind = 'interest';
