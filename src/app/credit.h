/*
 * credit.h: the credit policy (`recoup credit check|hold|release|set|policy`,
 * docs/agreements.md "Credit policy").
 *
 * credit_check answers the sales system's question before a new order on
 * credit: approve, or refuse with every reason that holds:
 *   over_limit             the open balance plus the amount is above the
 *                          customer's credit limit (a limit of 0: no credit);
 *   on_hold                a credit hold is current (by hand, or set by a
 *                          credit_hold step of the daily run);
 *   seriously_overdue      an open invoice is overdue more than the tenant's
 *                          days (credit policy, default 60) on ctx->today;
 *   no_signed_application  no signed credit application is recorded;
 *   references_not_checked the references were not checked.
 * It reads only and records nothing.
 *
 * A hold of the run is set by the run that records its credit_hold action,
 * once its walk is committed (credit_review_walked), or else by the next
 * run's review before its walk (a run killed between the two); it is lifted
 * by the run after its walk (credit_review_walked) on the day the account is
 * back within policy (nothing seriously overdue, the open balance within the
 * limit, the invoices of its step settled); a hold set by hand is released
 * by hand.
 */
#ifndef RECOUP_APP_CREDIT_H
#define RECOUP_APP_CREDIT_H

#include "app/app.h"
#include "core/model.h"
#include "store/credit.h"

#define CREDIT_OVERDUE_DAYS_DEFAULT 60
#define CREDIT_REASONS_MAX          5

struct credit_reason {
	const char *code; /* over_limit, on_hold, seriously_overdue, no_signed_application, references_not_checked */
	char message[256];
};

struct credit_answer {
	char customer_ref[REF_MAX + 1];
	char currency[4];
	int64_t amount;
	int64_t open_balance;
	int64_t credit_limit;
	int days_overdue; /* of the oldest open invoice on the day (0: none overdue) */
	int overdue_days; /* the tenant's policy */
	int on_hold;
	struct credit_terms terms;
	int approve;
	size_t n_reasons;
	struct credit_reason reasons[CREDIT_REASONS_MAX];
};

int credit_check(const struct app_ctx *ctx, const char *customer_ref, const char *amount, struct credit_answer *out,
		 struct error *e);

/*
 * The answer as `credit check --format json` prints it: customer_ref,
 * amount, currency, open_balance, credit_limit, days_overdue, decision
 * ("approve" or "refuse"), reasons [{code, message}]. New reference, NULL
 * out of memory.
 */
json_t *credit_answer_json(const struct credit_answer *a);

struct credit_request {
	const char *customer_ref;
	const char *reason; /* NULL: "" */
	const char *by;     /* NULL: ctx->actor */
	timestamp_t at;     /* 0: ctx->now */
};

/* Sets a hold by hand (-ERR_CONFLICT when it is on hold already). */
int credit_hold(const struct app_ctx *ctx, const struct credit_request *rq, struct error *e);
/* Releases every current hold (-ERR_CONFLICT when it is not on hold). */
int credit_release(const struct app_ctx *ctx, const struct credit_request *rq, struct error *e);

/*
 * Records the dates of the signed credit application and of the reference
 * check (each: -1 leaves it as it is, 0 clears it, else a date not after
 * the day of rq->at).
 */
int credit_terms_set(const struct app_ctx *ctx, const struct credit_request *rq, date_t application_signed,
		     date_t references_checked, struct error *e);

/*
 * The tenant's policy: "seriously overdue" days (1..3650) and the fee on a
 * returned payment in basis points (0..10000; app/returned.h); -1 leaves
 * one as it is. credit_policy_get gives 60 days when unset; credit_policy_in
 * reads it in the caller's transaction.
 */
int credit_policy_set(const struct app_ctx *ctx, int overdue_days, int nsf_fee_bp, struct error *e);
int credit_policy_get(const struct app_ctx *ctx, struct credit_policy *p, struct error *e);
int credit_policy_in(struct store_tx *tx, struct credit_policy *p, struct error *e);

/*
 * The run's review before its walk (app/review.h): the holds of the
 * credit_hold actions not yet read (a run killed before its own review).
 */
int credit_review(const struct app_ctx *ctx, date_t as_of, struct error *e);
/*
 * After the run's walk: the holds of the credit_hold actions it recorded
 * (those since the mark), so that a step due today holds new orders today,
 * not from the next run; then the lift of the holds back within policy, of
 * every customer (customers NULL) or of those given (ascending ids: the
 * customers the run visited, when nothing else can have made a hold
 * liftable since the last lift: app/run.c, lift_scope). Audit credit.review
 * when any is set or lifted.
 */
int credit_review_walked(const struct app_ctx *ctx, date_t as_of, const int64_t *customers, size_t n_customers,
			 struct error *e);

#endif
