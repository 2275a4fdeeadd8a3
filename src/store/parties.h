/*
 * parties.h: the people owed money and how to reach them: customers, their
 * contacts, corrections to both and the change log (record_change,
 * append-only) that records each corrected field.
 *
 * Insert functions return 1 when the row was inserted (and set rec->id), 0
 * when a row with the same ref already exists (nothing written), or -ERR_*.
 * Get functions return 1 when found, 0 when not; `import_id` (may be NULL)
 * receives the batch that wrote the row. Writes need a STORE_WRITE
 * transaction.
 */
#ifndef RECOUP_STORE_PARTIES_H
#define RECOUP_STORE_PARTIES_H

#include "store/store.h"

typedef int (*store_customer_cb)(void *ctx, const struct customer *c);
typedef int (*store_contact_cb)(void *ctx, const struct contact *c);

int store_customer_insert(struct store_tx *tx, struct customer *c, int64_t import_id, struct error *e);
/*
 * Inserts n customers in order (any n: how many go to a statement is the
 * backend's business). added[k] is set to 1 when customer k was written
 * (and its id set), 0 when its ref was already stored (before this call or
 * by an earlier row of the same call): nothing is written for it. Returns
 * how many were written, or -ERR_* (roll the transaction back). The
 * primary contacts are the caller's (store_contacts_add).
 */
int store_customers_add(struct store_tx *tx, struct customer *cs, size_t n, int64_t import_id, unsigned char *added,
			struct error *e);
int store_customer_get(struct store_tx *tx, const char *ref, struct customer *out, int64_t *import_id, struct error *e);
/*
 * store_customer_get for rows that name a customer (an import looks one up
 * every few rows): fills only id, ref and currency; the rest is zero.
 */
int store_customer_find(struct store_tx *tx, const char *ref, struct customer *out, struct error *e);
/* Customer by id (1 found, 0 not). */
int store_customer_by_id(struct store_tx *tx, int64_t id, struct customer *out, struct error *e);
/* Customers in id order, a page at a time (store.h, struct store_cursor). */
int store_customers_list(struct store_tx *tx, struct store_cursor *cur, store_customer_cb cb, void *ctx,
			 struct error *e);
/*
 * store_customers_list for the customers assigned to the user `user_id`
 * (table assignment, store/assignments.h): the same rows in the same id
 * order with the same cursor, those of other collectors left out by the
 * statement (through the index assignment_user), so that a collector's
 * page of `limit` holds `limit` customers while that many remain.
 */
int store_customers_of_user(struct store_tx *tx, int64_t user_id, struct store_cursor *cur, store_customer_cb cb,
			    void *ctx, struct error *e);
/* 1 when the tenant holds any customer (the database is not empty for it). */
int store_tenant_has_data(struct store_tx *tx, struct error *e);

int store_contact_insert(struct store_tx *tx, struct contact *c, int64_t import_id, struct error *e);
/* store_customers_add for contacts (customer_id set by the caller). */
int store_contacts_add(struct store_tx *tx, struct contact *cs, size_t n, int64_t import_id, unsigned char *added,
		       struct error *e);
int store_contact_get(struct store_tx *tx, const char *ref, struct contact *out, int64_t *import_id, struct error *e);
/* Contacts in id order, a page at a time; customer_ref is filled. */
int store_contacts_list(struct store_tx *tx, struct store_cursor *cur, store_contact_cb cb, void *ctx, struct error *e);
/* Contacts of a customer, primary first. */
int store_contacts_of_customer(struct store_tx *tx, int64_t customer_id, store_contact_cb cb, void *ctx,
			       struct error *e);
/*
 * Contacts of the customers whose id lies in [from_customer, to_customer]
 * (1 and INT64_MAX: every one), by customer id then contact id;
 * customer_ref is filled. One statement (see store_flags_by_customer).
 */
int store_contacts_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_contact_cb cb,
			       void *ctx, struct error *e);
/*
 * Contacts of the customers `ids` (ascending, distinct: customers far apart,
 * those a daily run asks about), by customer id, then as
 * store_contacts_of_customer (primary first); customer_ref is filled from
 * `refs`, the same customers' refs (which the caller has read: a ref never
 * changes), so that SQLite does not read each customer's row again for it
 * (at 1M customers the daily run's walk read 11,600 pages of the customer
 * table for it). One statement for them all on PostgreSQL (ids as an
 * array); on SQLite, where a lookup by key costs no round trip, one indexed
 * lookup each.
 */
int store_contacts_of_customers(struct store_tx *tx, const int64_t *ids, const char *const *refs, size_t n,
				store_contact_cb cb, void *ctx, struct error *e);

/*
 * Corrections. An update writes every correctable field of the record (the
 * identity: ref, kind, country, currency, customer never changes) and
 * returns 1 when the row was found, 0 when not. The caller records each
 * changed field with store_change_add in the same transaction.
 */
int store_customer_update(struct store_tx *tx, const struct customer *c, struct error *e);
int store_contact_update(struct store_tx *tx, const struct contact *c, struct error *e);

/* One changed field of a customer or a contact (table record_change, append-only). */
struct change_record {
	int64_t customer_id; /* the customer, or the contact's customer */
	char entity[16];     /* "customer" or "contact" */
	char ref[REF_MAX + 1];
	char field[SHORT_MAX + 1];
	char old_value[TEXT_MAX + 1];
	char new_value[TEXT_MAX + 1];
	char by[NAME_MAX_LEN + 1];
	timestamp_t at;
};
typedef int (*store_change_cb)(void *ctx, const struct change_record *c);
/* import_id 0: not from an import. */
int store_change_add(struct store_tx *tx, const struct change_record *c, int64_t import_id, struct error *e);
/* The changes of a customer and its contacts, newest first, at most `limit`. */
int store_changes_each(struct store_tx *tx, int64_t customer_id, int limit, store_change_cb cb, void *ctx,
		       struct error *e);
/*
 * The changes of the customers whose id lies in [from_customer,
 * to_customer] (1 and INT64_MAX: every one), by customer id, then as
 * store_changes_each (newest first). One statement (streamed on
 * PostgreSQL): app/migrate compares a whole tenant's change log with it,
 * where a call per customer cost a round trip each (80 s of a
 * 100,000-customer migration).
 */
int store_changes_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_change_cb cb,
			      void *ctx, struct error *e);

#endif
