-- What the daily run reads of each chunk of customers, from indexes that
-- answer alone (measured on the 1,000,000-customer book, next day's run):
--
-- invoice_run: the open invoices with their id, amount, issue date and
-- product (store_run_invoices_each). invoice_open gave the rows in order
-- but not those columns, so each open invoice cost a read of its row, a
-- page of its own in a table of five million invoices. A separate index
-- rather than a wider invoice_open: the aging report and the run's floor
-- read invoice_open and stay as narrow. Open invoices only, so imports pay
-- for one more small index on the invoices they change.
CREATE INDEX invoice_run ON invoice(tenant_id, customer_id, currency, due_date, balance, id, amount, issue_date, product)
  WHERE balance <> 0;
-- customer_run: what picks an account's strategy (store_run_customers_each),
-- without reading the customer's whole row (name, address, ...).
CREATE INDEX customer_run ON customer(tenant_id, id, kind, country, tags);
-- action_run_waiting: the waiting actions of a chunk in (customer, id)
-- order with what their review reads (store_run_waiting_each). Without it
-- the planner read every action of the chunk's customers through
-- action_customer, a row each, to keep the scheduled ones. state is listed
-- so that the index covers the statement's test of it.
CREATE INDEX action_run_waiting ON action(tenant_id, customer_id, id, scheduled_at, kind, run_date, contact_id, state)
  WHERE state = 'scheduled';
