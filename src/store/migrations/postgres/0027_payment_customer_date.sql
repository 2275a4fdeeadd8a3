-- The collectors report (store_collector_money_each: the period's cleared
-- payments of the accounts assigned to each collector) seeks each assigned
-- customer's payments of the period through this index, driven from the
-- assignments, instead of a hash join over every payment of the tenant.
-- SQLite's 0030 makes the same.
CREATE INDEX payment_customer_date ON payment (tenant_id, customer_id, date);
