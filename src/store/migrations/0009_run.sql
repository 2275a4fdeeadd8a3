-- The daily run (docs/strategies.md, "The daily run"): what each run
-- decided, per action, and the day's snapshot of the book.
-- Moments are RFC 3339 UTC text; dates YYYY-MM-DD.

-- One row per tenant and as-of date: 'running' from the first chunk
-- committed, 'done' when the last one and the snapshot are.
CREATE TABLE run (
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  run_date     TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state = 'running' OR state = 'done'),
  started_at   TEXT NOT NULL,
  finished_at  TEXT,
  summary      TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant_id, run_date)
);

-- An action: one message, task or ledger posting for one customer, in one
-- currency, covering one or more invoices (action_invoice).
CREATE TABLE action (
  id               INTEGER PRIMARY KEY,
  tenant_id        INTEGER NOT NULL REFERENCES tenant(id),
  run_date         TEXT NOT NULL,
  customer_id      INTEGER NOT NULL,
  contact_id       INTEGER,
  currency         TEXT NOT NULL,
  amount           INTEGER NOT NULL,
  -- OR, not IN (...): see ledger_entry.kind in 0001
  kind             TEXT NOT NULL CHECK (kind = 'email' OR kind = 'sms' OR kind = 'letter' OR kind = 'call' OR
                                        kind = 'visit' OR kind = 'fee' OR kind = 'interest' OR
                                        kind = 'credit_hold' OR kind = 'place_with_agency' OR
                                        kind = 'legal_review' OR kind = 'write_off_review'),
  strategy         TEXT NOT NULL,
  step             TEXT NOT NULL,
  scheduled_at     TEXT,
  local_time       TEXT NOT NULL DEFAULT '',
  state            TEXT NOT NULL CHECK (state = 'scheduled' OR state = 'done' OR state = 'refused' OR
                                        state = 'superseded' OR state = 'cancelled'),
  reason_code      TEXT NOT NULL DEFAULT '',
  reason           TEXT NOT NULL DEFAULT '',
  next_allowed_at  TEXT,
  created_at       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer(tenant_id, id),
  FOREIGN KEY (tenant_id, contact_id) REFERENCES contact(tenant_id, id)
);
CREATE INDEX action_customer ON action(tenant_id, customer_id);
CREATE INDEX action_run_date ON action(tenant_id, run_date);
-- The actions still waiting: what a run reviews (cancelled when settled or stopped).
CREATE INDEX action_waiting ON action(tenant_id, customer_id, scheduled_at) WHERE state = 'scheduled';

-- The invoices an action covers, with the step each one was at. The key
-- makes "each step of each invoice happens once" a fact of the database:
-- a rerun, or a rerun after a crash, cannot record a step twice.
CREATE TABLE action_invoice (
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  action_id   INTEGER NOT NULL,
  invoice_id  INTEGER NOT NULL,
  strategy    TEXT NOT NULL,
  step        TEXT NOT NULL,
  PRIMARY KEY (tenant_id, invoice_id, strategy, step),
  FOREIGN KEY (tenant_id, action_id) REFERENCES action(tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice(tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX action_invoice_action ON action_invoice(tenant_id, action_id);

-- The day's snapshot of the book, written by the run: the open balance by
-- aging bucket and currency, for the whole book ('total', key ''), per
-- strategy ('strategy', its name) and per collector once accounts are
-- assigned ('collector'). Trends read these rows instead of rebuilding
-- history from the ledger.
CREATE TABLE run_snapshot (
  tenant_id  INTEGER NOT NULL REFERENCES tenant(id),
  run_date   TEXT NOT NULL,
  dimension  TEXT NOT NULL CHECK (dimension = 'total' OR dimension = 'strategy' OR dimension = 'collector'),
  key        TEXT NOT NULL,
  currency   TEXT NOT NULL,
  bucket     TEXT NOT NULL,
  accounts   INTEGER NOT NULL,
  invoices   INTEGER NOT NULL,
  balance    INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, run_date, dimension, key, currency, bucket)
);

-- The run reads a page of customers' contacts, flags and attempts by a
-- range of customer ids (app/rules_ctx, store/history.h). The indexes of
-- 0004 lead with customer_id alone, and SQLite's planner prefers the
-- tenant's unique key (tenant_id, ref), which reads every row of the
-- tenant for each page: a run over 1,000,000 customers would read the
-- contacts table 2,000 times. These lead with the tenant, as PostgreSQL's do.
CREATE INDEX contact_tenant_customer ON contact(tenant_id, customer_id);
CREATE INDEX contact_attempt_tenant_customer ON contact_attempt(tenant_id, customer_id, at);
CREATE INDEX customer_flag_tenant_customer ON customer_flag(tenant_id, customer_id) WHERE cleared_at IS NULL;
