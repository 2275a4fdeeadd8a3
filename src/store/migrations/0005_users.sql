-- Users: the people who work a tenant's accounts (store/users.h). A login
-- name is unique within its tenant; a user is disabled, never deleted, so
-- that every record naming it still names someone. The server will add its
-- credentials to this table in a later migration (no password column yet).
-- `app_user`, not `user`: USER is a reserved word in PostgreSQL, and both
-- backends name their tables alike. Moments are RFC 3339 UTC text.

CREATE TABLE app_user (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  -- OR, not IN (...): see ledger_entry.kind in 0001
  role        TEXT NOT NULL CHECK (role = 'admin' OR role = 'manager' OR role = 'collector'),
  team        TEXT NOT NULL DEFAULT '',
  capacity    INTEGER NOT NULL DEFAULT 40 CHECK (capacity >= 0),
  disabled    INTEGER NOT NULL DEFAULT 0 CHECK (disabled = 0 OR disabled = 1),
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, name)
);
