/*
 * agreements.c: forwarders of store/agreements.h to the backend.
 */
#include "store/agreements.h"

#include "store/store_int.h"

int store_agreement_add(struct store_tx *tx, struct agreement *a, const struct agreement_invoice *invs, size_t n_invs,
			const struct agreement_instalment *ins, size_t n_ins, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->agreements->add(tx, a, invs, n_invs, ins, n_ins, e);
}

int store_agreement_get(struct store_tx *tx, int64_t id, struct agreement *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->agreements->get(tx, id, out, e);
}

int store_agreement_update(struct store_tx *tx, const struct agreement *a, const char *from, int remark,
			   struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->agreements->update(tx, a, from, remark, e);
}

int store_agreements_each(struct store_tx *tx, const struct agreement_filter *f, store_agreement_cb cb, void *ctx,
			  struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->agreements->each(tx, f, cb, ctx, e);
}

int store_agreement_invoices(struct store_tx *tx, int64_t id, store_agreement_invoice_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->agreements->invoices(tx, id, cb, ctx, e);
}

int store_agreement_instalments(struct store_tx *tx, const char *kind, const char *state, store_instalment_cb cb,
				void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->agreements->instalments(tx, kind, state, cb, ctx, e);
}

int store_agreement_instalments_of(struct store_tx *tx, int64_t id, store_instalment_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->agreements->instalments_of(tx, id, cb, ctx, e);
}

int store_agreements_paid(struct store_tx *tx, const char *kind, const char *state, int64_t customer_id, date_t on,
			  store_paid_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->agreements->paid(tx, kind, state, customer_id, on, cb, ctx, e);
}

int store_agreement_config_get(struct store_tx *tx, const char *name, char **doc, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->agreements->config_get(tx, name, doc, e);
}

int store_agreement_config_set(struct store_tx *tx, const char *name, const char *doc, const char *by, timestamp_t at,
			       struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->agreements->config_set(tx, name, doc, by, at, e);
}

int store_agreement_copy(struct store_tx *tx, struct agreement *a, const struct agreement_invoice *invs, size_t n_invs,
			 const struct agreement_instalment *ins, size_t n_ins, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->agreements->copy(tx, a, invs, n_invs, ins, n_ins, e);
}
