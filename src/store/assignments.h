/*
 * assignments.h: the work queue's store (docs/queue.md): which collector
 * works which customer (table assignment), the calls a collector may be
 * offered (the scheduled `call` actions and the callbacks asked for on the
 * customers assigned to it), and what a logged call writes for the queue
 * (its callback moment, who logged it, the call actions it did).
 *
 * An assignment is per customer: one collector works all of a customer's
 * accounts (currencies). Rows are keyed (tenant, customer); a user is
 * referred to by id (store/users.h). Reads are set-based: one statement per
 * range of customers, or per collector, whatever the number of rows.
 *
 * Records passed to callbacks are valid during the callback only; a
 * non-zero return of a callback stops the walk and is returned.
 */
#ifndef RECOUP_STORE_ASSIGNMENTS_H
#define RECOUP_STORE_ASSIGNMENTS_H

#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "core/model.h"
#include "store/store.h"

#define ASSIGNMENT_REASON_MAX 16

struct assignment {
	int64_t customer_id;
	int64_t user_id;
	date_t since;
	char reason[ASSIGNMENT_REASON_MAX + 1]; /* "team", "pool", "reassigned" */
	char risk_band[2];                      /* core/risk.h band as of the last assign, "" unknown */
};

/* The assignments of the customers in [from, to], by customer id. */
typedef int (*store_assignment_cb)(void *ctx, const struct assignment *a);
int store_assignments_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_assignment_cb cb,
			   void *ctx, struct error *e);
/* Inserts the rows, replacing a customer's assignment (collector, since, reason, band) when it has one. Write. */
int store_assignments_put(struct store_tx *tx, const struct assignment *rows, size_t n, struct error *e);
/* Deletes the assignments of these customers (those without one are ignored). Write. */
int store_assignments_release(struct store_tx *tx, const int64_t *customer_ids, size_t n, struct error *e);
/* The latest day any of the tenant's assignments began (`since`): 1 with *since, 0 when it has none. */
int store_assignments_latest(struct store_tx *tx, date_t *since, struct error *e);

/*
 * The calls a collector may be offered, one row per (customer, currency)
 * with something to call about:
 *   store_queue_calls_each: the scheduled `call` actions due at or before
 *     `now` of the customers assigned to `user_id` (0: to anyone), one row
 *     per customer and currency (the earliest such action's contact and
 *     moment; action_id that action);
 *   store_queue_callbacks_each: the callbacks asked for (an attempt's
 *     callback_at) in [from, to) on customers assigned to `user_id` (0:
 *     anyone) that no call attempt logged after the asking one has
 *     answered, one row per such attempt, by customer id then moment
 *     asked; the attempt's contact; currency "", balance and oldest_due 0
 *     (store_queue_balances gives them per currency).
 * A row of store_queue_calls_each carries the customer's overdue balance
 * in that currency as of `today` (its open invoices due before it, but no
 * more than the account's net: all its open invoices less its unapplied
 * credit, as the run nets it; 0 or less when nothing is owed) and
 * the oldest open overdue due date (0 when none). Rows are by customer id,
 * then currency and moment; each names the collector (id and name).
 * To stay cheap at a book of millions (a collector has thousands of
 * assignments, hundreds with a call due), a row of store_queue_calls_each
 * names the collector by id only (user_name NULL), and a backend may name
 * the customer and contact by id only too (customer_ref and contact_ref
 * NULL: SQLite, where the lookups cost more than the rest of the row;
 * PostgreSQL names them, a round trip costing more): store_queue_refs gives
 * the refs of the few the queue examines.
 */
struct queue_row {
	int64_t user_id;
	const char *user_name;
	int64_t customer_id;
	const char *customer_ref;
	int64_t contact_id;
	const char *contact_ref;
	const char *risk_band; /* the assignment's ("" unknown) */
	const char *currency;
	int64_t action_id;  /* 0: a callback */
	timestamp_t due_at; /* the action's scheduled_at, or the callback asked for */
	int64_t balance;    /* overdue, minor units */
	date_t oldest_due;  /* 0: nothing overdue */
	int64_t bound;      /* store_queue_calls_by_bound: the assignment's (ASSIGNMENT_BOUND_UNKNOWN) */
};
typedef int (*store_queue_cb)(void *ctx, const struct queue_row *r);
int store_queue_calls_each(struct store_tx *tx, int64_t user_id, timestamp_t now, date_t today, store_queue_cb cb,
			   void *ctx, struct error *e);
int store_queue_callbacks_each(struct store_tx *tx, int64_t user_id, timestamp_t from, timestamp_t to, date_t today,
			       store_queue_cb cb, void *ctx, struct error *e);
/*
 * The overdue balance (netted as above) and oldest overdue due date of a
 * customer per currency as of `today`, for the currencies with an open
 * invoice due before `today`, by currency.
 */
typedef int (*store_queue_balance_cb)(void *ctx, const char *currency, int64_t balance, date_t oldest_due);
int store_queue_balances(struct store_tx *tx, int64_t customer_id, date_t today, store_queue_balance_cb cb, void *ctx,
			 struct error *e);

/*
 * The same for several customers at once (the queue nets a batch of the
 * accounts its walk read): rows by customer id, then currency, each as
 * store_queue_balances gives it; a customer with nothing overdue has no
 * row. One statement on PostgreSQL (the ids as an array), where each
 * store_queue_balances is a round trip; an indexed lookup per customer on
 * SQLite, where none is. `ids` in increasing order, no duplicates.
 */
typedef int (*store_queue_balances_of_cb)(void *ctx, int64_t customer_id, const char *currency, int64_t balance,
					  date_t oldest_due);
int store_queue_balances_of(struct store_tx *tx, const int64_t *ids, size_t n, date_t today,
			    store_queue_balances_of_cb cb, void *ctx, struct error *e);

/*
 * The refs of customer `customer_id` and of contact `contact_id` ("" when
 * 0 or unknown), into buffers of REF_MAX + 1. 1 found, 0 no such customer.
 */
int store_queue_refs(struct store_tx *tx, int64_t customer_id, int64_t contact_id, char *customer_ref,
		     char *contact_ref, struct error *e);

/*
 * The bound (migration 0027_queue_bound.sql): per assignment, no less than
 * the score before the raises (core/queue_score.h) of any of the
 * customer's accounts: the sum of the positive open invoice balances in
 * any one currency, in hundredths of a major unit, times the chance of
 * payment of the assignment's band (1000 per mille when unknown), rounded
 * up. `recoup assign` counts it (store_assignment_open_each,
 * store_assignment_bound_set); every write that adds to an invoice's
 * positive balance raises it in the same transaction (a trigger, whatever
 * the writer); in a currency other than the one counted, or when the band
 * changes, it becomes ASSIGNMENT_BOUND_UNKNOWN. Payments, credit and
 * write-offs leave it as it is: high, still a bound.
 */
#define ASSIGNMENT_BOUND_UNKNOWN INT64_MAX

/*
 * The collector's waiting calls due at `now` (as store_queue_calls_each,
 * one row per action, the earliest of an account first) by the bound of
 * the customer's assignment, highest (unknown) first, then customer id,
 * currency and moment; balance and oldest_due are not read (0): a queue
 * nets only the accounts whose bound could still enter its list
 * (store_queue_balances), and stops the walk (a non-zero return of cb)
 * when none could. Refs as store_queue_calls_each.
 */
int store_queue_calls_by_bound(struct store_tx *tx, int64_t user_id, timestamp_t now, store_queue_cb cb, void *ctx,
			       struct error *e);
/* The waiting calls due at `now` of one customer, by currency and moment; no balance, as above. */
int store_queue_calls_of(struct store_tx *tx, int64_t customer_id, timestamp_t now, store_queue_cb cb, void *ctx,
			 struct error *e);

/*
 * The assignments of the customers in [from, to] with what their bound
 * is counted from: one row per customer and currency of its positive open
 * invoices (currency NULL and open 0 for a customer with none), by
 * customer id then currency; each row repeats the stored bound.
 */
struct assignment_open {
	int64_t customer_id;
	int64_t bound;              /* as stored */
	const char *bound_currency; /* as stored, NULL: several or none */
	int64_t bound_scale;        /* as stored */
	int64_t bound_pay;          /* as stored */
	const char *risk_band;      /* the assignment's ("" unknown) */
	const char *currency;       /* NULL: no positive open invoice */
	int64_t open;               /* the sum of the positive open balances in it, minor units */
};
typedef int (*store_assignment_open_cb)(void *ctx, const struct assignment_open *r);
int store_assignment_open_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
			       store_assignment_open_cb cb, void *ctx, struct error *e);
/*
 * Sets a customer's bound (currency NULL: several or none; scale and pay
 * as the columns of 0027_queue_bound.sql) unless its
 * stored bound is no longer `old_bound` (raised since it was read, by a
 * writer of another transaction: the raised one stays). 1 set, 0 not. Write.
 */
int store_assignment_bound_set(struct store_tx *tx, int64_t customer_id, int64_t old_bound, int64_t bound,
			       const char *currency, int64_t scale, int64_t pay, struct error *e);

/* How many call attempts `logged_by` logged in [from, to) (*n). */
int store_queue_calls_logged(struct store_tx *tx, const char *logged_by, timestamp_t from, timestamp_t to, int64_t *n,
			     struct error *e);

/*
 * What a logged attempt adds for the queue: the callback asked for (0:
 * none) and who logged it. 1 written, 0 no such attempt. Write.
 */
int store_attempt_queue_note(struct store_tx *tx, int64_t attempt_id, timestamp_t callback_at, const char *logged_by,
			     struct error *e);
/*
 * Marks `done` the customer's `call` actions still scheduled at or before
 * `up_to` (updated_at = at, reason "call logged"); *n how many. Write.
 */
int store_calls_done(struct store_tx *tx, int64_t customer_id, timestamp_t up_to, timestamp_t at, int64_t *n,
		     struct error *e);

#endif
