/*
 * writeoffs.h: write-offs with approval (docs/agreements.md, "Escalation":
 * write-off). A write-off is requested for a customer's invoices in one
 * currency with a reason, waits in the approval queue (app/approvals.h),
 * and is posted to the ledger (LEDGER_WRITE_OFF entries, the balance left
 * on each invoice then) when someone with the authority approves it. Money
 * that comes in after it was posted is recovered after write-off, counted
 * apart (writeoffs_list).
 */
#ifndef RECOUP_APP_WRITEOFFS_H
#define RECOUP_APP_WRITEOFFS_H

#include <stddef.h>

#include "app/app.h"
#include "store/agreements.h"

struct writeoff_request {
	const char *customer_ref;
	const char *const *invoice_refs; /* none: every open invoice in the currency */
	size_t n_invoice_refs;
	const char *currency;
	const char *reason; /* required */
	timestamp_t at;     /* 0: now */
	const char *user;   /* the requesting recoup user; NULL: ctx->actor */
};

/* Records the request (state "pending_approval", audit "writeoff.request"). */
int writeoffs_request(const struct app_ctx *ctx, const struct writeoff_request *rq, struct agreement *out,
		      struct error *e);

/* The write-offs (of a customer: NULL any) by id, with what was recovered after each was posted. */
typedef int (*writeoff_cb)(void *ctx, const struct agreement *a, int64_t recovered);
int writeoffs_list(const struct app_ctx *ctx, const char *customer_ref, writeoff_cb cb, void *cbctx, struct error *e);

/* A write-off as `writeoff list --format json` prints it: agreement_json's keys and "recovered". */
json_t *writeoffs_json(const struct agreement *a, int64_t recovered);

#endif
