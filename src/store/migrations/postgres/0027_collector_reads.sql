-- What the dashboard's collector filter and the collectors' table read
-- (SQLite's 0030 makes the same).
--
-- The collectors report (store_collector_money_each: the period's cleared
-- payments of the accounts assigned to each collector) seeks each assigned
-- customer's payments of the period through payment_customer_date, driven
-- from the assignments, instead of a hash join over every payment.
CREATE INDEX payment_customer_date ON payment (tenant_id, customer_id, date);
-- The dashboard reads one dimension and key of the snapshots over a year
-- of run dates (store_dashboard_snapshots_each); with a row per collector,
-- currency and bucket a day, the primary key's date range read every
-- collector's rows of every day.
CREATE INDEX run_snapshot_key ON run_snapshot (tenant_id, dimension, key, run_date);
