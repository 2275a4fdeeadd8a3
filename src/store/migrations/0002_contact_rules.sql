-- Contact rules: the contact history the frequency rules count, the status
-- flags that stop or limit contact, the tenant's profiles and closed days.
-- Moments are RFC 3339 UTC text ("2026-11-23T14:00:00Z"), which sorts in time order.

CREATE TABLE contact_attempt (
  id            INTEGER PRIMARY KEY,
  tenant_id     INTEGER NOT NULL REFERENCES tenant(id),
  customer_id   INTEGER NOT NULL REFERENCES customer(id),
  contact_id    INTEGER NOT NULL REFERENCES contact(id),
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
  recorded_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX contact_attempt_customer ON contact_attempt(customer_id, at);

-- The debts an attempt was about.
CREATE TABLE contact_attempt_invoice (
  attempt_id  INTEGER NOT NULL REFERENCES contact_attempt(id),
  invoice_id  INTEGER NOT NULL REFERENCES invoice(id),
  PRIMARY KEY (attempt_id, invoice_id)
) WITHOUT ROWID;

-- Status flags: who set them, when and why; cleared, never deleted.
CREATE TABLE customer_flag (
  id              INTEGER PRIMARY KEY,
  tenant_id       INTEGER NOT NULL REFERENCES tenant(id),
  customer_id     INTEGER NOT NULL REFERENCES customer(id),
  contact_id      INTEGER REFERENCES contact(id),
  invoice_id      INTEGER REFERENCES invoice(id),
  flag            TEXT NOT NULL,
  detail          TEXT NOT NULL DEFAULT '',
  set_by          TEXT NOT NULL,
  set_at          TEXT NOT NULL,
  reason          TEXT NOT NULL DEFAULT '',
  cleared_at      TEXT,
  cleared_by      TEXT,
  cleared_reason  TEXT
);
CREATE INDEX customer_flag_customer ON customer_flag(customer_id) WHERE cleared_at IS NULL;

-- Contact-rules profiles edited by the tenant (presets live in the code).
CREATE TABLE rules_profile (
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  name        TEXT NOT NULL,
  json        TEXT NOT NULL,
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  PRIMARY KEY (tenant_id, name)
);

-- Days the tenant does not contact anyone, on top of public holidays.
CREATE TABLE tenant_closed_day (
  tenant_id  INTEGER NOT NULL REFERENCES tenant(id),
  date       TEXT NOT NULL,
  name       TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, date)
);
