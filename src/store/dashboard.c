/*
 * dashboard.c: forwarders of store/dashboard.h to the backend.
 */
#include "store/dashboard.h"

#include "store/store_int.h"

int store_kpi_month_put(struct store_tx *tx, date_t month, const struct kpi_month *rows, size_t n, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->dashboard->put(tx, month, rows, n, e);
}

int store_kpi_months_each(struct store_tx *tx, date_t from, date_t to, store_kpi_month_cb cb, void *ctx,
			  struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->dashboard->each(tx, from, to, cb, ctx, e);
}

int store_dashboard_snapshots_each(struct store_tx *tx, date_t from, date_t to, const char *dimension, const char *key,
				   store_snapshot_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->dashboard->snapshots(tx, from, to, dimension, key, cb, ctx, e);
}
