/*
 * report_disputes.c: see report_disputes.h.
 */
#include "app/report_disputes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/array.h"

struct build {
	struct report_disputes *r;
	date_t as_of;
	timestamp_t end; /* the end of the day as_of */
};

static struct report_disputes_row *row_of(struct report_disputes *r, const char *reason, const char *currency)
{
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->rows[i].reason, reason) && !strcmp(r->rows[i].currency, currency))
			return &r->rows[i];
	if (array_grow(&r->rows, &r->cap, r->n, sizeof(*r->rows)) < 0)
		return NULL;
	memset(&r->rows[r->n], 0, sizeof(r->rows[0]));
	snprintf(r->rows[r->n].reason, sizeof(r->rows[0].reason), "%s", reason);
	snprintf(r->rows[r->n].currency, sizeof(r->rows[0].currency), "%s", currency);
	return &r->rows[r->n++];
}

static void count(struct report_disputes_row *w, const struct dispute *d, const struct build *b)
{
	long age = (long)(b->as_of - timestamp_date_utc(d->opened_at));
	int resolved = d->resolved_at && d->resolved_at < b->end;

	w->opened++;
	if (!resolved) {
		w->open++;
		w->open_balance += d->balance;
		w->open_age_sum += age;
		if (age > w->oldest_age)
			w->oldest_age = age;
		w->overdue += d->deadline && d->deadline < b->as_of;
		return;
	}
	w->upheld += !strcmp(d->state, "upheld");
	w->rejected += !strcmp(d->state, "rejected");
	w->credited += !strcmp(d->state, "credited");
	w->credit += d->credit;
	w->resolve_days_sum += (long)(timestamp_date_utc(d->resolved_at) - timestamp_date_utc(d->opened_at));
}

static int on_dispute(void *ctx, const struct dispute *d)
{
	struct build *b = ctx;
	struct report_disputes_row *w, *t;

	if (d->opened_at >= b->end)
		return 0; /* opened after the day */
	w = row_of(b->r, d->reason, d->currency);
	t = w ? row_of(b->r, "", d->currency) : NULL;
	if (!t)
		return -ERR_ENV;
	w = row_of(b->r, d->reason, d->currency); /* t's growth may have moved it */
	count(w, d, b);
	count(t, d, b);
	return 0;
}

static int by_currency_reason(const void *a, const void *b)
{
	const struct report_disputes_row *x = a, *y = b;
	int c = strcmp(x->currency, y->currency);
	if (c)
		return c;
	if (!x->reason[0] || !y->reason[0])
		return !x->reason[0] - !y->reason[0]; /* the total last */
	return strcmp(x->reason, y->reason);
}

int report_disputes_build(const struct app_ctx *ctx, date_t as_of, struct report_disputes *out, struct error *e)
{
	struct dispute_filter f = { 0 };
	struct build b = { out, as_of, ((timestamp_t)as_of + 1) * 86400 };
	struct store_tx *tx = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret < 0)
		return ret;
	ret = store_disputes_each(tx, &f, on_dispute, &b, e);
	if (ret == -ERR_ENV && !e->message[0])
		ret = error_set(e, ERR_ENV, "out of memory");
	store_tx_free(tx);
	if (ret < 0) {
		report_disputes_release(out);
		return ret;
	}
	if (out->n)
		qsort(out->rows, out->n, sizeof(*out->rows), by_currency_reason);
	return 0;
}

void report_disputes_release(struct report_disputes *r)
{
	free(r->rows);
	memset(r, 0, sizeof(*r));
}
