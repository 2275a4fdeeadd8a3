/*
 * auth.c: forwarders of store/auth.h to the backend.
 */
#include "store/auth.h"

#include "store/store_int.h"

int store_auth_password_get(struct store_tx *tx, int64_t user_id, char *hash, size_t size, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->auth->password_get(tx, user_id, hash, size, e);
}

int store_auth_password_set(struct store_tx *tx, int64_t user_id, const char *hash, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->auth->password_set(tx, user_id, hash, e);
}

int store_auth_session_add(struct store_tx *tx, const struct auth_session *s, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->auth->session_add(tx, s, e);
}

int store_auth_session_get(struct store_tx *tx, const char *id_hash, struct auth_session *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->auth->session_get(tx, id_hash, out, e);
}

int store_auth_session_touch(struct store_tx *tx, const char *id_hash, timestamp_t last_seen, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->auth->session_touch(tx, id_hash, last_seen, e);
}

int store_auth_session_delete(struct store_tx *tx, const char *id_hash, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->auth->session_delete(tx, id_hash, e);
}

int store_auth_sessions_end(struct store_tx *tx, int64_t user_id, int64_t *n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->auth->sessions_end(tx, user_id, n, e);
}

int store_auth_token_add(struct store_tx *tx, struct auth_token *t, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->auth->token_add(tx, t, e);
}

int store_auth_token_by_hash(struct store_tx *tx, const char *token_hash, struct auth_token *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->auth->token_by_hash(tx, token_hash, out, e);
}

int store_auth_tokens_each(struct store_tx *tx, store_auth_token_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->auth->tokens_each(tx, cb, ctx, e);
}

int store_auth_token_revoke(struct store_tx *tx, const char *name, timestamp_t at, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->auth->token_revoke(tx, name, at, e);
}

int store_auth_failures_get(struct store_tx *tx, const char *user_name, const char *address, struct auth_failures *out,
			    struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->auth->failures_get(tx, user_name, address, out, e);
}

int store_auth_failures_put(struct store_tx *tx, const char *user_name, const char *address,
			    const struct auth_failures *f, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->auth->failures_put(tx, user_name, address, f, e);
}

int store_auth_failures_clear(struct store_tx *tx, const char *user_name, const char *address, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->auth->failures_clear(tx, user_name, address, e);
}

int store_idempotency_get(struct store_tx *tx, const char *key, timestamp_t since, char *request_hash, int *status,
			  char **response, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->auth->idempotency_get(tx, key, since, request_hash, status, response, e);
}

int store_idempotency_put(struct store_tx *tx, const char *key, const char *request_hash, int status,
			  const char *response, timestamp_t at, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->auth->idempotency_put(tx, key, request_hash, status, response, at, e);
}

int store_idempotency_prune(struct store_tx *tx, const char *key, timestamp_t before, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->auth->idempotency_prune(tx, key, before, e);
}
