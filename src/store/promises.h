/*
 * promises.h: promises to pay (tables promise, promise_invoice,
 * promise_setting; docs/agreements.md "Promises to pay").
 *
 * A promise is `amount` minor units of `currency` by `date`, on named
 * invoices or (none named) on every invoice of the customer in that
 * currency. It carries the terms it is judged by, fixed when it was made:
 * `until` (date + the tenant's tolerance days, the last day a payment
 * counts) and `kept_at_least` (the amount less the tenant's tolerance
 * percent). The review (store_promises_settle) judges every current
 * promise whose `until` has passed from the money received on what it
 * covers from its made_at's date through `until`:
 *   kept            paid >= kept_at_least
 *   partially_kept  0 < paid < kept_at_least
 *   broken          nothing paid
 * ("paid" is the payments less their reversals, applied or unapplied:
 * ledger kinds payment, reversal and unapplied).
 *
 * States: current, kept, partially_kept, broken, cancelled. A current
 * promise is cancelled by hand (`promise cancel`) or replaced by a later
 * promise on the same invoices (app/promises.h: one promise counts a
 * payment, so that the kept rate is not counted twice from one payment);
 * a cancelled one carries `end_reason`, is never judged and counts no
 * money. Rows are never deleted; a settled or cancelled promise does not
 * change again.
 */
#ifndef RECOUP_STORE_PROMISES_H
#define RECOUP_STORE_PROMISES_H

#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "core/model.h"
#include "store/store.h"

#define PROMISE_STATE_MAX 16
/* The invoice refs of a promise as read, comma-separated; a promise names at most PROMISE_INVOICES_MAX. */
#define PROMISE_INVOICES_MAX 16
#define PROMISE_REFS_MAX     (PROMISE_INVOICES_MAX * (REF_MAX + 1))
/* Why a promise was cancelled (end_reason), in bytes. */
#define PROMISE_REASON_MAX 500

struct promise {
	int64_t id; /* set by store_promise_add */
	int64_t customer_id;
	char customer_ref[REF_MAX + 1];    /* filled when read */
	char customer_kind[SHORT_MAX + 1]; /* filled when read: "person" or "company" */
	char currency[4];
	int64_t amount;
	int64_t kept_at_least;
	date_t date;
	date_t until;
	timestamp_t made_at;
	char made_by[NAME_MAX_LEN + 1];
	char state[PROMISE_STATE_MAX + 1];
	int64_t paid;      /* set by the review */
	date_t settled_on; /* 0: current; else the day it was judged or cancelled */
	timestamp_t settled_at;
	char note[TEXT_MAX + 1];
	char invoice_refs[PROMISE_REFS_MAX];     /* filled when read: "" every invoice in the currency */
	char end_reason[PROMISE_REASON_MAX + 1]; /* a cancelled one's: why; "" otherwise */
};

/* Adds a current promise and its invoices (n may be 0); sets p->id. Write. */
int store_promise_add(struct store_tx *tx, struct promise *p, const int64_t *invoice_ids, size_t n, struct error *e);

/*
 * Adds a promise as it stands, for a copy of a book (app/migrate): every
 * column of p as given (state, paid, settled_on, settled_at, kept_at_least,
 * until: the terms it was made and judged by; end_reason), with its invoices (n may be
 * 0). Sets p->id. Write.
 */
int store_promise_copy(struct store_tx *tx, struct promise *p, const int64_t *invoice_ids, size_t n, struct error *e);

/*
 * The tenant's promises matching every filter set (0 / NULL: any), by id.
 * made_from/made_to compare the UTC date of made_at. Records passed to
 * the callback are valid during it only; a non-zero return stops the walk
 * and is returned.
 */
struct promise_filter {
	int64_t customer_id;
	const char *state;
	date_t made_from, made_to;
};
typedef int (*store_promise_cb)(void *ctx, const struct promise *p);
int store_promises_each(struct store_tx *tx, const struct promise_filter *f, store_promise_cb cb, void *ctx,
			struct error *e);

/*
 * The review for date `as_of`: judges every current promise made at or
 * before `at` whose until is before as_of (as above), records settled_on =
 * as_of and settled_at = at, and ends their holds (kind "promise") at `at`
 * with the state as the reason. Three statements whatever the number of
 * promises. counts[0..2] receive how many were kept, partially kept,
 * broken. Idempotent. Write.
 */
int store_promises_settle(struct store_tx *tx, date_t as_of, timestamp_t at, int64_t counts[3], struct error *e);

/* The tenant's tolerance: 1 and the values when set, 0 (values untouched) when not. */
int store_promise_settings_get(struct store_tx *tx, int *tolerance_days, int *tolerance_percent, struct error *e);
/* Sets the tenant's tolerance. Write. */
int store_promise_settings_put(struct store_tx *tx, int tolerance_days, int tolerance_percent, struct error *e);

/*
 * For the work queue: the customers assigned to `user_id` with promises
 * broken (settled_on) in [since, today], one row per customer: how many,
 * the last one's settled_at, and whether a call was logged on the customer
 * after it (`called`). The contact is the customer's bill payer, else its
 * first contact. By customer id.
 */
struct promise_broken_row {
	int64_t customer_id;
	const char *customer_ref;
	const char *contact_ref;
	const char *risk_band; /* the assignment's ("" unknown) */
	int64_t broken;
	timestamp_t last_at;
	int called;
};
typedef int (*store_promise_broken_cb)(void *ctx, const struct promise_broken_row *r);
int store_promises_broken_each(struct store_tx *tx, int64_t user_id, date_t since, date_t today,
			       store_promise_broken_cb cb, void *ctx, struct error *e);

/* The tenant's promise `id` into *out: 1, or 0 when the tenant has no promise of that id. */
int store_promise_get(struct store_tx *tx, int64_t id, struct promise *out, struct error *e);

/*
 * The customer's promises in `currency`, in any state but cancelled, that
 * cover one of invoice_ids[0..n), or with n 0 any invoice of the customer
 * in that currency (a promise on the whole account covers them all), by
 * id: what a new promise on those invoices would count payments twice
 * with. Records as store_promises_each's.
 */
int store_promises_overlapping(struct store_tx *tx, int64_t customer_id, const char *currency,
			       const int64_t *invoice_ids, size_t n, store_promise_cb cb, void *ctx, struct error *e);

/*
 * Cancels current promise p->id: state 'cancelled', settled_on,
 * settled_at and end_reason as p gives them (paid stays 0: a cancelled
 * promise counts no money). 1 done, 0 when it is not current (judged or
 * cancelled meanwhile) or unknown. Its holds are the caller's to end
 * (store_holds_end). Write.
 */
int store_promise_cancel(struct store_tx *tx, const struct promise *p, struct error *e);

#endif
