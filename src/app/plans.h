/*
 * plans.h: payment plans (docs/agreements.md, "Payment plans"). A plan
 * covers the balance of some invoices of a customer in one currency, plus
 * the fees agreed (posted to the ledger as a fee when the plan is made),
 * in instalments that add up to exactly that; it holds its invoices (hold
 * kind "plan") while it is kept. Payments after it are applied to the
 * instalments in order; the daily run's review (plans_review) breaks a plan
 * whose instalment is unpaid after the tenant's grace days, ending the hold
 * so the strategy resumes, and completes one paid in full.
 */
#ifndef RECOUP_APP_PLANS_H
#define RECOUP_APP_PLANS_H

#include <stddef.h>

#include "app/app.h"
#include "store/agreements.h"

#define PLAN_INSTALMENTS_MAX 120
/*
 * How far after the plan's date its first instalment may be due (as a
 * promise's date and a settlement's pay-by date): a plan holds its invoices
 * from the day it is made, so a first instalment years ahead (a mistyped
 * year) would stop the strategy for years with nothing due.
 */
#define PLAN_START_HORIZON_DAYS 366

struct plan_request {
	const char *customer_ref;
	const char *const *invoice_refs; /* none: every open invoice in the currency */
	size_t n_invoice_refs;
	const char *currency;           /* NULL: the named invoices', else the customer's */
	const char *const *instalments; /* "YYYY-MM-DD:AMOUNT", in order */
	size_t n_instalments;
	int count;         /* or: count instalments ... */
	const char *every; /* ... every "week" or "month" ... */
	date_t first;      /* ... from this date */
	const char *fees;  /* NULL: none */
	timestamp_t at;    /* when it was agreed; 0: now */
};

/*
 * Records a plan (audit "plan.add"); *out (may be NULL) the plan as stored.
 * Refused (-ERR_INPUT) among others when its first instalment is due more
 * than PLAN_START_HORIZON_DAYS after the plan's date (field "first" with
 * --count, "instalment" with the instalments listed).
 */
int plans_add(const struct app_ctx *ctx, const struct plan_request *rq, struct agreement *out, struct error *e);

/*
 * Cancels a current plan entered by mistake or renegotiated (`recoup plan
 * cancel`): state `cancelled`, ended_at `at` (0: now), end_reason `reason`;
 * its hold ends at `at`, so the next daily run resumes the strategy on its
 * invoices; its courtesy reminders still waiting are cancelled (reason
 * code `plan_cancelled`); audit entry "plan.cancel" with the plan before
 * and after. The fees it posted stay on the ledger (they were agreed; a
 * credit note takes them off). Refused with nothing changed: no reason
 * (-ERR_USAGE, field "reason"), a reason not clean or over
 * AGREEMENT_REASON_MAX, `at` ahead of the clock or before the plan was
 * made (-ERR_INPUT, "at"); an id the tenant has no plan of
 * (-ERR_NOT_FOUND, "id"); a plan broken, completed or cancelled already,
 * or one with an instalment unpaid past the grace days, which the next
 * run breaks (-ERR_CONFLICT, "id").
 */
int plans_cancel(const struct app_ctx *ctx, int64_t id, const char *reason, timestamp_t at, struct agreement *out,
		 struct error *e);

struct plan_view {
	struct agreement plan;
	struct agreement_instalment *ins; /* with the paid part of each in paid[] */
	int64_t *paid;
	size_t n_ins;
	struct agreement_invoice *invs;
	size_t n_invs;
	int64_t paid_total; /* applied to the instalments, as of ctx->today */
};
/* One plan by id: -ERR_NOT_FOUND when the tenant has no plan of that id. */
int plans_show(const struct app_ctx *ctx, int64_t id, struct plan_view *out, struct error *e);
void plans_view_free(struct plan_view *v);
/*
 * The plan as `plan show --format json` prints it: agreement_json's keys
 * with total, paid, instalments [{seq, due, amount, paid}] and invoices
 * [{invoice_ref, balance_when_made, balance}]. New reference, NULL out of memory.
 */
json_t *plans_view_json(const struct plan_view *v);

/* The tenant's plans (of a customer, in a state: NULL any), by id. */
int plans_list(const struct app_ctx *ctx, const char *customer_ref, const char *state, store_agreement_cb cb,
	       void *cbctx, struct error *e);

/* The daily run's review (app/review.h): breaks and completes the current plans as of `as_of`. */
int plans_review(const struct app_ctx *ctx, date_t as_of, struct error *e);

/*
 * The courtesy reminder of a kept plan: PLAN_REMIND_DAYS before an
 * instalment is due (and up to its day), while it is not paid, the review
 * records one message (email to the contact who pays the bills, else a
 * letter) of the pseudo-strategy "plan-ID", step "instalment-SEQ", asked of
 * the contact rules as the run asks them. The plan's own hold spares its
 * reminders (plans_spares): the run and `recoup send` cancel every other
 * waiting message on the plan's invoices, not these.
 */
#define PLAN_REMIND_DAYS     3
#define PLAN_STRATEGY_PREFIX "plan-"
struct hold;
/* 1 when hold `h` is the plan whose own reminder an action of `strategy` is. */
int plans_spares(const struct hold *h, const char *strategy);

#endif
