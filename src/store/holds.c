/*
 * holds.c: forwarders of store/holds.h to the backend.
 */
#include "store/holds.h"

#include "store/store_int.h"

int store_hold_add(struct store_tx *tx, struct hold *h, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->holds->add(tx, h, e);
}

int store_holds_end(struct store_tx *tx, const char *kind, int64_t source_id, timestamp_t at, const char *reason,
		    int64_t *n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->holds->end(tx, kind, source_id, at, reason, n, e);
}

int store_holds_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at, date_t on,
		     store_hold_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->holds->each(tx, from_customer, to_customer, at, on, cb, ctx, e);
}

int store_run_holds_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at,
			 store_hold_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->holds->begun(tx, from_customer, to_customer, at, cb, ctx, e);
}

int store_holds_all(struct store_tx *tx, store_hold_row_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->holds->all(tx, cb, ctx, e);
}

int store_hold_copy(struct store_tx *tx, struct hold *h, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->holds->copy(tx, h, e);
}
