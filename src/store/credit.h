/*
 * credit.h: what a customer's credit rests on (table customer_credit: the
 * signed credit application, the references checked), its credit holds
 * (table credit_hold) and the tenant's credit policy (table
 * credit_policy). The credit limit itself is the customer's
 * (customer.credit_limit, core/model.h).
 *
 * A hold is set by hand (source "hand") or by a credit_hold step of the
 * daily run (source "run", with its action); a customer is on hold while
 * any of its holds is not released. Rows are never deleted.
 */
#ifndef RECOUP_STORE_CREDIT_H
#define RECOUP_STORE_CREDIT_H

#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "core/model.h"
#include "store/store.h"

struct credit_terms {
	int64_t customer_id;
	date_t application_signed; /* 0: not signed */
	date_t references_checked; /* 0: not checked */
};

/* 1 and *out, or 0 when nothing is recorded for the customer (out zeroed, customer_id set). */
int store_credit_terms_get(struct store_tx *tx, int64_t customer_id, struct credit_terms *out, struct error *e);
/* Inserts or replaces the customer's terms. Write. */
int store_credit_terms_put(struct store_tx *tx, const struct credit_terms *t, struct error *e);

#define CREDIT_SOURCE_MAX 4

struct credit_hold {
	int64_t id;
	int64_t customer_id;
	char source[CREDIT_SOURCE_MAX + 1]; /* "hand", "run" */
	int64_t action_id;                  /* "run": the credit_hold action; else 0 */
	timestamp_t set_at;
	char set_by[NAME_MAX_LEN + 1];
	char reason[TEXT_MAX + 1];
	timestamp_t released_at; /* 0: current */
	/* read by store_credit_holds_each and written by store_credit_hold_copy only */
	char released_by[NAME_MAX_LEN + 1];
	char release_reason[TEXT_MAX + 1];
	char customer_ref[REF_MAX + 1];
};

/* Adds a hold (h->id set). Write. */
int store_credit_hold_add(struct store_tx *tx, struct credit_hold *h, struct error *e);
/* 1 and the customer's earliest current hold in *out, or 0 when it is not on hold. */
int store_credit_hold_current(struct store_tx *tx, int64_t customer_id, struct credit_hold *out, struct error *e);
/*
 * For a copy of a book (app/migrate, and its comparison): every credit
 * hold of the tenant, released or not, by id, with every column and the
 * customer's ref; and a hold added as it stands (source, action_id 0 none,
 * set_*, released_*, release_reason as given; h->id set). Write.
 */
typedef int (*store_credit_hold_cb)(void *ctx, const struct credit_hold *h);
int store_credit_holds_each(struct store_tx *tx, store_credit_hold_cb cb, void *ctx, struct error *e);
int store_credit_hold_copy(struct store_tx *tx, struct credit_hold *h, struct error *e);
/* Releases every current hold of the customer; *n how many. Write. */
int store_credit_hold_release(struct store_tx *tx, int64_t customer_id, timestamp_t at, const char *by,
			      const char *reason, int64_t *n, struct error *e);
/*
 * The run's review. holds_from_actions: a hold for every credit_hold
 * action (scheduled or done) of a run on or before `on` that has none yet,
 * released or not. It reads the actions recorded since the review's mark
 * (table credit_review, per tenant), and moves the mark to the last one
 * unless a run is dated after `on` (a replay): an action read by a review
 * on or after its date has had its hold since, or was neither scheduled
 * nor done then and never will be (one leaves scheduled only to be
 * cancelled). holds_lift releases, with `reason`, the
 * current run holds of the customers within policy on `on`: no open
 * invoice due before `cutoff` and an open balance within the credit limit
 * (0: none); but not a hold whose credit_hold action a run dated `on` or
 * later recorded (a step due that day holds that day, however often the
 * day is run again). `customers` (ascending ids, n_customers of them)
 * limits it to their holds; NULL: every customer's. Write.
 */
int store_credit_holds_from_actions(struct store_tx *tx, date_t on, timestamp_t at, const char *by, int64_t *n,
				    struct error *e);
int store_credit_holds_lift(struct store_tx *tx, const int64_t *customers, size_t n_customers, date_t on, date_t cutoff,
			    timestamp_t at, const char *by, const char *reason, int64_t *n, struct error *e);

/* The customer's open balance in `currency` and its oldest open due date (0: none) on the books now. */
int store_credit_exposure(struct store_tx *tx, int64_t customer_id, const char *currency, int64_t *open_balance,
			  date_t *oldest_due, struct error *e);

/*
 * The tenant's credit policy: its "seriously overdue" days (0: not set)
 * and the fee charged on a returned payment, in basis points of the
 * amount returned (0: none). get zeroes *p when the tenant set none.
 */
struct credit_policy {
	int overdue_days;
	int nsf_fee_bp;
};
int store_credit_policy_get(struct store_tx *tx, struct credit_policy *p, struct error *e);
int store_credit_policy_put(struct store_tx *tx, const struct credit_policy *p, struct error *e);

/*
 * The credit review's mark (table credit_review, store_credit_holds_from_actions):
 * get: 1 and the action id, 0 when the tenant has none (no review read any yet);
 * set: writes it as given (recoup migrate: the source's mark, as a target id). Write.
 */
int store_credit_review_mark_get(struct store_tx *tx, int64_t *action_id, struct error *e);
int store_credit_review_mark_set(struct store_tx *tx, int64_t action_id, struct error *e);

#endif
