-- The collectors report (store_collector_money_each: the period's cleared
-- payments of the accounts assigned to each collector) seeks each assigned
-- customer's payments of the period through this index, driven from the
-- assignments: without it the planner started from the payments and read
-- every payment of the tenant (5,000,000 on the bench book) whatever the
-- period and however few the assigned accounts.
CREATE INDEX payment_customer_date ON payment(tenant_id, customer_id, date);
