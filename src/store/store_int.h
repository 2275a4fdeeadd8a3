/*
 * store_int.h: what a backend implements. One struct of function pointers
 * per backend (sqlite.c, later postgres.c), filled with designated
 * initializers; store.c dispatches. See store.h for the contracts.
 */
#ifndef RECOUP_STORE_INT_H
#define RECOUP_STORE_INT_H

#include "store/store.h"

struct store_ops {
	const char *name;
	void (*close)(struct store *s);
	int (*begin)(struct store *s, struct error *e);
	int (*commit)(struct store *s, struct error *e);
	void (*rollback)(struct store *s);
	int (*tenant_resolve)(struct store *s, const char *name, int64_t *id, struct error *e);
	int (*tenant_create)(struct store *s, const char *name, int64_t *id, struct error *e);
	int (*import_begin)(struct store *s, int64_t tenant, const char *kind, const char *file,
			    int64_t *import_id, struct error *e);
	int (*import_finish)(struct store *s, int64_t import_id, int64_t rows, struct error *e);
	int (*customer_insert)(struct store *s, int64_t tenant, struct customer *c, int64_t import_id,
			       struct error *e);
	int (*customer_get)(struct store *s, int64_t tenant, const char *ref, struct customer *out,
			    int64_t *import_id, struct error *e);
	int (*customer_find)(struct store *s, int64_t tenant, const char *ref, struct customer *out,
			     struct error *e);
	int (*contact_insert)(struct store *s, int64_t tenant, struct contact *c, int64_t import_id,
			      struct error *e);
	int (*contact_get)(struct store *s, int64_t tenant, const char *ref, struct contact *out,
			   int64_t *import_id, struct error *e);
	int (*invoice_insert)(struct store *s, int64_t tenant, struct invoice *inv, int64_t import_id,
			      struct error *e);
	int (*invoice_get)(struct store *s, int64_t tenant, const char *ref, struct invoice *out,
			   int64_t *import_id, struct error *e);
	int (*invoice_find)(struct store *s, int64_t tenant, const char *ref, struct invoice *out,
			    struct error *e);
	int (*invoice_insert_many)(struct store *s, int64_t tenant, const struct invoice *invs, size_t n,
				   int64_t import_id, struct error *e);
	int (*payment_insert)(struct store *s, int64_t tenant, struct payment *p, int64_t import_id,
			      struct error *e);
	int (*payment_get)(struct store *s, int64_t tenant, const char *ref, struct payment *out,
			   int64_t *import_id, struct error *e);
	int (*payment_set_status)(struct store *s, int64_t tenant, int64_t payment_id,
				  enum payment_status status, struct error *e);
	int (*invoice_move)(struct store *s, int64_t tenant, int64_t invoice_id, int64_t amount, struct error *e);
	int (*ledger_append)(struct store *s, int64_t tenant, const struct ledger_entry *les, size_t n,
			     int64_t import_id, struct error *e);
	int (*open_invoices_of_customer)(struct store *s, int64_t tenant, int64_t customer_id,
					 const char *currency, store_invoice_cb cb, void *ctx, struct error *e);
	int (*ledger_of_payment)(struct store *s, int64_t tenant, int64_t payment_id, store_ledger_cb cb,
				 void *ctx, struct error *e);
	int (*unapplied_credit)(struct store *s, int64_t tenant, int64_t customer_id, const char *currency,
				int64_t *out, struct error *e);
	int (*customers_each)(struct store *s, int64_t tenant, store_customer_cb cb, void *ctx, struct error *e);
	int (*contacts_each)(struct store *s, int64_t tenant, store_contact_cb cb, void *ctx, struct error *e);
	int (*invoices_each)(struct store *s, int64_t tenant, store_invoice_cb cb, void *ctx, struct error *e);
	int (*payments_each)(struct store *s, int64_t tenant, store_payment_cb cb, void *ctx, struct error *e);
	int (*open_items_each)(struct store *s, int64_t tenant, int by_customer, date_t at, store_open_item_cb cb,
			       void *ctx, struct error *e);
	int (*kpi_items_each)(struct store *s, int64_t tenant, date_t from, date_t to, store_kpi_item_cb cb,
			      void *ctx, struct error *e);
	int (*check_ledger)(struct store *s, int64_t tenant, store_invoice_cb cb, void *ctx, struct error *e);
	int (*check_sums)(struct store *s, int64_t tenant, store_sum_overflow_cb cb, void *ctx, struct error *e);
	int (*customer_by_id)(struct store *s, int64_t tenant, int64_t id, struct customer *out, struct error *e);
	int (*contacts_of_customer)(struct store *s, int64_t tenant, int64_t customer_id, store_contact_cb cb,
				    void *ctx, struct error *e);
	int (*attempt_add)(struct store *s, int64_t tenant, int64_t customer_id, const struct contact_attempt *a,
			   const char *spoke_with, const char *note, int64_t *id, struct error *e);
	int (*attempts_each)(struct store *s, int64_t tenant, int64_t customer_id, timestamp_t since,
			     store_attempt_cb cb, void *ctx, struct error *e);
	int (*flag_add)(struct store *s, int64_t tenant, struct flag_record *f, struct error *e);
	int (*flag_clear)(struct store *s, int64_t tenant, const struct flag_record *match, const char *cleared_by,
			  timestamp_t at, const char *reason, int *cleared, struct error *e);
	int (*flags_each)(struct store *s, int64_t tenant, int64_t customer_id, store_flag_cb cb, void *ctx,
			  struct error *e);
	int (*profile_get)(struct store *s, int64_t tenant, const char *name, char **json, struct error *e);
	int (*profile_put)(struct store *s, int64_t tenant, const char *name, const char *json, struct error *e);
	int (*profiles_each)(struct store *s, int64_t tenant, store_profile_cb cb, void *ctx, struct error *e);
	int (*tenant_default_profile)(struct store *s, int64_t tenant, char *out, size_t size, struct error *e);
	int (*tenant_set_default_profile)(struct store *s, int64_t tenant, const char *name, struct error *e);
	int (*closed_day_add)(struct store *s, int64_t tenant, date_t day, const char *name, struct error *e);
	int (*closed_days_each)(struct store *s, int64_t tenant, store_day_cb cb, void *ctx, struct error *e);
	int (*customer_update)(struct store *s, int64_t tenant, const struct customer *c, struct error *e);
	int (*contact_update)(struct store *s, int64_t tenant, const struct contact *c, struct error *e);
	int (*change_add)(struct store *s, int64_t tenant, const struct change_record *c, int64_t import_id,
			  struct error *e);
	int (*changes_each)(struct store *s, int64_t tenant, int64_t customer_id, int limit, store_change_cb cb,
			    void *ctx, struct error *e);
	int (*attempt_views_each)(struct store *s, int64_t tenant, int64_t customer_id, store_attempt_view_cb cb,
				  void *ctx, struct error *e);
	int (*unapplied_each)(struct store *s, int64_t tenant, date_t at, store_credit_cb cb, void *ctx,
			      struct error *e);
	int (*tenant_has_data)(struct store *s, int64_t tenant, struct error *e);
};

struct store {
	const struct store_ops *ops;
};

int store_sqlite_open(const char *path, struct store **out, struct error *e);

#endif
