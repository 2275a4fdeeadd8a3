/*
 * browse.c: see browse.h.
 *
 * A collector's page is read through the assignments (store_customers_of_user):
 * filtering a page of all customers afterwards left a collector with 95 of
 * 2,000 customers two a page and twenty pages to walk.
 */
#include "app/browse.h"

int browse_customers(const struct app_ctx *ctx, const struct auth_identity *who, int64_t after, int limit,
		     store_customer_cb cb, void *cb_ctx, int64_t *next, struct error *e)
{
	struct store_cursor cur = { after, limit };
	struct store_tx *tx = NULL;
	int all = auth_role_at_least(who->role, "manager");
	int ret;

	*next = 0;
	if (limit < 1 || limit > BROWSE_LIMIT_MAX)
		return error_set_field(e, ERR_USAGE, "limit", "limit %d: must be 1 to %d", limit, BROWSE_LIMIT_MAX);
	/* a collector's token bound to no user is assigned nothing (app/auth.h) */
	if (!all && who->user_id == 0)
		return 0;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret >= 0 && all)
		ret = store_customers_list(tx, &cur, cb, cb_ctx, e);
	else if (ret >= 0)
		ret = store_customers_of_user(tx, who->user_id, &cur, cb, cb_ctx, e);
	store_tx_free(tx);
	if (ret < 0)
		return ret;
	if (ret == limit)
		*next = cur.after;
	return 0;
}
