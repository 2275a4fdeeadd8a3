-- ledger_charge_day: the fee and interest entries by date (store_run_day_charges_each;
-- SQLite's 0041 says why: the daily run picks an account's strategy from its
-- balance before the fees and interest dated the run's day).
CREATE INDEX ledger_charge_day ON ledger_entry (tenant_id, date, customer_id, currency, amount)
  WHERE kind = 'fee' OR kind = 'interest';
