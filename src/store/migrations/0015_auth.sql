-- Sign-in for `recoup serve` (store/auth.h, docs/api.md): a password per
-- user, sessions, API tokens, failed sign-ins and the idempotency keys of
-- the API's writes. Secrets are never stored: a password as its argon2id
-- string (libsodium crypto_pwhash_str, salt and cost inside), a session id
-- and a token as the hex of their BLAKE2b-256 hash, so that a copy of the
-- database signs no one in. Moments are RFC 3339 UTC text.

-- '' when the user has no password (cannot sign in).
ALTER TABLE app_user ADD COLUMN password_hash TEXT NOT NULL DEFAULT '';

-- A signed-in browser: the cookie holds the id, the row its hash. It ends
-- at expires_at (absolute) or idle_seconds after last_seen, whichever comes
-- first; signing out deletes it. csrf_token is sent back by every
-- cookie-authenticated write (X-CSRF-Token).
CREATE TABLE auth_session (
  tenant_id     INTEGER NOT NULL REFERENCES tenant(id),
  id_hash       TEXT NOT NULL,
  user_id       INTEGER NOT NULL,
  csrf_token    TEXT NOT NULL,
  address       TEXT NOT NULL DEFAULT '',
  created_at    TEXT NOT NULL,
  last_seen     TEXT NOT NULL,
  idle_seconds  INTEGER NOT NULL CHECK (idle_seconds > 0),
  expires_at    TEXT NOT NULL,
  PRIMARY KEY (tenant_id, id_hash),
  FOREIGN KEY (tenant_id, user_id) REFERENCES app_user(tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX auth_session_user ON auth_session(tenant_id, user_id);

-- A machine client's token (`recoup token create NAME --role R`), acting as
-- "token:NAME" with its own role. Revoked, never deleted: the audit names it.
CREATE TABLE api_token (
  id          INTEGER PRIMARY KEY,
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 64),
  role        TEXT NOT NULL CHECK (role = 'admin' OR role = 'manager' OR role = 'collector'),
  token_hash  TEXT NOT NULL,
  created_by  TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  revoked_at  TEXT,
  UNIQUE (tenant_id, id),
  UNIQUE (tenant_id, name),
  UNIQUE (tenant_id, token_hash)
);

-- Failed sign-ins per login name and client address (address '*': the
-- name's failures from every address), counted from first_at; locked_until
-- set once too many came in the window.
CREATE TABLE signin_failure (
  tenant_id     INTEGER NOT NULL REFERENCES tenant(id),
  user_name     TEXT NOT NULL,
  address       TEXT NOT NULL,
  failures      INTEGER NOT NULL CHECK (failures >= 0),
  first_at      TEXT NOT NULL,
  locked_until  TEXT,
  PRIMARY KEY (tenant_id, user_name, address)
) WITHOUT ROWID;

-- The first response to a POST sent with an Idempotency-Key: the same key
-- and the same body get it again, the same key and another body a 422.
CREATE TABLE idempotency_key (
  tenant_id     INTEGER NOT NULL REFERENCES tenant(id),
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  status        INTEGER NOT NULL,
  response      TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  PRIMARY KEY (tenant_id, key)
) WITHOUT ROWID;
