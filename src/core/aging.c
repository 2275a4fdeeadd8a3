#include "core/aging.h"
#include "core/array.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void aging_config_default(struct aging_config *c)
{
	struct error e;
	aging_config_parse(c, "30,60,90,180,365", &e);
}

int aging_config_parse(struct aging_config *c, const char *bounds, struct error *e)
{
	struct aging_config out = { 0 };
	const char *p = bounds;
	int prev = 0;

	snprintf(out.labels[0], sizeof(out.labels[0]), "current");
	out.n = 1;
	while (p && *p) {
		size_t len = strcspn(p, ",");
		char *end;
		long v = strtol(p, &end, 10);
		/*
		 * digits alone (strtol also takes leading spaces and a '+'), and
		 * no empty bound: "30," is refused as ",30" and "30,,60" are
		 */
		if (!len || strspn(p, "0123456789") != len || (p[len] == ',' && !p[len + 1]) || v <= prev || v > 36500)
			return error_set(e, ERR_INPUT,
					 "aging buckets '%s': expected ascending day counts such as 30,60,90,180,365",
					 bounds);
		if (out.n == AGING_MAX_BUCKETS - 1)
			return error_set(e, ERR_INPUT, "aging buckets '%s': at most %d bounds", bounds,
					 AGING_MAX_BUCKETS - 2);
		out.upper[out.n - 1] = (int)v;
		snprintf(out.labels[out.n], sizeof(out.labels[0]), "%d-%ld", prev + 1, v);
		out.n++;
		prev = (int)v;
		p = *end ? end + 1 : end;
	}
	if (out.n < 2)
		return error_set(e, ERR_INPUT, "aging buckets '%s': give at least one bound", bounds ? bounds : "");
	snprintf(out.labels[out.n], sizeof(out.labels[0]), "over-%d", prev);
	out.n++;
	/* upper[] holds n-1 bounds: 0 for current, then the parsed ones */
	for (int i = out.n - 2; i >= 1; i--)
		out.upper[i] = out.upper[i - 1];
	out.upper[0] = 0;
	*c = out;
	return 0;
}

int aging_bucket(const struct aging_config *c, int dpd)
{
	for (int i = 0; i < c->n - 1; i++)
		if (dpd <= c->upper[i])
			return i;
	return c->n - 1;
}

static struct aging_row *row_for(struct aging_totals *t, const char *currency)
{
	for (size_t i = 0; i < t->n; i++)
		if (!memcmp(t->rows[i].currency, currency, 4))
			return &t->rows[i];
	if (array_grow(&t->rows, &t->cap, t->n, sizeof(*t->rows)) < 0)
		return NULL;
	memset(&t->rows[t->n], 0, sizeof(t->rows[0]));
	snprintf(t->rows[t->n].currency, 4, "%s", currency);
	return &t->rows[t->n++];
}

int aging_totals_add(struct aging_totals *t, const struct aging_config *c, const char *currency, date_t as_of,
		     date_t due, int64_t balance, struct error *e)
{
	struct aging_row *r = row_for(t, currency);
	int b = aging_bucket(c, as_of - due);

	if (!r)
		return error_set(e, ERR_ENV, "out of memory");
	r->count++;
	if (r->overflow)
		return 0;
	if (__builtin_add_overflow(r->bucket[b], balance, &r->bucket[b]) ||
	    __builtin_add_overflow(r->total, balance, &r->total))
		r->overflow = 1;
	return 0;
}

int aging_totals_touch(struct aging_totals *t, const char *currency, struct error *e)
{
	return row_for(t, currency) ? 0 : error_set(e, ERR_ENV, "out of memory");
}

static int cmp_row(const void *a, const void *b)
{
	return strcmp(((const struct aging_row *)a)->currency, ((const struct aging_row *)b)->currency);
}

void aging_totals_sort(struct aging_totals *t)
{
	if (t->n > 1)
		qsort(t->rows, t->n, sizeof(t->rows[0]), cmp_row);
}

void aging_totals_clear(struct aging_totals *t)
{
	t->n = 0;
}

void aging_totals_release(struct aging_totals *t)
{
	free(t->rows);
	t->rows = NULL;
	t->n = t->cap = 0;
}
