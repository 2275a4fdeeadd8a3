-- Promises to pay (store/promises.h, docs/agreements.md "Promises to pay").
-- Moments are RFC 3339 UTC text; dates YYYY-MM-DD; money integer minor units.

-- A promise: `amount` in `currency` by `date`, on the invoices of
-- promise_invoice (none: every invoice of the customer in that currency).
-- `until` is date + the tenant's tolerance days when it was made (the
-- promise hold's end); `kept_at_least` the amount less the tenant's
-- tolerance then: a promise carries the terms it was judged by. The review
-- sets `paid` (received from made_at's date through until), `state`,
-- `settled_on` (the review's date) and `settled_at`, once.
CREATE TABLE promise (
  id             INTEGER PRIMARY KEY,
  tenant_id      INTEGER NOT NULL REFERENCES tenant(id),
  customer_id    INTEGER NOT NULL,
  currency       TEXT NOT NULL,
  amount         INTEGER NOT NULL CHECK (amount > 0),
  kept_at_least  INTEGER NOT NULL,
  date           TEXT NOT NULL,
  until          TEXT NOT NULL,
  made_at        TEXT NOT NULL,
  made_by        TEXT NOT NULL,
  -- OR, not IN (...): see ledger_entry.kind in 0001
  state          TEXT NOT NULL DEFAULT 'current' CHECK (state = 'current' OR state = 'kept' OR
                                                        state = 'partially_kept' OR state = 'broken' OR
                                                        state = 'cancelled'),
  paid           INTEGER NOT NULL DEFAULT 0,
  settled_on     TEXT,
  settled_at     TEXT,
  note           TEXT NOT NULL DEFAULT '',
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer(tenant_id, id)
);
CREATE INDEX promise_customer ON promise(tenant_id, customer_id);
-- The review reads the current promises whose until has passed.
CREATE INDEX promise_current ON promise(tenant_id, until) WHERE state = 'current';
-- The queue reads the promises broken lately.
CREATE INDEX promise_settled ON promise(tenant_id, settled_on) WHERE settled_on IS NOT NULL;

CREATE TABLE promise_invoice (
  tenant_id    INTEGER NOT NULL,
  promise_id   INTEGER NOT NULL,
  invoice_id   INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, promise_id, invoice_id),
  FOREIGN KEY (tenant_id, promise_id) REFERENCES promise(tenant_id, id),
  FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoice(tenant_id, id)
);

-- A tenant's tolerance for judging promises (no row: 2 days, 0 percent).
CREATE TABLE promise_setting (
  tenant_id          INTEGER NOT NULL REFERENCES tenant(id),
  tolerance_days     INTEGER NOT NULL CHECK (tolerance_days >= 0),
  tolerance_percent  INTEGER NOT NULL CHECK (tolerance_percent >= 0 AND tolerance_percent <= 100),
  PRIMARY KEY (tenant_id)
);
