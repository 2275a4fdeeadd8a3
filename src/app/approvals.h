/*
 * approvals.h: the approval queue (docs/agreements.md, "Approvals"): the
 * settlements beyond their maker's authority and the write-offs, waiting
 * for a decision by a recoup user whose authority covers them. An
 * approval's id is its agreement's id. A decision is taken once, by
 * someone other than the requester (four eyes), and is in the audit trail
 * ("approval.approve", "approval.reject": who, when, what, why).
 */
#ifndef RECOUP_APP_APPROVALS_H
#define RECOUP_APP_APPROVALS_H

#include "app/app.h"
#include "store/agreements.h"

/* What waits for a decision (state "pending_approval"), oldest first. */
int approvals_list(const struct app_ctx *ctx, store_agreement_cb cb, void *cbctx, struct error *e);

/*
 * Approves `id` as recoup user `user` (NULL: ctx->actor) with an optional
 * `reason`, at moment `at` (0: now; a write-off is posted on its date): a
 * settlement becomes current (its hold through the pay-by
 * date), a write-off is posted to the ledger. *out (may be NULL) the
 * agreement after. -ERR_NOT_FOUND, -ERR_CONFLICT when already decided,
 * -ERR_FORBIDDEN beyond the user's authority or by the requester.
 */
int approvals_approve(const struct app_ctx *ctx, int64_t id, const char *user, const char *reason, timestamp_t at,
		      struct agreement *out, struct error *e);
/* Rejects `id` with `reason` (required). */
int approvals_reject(const struct app_ctx *ctx, int64_t id, const char *user, const char *reason, timestamp_t at,
		     struct agreement *out, struct error *e);

#endif
