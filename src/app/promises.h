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
 * One promise at a time on a debt: a payment counts toward one promise, so
 * that one payment does not make two promises kept. A promise made at T
 * replaces every current promise of the customer in its currency that
 * covers one of its invoices (a promise on the whole account covers them
 * all) and whose until is not before T's date: in the same transaction
 * each becomes `cancelled`, end reason "replaced by promise N", its holds
 * ended at T, with an audit entry "promise.cancel" (*replaced lists them).
 * Such a promise still current but past its until is the review's: its
 * days and the new one's do not meet. A promise recorded after the fact
 * (rq->at) is refused (-ERR_CONFLICT, field "at") when a promise on the
 * same invoices was made after it, or was current at T and has been
 * judged since: the two would count the same payments, and a verdict
 * stands.
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

/* The promises a new one replaced (ids by id; n counts them all, ids[] holds the first ones). */
#define PROMISE_REPLACED_MAX 16
struct promise_replaced {
	int64_t ids[PROMISE_REPLACED_MAX];
	size_t n;
};

/*
 * Records a promise; *out (may be NULL) gets it as stored, with its invoice
 * refs, and *replaced (may be NULL) the promises it replaced. 0 or -ERR_*.
 */
int promises_add(const struct app_ctx *ctx, const struct promise_request *rq, struct promise *out,
		 struct promise_replaced *replaced, struct error *e);

/*
 * Cancels a current promise entered by mistake or withdrawn (`recoup
 * promise cancel`): state `cancelled` with `reason` as its end reason,
 * settled_on the UTC date of `at`; its holds end at `at` (the next daily
 * run resumes the strategy on its invoices); audit entry "promise.cancel"
 * with the promise before and after. Refused with nothing changed: no
 * reason (-ERR_USAGE, field "reason"), a reason that is not clean text or
 * longer than PROMISE_REASON_MAX, `at` ahead of the clock or before the
 * promise was made (-ERR_INPUT, field "at"); an id the tenant has no
 * promise of (-ERR_NOT_FOUND, field "id"); a promise kept, partially
 * kept, broken or cancelled already, or one whose until is before `at`'s
 * date: it is due, and the next run judges it (-ERR_CONFLICT, field "id").
 * A cancelled promise counts in no kept rate (app/report_promises.h).
 */
struct promise_cancel_request {
	int64_t id;
	const char *reason;
	timestamp_t at; /* 0: ctx->now */
};
int promises_cancel(const struct app_ctx *ctx, const struct promise_cancel_request *rq, struct promise *out,
		    struct error *e);

/*
 * The promises of the tenant, of one customer (customer_ref not NULL) and
 * in one state (not NULL: current, kept, partially_kept, broken,
 * cancelled), by id, in one read transaction. -ERR_NOT_FOUND for an
 * unknown customer, -ERR_INPUT for an unknown state. A positive return of
 * `cb` stops the walk and is returned (a page of the API is full).
 */
int promises_list(const struct app_ctx *ctx, const char *customer_ref, const char *state, store_promise_cb cb,
		  void *cb_ctx, struct error *e);

/* One promise by id into *out: -ERR_NOT_FOUND (field "id") when the tenant has none of that id. */
int promises_get(const struct app_ctx *ctx, int64_t id, struct promise *out, struct error *e);

/* The review (app/review.h). */
int promises_review(const struct app_ctx *ctx, date_t as_of, struct error *e);

/* The most tolerance days a tenant may give (promises_settings; the command line's range). */
#define PROMISE_TOLERANCE_DAYS_MAX 60

/*
 * The tenant's tolerance: sets the values >= 0 given (-1: unchanged; days
 * at most PROMISE_TOLERANCE_DAYS_MAX, percent at most 100; audit entry "promise.settings"), then
 * returns the values in force in *days and *percent.
 */
int promises_settings(const struct app_ctx *ctx, int set_days, int set_percent, int *days, int *percent,
		      struct error *e);

/*
 * A promise as JSON (the keys of `promise list --format json` and of its
 * audit entries): id, customer_ref, invoice_refs (array), amount (text in
 * major units), currency, date, until, state, made_by, made_at, paid,
 * settled_on (null when current), note, end_reason ("" unless cancelled).
 * The caller frees it (json_decref);
 * NULL when out of memory.
 */
json_t *promises_json(const struct promise *p);

/* "current", "kept", ...: 1 when `state` is one. */
int promises_state_known(const char *state);

#endif
