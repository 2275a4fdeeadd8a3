/*
 * parties.c: forwarders of store/parties.h (customers, contacts, corrections, the change log) to the backend.
 */
#include "store/store_int.h"

int store_customer_insert(struct store_tx *tx, struct customer *c, int64_t import_id, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->parties->customer_insert(tx, c, import_id, e);
}

int store_customer_get(struct store_tx *tx, const char *ref, struct customer *out, int64_t *import_id, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->parties->customer_get(tx, ref, out, import_id, e);
}

int store_customer_find(struct store_tx *tx, const char *ref, struct customer *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->parties->customer_find(tx, ref, out, e);
}

int store_customer_by_id(struct store_tx *tx, int64_t id, struct customer *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->parties->customer_by_id(tx, id, out, e);
}

int store_customers_list(struct store_tx *tx, struct store_cursor *cur, store_customer_cb cb, void *ctx,
			 struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->parties->customers_list(tx, cur, cb, ctx, e);
}

int store_customers_of_user(struct store_tx *tx, int64_t user_id, struct store_cursor *cur, store_customer_cb cb,
			    void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->parties->customers_of_user(tx, user_id, cur, cb, ctx, e);
}

int store_tenant_has_data(struct store_tx *tx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->parties->tenant_has_data(tx, e);
}

int store_contact_insert(struct store_tx *tx, struct contact *c, int64_t import_id, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->parties->contact_insert(tx, c, import_id, e);
}

int store_contact_get(struct store_tx *tx, const char *ref, struct contact *out, int64_t *import_id, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->parties->contact_get(tx, ref, out, import_id, e);
}

int store_contacts_list(struct store_tx *tx, struct store_cursor *cur, store_contact_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->parties->contacts_list(tx, cur, cb, ctx, e);
}

int store_contacts_of_customer(struct store_tx *tx, int64_t customer_id, store_contact_cb cb, void *ctx,
			       struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->parties->contacts_of_customer(tx, customer_id, cb, ctx, e);
}

int store_contacts_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_contact_cb cb,
			       void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->parties->contacts_by_customer(tx, from_customer, to_customer, cb, ctx, e);
}

int store_contacts_of_customers(struct store_tx *tx, const int64_t *ids, const char *const *refs, size_t n,
				store_contact_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	if (n == 0)
		return 0;
	return tx->s->ops->parties->contacts_of_customers(tx, ids, refs, n, cb, ctx, e);
}

int store_customer_update(struct store_tx *tx, const struct customer *c, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->parties->customer_update(tx, c, e);
}

int store_contact_update(struct store_tx *tx, const struct contact *c, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->parties->contact_update(tx, c, e);
}

int store_change_add(struct store_tx *tx, const struct change_record *c, int64_t import_id, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->parties->change_add(tx, c, import_id, e);
}

int store_changes_each(struct store_tx *tx, int64_t customer_id, int limit, store_change_cb cb, void *ctx,
		       struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->parties->changes_each(tx, customer_id, limit, cb, ctx, e);
}

int store_changes_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_change_cb cb,
			      void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->parties->changes_by_customer(tx, from_customer, to_customer, cb, ctx, e);
}

int store_customers_add(struct store_tx *tx, struct customer *cs, size_t n, int64_t import_id, unsigned char *added,
			struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->parties->customers_add(tx, cs, n, import_id, added, e);
}

int store_contacts_add(struct store_tx *tx, struct contact *cs, size_t n, int64_t import_id, unsigned char *added,
		       struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->parties->contacts_add(tx, cs, n, import_id, added, e);
}
