-- Idempotency keys expire (app/idempotency.h): the writes that keep a key
-- delete the tenant's expired ones oldest first, through this index.
CREATE INDEX idempotency_key_created ON idempotency_key(tenant_id, created_at);
