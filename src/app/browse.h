/*
 * browse.h: a page of a tenant's customers for a caller who may see only
 * some of them (the API's GET /api/v1/customers), in one read transaction.
 *
 * Pages are keyset pages by customer id (store.h, struct store_cursor):
 * `after` 0 starts, and the page's last id is the next page's `after`
 * (*next; 0 when this page was the last). A collector's page holds only
 * the customers assigned to them (app/auth.h), read as such: `limit` of
 * them while that many remain, so a page shorter than `limit` is the last
 * for a collector as for a manager. A page of exactly the rest still gives
 * a `next`, whose page is empty.
 */
#ifndef RECOUP_APP_BROWSE_H
#define RECOUP_APP_BROWSE_H

#include "app/app.h"
#include "app/auth.h"
#include "store/parties.h"

#define BROWSE_LIMIT_MAX 1000

int browse_customers(const struct app_ctx *ctx, const struct auth_identity *who, int64_t after, int limit,
		     store_customer_cb cb, void *cb_ctx, int64_t *next, struct error *e);

#endif
