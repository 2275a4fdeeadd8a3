-- Strategies as data: the tables of the SQLite 0008_strategies, in
-- PostgreSQL types (see 0001_schema.sql).

CREATE TABLE strategy (
  tenant_id   bigint NOT NULL REFERENCES tenant (id),
  name        text NOT NULL,
  json        text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, name)
);

CREATE TABLE strategy_default (
  tenant_id   bigint NOT NULL REFERENCES tenant (id),
  kind        text NOT NULL CHECK (kind IN ('person', 'company')),
  name        text NOT NULL,
  PRIMARY KEY (tenant_id, kind)
);
