/*
 * promises.h: promises to pay (`recoup promise add|list|settings`) and
 * their review by the daily run (docs/agreements.md "Promises to pay").
 *
 * promises_add records what a debtor committed to: an amount in the
 * account's currency by a date, on named invoices or on every open invoice
 * of the customer in that currency. In the same write transaction it
 * writes the promise, a hold of kind "promise" (on each invoice named, or
 * on the whole account in that currency) from the moment it was made
 * (rq->at) until the date plus the tenant's tolerance days, and the audit
 * entry "promise.add". Refused with nothing written: an unknown customer or
 * invoice (-ERR_NOT_FOUND), an invoice of another customer, a paid
 * invoice, an invoice in another currency, a currency other than the
 * account's, an amount that is not money in that currency, <= 0 or over
 * the balance promised on, a date before ctx->today or more than
 * PROMISE_HORIZON_DAYS ahead, a moment ahead of the clock, a free text
 * that is not clean (-ERR_INPUT, e->field naming the option).
 *
 * promises_review is the daily run's review (app/review.h): it judges, in
 * one write transaction and a few statements, every current promise whose
 * date plus tolerance is before `as_of` (store/promises.h has the rule),
 * ends their holds at the start of `as_of` (UTC) and appends one audit
 * entry "promise.review" with the counts. A broken promise raises its
 * account in its collector's work queue from that day (app/queue.c).
 */
#ifndef RECOUP_APP_PROMISES_H
#define RECOUP_APP_PROMISES_H

#include <stddef.h>

#include "app/app.h"
#include "store/promises.h"

/* A promise further ahead than this is not a promise but a plan. */
#define PROMISE_HORIZON_DAYS 366
/* The tolerance when the tenant set none. */
#define PROMISE_DEFAULT_TOLERANCE_DAYS    2
#define PROMISE_DEFAULT_TOLERANCE_PERCENT 0

struct promise_request {
	const char *customer_ref;
	const char *amount;   /* "150.00", or "150.00 USD" */
	const char *currency; /* NULL: the invoices', else the customer's */
	date_t date;
	const char *const *invoice_refs; /* n_invoices of them; none: the whole account */
	size_t n_invoices;
	timestamp_t at; /* when it was made; 0: ctx->now */
	const char *by; /* who took it; NULL: ctx->actor */
	const char *note;
};

/* Records a promise; *out (may be NULL) gets it as stored, with its invoice refs. 0 or -ERR_*. */
int promises_add(const struct app_ctx *ctx, const struct promise_request *rq, struct promise *out, struct error *e);

/*
 * The promises of the tenant, of one customer (customer_ref not NULL) and
 * in one state (not NULL: current, kept, partially_kept, broken,
 * cancelled), by id, in one read transaction. -ERR_NOT_FOUND for an
 * unknown customer, -ERR_INPUT for an unknown state. A positive return of
 * `cb` stops the walk and is returned (a page of the API is full).
 */
int promises_list(const struct app_ctx *ctx, const char *customer_ref, const char *state, store_promise_cb cb,
		  void *cb_ctx, struct error *e);

/* The review (app/review.h). */
int promises_review(const struct app_ctx *ctx, date_t as_of, struct error *e);

/*
 * The tenant's tolerance: sets the values >= 0 given (-1: unchanged; days
 * at most 60, percent at most 100; audit entry "promise.settings"), then
 * returns the values in force in *days and *percent.
 */
int promises_settings(const struct app_ctx *ctx, int set_days, int set_percent, int *days, int *percent,
		      struct error *e);

/*
 * A promise as JSON (the keys of `promise list --format json` and of its
 * audit entries): id, customer_ref, invoice_refs (array), amount (text in
 * major units), currency, date, until, state, made_by, made_at, paid,
 * settled_on (null when current), note. The caller frees it (json_decref);
 * NULL when out of memory.
 */
json_t *promises_json(const struct promise *p);

/* "current", "kept", ...: 1 when `state` is one. */
int promises_state_known(const char *state);

#endif
