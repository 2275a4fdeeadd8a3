-- Holds and the audit trail (store/holds.h, store/audit.h). Moments are
-- RFC 3339 UTC text; dates YYYY-MM-DD.

-- What keeps the strategy off an account or an invoice: a promise, a plan,
-- a dispute, a settlement offer, a placement, a special handling. Ended,
-- never deleted. invoice_id NULL: the whole account in `currency` ('' every
-- currency). Current at T: from_at <= T, ended_at NULL or > T, until NULL
-- or on/after T's date.
CREATE TABLE account_hold (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  customer_id  INTEGER NOT NULL,
  invoice_id   INTEGER,
  currency     TEXT NOT NULL DEFAULT '',
  -- OR, not IN (...): see ledger_entry.kind in 0001
  kind         TEXT NOT NULL CHECK (kind = 'promise' OR kind = 'plan' OR kind = 'dispute' OR
                                    kind = 'settlement' OR kind = 'placed' OR kind = 'special'),
  source_id    INTEGER NOT NULL,
  from_at      TEXT NOT NULL,
  until        TEXT,
  ended_at     TEXT,
  end_reason   TEXT NOT NULL DEFAULT '',
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer(tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice(tenant_id, id)
);
-- The run reads a chunk's holds by a range of customers (ended ones too: a run for
-- a past date sees the holds of that date); an agreement ends its own.
CREATE INDEX account_hold_customer ON account_hold(tenant_id, customer_id);
CREATE INDEX account_hold_source ON account_hold(tenant_id, kind, source_id);

-- The audit trail: every change, who, when, from where, before and after
-- (JSON text). Append-only, as record_change.
CREATE TABLE audit_log (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  at           TEXT NOT NULL,
  actor        TEXT NOT NULL,
  origin       TEXT NOT NULL DEFAULT 'cli',
  action       TEXT NOT NULL,
  entity       TEXT NOT NULL,
  ref          TEXT NOT NULL DEFAULT '',
  before_json  TEXT NOT NULL DEFAULT '',
  after_json   TEXT NOT NULL DEFAULT '',
  UNIQUE (tenant_id, id)
);
CREATE INDEX audit_log_tenant ON audit_log(tenant_id, id);
CREATE INDEX audit_log_entity ON audit_log(tenant_id, entity, ref);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit entries are never updated'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit entries are never deleted'); END;
