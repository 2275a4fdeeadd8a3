-- What the dashboard's collector filter and the collectors' table read.
--
-- The collectors report (store_collector_money_each: the period's cleared
-- payments of the accounts assigned to each collector) seeks each assigned
-- customer's payments of the period through payment_customer_date, driven
-- from the assignments: without it the planner started from the payments
-- and read every payment of the tenant (5,000,000 on the bench book)
-- whatever the period and however few the assigned accounts.
CREATE INDEX payment_customer_date ON payment(tenant_id, customer_id, date);
-- The dashboard reads one dimension and key of the snapshots over a year
-- of run dates (store_dashboard_snapshots_each); with a row per collector,
-- currency and bucket a day (about 2,000 on the bench book), the primary
-- key's date range read every collector's rows of every day.
CREATE INDEX run_snapshot_key ON run_snapshot(tenant_id, dimension, key, run_date);
