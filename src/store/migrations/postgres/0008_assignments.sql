-- The work queue: the tables and columns of the SQLite 0011_assignments, in
-- PostgreSQL types (see its comments).

CREATE TABLE assignment (
  tenant_id    bigint NOT NULL REFERENCES tenant (id),
  customer_id  bigint NOT NULL,
  user_id      bigint NOT NULL,
  since        date NOT NULL,
  reason       text NOT NULL DEFAULT '',
  risk_band    text NOT NULL DEFAULT '',
  PRIMARY KEY (tenant_id, customer_id),
  FOREIGN KEY (tenant_id, customer_id) REFERENCES customer (tenant_id, id),
  FOREIGN KEY (tenant_id, user_id) REFERENCES app_user (tenant_id, id)
);
CREATE INDEX assignment_user ON assignment (tenant_id, user_id, customer_id);

ALTER TABLE contact_attempt ADD COLUMN callback_at timestamptz;
ALTER TABLE contact_attempt ADD COLUMN logged_by text;
CREATE INDEX contact_attempt_callback ON contact_attempt (tenant_id, callback_at) WHERE callback_at IS NOT NULL;
CREATE INDEX contact_attempt_logged_by ON contact_attempt (tenant_id, logged_by, at) WHERE logged_by IS NOT NULL;
