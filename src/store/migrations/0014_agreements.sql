-- Payment plans, settlements and write-offs (store/agreements.h), their
-- approvals, and the tenant's authority limits. Moments are RFC 3339 UTC
-- text; dates YYYY-MM-DD.

-- One row per agreement, whatever its kind: the approval queue is the rows
-- waiting for a decision (state 'pending_approval'), so an approval's id is
-- its agreement's. Never deleted: a state moves once, forward.
CREATE TABLE agreement (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  -- OR, not IN (...): see ledger_entry.kind in 0001
  kind            TEXT NOT NULL CHECK (kind = 'plan' OR kind = 'settlement' OR kind = 'write_off'),
  customer_id     INTEGER NOT NULL,
  currency        TEXT NOT NULL,
  -- plan: current, broken, completed; settlement: pending_approval, current,
  -- paid, lapsed, rejected; write_off: pending_approval, posted, rejected
  state           TEXT NOT NULL,
  balance         INTEGER NOT NULL,          -- the covered invoices' balance when made
  amount          INTEGER NOT NULL,          -- plan: total; settlement: to pay; write-off: written off
  fees            INTEGER NOT NULL DEFAULT 0, -- plan: the agreed fees (posted as a fee entry)
  pay_by          TEXT,                      -- settlement: the pay-by date
  waive           TEXT NOT NULL DEFAULT '',  -- settlement: 'fees,interest,principal' (what it may waive)
  reason          TEXT NOT NULL DEFAULT '',
  ledger_mark     INTEGER NOT NULL DEFAULT 0, -- the last ledger entry before it: later ones count as paid
  made_at         TEXT NOT NULL,
  made_by         TEXT NOT NULL,
  decided_by      TEXT NOT NULL DEFAULT '',
  decided_at      TEXT,
  decision_reason TEXT NOT NULL DEFAULT '',
  ended_at        TEXT,
  end_reason      TEXT NOT NULL DEFAULT '',
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer(tenant_id, id)
);
CREATE INDEX agreement_state ON agreement(tenant_id, kind, state);
CREATE INDEX agreement_customer ON agreement(tenant_id, customer_id);

-- The invoices an agreement covers, with their balance when it was made.
CREATE TABLE agreement_invoice (
  tenant_id     INTEGER NOT NULL REFERENCES tenant(id),
  agreement_id  INTEGER NOT NULL,
  invoice_id    INTEGER NOT NULL,
  balance       INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, agreement_id, invoice_id),
  FOREIGN KEY (tenant_id, agreement_id) REFERENCES agreement(tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice(tenant_id, id)
);
CREATE INDEX agreement_invoice_invoice ON agreement_invoice(tenant_id, invoice_id);

-- A plan's instalments, in order (seq from 1).
CREATE TABLE agreement_instalment (
  tenant_id     INTEGER NOT NULL REFERENCES tenant(id),
  agreement_id  INTEGER NOT NULL,
  seq           INTEGER NOT NULL CHECK (seq >= 1),
  due           TEXT NOT NULL,
  amount        INTEGER NOT NULL CHECK (amount > 0),
  PRIMARY KEY (tenant_id, agreement_id, seq),
  FOREIGN KEY (tenant_id, agreement_id) REFERENCES agreement(tenant_id, id)
);

-- The tenant's agreement settings as JSON documents by name ('authority':
-- the authority limits and the plans' grace days; docs/agreements.md).
CREATE TABLE agreement_config (
  tenant_id  INTEGER NOT NULL REFERENCES tenant(id),
  name       TEXT NOT NULL,
  doc        TEXT NOT NULL,
  set_by     TEXT NOT NULL,
  set_at     TEXT NOT NULL,
  PRIMARY KEY (tenant_id, name)
);
