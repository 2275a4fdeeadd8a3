/*
 * report_recovery.c: the recovery report (report_escalation.h): the
 * placements made in the period (store_recovery_each, by agency, currency
 * and age) summed per agency, currency and aging bucket of their age at
 * placement (the default buckets of the aging report).
 */
#include "app/report_escalation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/aging.h"

struct walk {
	struct report_recovery *r;
	struct aging_config buckets;
};

static int take(void *arg, const struct recovery_placement *p)
{
	struct walk *w = arg;
	struct report_recovery *r = w->r;
	const char *age = w->buckets.labels[aging_bucket(&w->buckets, p->age_days)];
	struct report_recovery_row *row = r->n ? &r->v[r->n - 1] : NULL;

	/* the rows come by agency, currency and age: a bucket's placements are consecutive */
	if (!row || strcmp(row->agency, p->agency) || strcmp(row->currency, p->currency) || strcmp(row->age, age)) {
		row = realloc(r->v, (r->n + 1) * sizeof(*r->v));
		if (!row)
			return -ERR_ENV;
		r->v = row;
		row = &r->v[r->n++];
		memset(row, 0, sizeof(*row));
		snprintf(row->agency, sizeof(row->agency), "%s", p->agency);
		snprintf(row->currency, sizeof(row->currency), "%s", p->currency);
		snprintf(row->age, sizeof(row->age), "%s", age);
	}
	row->placements++;
	row->placed += p->amount;
	row->recovered += p->recovered;
	row->recalled += p->recalled;
	return 0;
}

int report_recovery(const struct app_ctx *ctx, date_t from, date_t to, struct report_recovery *out, struct error *e)
{
	struct walk w = { out, { 0 } };
	struct store_tx *tx = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	out->from = from;
	out->to = to;
	aging_config_default(&w.buckets);
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret < 0)
		return ret;
	ret = store_recovery_each(tx, from, to, take, &w, e);
	store_tx_free(tx);
	if (ret > 0)
		ret = error_set(e, ERR_ENV, "out of memory");
	if (ret < 0)
		report_recovery_release(out);
	return ret;
}

void report_recovery_release(struct report_recovery *r)
{
	if (!r)
		return;
	free(r->v);
	r->v = NULL;
	r->n = 0;
}
