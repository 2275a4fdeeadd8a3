/*
 * trend.c: the daily snapshots over a period, in one read transaction.
 */
#include "app/trend.h"

int trend_each(const struct app_ctx *ctx, date_t from, date_t to, store_snapshot_cb cb, void *cb_ctx, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret == 0)
		ret = store_snapshots_each(tx, from, to, cb, cb_ctx, e);
	if (ret > 0)
		ret = error_set(e, ERR_ENV, "reading the snapshots stopped");
	store_tx_free(tx);
	return ret;
}
