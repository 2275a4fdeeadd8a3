/*
 * holds.h: what keeps the strategy off an account or an invoice (table
 * account_hold), whatever keeps it: a promise to pay, a payment plan, a
 * dispute, a settlement offer, a placement with an agency, a special
 * handling (bankruptcy, death). One table so that the daily run, the queue
 * and the account view read one thing, and a new kind of agreement adds
 * rows, not a new branch in each of them (docs/agreements.md, "Holds").
 *
 * A hold starts at `from_at` (the moment the agreement was made, --at) and
 * lasts through `until` (a date, inclusive; 0 open-ended) unless it is
 * ended before (`ended_at`, by the agreement's own use case: a promise
 * kept or broken, a plan broken, a dispute resolved, a recall). As of a
 * moment T, a hold is current when from_at <= T, ended_at is NULL or > T,
 * and until is 0 or >= T's date: so the run for a past date sees exactly
 * the holds of that date.
 *
 * invoice_id 0 holds every invoice of the customer in `currency` ("" every
 * currency). Rows are never deleted: ending one is an update of ended_at
 * and end_reason, once.
 */
#ifndef RECOUP_STORE_HOLDS_H
#define RECOUP_STORE_HOLDS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/dates.h"
#include "store/store.h"

#define HOLD_KIND_MAX   16
#define HOLD_REASON_MAX 64

struct hold {
	int64_t id;
	int64_t customer_id;
	int64_t invoice_id; /* 0: the whole account (currency) */
	char currency[4];   /* "": every currency */
	/* "promise", "plan", "dispute", "settlement", "placed", "special" */
	char kind[HOLD_KIND_MAX + 1];
	int64_t source_id; /* the row of the agreement (promise id, plan id...) */
	timestamp_t from_at;
	date_t until;         /* inclusive; 0 open-ended */
	timestamp_t ended_at; /* 0: not ended */
	char end_reason[HOLD_REASON_MAX + 1];
};

/*
 * Whether hold `h` is of an account in `currency`: a hold of every currency
 * ("") or of that one. A hold of one invoice is of that invoice's currency.
 */
static inline int hold_in_currency(const struct hold *h, const char *currency)
{
	return !h->currency[0] || !strcmp(h->currency, currency);
}

/* Adds a hold (h->id set). Write. */
int store_hold_add(struct store_tx *tx, struct hold *h, struct error *e);
/*
 * Ends, at `at` with `reason`, every hold of (kind, source_id) not ended
 * yet; *n how many (may be NULL). Write.
 */
int store_holds_end(struct store_tx *tx, const char *kind, int64_t source_id, timestamp_t at, const char *reason,
		    int64_t *n, struct error *e);
/*
 * The holds of the customers in [from_customer, to_customer] current at
 * `at` (as above, `until` compared with `on`, the as-of date), by customer
 * id, then invoice id (0 first), then id.
 */
typedef int (*store_hold_cb)(void *ctx, const struct hold *h);
int store_holds_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at, date_t on,
		     store_hold_cb cb, void *ctx, struct error *e);
/*
 * The daily run's: every hold of the customers in [from_customer,
 * to_customer] begun by `at` (from_at <= at), ended or not, in the order
 * of store_holds_each; hold_current tells the current ones. The run does
 * again a step an ended hold had cancelled (store_run_hold_cancelled_of),
 * and its customers are the ones with an ended hold: the same rows read.
 */
int store_run_holds_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at,
			 store_hold_cb cb, void *ctx, struct error *e);

/* Whether `h` (begun) is current at `at`, the as-of date `on`: as store_holds_each picks them. */
static inline int hold_current(const struct hold *h, timestamp_t at, date_t on)
{
	return (!h->ended_at || h->ended_at > at) && (!h->until || h->until >= on);
}

/*
 * For a copy of a book (app/migrate, and its comparison): every hold of
 * the tenant, ended or not, by id, with the refs of its customer and
 * invoice ("" none); and a hold added as it stands (ended_at and
 * end_reason as given; h->id set). Write.
 */
typedef int (*store_hold_row_cb)(void *ctx, const struct hold *h, const char *customer_ref, const char *invoice_ref);
int store_holds_all(struct store_tx *tx, store_hold_row_cb cb, void *ctx, struct error *e);
int store_hold_copy(struct store_tx *tx, struct hold *h, struct error *e);

#endif
