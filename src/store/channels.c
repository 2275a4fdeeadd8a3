/*
 * channels.c: forwarders of store/channels.h to the backend.
 */
#include "store/channels.h"

#include "store/store_int.h"

int store_setting_put(struct store_tx *tx, const char *key, const char *value, timestamp_t at, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->channels->setting_put(tx, key, value, at, e);
}

int store_setting_add(struct store_tx *tx, const char *key, const char *value, timestamp_t at, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->channels->setting_add(tx, key, value, at, e);
}

int store_message_claim(struct store_tx *tx, const struct message_record *m, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->channels->message_claim(tx, m, e);
}

int store_setting_get(struct store_tx *tx, const char *key, char *value, size_t size, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->channels->setting_get(tx, key, value, size, e);
}

int store_settings_each(struct store_tx *tx, store_setting_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->channels->settings_each(tx, cb, ctx, e);
}

int store_template_put(struct store_tx *tx, const struct stored_template *t, timestamp_t at, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->channels->template_put(tx, t, at, e);
}

int store_templates_each(struct store_tx *tx, const char *name, store_template_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->channels->templates_each(tx, name, cb, ctx, e);
}

int store_outbox_due_each(struct store_tx *tx, timestamp_t until, long limit, store_outbox_cb cb, void *ctx,
			  struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->channels->outbox_due_each(tx, until, limit, cb, ctx, e);
}

int store_outbox_invoices_each(struct store_tx *tx, int64_t action_id, store_id_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->channels->outbox_invoices_each(tx, action_id, cb, ctx, e);
}

int store_outbox_later_invoices_each(struct store_tx *tx, int64_t action_id, store_id_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->channels->outbox_later_invoices_each(tx, action_id, cb, ctx, e);
}

int store_message_put(struct store_tx *tx, const struct message_record *m, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->channels->message_put(tx, m, e);
}

int store_message_get(struct store_tx *tx, int64_t action_id, struct message_record *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->channels->message_get(tx, action_id, out, e);
}

int store_messages_move(struct store_tx *tx, const char *from, const char *to, timestamp_t at, int64_t *n,
			struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->channels->messages_move(tx, from, to, at, n, e);
}

int store_messages_each(struct store_tx *tx, const char *state, store_message_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->channels->messages_each(tx, state, cb, ctx, e);
}

int store_message_attempt_add(struct store_tx *tx, int64_t action_id, int n, timestamp_t at, const char *outcome,
			      const char *detail, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->channels->message_attempt_add(tx, action_id, n, at, outcome, detail, e);
}

int store_messages_between(struct store_tx *tx, int64_t from_action, int64_t to_action, store_message_cb cb, void *ctx,
			   struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->channels->messages_between(tx, from_action, to_action, cb, ctx, e);
}

int store_message_attempts_between(struct store_tx *tx, int64_t from_action, int64_t to_action,
				   store_message_attempt_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->channels->message_attempts_between(tx, from_action, to_action, cb, ctx, e);
}
