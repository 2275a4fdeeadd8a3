/*
 * report_contacts.c: the contacts report (report_escalation.h).
 */
#include "app/report_escalation.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t report_rate_bp(int64_t num, int64_t den)
{
	if (den <= 0)
		return -1;
	/* num <= den here (counts), so num * 10000 does not overflow for any book recoup holds */
	return num * 10000 / den;
}

static void add_counts(struct report_contacts_line *to, const struct contact_stat *s)
{
	to->attempts += s->attempts;
	to->calls += s->calls;
	to->rpc += s->rpc_calls;
	to->conversations += s->conversations;
	to->promises += s->promises;
	to->breaches += s->breaches;
}

static int append(struct report_contacts_line **v, size_t *n, const char *name)
{
	struct report_contacts_line *p = realloc(*v, (*n + 1) * sizeof(**v));
	if (!p)
		return -ERR_ENV;
	*v = p;
	memset(&p[*n], 0, sizeof(p[*n]));
	snprintf(p[*n].name, sizeof(p[*n].name), "%s", name);
	(*n)++;
	return 0;
}

static int take(void *arg, const struct contact_stat *s)
{
	struct report_contacts *r = arg;
	struct report_contacts_line *l;
	size_t i;

	/* out of memory stops the read with 1, which report_contacts reports */
	if (!s->channel[0]) {
		if (append(&r->collectors, &r->n_collectors, s->collector) < 0)
			return 1;
		l = &r->collectors[r->n_collectors - 1];
		add_counts(l, s);
		l->accounts = s->accounts;
		l->hours = s->hours;
		add_counts(&r->total, s);
		r->total.accounts += s->accounts;
		r->total.hours += s->hours;
		return 0;
	}
	for (i = 0; i < r->n_channels && strcmp(r->channels[i].name, s->channel); i++)
		;
	if (i == r->n_channels && append(&r->channels, &r->n_channels, s->channel) < 0)
		return 1;
	add_counts(&r->channels[i], s);
	return 0;
}

static int take_breach(void *arg, const struct contact_breach_stat *s)
{
	struct report_contacts *r = arg;
	struct report_contacts_rule *p = realloc(r->rules, (r->n_rules + 1) * sizeof(*p));

	if (!p)
		return 1; /* as take's */
	r->rules = p;
	p = &r->rules[r->n_rules++];
	snprintf(p->collector, sizeof(p->collector), "%s", s->collector);
	snprintf(p->rule, sizeof(p->rule), "%s", s->rule);
	p->breaches = s->breaches;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct report_contacts_line *)a)->name, ((const struct report_contacts_line *)b)->name);
}

int report_contacts(const struct app_ctx *ctx, date_t from, date_t to, struct report_contacts *out, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret;

	memset(out, 0, sizeof(*out));
	out->from = from;
	out->to = to;
	snprintf(out->total.name, sizeof(out->total.name), "total");
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret < 0)
		return ret;
	ret = store_contact_stats_each(tx, (timestamp_t)from * 86400, ((timestamp_t)to + 1) * 86400, take, out, e);
	if (ret == 0)
		ret = store_contact_breaches_each(tx, (timestamp_t)from * 86400, ((timestamp_t)to + 1) * 86400,
						  take_breach, out, e);
	store_tx_free(tx);
	if (ret > 0)
		ret = error_set(e, ERR_ENV, "out of memory");
	if (ret < 0) {
		report_contacts_release(out);
		return ret;
	}
	if (out->n_channels)
		qsort(out->channels, out->n_channels, sizeof(*out->channels), by_name);
	return 0;
}

void report_contacts_release(struct report_contacts *r)
{
	if (!r)
		return;
	free(r->channels);
	free(r->collectors);
	free(r->rules);
	r->channels = r->collectors = NULL;
	r->rules = NULL;
	r->n_channels = r->n_collectors = r->n_rules = 0;
}
