/*
 * assignments.c: forwarders of store/assignments.h to the backend.
 */
#include "store/assignments.h"

#include "store/store_int.h"

int store_assignments_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_assignment_cb cb,
			   void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->assignments->each(tx, from_customer, to_customer, cb, ctx, e);
}

int store_assignments_put(struct store_tx *tx, const struct assignment *rows, size_t n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->assignments->put(tx, rows, n, e);
}

int store_assignments_release(struct store_tx *tx, const int64_t *customer_ids, size_t n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->assignments->release(tx, customer_ids, n, e);
}

int store_assignments_latest(struct store_tx *tx, date_t *since, struct error *e)
{
	STORE_READ_CALL(tx, e);
	*since = 0;
	return tx->s->ops->assignments->latest(tx, since, e);
}

int store_queue_calls_each(struct store_tx *tx, int64_t user_id, timestamp_t now, date_t today, store_queue_cb cb,
			   void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->assignments->calls_each(tx, user_id, now, today, cb, ctx, e);
}

int store_queue_callbacks_each(struct store_tx *tx, int64_t user_id, timestamp_t from, timestamp_t to, date_t today,
			       store_queue_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->assignments->callbacks_each(tx, user_id, from, to, today, cb, ctx, e);
}

int store_queue_balances(struct store_tx *tx, int64_t customer_id, date_t today, store_queue_balance_cb cb, void *ctx,
			 struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->assignments->balances(tx, customer_id, today, cb, ctx, e);
}

int store_queue_balances_of(struct store_tx *tx, const int64_t *ids, size_t n, date_t today,
			    store_queue_balances_of_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	if (n == 0)
		return 0;
	return tx->s->ops->queue_balances_of(tx, ids, n, today, cb, ctx, e);
}

int store_queue_refs(struct store_tx *tx, int64_t customer_id, int64_t contact_id, char *customer_ref,
		     char *contact_ref, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->assignments->refs(tx, customer_id, contact_id, customer_ref, contact_ref, e);
}

int store_queue_calls_logged(struct store_tx *tx, const char *logged_by, timestamp_t from, timestamp_t to, int64_t *n,
			     struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->assignments->calls_logged(tx, logged_by, from, to, n, e);
}

int store_attempt_queue_note(struct store_tx *tx, int64_t attempt_id, timestamp_t callback_at, const char *logged_by,
			     struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->assignments->attempt_note(tx, attempt_id, callback_at, logged_by, e);
}

int store_calls_done(struct store_tx *tx, int64_t customer_id, timestamp_t up_to, timestamp_t at, int64_t *n,
		     struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->assignments->calls_done(tx, customer_id, up_to, at, n, e);
}

int store_queue_calls_by_bound(struct store_tx *tx, int64_t user_id, timestamp_t now, store_queue_cb cb, void *ctx,
			       struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->assignments->calls_by_bound(tx, user_id, now, cb, ctx, e);
}

int store_queue_calls_of(struct store_tx *tx, int64_t customer_id, timestamp_t now, store_queue_cb cb, void *ctx,
			 struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->assignments->calls_of(tx, customer_id, now, cb, ctx, e);
}

int store_assignment_open_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
			       store_assignment_open_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->assignments->open_each(tx, from_customer, to_customer, cb, ctx, e);
}

int store_assignment_bound_set(struct store_tx *tx, int64_t customer_id, int64_t old_bound, int64_t bound,
			       const char *currency, int64_t scale, int64_t pay, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->assignments->bound_set(tx, customer_id, old_bound, bound, currency, scale, pay, e);
}
