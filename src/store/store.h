/*
 * store.h: the only door to the database.
 *
 * One interface, several backends (SQLite now, PostgreSQL next), chosen once
 * by store_open() from the URL: "postgresql://..." or "postgres://..." for
 * PostgreSQL, anything else is a SQLite file path. Code above this layer
 * never learns which backend it talks to. Each backend is a table of
 * function pointers (struct store_ops), after curl's vtls.
 *
 * Every row belongs to a tenant; every call takes the tenant id and no call
 * can read or write another tenant's rows.
 *
 * Return values: 0 (or a documented positive value) on success, -ERR_* on
 * failure with `e` filled. Record pointers handed to callbacks are valid
 * only during the callback. A callback returning non-zero stops the
 * iteration, and that value is returned.
 *
 * Transactions: store_begin/commit/rollback bracket a unit of work; a batch
 * command does all its writes inside one, so a crash leaves the database as
 * before or as after, never in between.
 */
#ifndef RECOUP_STORE_H
#define RECOUP_STORE_H

#include <stdint.h>

#include "core/error.h"
#include "core/contact_rules.h"
#include "core/model.h"

struct store;

int store_open(const char *url, struct store **out, struct error *e);
/* Accepts NULL. */
void store_close(struct store *s);
const char *store_backend_name(const struct store *s);

int store_begin(struct store *s, struct error *e);
int store_commit(struct store *s, struct error *e);
/* Never fails in a way the caller can act on; safe without a transaction. */
void store_rollback(struct store *s);

/*
 * Resolves a tenant name to its id. The tenant "default" is created on first
 * use; any other must have been created with store_tenant_create().
 */
int store_tenant_resolve(struct store *s, const char *name, int64_t *id, struct error *e);
int store_tenant_create(struct store *s, const char *name, int64_t *id, struct error *e);

/* Records an import batch (kind, file name) and returns its id. */
int store_import_begin(struct store *s, int64_t tenant, const char *kind, const char *file,
		       int64_t *import_id, struct error *e);
int store_import_finish(struct store *s, int64_t import_id, int64_t rows, struct error *e);

/*
 * Insert functions return 1 when the row was inserted (and set rec->id), 0
 * when a row with the same ref already exists (nothing written), or -ERR_*.
 * Get functions return 1 when found, 0 when not; `import_id` (may be NULL)
 * receives the batch that wrote the row.
 */
int store_customer_insert(struct store *s, int64_t tenant, struct customer *c, int64_t import_id,
			  struct error *e);
int store_customer_get(struct store *s, int64_t tenant, const char *ref, struct customer *out,
		       int64_t *import_id, struct error *e);
/*
 * store_customer_get for rows that name a customer (an import looks one up
 * every few rows): fills only id, ref and currency; the rest is zero.
 */
int store_customer_find(struct store *s, int64_t tenant, const char *ref, struct customer *out,
			struct error *e);

int store_contact_insert(struct store *s, int64_t tenant, struct contact *c, int64_t import_id,
			 struct error *e);
int store_contact_get(struct store *s, int64_t tenant, const char *ref, struct contact *out,
		      int64_t *import_id, struct error *e);

/*
 * The invoice row is its own opening ledger entry (LEDGER_INVOICE, dated
 * with the issue date); its balance starts at its amount.
 */
int store_invoice_insert(struct store *s, int64_t tenant, struct invoice *inv, int64_t import_id,
			 struct error *e);
int store_invoice_get(struct store *s, int64_t tenant, const char *ref, struct invoice *out,
		      int64_t *import_id, struct error *e);
/*
 * store_invoice_get for a payment that names its invoice: fills only id,
 * ref, customer_id, dates, currency, amount and balance (no customer_ref,
 * no free text); the rest is zero.
 */
int store_invoice_find(struct store *s, int64_t tenant, const char *ref, struct invoice *out, struct error *e);
/*
 * Inserts n (1..STORE_INVOICE_BATCH) invoices at once, all or none: 1 when
 * every ref was new and all were written, 0 when one was already stored or
 * appears twice among them (then none was written: insert them one by one
 * to learn which), <0 on an environment error. Ids are not returned. One
 * statement for many rows saves the per-statement cost of a bulk import.
 */
#define STORE_INVOICE_BATCH 64
int store_invoice_insert_many(struct store *s, int64_t tenant, const struct invoice *invs, size_t n,
			      int64_t import_id, struct error *e);

int store_payment_insert(struct store *s, int64_t tenant, struct payment *p, int64_t import_id,
			 struct error *e);
int store_payment_get(struct store *s, int64_t tenant, const char *ref, struct payment *out,
		      int64_t *import_id, struct error *e);
int store_payment_set_status(struct store *s, int64_t tenant, int64_t payment_id,
			     enum payment_status status, struct error *e);

/*
 * Posting to the ledger is two calls, so that bulk work (an import of
 * payments writes one or two entries per row) can batch the writes:
 * store_invoice_move moves an invoice's cached balance at once, so that
 * later reads of the invoice see it, and store_ledger_append writes n
 * (1..STORE_LEDGER_BATCH) entries in one statement, without touching
 * balances. A caller using them owes one entry
 * appended for every move, before any read of ledger entries and before the
 * commit (`recoup check` proves it).
 */
#define STORE_LEDGER_BATCH 64
int store_invoice_move(struct store *s, int64_t tenant, int64_t invoice_id, int64_t amount, struct error *e);
int store_ledger_append(struct store *s, int64_t tenant, const struct ledger_entry *les, size_t n,
			int64_t import_id, struct error *e);

typedef int (*store_invoice_cb)(void *ctx, const struct invoice *inv);
typedef int (*store_customer_cb)(void *ctx, const struct customer *c);
typedef int (*store_contact_cb)(void *ctx, const struct contact *c);
typedef int (*store_payment_cb)(void *ctx, const struct payment *p);
typedef int (*store_ledger_cb)(void *ctx, const struct ledger_entry *le);

/* Open invoices (balance > 0) of one customer in one currency, oldest due first. */
int store_open_invoices_of_customer(struct store *s, int64_t tenant, int64_t customer_id,
				    const char *currency, store_invoice_cb cb, void *ctx,
				    struct error *e);
/* The ledger entries a payment produced, in order. */
int store_ledger_of_payment(struct store *s, int64_t tenant, int64_t payment_id, store_ledger_cb cb,
			    void *ctx, struct error *e);
/* Unapplied credit of a customer in a currency (>= 0, minor units). */
int store_unapplied_credit(struct store *s, int64_t tenant, int64_t customer_id,
			   const char *currency, int64_t *out, struct error *e);

/* Exports, ordered by id (import order). Invoices carry their balance. */
int store_customers_each(struct store *s, int64_t tenant, store_customer_cb cb, void *ctx, struct error *e);
int store_contacts_each(struct store *s, int64_t tenant, store_contact_cb cb, void *ctx, struct error *e);
int store_invoices_each(struct store *s, int64_t tenant, store_invoice_cb cb, void *ctx, struct error *e);
int store_payments_each(struct store *s, int64_t tenant, store_payment_cb cb, void *ctx, struct error *e);

/*
 * Open items for the aging report: every invoice with a non-zero balance,
 * streamed (memory stays flat). With `by_customer`, grouped by customer
 * (rows of one customer are consecutive, customers in ref order) and
 * customer_ref is filled.
 *
 * `at` STORE_NOW reads the current balances (the cached column, through
 * the partial index: fast). Any other date rebuilds each invoice's balance
 * as it stood at the end of that day from the dated ledger, leaving out
 * invoices issued later: a month-end aging run weeks afterwards still shows
 * the month-end figures.
 */
#define STORE_NOW INT32_MAX
struct open_item {
	int64_t customer_id;
	const char *customer_ref;        /* NULL unless by_customer */
	const char *currency;
	date_t due_date;
	int64_t balance;
};
typedef int (*store_open_item_cb)(void *ctx, const struct open_item *it);
int store_open_items_each(struct store *s, int64_t tenant, int by_customer, date_t at, store_open_item_cb cb,
			  void *ctx, struct error *e);

/*
 * For KPIs over [from, to]: every invoice issued on or before `to`, with its
 * balance as it stood at the end of `from - 1` (opening) and at the end of
 * `to` (closing), from the dated ledger entries.
 */
struct kpi_item {
	int64_t customer_id;
	const char *currency;
	date_t issue_date;
	date_t due_date;
	int64_t amount;
	int64_t opening_balance;
	int64_t closing_balance;
};
typedef int (*store_kpi_item_cb)(void *ctx, const struct kpi_item *it);
int store_kpi_items_each(struct store *s, int64_t tenant, date_t from, date_t to, store_kpi_item_cb cb,
			 void *ctx, struct error *e);

/*
 * Invariant check: for every invoice, the cached balance equals the sum of
 * its ledger (its amount + fees + interest + reversals - payments - credits
 * - write-offs), and every entry has the sign of its kind. Calls cb for each
 * invoice that does not (with balance set to the ledger sum); returns the
 * number of such invoices.
 */
int store_check_ledger(struct store *s, int64_t tenant, store_invoice_cb cb, void *ctx, struct error *e);

/*
 * Sums that do not fit in int64 (docs/reports.md): a customer's open
 * balance or unapplied credit in one currency, or the tenant's open balance
 * in one currency. Amounts are capped (MONEY_AMOUNT_MAX) but enough of them,
 * or data stored before the cap, can still add up beyond the range, and
 * every report of that sum would fail. Calls cb for each (customer_ref ""
 * for a tenant total); returns how many, or a negative error.
 */
struct store_sum_overflow {
	const char *customer_ref;         /* "" for the tenant's total of a currency */
	const char *currency;
	const char *what;                 /* "open balance" or "unapplied credit" */
};
typedef int (*store_sum_overflow_cb)(void *ctx, const struct store_sum_overflow *o);
int store_check_sums(struct store *s, int64_t tenant, store_sum_overflow_cb cb, void *ctx, struct error *e);

/* ---- contact rules ---- */

/* Customer by id (1 found, 0 not). */
int store_customer_by_id(struct store *s, int64_t tenant, int64_t id, struct customer *out, struct error *e);
/* Contacts of a customer, primary first. */
int store_contacts_of_customer(struct store *s, int64_t tenant, int64_t customer_id, store_contact_cb cb,
			       void *ctx, struct error *e);

/*
 * Records an attempt or conversation. `a->n_invoices` 0 means every debt of
 * the customer. spoke_with and note may be NULL. Sets *id.
 */
int store_attempt_add(struct store *s, int64_t tenant, int64_t customer_id, const struct contact_attempt *a,
		      const char *spoke_with, const char *note, int64_t *id, struct error *e);
typedef int (*store_attempt_cb)(void *ctx, const struct contact_attempt *a);
/* The customer's attempts (every contact) at or after `since`, oldest first. */
int store_attempts_each(struct store *s, int64_t tenant, int64_t customer_id, timestamp_t since,
			store_attempt_cb cb, void *ctx, struct error *e);

/* A status flag on a customer (and optionally one contact or invoice). */
struct flag_record {
	int64_t id;
	int64_t customer_id;
	int64_t contact_id;              /* 0: the whole customer */
	int64_t invoice_id;              /* 0: every debt */
	char flag[SHORT_MAX + 1];        /* "cease", "dispute", "optout-sms", ... (core/contact_flags.h) */
	char detail[EMAIL_MAX + 1];      /* an address, a moment, a time range: per flag */
	char set_by[NAME_MAX_LEN + 1];
	timestamp_t set_at;
	char reason[TEXT_MAX + 1];
	char contact_ref[REF_MAX + 1];   /* filled when read */
	char invoice_ref[REF_MAX + 1];   /* filled when read */
};
typedef int (*store_flag_cb)(void *ctx, const struct flag_record *f);
int store_flag_add(struct store *s, int64_t tenant, struct flag_record *f, struct error *e);
/*
 * Clears the active flags matching customer, flag, contact, invoice and
 * detail (exactly); *cleared receives how many.
 */
int store_flag_clear(struct store *s, int64_t tenant, const struct flag_record *match, const char *cleared_by,
		     timestamp_t at, const char *reason, int *cleared, struct error *e);
/* Active flags of a customer, oldest first. */
int store_flags_each(struct store *s, int64_t tenant, int64_t customer_id, store_flag_cb cb, void *ctx,
		     struct error *e);

/*
 * Corrections. An update writes every correctable field of the record (the
 * identity: ref, kind, country, currency, customer never changes) and
 * returns 1 when the row was found, 0 when not. The caller records each
 * changed field with store_change_add in the same transaction.
 */
int store_customer_update(struct store *s, int64_t tenant, const struct customer *c, struct error *e);
int store_contact_update(struct store *s, int64_t tenant, const struct contact *c, struct error *e);

/* One changed field of a customer or a contact (table record_change, append-only). */
struct change_record {
	int64_t customer_id;             /* the customer, or the contact's customer */
	char entity[16];                 /* "customer" or "contact" */
	char ref[REF_MAX + 1];
	char field[SHORT_MAX + 1];
	char old_value[TEXT_MAX + 1];
	char new_value[TEXT_MAX + 1];
	char by[NAME_MAX_LEN + 1];
	timestamp_t at;
};
typedef int (*store_change_cb)(void *ctx, const struct change_record *c);
/* import_id 0: not from an import. */
int store_change_add(struct store *s, int64_t tenant, const struct change_record *c, int64_t import_id,
		     struct error *e);
/* The changes of a customer and its contacts, newest first, at most `limit`. */
int store_changes_each(struct store *s, int64_t tenant, int64_t customer_id, int limit, store_change_cb cb,
		       void *ctx, struct error *e);

/*
 * 1 when `name` is a profile a customer may name: a preset or one of the
 * tenant's stored profiles; 0 when not.
 */
int store_profile_exists(struct store *s, int64_t tenant, const char *name, struct error *e);

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
int store_attempt_views_each(struct store *s, int64_t tenant, int64_t customer_id, store_attempt_view_cb cb,
			     void *ctx, struct error *e);

/*
 * Unapplied credit (cash received and not applied to an invoice) of every
 * customer holding some, per currency, as it stood at the end of `at`
 * (STORE_NOW: today's), customers in ref order. amount > 0.
 */
typedef int (*store_credit_cb)(void *ctx, int64_t customer_id, const char *customer_ref, const char *currency,
			       int64_t amount);
int store_unapplied_each(struct store *s, int64_t tenant, date_t at, store_credit_cb cb, void *ctx,
			 struct error *e);

/* 1 when the tenant holds any customer (the database is not empty for it). */
int store_tenant_has_data(struct store *s, int64_t tenant, struct error *e);

/* Tenant profiles, as JSON text. get: 1 found (*json malloc'ed, caller frees), 0 not. */
int store_profile_get(struct store *s, int64_t tenant, const char *name, char **json, struct error *e);
int store_profile_put(struct store *s, int64_t tenant, const char *name, const char *json, struct error *e);
typedef int (*store_profile_cb)(void *ctx, const char *name, const char *json);
int store_profiles_each(struct store *s, int64_t tenant, store_profile_cb cb, void *ctx, struct error *e);
/* The tenant's default profile name ("" when none), and setting it. */
int store_tenant_default_profile(struct store *s, int64_t tenant, char *out, size_t size, struct error *e);
int store_tenant_set_default_profile(struct store *s, int64_t tenant, const char *name, struct error *e);

/* The tenant's closed days. */
int store_closed_day_add(struct store *s, int64_t tenant, date_t day, const char *name, struct error *e);
typedef int (*store_day_cb)(void *ctx, date_t day, const char *name);
int store_closed_days_each(struct store *s, int64_t tenant, store_day_cb cb, void *ctx, struct error *e);

#endif
