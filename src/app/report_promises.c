/*
 * report_promises.c: see report_promises.h. The promises of the period are
 * read once, in id order, and added to one row per (dimension, key,
 * currency): a tenant's collectors and currencies are few, so the rows are
 * searched linearly.
 */
#include "app/report_promises.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "core/kpi.h"
#include "store/promises.h"

struct acc {
	struct report_promises *r;
	int failed;
};

static struct report_promises_row *row_of(struct report_promises *r, const char *dim, const char *key,
					  const char *currency)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->rows[i].dimension, dim) && !strcmp(r->rows[i].key, key) &&
		    !strcmp(r->rows[i].currency, currency))
			return &r->rows[i];
	if (array_grow(&r->rows, &r->cap, r->n, sizeof(*r->rows)) < 0)
		return NULL;
	memset(&r->rows[r->n], 0, sizeof(r->rows[r->n]));
	snprintf(r->rows[r->n].dimension, sizeof(r->rows[r->n].dimension), "%s", dim);
	snprintf(r->rows[r->n].key, sizeof(r->rows[r->n].key), "%s", key);
	snprintf(r->rows[r->n].currency, sizeof(r->rows[r->n].currency), "%s", currency);
	return &r->rows[r->n++];
}

static void count(struct report_promises_row *w, const struct promise *p)
{
	int judged = !strcmp(p->state, "kept") || !strcmp(p->state, "partially_kept") || !strcmp(p->state, "broken");

	w->made++;
	/* a cancelled promise (withdrawn, or replaced by a later one on the same debt) promises nothing */
	if (strcmp(p->state, "cancelled"))
		w->amount_promised += p->amount;
	w->kept += !strcmp(p->state, "kept");
	w->partially_kept += !strcmp(p->state, "partially_kept");
	w->broken += !strcmp(p->state, "broken");
	w->current += !strcmp(p->state, "current");
	if (judged) {
		w->due++;
		w->amount_kept += p->paid < 0 ? 0 : p->paid > p->amount ? p->amount : p->paid;
	}
}

static int on_promise(void *ctx, const struct promise *p)
{
	struct acc *a = ctx;
	const char *dims[3][2] = { { "total", "all" }, { "collector", p->made_by }, { "segment", p->customer_kind } };

	for (int i = 0; i < 3; i++) {
		struct report_promises_row *w = row_of(a->r, dims[i][0], dims[i][1], p->currency);
		if (!w) {
			a->failed = 1;
			return 1;
		}
		count(w, p);
	}
	return 0;
}

static int by_dimension(const void *x, const void *y)
{
	static const char *const order[] = { "total", "collector", "segment" };
	const struct report_promises_row *a = x, *b = y;
	int ra = 0, rb = 0, c;

	for (int i = 0; i < 3; i++) {
		ra = strcmp(a->dimension, order[i]) ? ra : i;
		rb = strcmp(b->dimension, order[i]) ? rb : i;
	}
	if (ra != rb)
		return ra - rb;
	c = strcmp(a->key, b->key);
	return c ? c : strcmp(a->currency, b->currency);
}

int report_promises(const struct app_ctx *ctx, date_t from, date_t to, struct report_promises *out, struct error *e)
{
	struct promise_filter f = { 0 };
	struct acc a = { out, 0 };
	struct store_tx *tx = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	f.made_from = from;
	f.made_to = to;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0)
		ret = store_promises_each(tx, &f, on_promise, &a, e);
	if (ret > 0 || a.failed)
		ret = error_set(e, ERR_ENV, "out of memory");
	store_tx_free(tx);
	if (ret < 0) {
		report_promises_release(out);
		return ret;
	}
	for (size_t i = 0; i < out->n; i++)
		out->rows[i].kept_rate_bp = kpi_ratio_bp(out->rows[i].kept, out->rows[i].due);
	if (out->n)
		qsort(out->rows, out->n, sizeof(*out->rows), by_dimension);
	return 0;
}

void report_promises_release(struct report_promises *r)
{
	if (!r)
		return;
	free(r->rows);
	memset(r, 0, sizeof(*r));
}
