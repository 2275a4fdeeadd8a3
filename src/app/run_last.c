/*
 * run_last.c: see run_last.h.
 */
#include "app/run_last.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/tenants.h"

struct tenant_list {
	int64_t *ids;
	struct run_last_tenant *t;
	size_t n, cap;
};

static int add_tenant(void *ctx, int64_t id, const char *name)
{
	struct tenant_list *l = ctx;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 8;
		int64_t *ids = realloc(l->ids, cap * sizeof(*ids));
		struct run_last_tenant *t;
		if (!ids)
			return -ERR_ENV;
		l->ids = ids;
		t = realloc(l->t, cap * sizeof(*t));
		if (!t)
			return -ERR_ENV;
		l->t = t;
		l->cap = cap;
	}
	memset(&l->t[l->n], 0, sizeof(l->t[l->n]));
	snprintf(l->t[l->n].tenant, sizeof(l->t[l->n].tenant), "%s", name);
	l->ids[l->n++] = id;
	return 0;
}

/* The tenants first, then one read transaction each: a store runs one transaction at a time. */
int run_last_read(struct store *s, struct run_last_tenant **out, size_t *n, struct error *e)
{
	struct tenant_list l = { 0 };
	int ret = store_tenants_each(s, add_tenant, &l, e);

	if (ret == -ERR_ENV && !e->message[0])
		error_set(e, ERR_ENV, "out of memory");
	for (size_t i = 0; ret >= 0 && i < l.n; i++) {
		struct store_tx *tx = NULL;
		ret = store_tx_begin(s, l.ids[i], "metrics", STORE_READ, &tx, e);
		if (ret >= 0)
			ret = store_run_last(tx, &l.t[i].r, e);
		store_tx_free(tx);
		if (ret >= 0)
			l.t[i].found = ret;
	}
	free(l.ids);
	if (ret < 0) {
		run_last_free(l.t, l.n);
		return ret;
	}
	*out = l.t;
	*n = l.n;
	return 0;
}

void run_last_free(struct run_last_tenant *t, size_t n)
{
	for (size_t i = 0; t && i < n; i++)
		free(t[i].r.summary);
	free(t);
}
