/*
 * history.c: forwarders of store/history.h (contact attempts and flags) to the backend.
 */
#include "store/store_int.h"

int store_attempt_add(struct store_tx *tx, int64_t customer_id, const struct contact_attempt *a, const char *spoke_with,
		      const char *note, int64_t *id, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->history->attempt_add(tx, customer_id, a, spoke_with, note, id, e);
}

int store_attempts_each(struct store_tx *tx, int64_t customer_id, timestamp_t since, store_attempt_cb cb, void *ctx,
			struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->history->attempts_each(tx, customer_id, since, cb, ctx, e);
}

int store_attempt_views_each(struct store_tx *tx, int64_t customer_id, store_attempt_view_cb cb, void *ctx,
			     struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->history->attempt_views_each(tx, customer_id, cb, ctx, e);
}

int store_attempts_copy(struct store_tx *tx, const struct attempt_copy *rows, size_t n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->history->attempts_copy(tx, rows, n, e);
}

int store_flag_add(struct store_tx *tx, struct flag_record *f, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->history->flag_add(tx, f, e);
}

int store_flag_clear(struct store_tx *tx, const struct flag_record *match, const char *cleared_by, timestamp_t at,
		     const char *reason, int *cleared, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->history->flag_clear(tx, match, cleared_by, at, reason, cleared, e);
}

int store_flags_each(struct store_tx *tx, int64_t customer_id, store_flag_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->history->flags_each(tx, customer_id, cb, ctx, e);
}

int store_attempts_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t since,
			       store_customer_attempt_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->history->attempts_by_customer(tx, from_customer, to_customer, since, cb, ctx, e);
}

int store_flags_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_flag_cb cb,
			    void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->history->flags_by_customer(tx, from_customer, to_customer, cb, ctx, e);
}

int store_flags_by_customer_at(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at,
			       store_flag_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->history->flags_by_customer_at(tx, from_customer, to_customer, at, cb, ctx, e);
}

int store_flags_changed_after(struct store_tx *tx, timestamp_t at, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->history->flags_changed_after(tx, at, e);
}

int store_attempts_of_customers(struct store_tx *tx, const int64_t *ids, size_t n, timestamp_t since,
				store_customer_attempt_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	if (n == 0)
		return 0;
	return tx->s->ops->history->attempts_of_customers(tx, ids, n, since, cb, ctx, e);
}

int store_flags_of_customers(struct store_tx *tx, const int64_t *ids, size_t n, timestamp_t at, store_flag_cb cb,
			     void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	if (n == 0)
		return 0;
	return tx->s->ops->history->flags_of_customers(tx, ids, n, at, cb, ctx, e);
}

int store_attempt_import(struct store_tx *tx, int64_t customer_id, const struct contact_attempt *a,
			 const struct history_attempt *h, int64_t import_id, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->history->attempt_import(tx, customer_id, a, h, import_id, e);
}

int store_attempt_get_ref(struct store_tx *tx, const char *ref, struct history_attempt *out, int64_t *import_id,
			  struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->history->attempt_get_ref(tx, ref, out, import_id, e);
}

int store_flag_import(struct store_tx *tx, struct flag_record *f, const char *ref, timestamp_t cleared_at,
		      const char *cleared_by, const char *cleared_reason, int64_t import_id, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->history->flag_import(tx, f, ref, cleared_at, cleared_by, cleared_reason, import_id, e);
}

int store_flag_get_ref(struct store_tx *tx, const char *ref, struct history_flag *out, int64_t *import_id,
		       struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->history->flag_get_ref(tx, ref, out, import_id, e);
}
