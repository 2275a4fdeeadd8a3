-- The receivables ledger. Every table carries tenant_id; in PostgreSQL the
-- same schema is distributed by tenant_id (Citus-compatible).
-- Dates are ISO 8601 text (YYYY-MM-DD); money is integer minor units.

CREATE TABLE tenant (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL UNIQUE,
  default_profile TEXT NOT NULL DEFAULT '',
  created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE import_batch (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  kind        TEXT NOT NULL,
  file        TEXT NOT NULL,
  rows        INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

CREATE TABLE customer (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  ref          TEXT NOT NULL,
  name         TEXT NOT NULL,
  kind         TEXT NOT NULL CHECK (kind IN ('person', 'company')),
  country      TEXT NOT NULL,
  timezone     TEXT NOT NULL DEFAULT '',
  language     TEXT NOT NULL DEFAULT '',
  currency     TEXT NOT NULL,
  credit_limit INTEGER NOT NULL DEFAULT 0,
  email        TEXT NOT NULL DEFAULT '',
  phone        TEXT NOT NULL DEFAULT '',
  address      TEXT NOT NULL DEFAULT '',
  profile      TEXT NOT NULL DEFAULT '',
  import_id    INTEGER,
  UNIQUE (tenant_id, ref)
);

CREATE TABLE contact (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  ref          TEXT NOT NULL,
  customer_id  INTEGER NOT NULL REFERENCES customer(id),
  name         TEXT NOT NULL DEFAULT '',
  role         TEXT NOT NULL,
  phone        TEXT NOT NULL DEFAULT '',
  email        TEXT NOT NULL DEFAULT '',
  timezone     TEXT NOT NULL DEFAULT '',
  pays_bills   INTEGER NOT NULL DEFAULT 0,
  best_time    TEXT NOT NULL DEFAULT '',
  notes        TEXT NOT NULL DEFAULT '',
  import_id    INTEGER,
  UNIQUE (tenant_id, ref)
);
CREATE INDEX contact_customer ON contact(customer_id);

CREATE TABLE invoice (
  id                INTEGER PRIMARY KEY,
  tenant_id         INTEGER NOT NULL REFERENCES tenant(id),
  ref               TEXT NOT NULL,
  customer_id       INTEGER NOT NULL REFERENCES customer(id),
  issue_date        TEXT NOT NULL,
  due_date          TEXT NOT NULL,
  currency          TEXT NOT NULL,
  amount            INTEGER NOT NULL CHECK (amount > 0),
  description       TEXT NOT NULL DEFAULT '',
  po_ref            TEXT NOT NULL DEFAULT '',
  delivery_note_ref TEXT NOT NULL DEFAULT '',
  signed            INTEGER NOT NULL DEFAULT 0,
  -- amount + SUM(ledger_entry.amount) of this invoice: a cache kept in the
  -- same transaction as every entry; `recoup check` proves it.
  balance           INTEGER NOT NULL,
  import_id         INTEGER,
  UNIQUE (tenant_id, ref)
);
-- Open invoices only: what aging (covering), allocation and the daily run read.
CREATE INDEX invoice_open ON invoice(tenant_id, customer_id, currency, due_date, balance) WHERE balance <> 0;

CREATE TABLE payment (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  ref          TEXT NOT NULL,
  customer_id  INTEGER NOT NULL REFERENCES customer(id),
  invoice_id   INTEGER REFERENCES invoice(id),
  date         TEXT NOT NULL,
  amount       INTEGER NOT NULL CHECK (amount > 0),
  currency     TEXT NOT NULL,
  method       TEXT NOT NULL DEFAULT '',
  status       TEXT NOT NULL CHECK (status IN ('cleared', 'returned')),
  import_id    INTEGER,
  UNIQUE (tenant_id, ref)
);

-- The movements after an invoice is issued. Append-only: no UPDATE or DELETE
-- is ever issued on this table. The invoice's own entry (its amount, dated
-- with its issue date) is the invoice row itself, whose money columns never
-- change; the view `ledger` below shows both as one ledger. Storing the
-- opening entry once, on the invoice, halves the writes of an invoice import.
CREATE TABLE ledger_entry (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  customer_id  INTEGER NOT NULL REFERENCES customer(id),
  invoice_id   INTEGER REFERENCES invoice(id),
  payment_id   INTEGER REFERENCES payment(id),
  -- OR rather than IN (...): SQLite checks an IN list of more than two
  -- values through a temporary table built on every insert (about 1 us a
  -- row, measured), which a bulk import pays millions of times.
  kind         TEXT NOT NULL CHECK (kind = 'payment' OR kind = 'reversal' OR kind = 'credit_note' OR
                                    kind = 'fee' OR kind = 'interest' OR kind = 'write_off' OR
                                    kind = 'unapplied'),
  amount       INTEGER NOT NULL,
  currency     TEXT NOT NULL,
  date         TEXT NOT NULL,
  import_id    INTEGER
);
CREATE INDEX ledger_invoice ON ledger_entry(invoice_id) WHERE invoice_id IS NOT NULL;
CREATE INDEX ledger_payment ON ledger_entry(payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX ledger_unapplied ON ledger_entry(customer_id, currency) WHERE invoice_id IS NULL;

CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'ledger entries are never updated'); END;
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'ledger entries are never deleted'); END;

CREATE TRIGGER invoice_money_is_fixed BEFORE UPDATE OF tenant_id, ref, customer_id, issue_date, currency, amount
ON invoice
BEGIN SELECT RAISE(ABORT, 'an invoice''s amount, currency, customer and ref never change; add a ledger entry'); END;

-- The whole ledger: every invoice's opening entry and every movement.
-- For every invoice, balance = SUM(amount) over its rows here.
CREATE VIEW ledger AS
  SELECT tenant_id, customer_id, id AS invoice_id, NULL AS payment_id, 'invoice' AS kind, amount, currency,
         issue_date AS date, import_id
    FROM invoice
  UNION ALL
  SELECT tenant_id, customer_id, invoice_id, payment_id, kind, amount, currency, date, import_id
    FROM ledger_entry;
