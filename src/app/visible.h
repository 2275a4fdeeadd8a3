/*
 * visible.h: the customers a caller may see, as a set, for filtering a
 * list the use cases give for the whole tenant (promises, plans,
 * settlements, disputes). A manager (or anyone ranked above a collector)
 * sees every customer; a collector those assigned to them (app/auth.h);
 * a collector's token (assigned nothing) none.
 */
#ifndef RECOUP_APP_VISIBLE_H
#define RECOUP_APP_VISIBLE_H

#include <stddef.h>
#include <stdint.h>

#include "app/auth.h"

struct visible_set {
	int all;      /* every customer of the tenant */
	int64_t *ids; /* else these customer ids, ascending (malloc'd) */
	size_t n, cap;
};

/* Fills *out in one read transaction: 0, or -ERR_ENV. visible_free releases it on every path. */
int visible_customers(const struct app_ctx *ctx, const struct auth_identity *who, struct visible_set *out,
		      struct error *e);
/* 1 when the customer with this id is in the set. */
int visible_has(const struct visible_set *v, int64_t customer_id);
void visible_free(struct visible_set *v);

#endif
