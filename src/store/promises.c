/*
 * promises.c: forwarders of store/promises.h to the backend.
 */
#include "store/promises.h"

#include "store/store_int.h"

int store_promise_add(struct store_tx *tx, struct promise *p, const int64_t *invoice_ids, size_t n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->promises->add(tx, p, invoice_ids, n, e);
}

int store_promises_each(struct store_tx *tx, const struct promise_filter *f, store_promise_cb cb, void *ctx,
			struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->promises->each(tx, f, cb, ctx, e);
}

int store_promises_settle(struct store_tx *tx, date_t as_of, timestamp_t at, int64_t counts[3], struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->promises->settle(tx, as_of, at, counts, e);
}

int store_promise_settings_get(struct store_tx *tx, int *tolerance_days, int *tolerance_percent, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->promises->settings_get(tx, tolerance_days, tolerance_percent, e);
}

int store_promise_settings_put(struct store_tx *tx, int tolerance_days, int tolerance_percent, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->promises->settings_put(tx, tolerance_days, tolerance_percent, e);
}

int store_promises_broken_each(struct store_tx *tx, int64_t user_id, date_t since, date_t today,
			       store_promise_broken_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->promises->broken_each(tx, user_id, since, today, cb, ctx, e);
}

int store_promise_copy(struct store_tx *tx, struct promise *p, const int64_t *invoice_ids, size_t n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->promises->copy(tx, p, invoice_ids, n, e);
}

int store_promise_get(struct store_tx *tx, int64_t id, struct promise *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->promises->get(tx, id, out, e);
}

int store_promises_overlapping(struct store_tx *tx, int64_t customer_id, const char *currency,
			       const int64_t *invoice_ids, size_t n, store_promise_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->promises->overlapping(tx, customer_id, currency, invoice_ids, n, cb, ctx, e);
}

int store_promise_cancel(struct store_tx *tx, const struct promise *p, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->promises->cancel(tx, p, e);
}
