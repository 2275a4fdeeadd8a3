-- The daily run reads each chunk's unapplied credit as known on its date
-- (store_run_credit_each: SUM(amount) by customer and currency, date <= as
-- of). ledger_unapplied gave the entries but not their date and amount, so
-- each entry cost a read of its ledger_entry row, a page of its own in a
-- ledger of ten million entries: 16% of a rerun over 1,000,000 customers.
-- The same index with the date and the amount answers alone; its other
-- readers use the same leading columns. Unapplied entries are few (46,752
-- of 10 million on the bench book), so imports pay next to nothing.
DROP INDEX ledger_unapplied;
CREATE INDEX ledger_unapplied ON ledger_entry(tenant_id, customer_id, currency, date, amount) WHERE invoice_id IS NULL;
