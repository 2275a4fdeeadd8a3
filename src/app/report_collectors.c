/*
 * report_collectors.c: the collectors report (report_escalation.h): the
 * contact figures of each collector (store_contact_stats_each, the rows of
 * every channel) joined with the promises they made
 * (store_collector_promises_each) and what was collected on their
 * accounts (store_collector_money_each), by collector name, each
 * collector's amounts by currency. report_collectors_of reads one
 * collector's money alone (store_collector_money_of: their assignments).
 */
#include "app/report_escalation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct report_collector *find_or_add(struct report_collectors *r, const char *name)
{
	struct report_collector *p;
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->v[i].name, name))
			return &r->v[i];
	p = realloc(r->v, (r->n + 1) * sizeof(*r->v));
	if (!p)
		return NULL;
	r->v = p;
	p = &r->v[r->n++];
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "%s", name);
	return p;
}

static int take_stat(void *arg, const struct contact_stat *s)
{
	struct report_collector *c;
	if (s->channel[0])
		return 0;
	c = find_or_add(arg, s->collector);
	if (!c)
		return -ERR_ENV;
	c->accounts = s->accounts;
	c->attempts = s->attempts;
	c->calls = s->calls;
	c->rpc = s->rpc_calls;
	return 0;
}

/* The collector's amounts in `currency`, added when new. */
static struct report_collector_money *money_of(struct report_collector *c, const char *currency)
{
	struct report_collector_money *p;
	for (size_t i = 0; i < c->n_money; i++)
		if (!strcmp(c->money[i].currency, currency))
			return &c->money[i];
	p = realloc(c->money, (c->n_money + 1) * sizeof(*c->money));
	if (!p)
		return NULL;
	c->money = p;
	p = &c->money[c->n_money++];
	memset(p, 0, sizeof(*p));
	snprintf(p->currency, sizeof(p->currency), "%s", currency);
	return p;
}

static int take_promises(void *arg, const struct collector_promises *p)
{
	struct report_collector *c = find_or_add(arg, p->collector);
	struct report_collector_money *m;
	if (!c)
		return -ERR_ENV;
	c->promises += p->promises;
	/* promises of no known currency (attempts) have no amount to add */
	if (!p->currency[0])
		return 0;
	m = money_of(c, p->currency);
	if (!m)
		return -ERR_ENV;
	m->promised += p->amount;
	return 0;
}

static int take_money(void *arg, const struct collector_money *m)
{
	struct report_collector *c = find_or_add(arg, m->collector);
	struct report_collector_money *p = c ? money_of(c, m->currency) : NULL;
	if (!p)
		return -ERR_ENV;
	p->promised += m->promised;
	p->collected += m->collected;
	return 0;
}

static int by_currency(const void *a, const void *b)
{
	return strcmp(((const struct report_collector_money *)a)->currency,
		      ((const struct report_collector_money *)b)->currency);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct report_collector *)a)->name, ((const struct report_collector *)b)->name);
}

/* Keeps `name`'s row alone. */
static void keep_one(struct report_collectors *r, const char *name)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++) {
		if (strcmp(r->v[i].name, name)) {
			free(r->v[i].money);
			continue;
		}
		r->v[n++] = r->v[i];
	}
	r->n = n;
}

int report_collectors(const struct app_ctx *ctx, date_t from, date_t to, struct report_collectors *out, struct error *e)
{
	return report_collectors_of(ctx, from, to, NULL, out, e);
}

int report_collectors_of(const struct app_ctx *ctx, date_t from, date_t to, const char *collector,
			 struct report_collectors *out, struct error *e)
{
	int one = collector && *collector;
	struct store_tx *tx = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	out->from = from;
	out->to = to;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret < 0)
		return ret;
	ret = store_contact_stats_each(tx, (timestamp_t)from * 86400, ((timestamp_t)to + 1) * 86400, take_stat, out, e);
	if (ret == 0)
		ret = store_collector_promises_each(tx, (timestamp_t)from * 86400, ((timestamp_t)to + 1) * 86400,
						    take_promises, out, e);
	if (ret == 0 && one)
		ret = store_collector_money_of(tx, collector, from, to, take_money, out, e);
	else if (ret == 0)
		ret = store_collector_money_each(tx, from, to, take_money, out, e);
	store_tx_free(tx);
	if (ret > 0)
		ret = error_set(e, ERR_ENV, "out of memory");
	if (ret < 0) {
		report_collectors_release(out);
		return ret;
	}
	if (one)
		keep_one(out, collector);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), by_name);
	for (size_t i = 0; i < out->n; i++)
		if (out->v[i].n_money)
			qsort(out->v[i].money, out->v[i].n_money, sizeof(*out->v[i].money), by_currency);
	return 0;
}

void report_collectors_release(struct report_collectors *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->v[i].money);
	free(r->v);
	r->v = NULL;
	r->n = 0;
}
