/*
 * store.c: picks the backend from the URL and dispatches every call to it.
 */
#include <stdlib.h>
#include <string.h>

#include "core/profile.h"
#include "core/validate.h"

#include "store/store_int.h"

int store_open(const char *url, struct store **out, struct error *e)
{
	*out = NULL;
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11))
		return error_set(e, ERR_ENV, "database '%s': the PostgreSQL backend is not built yet; use a SQLite file path", url);
	return store_sqlite_open(url, out, e);
}

void store_close(struct store *s)
{
	if (s)
		s->ops->close(s);
}

const char *store_backend_name(const struct store *s)
{
	return s->ops->name;
}

int store_begin(struct store *s, struct error *e)
{
	return s->ops->begin(s, e);
}

int store_commit(struct store *s, struct error *e)
{
	return s->ops->commit(s, e);
}

void store_rollback(struct store *s)
{
	s->ops->rollback(s);
}

int store_tenant_resolve(struct store *s, const char *name, int64_t *id, struct error *e)
{
	return s->ops->tenant_resolve(s, name, id, e);
}

int store_tenant_create(struct store *s, const char *name, int64_t *id, struct error *e)
{
	/* every door that creates a tenant checks its name, not only the CLI's */
	if (validate_tenant_name(name, e) < 0)
		return -ERR_INPUT;
	return s->ops->tenant_create(s, name, id, e);
}

int store_import_begin(struct store *s, int64_t tenant, const char *kind, const char *file, int64_t *import_id, struct error *e)
{
	return s->ops->import_begin(s, tenant, kind, file, import_id, e);
}

int store_import_finish(struct store *s, int64_t import_id, int64_t rows, struct error *e)
{
	return s->ops->import_finish(s, import_id, rows, e);
}

int store_customer_insert(struct store *s, int64_t tenant, struct customer *c, int64_t import_id, struct error *e)
{
	return s->ops->customer_insert(s, tenant, c, import_id, e);
}

int store_customer_get(struct store *s, int64_t tenant, const char *ref, struct customer *out, int64_t *import_id, struct error *e)
{
	return s->ops->customer_get(s, tenant, ref, out, import_id, e);
}

int store_customer_find(struct store *s, int64_t tenant, const char *ref, struct customer *out, struct error *e)
{
	return s->ops->customer_find(s, tenant, ref, out, e);
}

int store_contact_insert(struct store *s, int64_t tenant, struct contact *c, int64_t import_id, struct error *e)
{
	return s->ops->contact_insert(s, tenant, c, import_id, e);
}

int store_contact_get(struct store *s, int64_t tenant, const char *ref, struct contact *out, int64_t *import_id, struct error *e)
{
	return s->ops->contact_get(s, tenant, ref, out, import_id, e);
}

int store_invoice_insert(struct store *s, int64_t tenant, struct invoice *inv, int64_t import_id, struct error *e)
{
	return s->ops->invoice_insert(s, tenant, inv, import_id, e);
}

int store_invoice_get(struct store *s, int64_t tenant, const char *ref, struct invoice *out, int64_t *import_id, struct error *e)
{
	return s->ops->invoice_get(s, tenant, ref, out, import_id, e);
}

int store_invoice_find(struct store *s, int64_t tenant, const char *ref, struct invoice *out, struct error *e)
{
	return s->ops->invoice_find(s, tenant, ref, out, e);
}

int store_invoice_insert_many(struct store *s, int64_t tenant, const struct invoice *invs, size_t n,
			      int64_t import_id, struct error *e)
{
	return s->ops->invoice_insert_many(s, tenant, invs, n, import_id, e);
}

int store_payment_insert(struct store *s, int64_t tenant, struct payment *p, int64_t import_id, struct error *e)
{
	return s->ops->payment_insert(s, tenant, p, import_id, e);
}

int store_payment_get(struct store *s, int64_t tenant, const char *ref, struct payment *out, int64_t *import_id, struct error *e)
{
	return s->ops->payment_get(s, tenant, ref, out, import_id, e);
}

int store_payment_set_status(struct store *s, int64_t tenant, int64_t payment_id, enum payment_status status, struct error *e)
{
	return s->ops->payment_set_status(s, tenant, payment_id, status, e);
}

int store_open_invoices_of_customer(struct store *s, int64_t tenant, int64_t customer_id, const char *currency, store_invoice_cb cb, void *ctx, struct error *e)
{
	return s->ops->open_invoices_of_customer(s, tenant, customer_id, currency, cb, ctx, e);
}

int store_invoice_move(struct store *s, int64_t tenant, int64_t invoice_id, int64_t amount, struct error *e)
{
	return s->ops->invoice_move(s, tenant, invoice_id, amount, e);
}

int store_ledger_append(struct store *s, int64_t tenant, const struct ledger_entry *les, size_t n,
			int64_t import_id, struct error *e)
{
	return s->ops->ledger_append(s, tenant, les, n, import_id, e);
}

int store_ledger_of_payment(struct store *s, int64_t tenant, int64_t payment_id, store_ledger_cb cb, void *ctx, struct error *e)
{
	return s->ops->ledger_of_payment(s, tenant, payment_id, cb, ctx, e);
}

int store_unapplied_credit(struct store *s, int64_t tenant, int64_t customer_id, const char *currency, int64_t *out, struct error *e)
{
	return s->ops->unapplied_credit(s, tenant, customer_id, currency, out, e);
}

int store_customers_each(struct store *s, int64_t tenant, store_customer_cb cb, void *ctx, struct error *e)
{
	return s->ops->customers_each(s, tenant, cb, ctx, e);
}

int store_contacts_each(struct store *s, int64_t tenant, store_contact_cb cb, void *ctx, struct error *e)
{
	return s->ops->contacts_each(s, tenant, cb, ctx, e);
}

int store_invoices_each(struct store *s, int64_t tenant, store_invoice_cb cb, void *ctx, struct error *e)
{
	return s->ops->invoices_each(s, tenant, cb, ctx, e);
}

int store_payments_each(struct store *s, int64_t tenant, store_payment_cb cb, void *ctx, struct error *e)
{
	return s->ops->payments_each(s, tenant, cb, ctx, e);
}

int store_open_items_each(struct store *s, int64_t tenant, int by_customer, date_t at, store_open_item_cb cb,
			  void *ctx, struct error *e)
{
	return s->ops->open_items_each(s, tenant, by_customer, at, cb, ctx, e);
}

int store_kpi_items_each(struct store *s, int64_t tenant, date_t from, date_t to, store_kpi_item_cb cb, void *ctx, struct error *e)
{
	return s->ops->kpi_items_each(s, tenant, from, to, cb, ctx, e);
}

int store_check_ledger(struct store *s, int64_t tenant, store_invoice_cb cb, void *ctx, struct error *e)
{
	return s->ops->check_ledger(s, tenant, cb, ctx, e);
}

int store_check_sums(struct store *s, int64_t tenant, store_sum_overflow_cb cb, void *ctx, struct error *e)
{
	return s->ops->check_sums(s, tenant, cb, ctx, e);
}

int store_customer_by_id(struct store *s, int64_t tenant, int64_t id, struct customer *out, struct error *e)
{
	return s->ops->customer_by_id(s, tenant, id, out, e);
}

int store_contacts_of_customer(struct store *s, int64_t tenant, int64_t customer_id, store_contact_cb cb, void *ctx, struct error *e)
{
	return s->ops->contacts_of_customer(s, tenant, customer_id, cb, ctx, e);
}

int store_attempt_add(struct store *s, int64_t tenant, int64_t customer_id, const struct contact_attempt *a, const char *spoke_with, const char *note, int64_t *id, struct error *e)
{
	return s->ops->attempt_add(s, tenant, customer_id, a, spoke_with, note, id, e);
}

int store_attempts_each(struct store *s, int64_t tenant, int64_t customer_id, timestamp_t since, store_attempt_cb cb, void *ctx, struct error *e)
{
	return s->ops->attempts_each(s, tenant, customer_id, since, cb, ctx, e);
}

int store_flag_add(struct store *s, int64_t tenant, struct flag_record *f, struct error *e)
{
	return s->ops->flag_add(s, tenant, f, e);
}

int store_flag_clear(struct store *s, int64_t tenant, const struct flag_record *match, const char *cleared_by, timestamp_t at, const char *reason, int *cleared, struct error *e)
{
	return s->ops->flag_clear(s, tenant, match, cleared_by, at, reason, cleared, e);
}

int store_flags_each(struct store *s, int64_t tenant, int64_t customer_id, store_flag_cb cb, void *ctx, struct error *e)
{
	return s->ops->flags_each(s, tenant, customer_id, cb, ctx, e);
}

int store_profile_get(struct store *s, int64_t tenant, const char *name, char **json, struct error *e)
{
	return s->ops->profile_get(s, tenant, name, json, e);
}

int store_profile_put(struct store *s, int64_t tenant, const char *name, const char *json, struct error *e)
{
	return s->ops->profile_put(s, tenant, name, json, e);
}

int store_profiles_each(struct store *s, int64_t tenant, store_profile_cb cb, void *ctx, struct error *e)
{
	return s->ops->profiles_each(s, tenant, cb, ctx, e);
}

int store_tenant_default_profile(struct store *s, int64_t tenant, char *out, size_t size, struct error *e)
{
	return s->ops->tenant_default_profile(s, tenant, out, size, e);
}

int store_tenant_set_default_profile(struct store *s, int64_t tenant, const char *name, struct error *e)
{
	return s->ops->tenant_set_default_profile(s, tenant, name, e);
}

int store_closed_day_add(struct store *s, int64_t tenant, date_t day, const char *name, struct error *e)
{
	return s->ops->closed_day_add(s, tenant, day, name, e);
}

int store_closed_days_each(struct store *s, int64_t tenant, store_day_cb cb, void *ctx, struct error *e)
{
	return s->ops->closed_days_each(s, tenant, cb, ctx, e);
}

int store_customer_update(struct store *s, int64_t tenant, const struct customer *c, struct error *e)
{
	return s->ops->customer_update(s, tenant, c, e);
}

int store_contact_update(struct store *s, int64_t tenant, const struct contact *c, struct error *e)
{
	return s->ops->contact_update(s, tenant, c, e);
}

int store_change_add(struct store *s, int64_t tenant, const struct change_record *c, int64_t import_id,
		     struct error *e)
{
	return s->ops->change_add(s, tenant, c, import_id, e);
}

int store_changes_each(struct store *s, int64_t tenant, int64_t customer_id, int limit, store_change_cb cb,
		       void *ctx, struct error *e)
{
	return s->ops->changes_each(s, tenant, customer_id, limit, cb, ctx, e);
}

int store_attempt_views_each(struct store *s, int64_t tenant, int64_t customer_id, store_attempt_view_cb cb,
			     void *ctx, struct error *e)
{
	return s->ops->attempt_views_each(s, tenant, customer_id, cb, ctx, e);
}

int store_unapplied_each(struct store *s, int64_t tenant, date_t at, store_credit_cb cb, void *ctx,
			 struct error *e)
{
	return s->ops->unapplied_each(s, tenant, at, cb, ctx, e);
}

int store_tenant_has_data(struct store *s, int64_t tenant, struct error *e)
{
	return s->ops->tenant_has_data(s, tenant, e);
}

/* Built on the backend's calls: the presets live in the code, not the database. */
int store_profile_exists(struct store *s, int64_t tenant, const char *name, struct error *e)
{
	char *json = NULL;
	int ret;

	for (int i = 0; profile_preset_names[i]; i++)
		if (!strcmp(profile_preset_names[i], name))
			return 1;
	ret = store_profile_get(s, tenant, name, &json, e);
	free(json);
	return ret;
}
