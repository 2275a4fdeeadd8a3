-- An API token may be bound to a user (recoup token create --user): it then
-- acts as that user (their name in the audit trail, their queue and
-- customers), with its role capped at the user's. NULL: a token of no user,
-- acting as token:NAME with its own role, as before.
--
-- SQLite cannot add a composite foreign key to a table, so api_token is
-- rebuilt (no table references it; it has no index but its keys) with
-- user_id referencing app_user through (tenant_id, user_id), tenant-first
-- as every reference (0004, t0400): a token cannot name another tenant's user.
CREATE TABLE api_token_new (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  role        TEXT NOT NULL CHECK (role = 'admin' OR role = 'manager' OR role = 'collector'),
  token_hash  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  revoked_at  TEXT,
  user_id     INTEGER,
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, name),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, user_id) REFERENCES app_user(tenant_id, id)
);
INSERT INTO api_token_new (id, tenant_id, name, role, token_hash, created_by, created_at, revoked_at)
  SELECT id, tenant_id, name, role, token_hash, created_by, created_at, revoked_at FROM api_token;
DROP TABLE api_token;
ALTER TABLE api_token_new RENAME TO api_token;
