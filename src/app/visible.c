/*
 * visible.c: see visible.h. One statement reads the tenant's assignments
 * (store_assignments_each over every customer id), by customer id, so the
 * set comes out sorted for visible_has's binary search.
 */
#include "app/visible.h"

#include <stdlib.h>

#include "store/assignments.h"

struct collect {
	struct visible_set *v;
	int64_t user_id;
};

static int add_assigned(void *ctx, const struct assignment *a)
{
	struct collect *c = ctx;
	struct visible_set *v = c->v;

	if (a->user_id != c->user_id)
		return 0;
	if (v->n == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 64;
		int64_t *grown = realloc(v->ids, cap * sizeof(*grown));
		if (!grown)
			return -ERR_ENV;
		v->ids = grown;
		v->cap = cap;
	}
	v->ids[v->n++] = a->customer_id;
	return 0;
}

int visible_customers(const struct app_ctx *ctx, const struct auth_identity *who, struct visible_set *out,
		      struct error *e)
{
	struct collect c = { out, who->user_id };
	struct store_tx *tx = NULL;
	int ret;

	*out = (struct visible_set){ 0 };
	if (auth_role_at_least(who->role, "manager")) {
		out->all = 1;
		return 0;
	}
	if (who->user_id == 0)
		return 0;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0)
		ret = store_assignments_each(tx, 1, INT64_MAX, add_assigned, &c, e);
	store_tx_free(tx);
	if (ret < 0 && !e->code)
		return error_set(e, ERR_ENV, "out of memory");
	return ret < 0 ? ret : 0;
}

int visible_has(const struct visible_set *v, int64_t customer_id)
{
	size_t lo = 0, hi = v->n;

	if (v->all)
		return 1;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (v->ids[mid] == customer_id)
			return 1;
		if (v->ids[mid] < customer_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

void visible_free(struct visible_set *v)
{
	free(v->ids);
	*v = (struct visible_set){ 0 };
}
