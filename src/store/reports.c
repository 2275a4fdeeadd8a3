/*
 * reports.c: forwarders of store/reports.h (streaming reads for reports and checks) to the backend.
 */
#include "store/store_int.h"

int store_open_items_each(struct store_tx *tx, int by_customer, date_t as_of, int rebuild, store_open_item_cb cb,
			  void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->reports->open_items_each(tx, by_customer, as_of, rebuild, cb, ctx, e);
}

int store_kpi_items_each(struct store_tx *tx, date_t from, date_t to, store_kpi_item_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->reports->kpi_items_each(tx, from, to, cb, ctx, e);
}

int store_unapplied_each(struct store_tx *tx, date_t at, store_credit_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->reports->unapplied_each(tx, at, cb, ctx, e);
}

int store_check_ledger(struct store_tx *tx, store_invoice_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->reports->check_ledger(tx, cb, ctx, e);
}

int store_check_sums(struct store_tx *tx, store_sum_overflow_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->reports->check_sums(tx, cb, ctx, e);
}

int store_check_amount_limit(struct store_tx *tx, store_invoice_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->reports->check_amount_limit(tx, cb, ctx, e);
}
