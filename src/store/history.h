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
 * The contact history as people read it: an attempt (with the rule it
 * breached, a.rules_breach) with its contact's ref, who was spoken with,
 * the note and the refs of the invoices it was about ("" when about every
 * debt; comma-separated). Pointers are valid
 * during the callback only. Oldest first.
 */
struct attempt_view {
	struct contact_attempt a;
	const char *contact_ref;
	const char *spoke_with;
	const char *note;
	const char *invoice_refs;
	const char *logged_by;   /* the collector who logged it (contact log), "" none (imported, sent) */
	timestamp_t callback_at; /* when the debtor asked to be called back, 0 none */
};
typedef int (*store_attempt_view_cb)(void *ctx, const struct attempt_view *v);
int store_attempt_views_each(struct store_tx *tx, int64_t customer_id, store_attempt_view_cb cb, void *ctx,
			     struct error *e);

/*
 * An attempt as app/migrate copies it from a struct attempt_view: the
 * attempt (its contact and invoice ids the target's), who was spoken with,
 * the note, and the collector who logged it with the callback asked ("" and
 * 0 when none), which store_attempt_queue_note writes.
 */
struct attempt_copy {
	int64_t customer_id;
	struct contact_attempt a;
	char spoke_with[NAME_MAX_LEN + 1];
	char note[TEXT_MAX + 1];
	char logged_by[NAME_MAX_LEN + 1];
	timestamp_t callback_at;
};
/*
 * Records n attempts in order (ids follow it), each as store_attempt_add
 * would, then store_attempt_queue_note when it names who logged it. For
 * copying a whole contact history (app/migrate): on PostgreSQL a few round
 * trips for any n (COPY), where those calls spend one or two an attempt.
 * 0 or -ERR_* (roll back). Write.
 */
int store_attempts_copy(struct store_tx *tx, const struct attempt_copy *rows, size_t n, struct error *e);

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

/*
 * The flags as known at the moment `at` (a daily run for a past date): set
 * at or before it and not cleared by then, by customer, then as
 * store_flags_each. The index of the active flags does not serve the
 * cleared ones: a scan of the tenant's flags per call, so a caller asks
 * store_flags_changed_after() first and reads the active flags when
 * nothing changed since.
 */
int store_flags_by_customer_at(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at,
			       store_flag_cb cb, void *ctx, struct error *e);
/* 1 when a flag of the tenant was set or cleared after `at` (a scan that stops at the first), else 0. */
int store_flags_changed_after(struct store_tx *tx, timestamp_t at, struct error *e);

/*
 * The same rows for chosen customers `ids` (ascending, distinct: customers
 * far apart, those a daily run asks about), by customer id: attempts at or
 * after `since` as store_attempts_by_customer; flags as store_flags_by_customer
 * when `at` is 0, else as store_flags_by_customer_at(at). One statement per
 * call on PostgreSQL (ids as an array); on SQLite, where a lookup by key
 * costs no round trip, one indexed lookup per customer.
 */
int store_attempts_of_customers(struct store_tx *tx, const int64_t *ids, size_t n, timestamp_t since,
				store_customer_attempt_cb cb, void *ctx, struct error *e);
int store_flags_of_customers(struct store_tx *tx, const int64_t *ids, size_t n, timestamp_t at, store_flag_cb cb,
			     void *ctx, struct error *e);

/*
 * History imported from a file (app/import.c, docs/csv.md), keyed by the
 * file's ref (unique per tenant): the insert returns 1 when it wrote the
 * row, 0 when a row with that ref is stored already (nothing written);
 * import_id is the batch. The get returns 1 and the stored row as the file
 * would have it (moments as timestamp_format() writes them; an attempt's
 * invoice_ref is "" when about every debt), or 0. Write / read.
 */
int store_attempt_import(struct store_tx *tx, int64_t customer_id, const struct contact_attempt *a,
			 const struct history_attempt *h, int64_t import_id, struct error *e);
int store_attempt_get_ref(struct store_tx *tx, const char *ref, struct history_attempt *out, int64_t *import_id,
			  struct error *e);
/*
 * f as flags_prepare() resolved it; cleared_at 0: still active (cleared_by,
 * cleared_reason then ignored). 1 written (f->id set), 0 its ref is stored.
 */
int store_flag_import(struct store_tx *tx, struct flag_record *f, const char *ref, timestamp_t cleared_at,
		      const char *cleared_by, const char *cleared_reason, int64_t import_id, struct error *e);
/* address is "" (it is stored as the detail, as store_flag_add keeps it). */
int store_flag_get_ref(struct store_tx *tx, const char *ref, struct history_flag *out, int64_t *import_id,
		       struct error *e);

#endif
