-- The steps recorded for each invoice, kept with the invoice (issue 9: the
-- daily run within 3x of its floor). The run read them from action_invoice,
-- a lookup per open invoice due and a row per step recorded: 860,000 rows
-- and 18% of the next day's run at 1,000,000 customers. run_steps is the
-- same record, one entry "strategy step action_id;" per action_invoice row
-- of the invoice (names are codes: no spaces, no ';'), appended by
-- store_action_add in the statement that inserts the row, so it is never
-- out of step with action_invoice; invoice_run carries it, so the run reads
-- each open invoice's steps with the invoice itself (store_run_invoices_steps_each).
-- action_invoice stays the record: its key still refuses a step twice, and
-- a replay of a past date (and every other reader) reads it.
ALTER TABLE invoice ADD COLUMN run_steps TEXT NOT NULL DEFAULT '';
UPDATE invoice SET run_steps = s.steps
  FROM (SELECT tenant_id, invoice_id, group_concat(strategy || ' ' || step || ' ' || action_id || ';', '') AS steps
          FROM action_invoice GROUP BY tenant_id, invoice_id) AS s
 WHERE invoice.tenant_id = s.tenant_id AND invoice.id = s.invoice_id;
DROP INDEX invoice_run;
CREATE INDEX invoice_run ON invoice(tenant_id, customer_id, currency, due_date, balance, id, amount, issue_date, product,
  run_steps) WHERE balance <> 0;
