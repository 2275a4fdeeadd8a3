/*
 * returned.c: forwarders of store/returned.h to the backend.
 */
#include "store/returned.h"

#include "store/store_int.h"

int store_returned_each(struct store_tx *tx, date_t from, date_t to, store_returned_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->returned->each(tx, from, to, cb, ctx, e);
}
