/*
 * run_last.h: the last daily run of every tenant, for GET /metrics
 * (docs/operations.md, "Metrics to alert on"): a run that did not happen,
 * or happened late, or did nothing, is what an operator must hear about.
 */
#ifndef RECOUP_APP_RUN_LAST_H
#define RECOUP_APP_RUN_LAST_H

#include <stddef.h>

#include "app/app.h"
#include "store/actions.h"

#define RUN_LAST_TENANT_MAX 64

struct run_last_tenant {
	char tenant[RUN_LAST_TENANT_MAX + 1];
	int found;         /* 0: the tenant has no finished run */
	struct run_last r; /* when found */
};

/*
 * Every tenant's last finished run, by tenant id, into *out (malloc'd;
 * free with run_last_free). 0, or -ERR_ENV.
 */
int run_last_read(struct store *s, struct run_last_tenant **out, size_t *n, struct error *e);
void run_last_free(struct run_last_tenant *t, size_t n);

#endif
