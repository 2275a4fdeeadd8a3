/*
 * settlements.h: settlement offers (docs/agreements.md, "Settlements and
 * authority limits"). An offer settles a customer's invoices in one
 * currency for less than their balance if paid in full by a date. The
 * acting recoup user's role sets what it may waive (app/authority.h): an
 * offer within that authority is recorded at once and holds its invoices
 * (hold kind "settlement") through the pay-by date; one beyond it is
 * refused with the limit, or waits in the approval queue
 * (app/approvals.h). The daily run's review (settlements_review) writes
 * the rest off through the ledger when the offer is paid in full by its
 * date, and lets it lapse otherwise.
 */
#ifndef RECOUP_APP_SETTLEMENTS_H
#define RECOUP_APP_SETTLEMENTS_H

#include <stddef.h>

#include "app/app.h"
#include "store/agreements.h"

/*
 * How far ahead a pay-by date may be (as a promise's date: app/promises.h):
 * a settlement holds its invoices until then, so a mistyped year would stop
 * the strategy for decades; paying over a longer time is a payment plan.
 */
#define SETTLEMENT_HORIZON_DAYS 366

struct settlement_request {
	const char *customer_ref;
	const char *const *invoice_refs; /* none: every open invoice in the currency */
	size_t n_invoice_refs;
	const char *currency;
	const char *pay;      /* the amount to pay, in the currency */
	date_t pay_by;        /* by this date (on or after the offer's) */
	int waive;            /* WAIVE_* bits (app/authority.h) it may waive; 0: any */
	int request_approval; /* beyond the user's authority: to the approval queue, not refused */
	timestamp_t at;       /* when it was offered; 0: now */
	const char *user;     /* the acting recoup user (--by-user); NULL: ctx->actor */
};

/*
 * Records the offer (audit "settlement.offer", or "settlement.request"
 * when it goes for approval: out->state "current" or "pending_approval").
 * -ERR_FORBIDDEN beyond the user's authority without request_approval.
 */
int settlements_offer(const struct app_ctx *ctx, const struct settlement_request *rq, struct agreement *out,
		      struct error *e);

/*
 * The settlement figures the authority limits read, from the invoices of a
 * stored offer: the principal of its balance (what is not fees or
 * interest), and what the offer waives of it.
 */
int settlements_principal(struct store_tx *tx, const struct agreement *a, int64_t *principal, int64_t *principal_waived,
			  struct error *e);

/*
 * Within tx, once current settlement `a` holds its invoices (offered within
 * authority, or approved: app/approvals.c): each waiting action of the
 * customer its hold now covers is cancelled, reason code `settlement`
 * (app/holds_cancel.h), stamped at the moment it became current
 * (a->decided_at when approved, else a->made_at).
 */
int settlements_cancel_waiting(const struct app_ctx *ctx, struct store_tx *tx, const struct agreement *a,
			       struct error *e);

/* The daily run's review (app/review.h): paid in full by the date, or lapsed, as of `as_of`. */
int settlements_review(const struct app_ctx *ctx, date_t as_of, struct error *e);

#endif
