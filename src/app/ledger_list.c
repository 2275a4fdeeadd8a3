/*
 * ledger_list.c: see ledger_list.h.
 */
#include "app/ledger_list.h"

#include "store/parties.h"

/* The customer's id in `tx`: 0, -ERR_NOT_FOUND or -ERR_ENV. */
static int customer_id(struct store_tx *tx, const char *ref, int64_t *id, struct error *e)
{
	struct customer c;
	int ret = store_customer_find(tx, ref, &c, e);

	if (ret < 0)
		return ret;
	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "customer", "customer '%s' not found", ref);
	*id = c.id;
	return 0;
}

int ledger_list_payments(const struct app_ctx *ctx, const char *customer_ref, store_payment_cb cb, void *cb_ctx,
			 struct error *e)
{
	struct store_tx *tx = NULL;
	int64_t id = 0;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret == 0)
		ret = customer_id(tx, customer_ref, &id, e);
	if (ret == 0)
		ret = store_payments_of_customer(tx, id, cb, cb_ctx, e);
	store_tx_free(tx);
	return ret;
}

int ledger_list_credit_notes(const struct app_ctx *ctx, const char *customer_ref, store_credit_note_cb cb, void *cb_ctx,
			     struct error *e)
{
	struct store_tx *tx = NULL;
	int64_t id = 0;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret == 0)
		ret = customer_id(tx, customer_ref, &id, e);
	if (ret == 0)
		ret = store_credit_notes_of_customer(tx, id, cb, cb_ctx, e);
	store_tx_free(tx);
	return ret;
}
