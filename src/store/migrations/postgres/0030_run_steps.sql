-- The steps recorded for each invoice, kept with the invoice: see SQLite's
-- 0033_run_steps.sql. One entry "strategy step action_id;" per
-- action_invoice row of the invoice, appended by store_action_add in the
-- statement that inserts the row, so the daily run reads each open
-- invoice's steps with the invoice (no lookup per invoice). Not in
-- invoice_run's INCLUDE: a b-tree entry is limited to about 2.7 kB, and an
-- invoice's record of steps has no such bound (a long payment plan adds an
-- entry per instalment); the run reads it from the invoice's row.
ALTER TABLE invoice ADD COLUMN run_steps text NOT NULL DEFAULT '';
UPDATE invoice i SET run_steps = s.steps
  FROM (SELECT tenant_id, invoice_id, string_agg(strategy || ' ' || step || ' ' || action_id || ';', '') AS steps
          FROM action_invoice GROUP BY tenant_id, invoice_id) AS s
 WHERE i.tenant_id = s.tenant_id AND i.id = s.invoice_id;
