-- Messages that go out (docs/channels.md): the tenant's channel settings,
-- its edited templates, and the delivery of each message action.
-- Moments are RFC 3339 UTC text.

-- Channel settings per tenant (recoup config): smtp.url, email.from ...
-- Secrets (smtp.password, sms.token) are stored as given: the database is
-- the tenant's, and `config list` never prints them back.
CREATE TABLE setting (
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  key         TEXT NOT NULL,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL,
  PRIMARY KEY (tenant_id, key)
) WITHOUT ROWID;

-- A tenant's own template, replacing the shipped one of the same name,
-- channel, language and audience (channels/template.h).
CREATE TABLE message_template (
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  name        TEXT NOT NULL,
  channel     TEXT NOT NULL,
  lang        TEXT NOT NULL,
  audience    TEXT NOT NULL,
  subject     TEXT NOT NULL DEFAULT '',
  body_text   TEXT NOT NULL,
  body_html   TEXT NOT NULL DEFAULT '',
  updated_at  TEXT NOT NULL,
  updated_by  TEXT NOT NULL,
  PRIMARY KEY (tenant_id, name, channel, lang, audience)
) WITHOUT ROWID;

-- The outbox is the message actions themselves (action.kind email or sms,
-- state scheduled); this is their delivery, one row per action once a
-- send has started: 'sending' is committed before the message is handed
-- to the server, so a row found 'sending' at start was maybe delivered
-- ('unsure', never sent again automatically).
CREATE TABLE message (
  tenant_id    INTEGER NOT NULL REFERENCES tenant(id),
  action_id    INTEGER NOT NULL,
  channel      TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state = 'sending' OR state = 'sent' OR state = 'retry' OR
                                    state = 'failed' OR state = 'unsure'),
  attempts     INTEGER NOT NULL DEFAULT 0,
  next_at      TEXT,
  message_id   TEXT NOT NULL,
  recipient    TEXT NOT NULL DEFAULT '',
  last_error   TEXT NOT NULL DEFAULT '',
  encoding     TEXT NOT NULL DEFAULT '',
  segments     INTEGER NOT NULL DEFAULT 0,
  sent_at      TEXT,
  updated_at   TEXT NOT NULL,
  PRIMARY KEY (tenant_id, action_id),
  FOREIGN KEY (tenant_id, action_id) REFERENCES action(tenant_id, id)
) WITHOUT ROWID;
CREATE INDEX message_state ON message(tenant_id, state);

-- Every attempt at handing a message over, with what came back.
CREATE TABLE message_attempt (
  tenant_id   INTEGER NOT NULL REFERENCES tenant(id),
  action_id   INTEGER NOT NULL,
  n           INTEGER NOT NULL,
  at          TEXT NOT NULL,
  outcome     TEXT NOT NULL,
  detail      TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, action_id, n),
  FOREIGN KEY (tenant_id, action_id) REFERENCES action(tenant_id, id)
) WITHOUT ROWID;

-- What `recoup send` reads: the waiting messages by scheduled moment.
CREATE INDEX action_outbox ON action(tenant_id, scheduled_at) WHERE state = 'scheduled';
