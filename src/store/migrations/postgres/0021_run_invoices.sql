-- What the daily run reads of each chunk of customers, from indexes that
-- answer alone (as SQLite's 0024): the open invoices with the columns
-- store_run_invoices_each reads, the customers' strategy facts
-- (store_run_customers_each) and the waiting actions in (customer, id)
-- order (store_run_waiting_each).
CREATE INDEX invoice_run ON invoice (tenant_id, customer_id, currency, due_date, balance, id)
  INCLUDE (amount, issue_date, product) WHERE balance <> 0;
CREATE INDEX customer_run ON customer (tenant_id, id) INCLUDE (kind, country, tags);
CREATE INDEX action_run_waiting ON action (tenant_id, customer_id, id)
  INCLUDE (scheduled_at, kind, run_date, contact_id) WHERE state = 'scheduled';
