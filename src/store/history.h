/*
 * history.h: what happened with a debtor: contact attempts and
 * conversations, and the status flags set on a customer (cease, dispute,
 * opt-outs: core/contact_flags.h). The contact rules read both.
 */
#ifndef RECOUP_STORE_HISTORY_H
#define RECOUP_STORE_HISTORY_H

#include "core/contact_rules.h"
#include "store/store.h"

/*
 * Records an attempt or conversation. `a->n_invoices` 0 means every debt of
 * the customer. spoke_with and note may be NULL. Sets *id. Write.
 */
int store_attempt_add(struct store_tx *tx, int64_t customer_id, const struct contact_attempt *a, const char *spoke_with,
		      const char *note, int64_t *id, struct error *e);
typedef int (*store_attempt_cb)(void *ctx, const struct contact_attempt *a);
/* The customer's attempts (every contact) at or after `since`, oldest first. */
int store_attempts_each(struct store_tx *tx, int64_t customer_id, timestamp_t since, store_attempt_cb cb, void *ctx,
			struct error *e);

/*
 * The contact history as people read it: an attempt with its contact's
 * ref, who was spoken with, the note and the refs of the invoices it was
 * about ("" when about every debt; comma-separated). Pointers are valid
 * during the callback only. Oldest first.
 */
struct attempt_view {
	struct contact_attempt a;
	const char *contact_ref;
	const char *spoke_with;
	const char *note;
	const char *invoice_refs;
};
typedef int (*store_attempt_view_cb)(void *ctx, const struct attempt_view *v);
int store_attempt_views_each(struct store_tx *tx, int64_t customer_id, store_attempt_view_cb cb, void *ctx,
			     struct error *e);

/* A status flag on a customer (and optionally one contact or invoice). */
struct flag_record {
	int64_t id;
	int64_t customer_id;
	int64_t contact_id;         /* 0: the whole customer */
	int64_t invoice_id;         /* 0: every debt */
	char flag[SHORT_MAX + 1];   /* "cease", "dispute", "optout-sms", ... (core/contact_flags.h) */
	char detail[EMAIL_MAX + 1]; /* an address, a moment, a time range: per flag */
	char set_by[NAME_MAX_LEN + 1];
	timestamp_t set_at;
	char reason[TEXT_MAX + 1];
	char contact_ref[REF_MAX + 1]; /* filled when read */
	char invoice_ref[REF_MAX + 1]; /* filled when read */
};
typedef int (*store_flag_cb)(void *ctx, const struct flag_record *f);
/* Sets f->id. Write. */
int store_flag_add(struct store_tx *tx, struct flag_record *f, struct error *e);
/*
 * Clears the active flags matching customer, flag, contact, invoice and
 * detail (exactly); *cleared receives how many. Write.
 */
int store_flag_clear(struct store_tx *tx, const struct flag_record *match, const char *cleared_by, timestamp_t at,
		     const char *reason, int *cleared, struct error *e);
/* Active flags of a customer, oldest first. */
int store_flags_each(struct store_tx *tx, int64_t customer_id, store_flag_cb cb, void *ctx, struct error *e);

/*
 * Many customers at once (app/rules_ctx checks every contact of a tenant):
 * the rows of the customers whose id lies in [from_customer, to_customer]
 * (1 and INT64_MAX: the whole tenant), ordered by customer id, so that a
 * caller walks them beside the customers in id order and holds one range
 * at a time. One statement per call, whatever the number of customers.
 *
 * Attempts at or after `since`, by customer, then as store_attempts_each
 * (oldest first, each with the invoices it was about).
 */
typedef int (*store_customer_attempt_cb)(void *ctx, int64_t customer_id, const struct contact_attempt *a);
int store_attempts_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t since,
			       store_customer_attempt_cb cb, void *ctx, struct error *e);
/* Active flags, by customer, then as store_flags_each (oldest first). */
int store_flags_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_flag_cb cb,
			    void *ctx, struct error *e);

#endif
