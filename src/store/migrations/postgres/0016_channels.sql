-- Messages that go out (docs/channels.md); see the SQLite 0019_channels.sql.
CREATE TABLE setting (
  tenant_id   bigint NOT NULL REFERENCES tenant (id),
  key         text NOT NULL,
  value       text NOT NULL,
  updated_at  timestamptz NOT NULL,
  updated_by  text NOT NULL,
  PRIMARY KEY (tenant_id, key)
);

CREATE TABLE message_template (
  tenant_id   bigint NOT NULL REFERENCES tenant (id),
  name        text NOT NULL,
  channel     text NOT NULL,
  lang        text NOT NULL,
  audience    text NOT NULL,
  subject     text NOT NULL DEFAULT '',
  body_text   text NOT NULL,
  body_html   text NOT NULL DEFAULT '',
  updated_at  timestamptz NOT NULL,
  updated_by  text NOT NULL,
  PRIMARY KEY (tenant_id, name, channel, lang, audience)
);

CREATE TABLE message (
  tenant_id    bigint NOT NULL REFERENCES tenant (id),
  action_id    bigint NOT NULL,
  channel      text NOT NULL,
  state        text NOT NULL CHECK (state IN ('sending', 'sent', 'retry', 'failed', 'unsure')),
  attempts     integer NOT NULL DEFAULT 0,
  next_at      timestamptz,
  message_id   text NOT NULL,
  recipient    text NOT NULL DEFAULT '',
  last_error   text NOT NULL DEFAULT '',
  encoding     text NOT NULL DEFAULT '',
  segments     integer NOT NULL DEFAULT 0,
  sent_at      timestamptz,
  updated_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, action_id),
  FOREIGN KEY (tenant_id, action_id) REFERENCES action (tenant_id, id)
);
CREATE INDEX message_state ON message (tenant_id, state);

CREATE TABLE message_attempt (
  tenant_id   bigint NOT NULL REFERENCES tenant (id),
  action_id   bigint NOT NULL,
  n           integer NOT NULL,
  at          timestamptz NOT NULL,
  outcome     text NOT NULL,
  detail      text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, action_id, n),
  FOREIGN KEY (tenant_id, action_id) REFERENCES action (tenant_id, id)
);

CREATE INDEX action_outbox ON action (tenant_id, scheduled_at) WHERE state = 'scheduled';
