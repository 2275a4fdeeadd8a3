-- Strategies as data (docs/strategies.md): the tenant's own strategies,
-- stored as the canonical JSON core/strategy.h prints (strategy_to_json),
-- and the strategy each kind of customer gets when no candidate's segment
-- matches. The presets live in the code; a default may name one, so
-- strategy_default.name is not a reference to strategy.

CREATE TABLE strategy (
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  name        TEXT NOT NULL,
  json        TEXT NOT NULL,
  updated_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  PRIMARY KEY (tenant_id, name)
);

CREATE TABLE strategy_default (
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  kind        TEXT NOT NULL CHECK (kind = 'person' OR kind = 'company'),
  name        TEXT NOT NULL,
  PRIMARY KEY (tenant_id, kind)
);
