/*
 * audit_list.h: reading the audit trail (store/audit.h) for `recoup audit`:
 * the tenant's entries at or after `since` (0: any), by `user` and about
 * `entity` when given, oldest first, in one read transaction. The entries
 * passed to `cb` are valid during the call only. 0 or -ERR_*.
 */
#ifndef RECOUP_APP_AUDIT_LIST_H
#define RECOUP_APP_AUDIT_LIST_H

#include "app/app.h"
#include "store/audit.h"

struct audit_list_options {
	timestamp_t since;
	const char *user;   /* NULL: anyone */
	const char *entity; /* NULL: anything */
	const char *ref;    /* NULL: any */
};

int audit_list(const struct app_ctx *ctx, const struct audit_list_options *o, store_audit_cb cb, void *arg,
	       struct error *e);

#endif
