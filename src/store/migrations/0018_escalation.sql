-- Escalation (issue 10 point 7, docs/agreements.md "Escalation"): the
-- placements with collection agencies, the small-claims cases, and the
-- tenant's escalation settings.
--
-- A placement is one row per customer and currency placed at once (the
-- same agency and moment): what was owed then (amount, minor units) and how
-- old it was (age_days: days past due of the oldest open invoice at the
-- placement date), so that recoveries are reported per age at placement.
-- A recall ends it (recalled_at); rows are never deleted.
CREATE TABLE placement (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  customer_id  INTEGER NOT NULL,
  currency     TEXT NOT NULL,
  agency       TEXT NOT NULL,
  amount       INTEGER NOT NULL,
  age_days     INTEGER NOT NULL,
  -- the place_with_agency action the placement settled (0 none)
  action_id    INTEGER NOT NULL DEFAULT 0,
  placed_at    TEXT NOT NULL,
  placed_by    TEXT NOT NULL,
  recalled_at  TEXT,
  recalled_by  TEXT,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer(tenant_id, id)
);
CREATE INDEX placement_customer ON placement(tenant_id, customer_id);

-- A small-claims case's steps, appended: the latest row is its state.
CREATE TABLE legal_event (
  id           INTEGER PRIMARY KEY,
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  customer_id  INTEGER NOT NULL,
  state        TEXT NOT NULL CHECK (state = 'filed' OR state = 'judgment' OR state = 'paid'),
  at           TEXT NOT NULL,
  by_user      TEXT NOT NULL,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer(tenant_id, id)
);
CREATE INDEX legal_event_customer ON legal_event(tenant_id, customer_id, id);

-- Named settings of the escalation (legal.min_balance, legal.limitation_years).
CREATE TABLE escalation_setting (
  tenant_id  INTEGER NOT NULL REFERENCES tenant(id),
  name       TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (tenant_id, name)
);
