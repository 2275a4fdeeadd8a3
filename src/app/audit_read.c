/*
 * audit_read.c: see audit_read.h.
 */
#include "app/audit_read.h"

struct counted_page {
	store_audit_cb cb;
	void *cb_ctx;
	int n;
	int64_t last;
};

static int count_entry(void *ctx, const struct audit_entry *a)
{
	struct counted_page *p = ctx;
	p->n++;
	p->last = a->id;
	return p->cb(p->cb_ctx, a);
}

int audit_read(const struct app_ctx *ctx, const struct audit_filter *f, store_audit_cb cb, void *cb_ctx, int64_t *next,
	       struct error *e)
{
	struct counted_page p = { cb, cb_ctx, 0, 0 };
	struct store_tx *tx = NULL;
	int ret;

	*next = 0;
	if (f->limit < 1 || f->limit > AUDIT_READ_LIMIT_MAX)
		return error_set_field(e, ERR_USAGE, "limit", "limit %d: must be 1 to %d", f->limit,
				       AUDIT_READ_LIMIT_MAX);
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret >= 0)
		ret = store_audit_each(tx, f, count_entry, &p, e);
	store_tx_free(tx);
	if (ret != 0)
		return ret; /* an error, or the callback's stop: no next page to offer */
	if (p.n == f->limit)
		*next = p.last;
	return 0;
}
