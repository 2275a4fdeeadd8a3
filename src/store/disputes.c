/*
 * disputes.c: forwarders of store/disputes.h to the backend.
 */
#include "store/disputes.h"

#include "store/store_int.h"

int store_dispute_add(struct store_tx *tx, struct dispute *d, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->disputes->add(tx, d, e);
}

int store_dispute_get(struct store_tx *tx, int64_t id, struct dispute *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->disputes->get(tx, id, out, e);
}

int store_dispute_resolve(struct store_tx *tx, const struct dispute *d, int64_t *n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->disputes->resolve(tx, d, n, e);
}

int store_disputes_each(struct store_tx *tx, const struct dispute_filter *f, store_dispute_cb cb, void *ctx,
			struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->disputes->each(tx, f, cb, ctx, e);
}

int store_disputes_mark_overdue(struct store_tx *tx, date_t on, timestamp_t at, int64_t *n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->disputes->mark_overdue(tx, on, at, n, e);
}

int store_dispute_reasons_get(struct store_tx *tx, char *out, size_t size, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->disputes->reasons_get(tx, out, size, e);
}

int store_dispute_reasons_set(struct store_tx *tx, const char *const *codes, size_t n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->disputes->reasons_set(tx, codes, n, e);
}

int store_dispute_copy(struct store_tx *tx, struct dispute *d, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->disputes->copy(tx, d, e);
}
