/*
 * browse.c: see browse.h.
 */
#include "app/browse.h"

struct visible_page {
	struct store_tx *tx;
	const struct auth_identity *who;
	store_customer_cb cb;
	void *cb_ctx;
	struct error *e;
};

static int pass_visible(void *ctx, const struct customer *c)
{
	struct visible_page *vp = ctx;
	int ret = auth_customer_id_visible(vp->tx, vp->who, c->id, vp->e);

	if (ret < 0)
		return ret;
	return ret ? vp->cb(vp->cb_ctx, c) : 0;
}

int browse_customers(const struct app_ctx *ctx, const struct auth_identity *who, int64_t after, int limit,
		     store_customer_cb cb, void *cb_ctx, int64_t *next, struct error *e)
{
	struct store_cursor cur = { after, limit };
	struct visible_page vp = { NULL, who, cb, cb_ctx, e };
	int ret;

	*next = 0;
	if (limit < 1 || limit > BROWSE_LIMIT_MAX)
		return error_set_field(e, ERR_USAGE, "limit", "limit %d: must be 1 to %d", limit, BROWSE_LIMIT_MAX);
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &vp.tx, e);
	if (ret >= 0)
		ret = store_customers_list(vp.tx, &cur, pass_visible, &vp, e);
	store_tx_free(vp.tx);
	if (ret < 0)
		return ret;
	if (ret == limit)
		*next = cur.after;
	return 0;
}
