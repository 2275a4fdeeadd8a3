/*
 * audit_read.h: reading the audit trail (store/audit.h) a page at a time,
 * for the API's GET /api/v1/audit (managers), in one read transaction.
 * Entries come in id order (the order they were appended); `f->after_id`
 * 0 starts, and *next is the page's last id when the page was full (0:
 * this was the last page). f->limit must be 1..AUDIT_READ_LIMIT_MAX.
 */
#ifndef RECOUP_APP_AUDIT_READ_H
#define RECOUP_APP_AUDIT_READ_H

#include "app/app.h"
#include "store/audit.h"

#define AUDIT_READ_LIMIT_MAX 1000

/* 0, the callback's nonzero return (it stopped the page there), or -ERR_*. */
int audit_read(const struct app_ctx *ctx, const struct audit_filter *f, store_audit_cb cb, void *cb_ctx, int64_t *next,
	       struct error *e);

#endif
