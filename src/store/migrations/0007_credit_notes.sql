-- Credit notes (`recoup import credit-notes`): a reduction of what a
-- customer owes that the creditor grants (a return of goods, a price
-- correction, a goodwill gesture), as opposed to money the customer pays.
-- The row records the document; the money moves through ledger_entry
-- (kind 'credit_note'): to the named invoice up to its open balance, the
-- rest (or all of it, when no invoice is named) as the customer's
-- unapplied credit (an entry without an invoice). `applied` is the part
-- that went to the invoice, so amount - applied is the credit left.
CREATE TABLE credit_note (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL,
  ref          TEXT NOT NULL,
  customer_id  INTEGER NOT NULL,
  invoice_id   INTEGER,
  date         TEXT NOT NULL,
  amount       INTEGER NOT NULL CHECK (amount > 0),
  currency     TEXT NOT NULL,
  reason       TEXT NOT NULL DEFAULT '',
  applied      INTEGER NOT NULL DEFAULT 0 CHECK (applied >= 0 AND applied <= amount),
  import_id    INTEGER,
  UNIQUE (tenant_id, ref),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice (tenant_id, id)
);

-- Every invoice of a range of customers, settled or not, for the risk
-- facts (store_risk_facts: the daily run reads them 512 customers at a
-- time). invoice_open covers the open ones only; without this index each
-- chunk would scan the tenant's invoices. It holds what the facts read of
-- an invoice (not the balance, which moves with every payment and is
-- rebuilt from the dated ledger anyway), so the read never visits the table.
CREATE INDEX invoice_customer ON invoice(tenant_id, customer_id, issue_date, due_date, amount);
