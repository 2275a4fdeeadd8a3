-- Tenant-first keys: every tenant-owned table has a key that leads with
-- tenant_id, and every reference is a foreign key that includes tenant_id,
-- so the database itself refuses a row that points at another tenant's row
-- (PRAGMA foreign_keys=ON, set by the backend), and the schema can be
-- distributed by tenant_id (Citus: every unique key and every foreign key
-- of a distributed table must include the distribution column).
--
-- SQLite cannot change a table's keys in place, so each table is rebuilt:
-- the old tables are renamed aside (SQLite rewrites the references of the
-- other old tables to follow them), the new ones are created under the
-- real names and filled parents first (so every row is checked against the
-- new keys: a database that already holds a cross-tenant reference fails
-- here, whole, rather than carry it over), the old ones are dropped
-- children first (so no drop leaves an orphan), then the indexes,
-- triggers and views are created again, unchanged.
--
-- `id INTEGER PRIMARY KEY` stays the rowid: the backend reads ids and uses
-- last_insert_rowid(), and a rowid seek is the cheapest lookup there is.
-- `UNIQUE (tenant_id, id)` is the tenant-first key that composite foreign
-- keys point at. (`PRIMARY KEY (tenant_id, id)` would make id an ordinary
-- column that SQLite no longer numbers, and cost the same extra index.)
-- In PostgreSQL the same rule reads PRIMARY KEY (tenant_id, id).
--
-- A table whose tenant_id goes, NOT NULL, into a composite foreign key
-- (every child of customer, and attempt_invoice) no longer says
-- `tenant_id REFERENCES tenant(id)`: the parent row has that tenant_id and
-- its own tenant_id references tenant(id), so the check is implied, and
-- dropping it saves a lookup per row (~2% of an invoice import, measured).
--
-- Global tables, not owned by a tenant: tenant itself and schema_migration.
-- rules_profile and tenant_closed_day already have PRIMARY KEY (tenant_id, ...)
-- and reference only tenant(id): they are not rebuilt.

DROP VIEW ledger;
DROP TRIGGER ledger_entry_no_update;
DROP TRIGGER ledger_entry_no_delete;
DROP TRIGGER invoice_money_is_fixed;
DROP TRIGGER record_change_no_update;
DROP TRIGGER record_change_no_delete;

ALTER TABLE import_batch RENAME TO import_batch_old;
ALTER TABLE customer RENAME TO customer_old;
ALTER TABLE contact RENAME TO contact_old;
ALTER TABLE invoice RENAME TO invoice_old;
ALTER TABLE payment RENAME TO payment_old;
ALTER TABLE ledger_entry RENAME TO ledger_entry_old;
ALTER TABLE contact_attempt RENAME TO contact_attempt_old;
ALTER TABLE contact_attempt_invoice RENAME TO contact_attempt_invoice_old;
ALTER TABLE customer_flag RENAME TO customer_flag_old;
ALTER TABLE record_change RENAME TO record_change_old;

CREATE TABLE import_batch (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  kind        TEXT NOT NULL,
  file        TEXT NOT NULL,
  rows        INTEGER NOT NULL DEFAULT 0,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (tenant_id, id)
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
  UNIQUE (tenant_id, ref),
  UNIQUE (tenant_id, id)
);

CREATE TABLE contact (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL,
  ref          TEXT NOT NULL,
  customer_id  INTEGER NOT NULL,
  name         TEXT NOT NULL DEFAULT '',
  role         TEXT NOT NULL,
  phone        TEXT NOT NULL DEFAULT '',
  email        TEXT NOT NULL DEFAULT '',
  timezone     TEXT NOT NULL DEFAULT '',
  pays_bills   INTEGER NOT NULL DEFAULT 0,
  best_time    TEXT NOT NULL DEFAULT '',
  notes        TEXT NOT NULL DEFAULT '',
  import_id    INTEGER,
  UNIQUE (tenant_id, ref),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id)
);

CREATE TABLE invoice (
  id                INTEGER PRIMARY KEY,
  tenant_id         INTEGER NOT NULL,
  ref               TEXT NOT NULL,
  customer_id       INTEGER NOT NULL,
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
  UNIQUE (tenant_id, ref),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id)
);

CREATE TABLE payment (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL,
  ref          TEXT NOT NULL,
  customer_id  INTEGER NOT NULL,
  invoice_id   INTEGER,
  date         TEXT NOT NULL,
  amount       INTEGER NOT NULL CHECK (amount > 0),
  currency     TEXT NOT NULL,
  method       TEXT NOT NULL DEFAULT '',
  status       TEXT NOT NULL CHECK (status IN ('cleared', 'returned')),
  import_id    INTEGER,
  UNIQUE (tenant_id, ref),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice (tenant_id, id)
);

-- The movements after an invoice is issued. Append-only: no UPDATE or DELETE
-- is ever issued on this table. The invoice's own entry (its amount, dated
-- with its issue date) is the invoice row itself, whose money columns never
-- change; the view `ledger` below shows both as one ledger. Storing the
-- opening entry once, on the invoice, halves the writes of an invoice import.
CREATE TABLE ledger_entry (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL,
  customer_id  INTEGER NOT NULL,
  invoice_id   INTEGER,
  payment_id   INTEGER,
  -- OR rather than IN (...): SQLite checks an IN list of more than two
  -- values through a temporary table built on every insert (about 1 us a
  -- row, measured), which a bulk import pays millions of times.
  kind         TEXT NOT NULL CHECK (kind = 'payment' OR kind = 'reversal' OR kind = 'credit_note' OR
                                    kind = 'fee' OR kind = 'interest' OR kind = 'write_off' OR
                                    kind = 'unapplied'),
  amount       INTEGER NOT NULL,
  currency     TEXT NOT NULL,
  date         TEXT NOT NULL,
  import_id    INTEGER,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice (tenant_id, id),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payment (tenant_id, id)
);

CREATE TABLE contact_attempt (
  id            INTEGER PRIMARY KEY,
  tenant_id     INTEGER NOT NULL,
  customer_id   INTEGER NOT NULL,
  contact_id    INTEGER NOT NULL,
  at            TEXT NOT NULL,
  -- OR, not IN (...): see ledger_entry.kind in 0001
  channel       TEXT NOT NULL CHECK (channel = 'call' OR channel = 'sms' OR channel = 'email' OR
                                     channel = 'letter' OR channel = 'visit'),
  address       TEXT NOT NULL DEFAULT '',
  outcome       TEXT NOT NULL,
  inbound       INTEGER NOT NULL DEFAULT 0,
  conversation  INTEGER NOT NULL DEFAULT 0,
  -- 1: about every debt of the customer (too many to name, or none named)
  all_invoices  INTEGER NOT NULL DEFAULT 0,
  spoke_with    TEXT NOT NULL DEFAULT '',
  note          TEXT NOT NULL DEFAULT '',
  recorded_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contact (tenant_id, id)
);

-- The debts an attempt was about (contact_attempt_invoice before 0004,
-- which had no tenant_id). Every statement names the tenant, so the
-- primary key serves `WHERE tenant_id = ? AND attempt_id = ?`.
CREATE TABLE attempt_invoice (
  tenant_id   INTEGER NOT NULL,
  attempt_id  INTEGER NOT NULL,
  invoice_id  INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, attempt_id, invoice_id),
  FOREIGN KEY (tenant_id, attempt_id) REFERENCES contact_attempt (tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice (tenant_id, id)
) WITHOUT ROWID;

-- Status flags: who set them, when and why; cleared, never deleted.
CREATE TABLE customer_flag (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL,
  customer_id     INTEGER NOT NULL,
  contact_id      INTEGER,
  invoice_id      INTEGER,
  flag            TEXT NOT NULL,
  detail          TEXT NOT NULL DEFAULT '',
  set_by          TEXT NOT NULL,
  set_at          TEXT NOT NULL,
  reason          TEXT NOT NULL DEFAULT '',
  cleared_at      TEXT,
  cleared_by      TEXT,
  cleared_reason  TEXT,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contact (tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice (tenant_id, id)
);

-- Corrections (see 0003). Append-only.
CREATE TABLE record_change (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL,
  -- the customer the record belongs to (itself, or a contact's customer)
  customer_id  INTEGER NOT NULL,
  entity       TEXT NOT NULL CHECK (entity = 'customer' OR entity = 'contact'),
  ref          TEXT NOT NULL,
  field        TEXT NOT NULL,
  old_value    TEXT NOT NULL,
  new_value    TEXT NOT NULL,
  changed_by   TEXT NOT NULL,
  changed_at   TEXT NOT NULL,
  import_id    INTEGER,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id),
  FOREIGN KEY (tenant_id, import_id) REFERENCES import_batch (tenant_id, id)
);

-- Parents first: every row is checked against the new keys as it lands.
INSERT INTO import_batch SELECT * FROM import_batch_old ORDER BY id;
INSERT INTO customer SELECT * FROM customer_old ORDER BY id;
INSERT INTO contact SELECT * FROM contact_old ORDER BY id;
INSERT INTO invoice SELECT * FROM invoice_old ORDER BY id;
INSERT INTO payment SELECT * FROM payment_old ORDER BY id;
INSERT INTO ledger_entry SELECT * FROM ledger_entry_old ORDER BY id;
INSERT INTO contact_attempt SELECT * FROM contact_attempt_old ORDER BY id;
INSERT INTO attempt_invoice (tenant_id, attempt_id, invoice_id)
  SELECT a.tenant_id, x.attempt_id, x.invoice_id
    FROM contact_attempt_invoice_old x JOIN contact_attempt a ON a.id = x.attempt_id;
INSERT INTO customer_flag SELECT * FROM customer_flag_old ORDER BY id;
INSERT INTO record_change SELECT * FROM record_change_old ORDER BY id;

-- Children first: no drop leaves a row pointing at a dropped one.
DROP TABLE record_change_old;
DROP TABLE customer_flag_old;
DROP TABLE contact_attempt_invoice_old;
DROP TABLE contact_attempt_old;
DROP TABLE ledger_entry_old;
DROP TABLE payment_old;
DROP TABLE invoice_old;
DROP TABLE contact_old;
DROP TABLE customer_old;
DROP TABLE import_batch_old;

-- The indexes of 0001-0003, unchanged but for ledger_unapplied (the
-- queries that use them do not all name the tenant yet).
CREATE INDEX contact_customer ON contact(customer_id);
-- Open invoices only: what aging (covering), allocation and the daily run read.
CREATE INDEX invoice_open ON invoice(tenant_id, customer_id, currency, due_date, balance) WHERE balance <> 0;
CREATE INDEX ledger_invoice ON ledger_entry(invoice_id) WHERE invoice_id IS NOT NULL;
CREATE INDEX ledger_payment ON ledger_entry(payment_id) WHERE payment_id IS NOT NULL;
-- ledger_unapplied leads with tenant_id now: with only (customer_id,
-- currency), the planner took the new UNIQUE (tenant_id, id) for the
-- check's "WHERE tenant_id = ? AND invoice_id IS NULL ORDER BY customer_id,
-- currency" and sorted every entry of the tenant in a temporary b-tree.
CREATE INDEX ledger_unapplied ON ledger_entry(tenant_id, customer_id, currency) WHERE invoice_id IS NULL;
CREATE INDEX contact_attempt_customer ON contact_attempt(customer_id, at);
CREATE INDEX customer_flag_customer ON customer_flag(customer_id) WHERE cleared_at IS NULL;
CREATE INDEX record_change_customer ON record_change(customer_id, id);
CREATE TRIGGER ledger_entry_no_update BEFORE UPDATE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'ledger entries are never updated'); END;
CREATE TRIGGER ledger_entry_no_delete BEFORE DELETE ON ledger_entry
BEGIN SELECT RAISE(ABORT, 'ledger entries are never deleted'); END;

CREATE TRIGGER invoice_money_is_fixed BEFORE UPDATE OF tenant_id, ref, customer_id, issue_date, currency, amount
ON invoice
BEGIN SELECT RAISE(ABORT, 'an invoice''s amount, currency, customer and ref never change; add a ledger entry'); END;

CREATE TRIGGER record_change_no_update BEFORE UPDATE ON record_change
BEGIN SELECT RAISE(ABORT, 'changes are never updated'); END;
CREATE TRIGGER record_change_no_delete BEFORE DELETE ON record_change
BEGIN SELECT RAISE(ABORT, 'changes are never deleted'); END;

-- The whole ledger: every invoice's opening entry and every movement.
-- For every invoice, balance = SUM(amount) over its rows here.
CREATE VIEW ledger AS
  SELECT tenant_id, customer_id, id AS invoice_id, NULL AS payment_id, 'invoice' AS kind, amount, currency,
         issue_date AS date, import_id
    FROM invoice
  UNION ALL
  SELECT tenant_id, customer_id, invoice_id, payment_id, kind, amount, currency, date, import_id
    FROM ledger_entry;
