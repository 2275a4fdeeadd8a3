-- Disputes and credit policy (store/disputes.h, store/credit.h). Moments
-- are RFC 3339 UTC text; dates YYYY-MM-DD.

-- A dispute on one invoice: open until resolved (upheld, rejected,
-- credited). Its hold (account_hold kind 'dispute', source_id = id) keeps
-- that invoice out of the strategy while it is open. overdue_at: when the
-- run's review found its deadline passed and raised the manager's task.
CREATE TABLE dispute (
  id             INTEGER PRIMARY KEY,
  tenant_id      INTEGER NOT NULL REFERENCES tenant(id),
  customer_id    INTEGER NOT NULL,
  invoice_id     INTEGER NOT NULL,
  reason         TEXT NOT NULL,
  note           TEXT NOT NULL DEFAULT '',
  deadline       TEXT,
  opened_at      TEXT NOT NULL,
  opened_by      TEXT NOT NULL,
  -- OR, not IN (...): see ledger_entry.kind in 0001
  state          TEXT NOT NULL CHECK (state = 'open' OR state = 'upheld' OR state = 'rejected' OR
                                      state = 'credited'),
  resolved_at    TEXT,
  resolved_by    TEXT NOT NULL DEFAULT '',
  credit         INTEGER NOT NULL DEFAULT 0 CHECK (credit >= 0),
  credit_note_id INTEGER,
  overdue_at     TEXT,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer(tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice(tenant_id, id)
);
CREATE INDEX dispute_customer ON dispute(tenant_id, customer_id);
CREATE INDEX dispute_open ON dispute(tenant_id, deadline) WHERE state = 'open';

-- The tenant's reason codes; none: the shipped list (app/disputes.c).
CREATE TABLE dispute_reason (
  tenant_id  INTEGER NOT NULL REFERENCES tenant(id),
  code       TEXT NOT NULL,
  PRIMARY KEY (tenant_id, code)
) WITHOUT ROWID;

-- What a customer's credit rests on: the signed credit application and
-- the references checked (dates; NULL: not yet).
CREATE TABLE customer_credit (
  tenant_id           INTEGER NOT NULL REFERENCES tenant(id),
  customer_id         INTEGER NOT NULL,
  application_signed  TEXT,
  references_checked  TEXT,
  PRIMARY KEY (tenant_id, customer_id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer(tenant_id, id)
) WITHOUT ROWID;

-- A credit hold: no new orders on credit. Set by hand ('hand') or by a
-- credit_hold step of the run ('run', action_id); released by hand, or
-- (a run's hold) by the run's review once the account is within policy.
CREATE TABLE credit_hold (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  customer_id     INTEGER NOT NULL,
  source          TEXT NOT NULL CHECK (source = 'hand' OR source = 'run'),
  action_id       INTEGER,
  set_at          TEXT NOT NULL,
  set_by          TEXT NOT NULL,
  reason          TEXT NOT NULL DEFAULT '',
  released_at     TEXT,
  released_by     TEXT NOT NULL DEFAULT '',
  release_reason  TEXT NOT NULL DEFAULT '',
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, action_id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer(tenant_id, id),
  FOREIGN KEY (tenant_id, action_id) REFERENCES action(tenant_id, id)
);
CREATE INDEX credit_hold_customer ON credit_hold(tenant_id, customer_id);

-- The tenant's credit policy: an open invoice overdue more than
-- overdue_days is "seriously overdue" (0: the default, 60); nsf_fee_bp: the
-- fee on a returned payment, in basis points of the amount returned (0: none).
CREATE TABLE credit_policy (
  tenant_id     INTEGER NOT NULL REFERENCES tenant(id),
  overdue_days  INTEGER NOT NULL CHECK (overdue_days >= 0),
  nsf_fee_bp    INTEGER NOT NULL DEFAULT 0 CHECK (nsf_fee_bp >= 0 AND nsf_fee_bp <= 10000),
  PRIMARY KEY (tenant_id)
);

-- The returned payments' immediate step (store/returned.h) looks up the
-- reversals of a few days each run: without this it would read the ledger.
CREATE INDEX ledger_entry_reversal ON ledger_entry(tenant_id, date) WHERE kind = 'reversal';
