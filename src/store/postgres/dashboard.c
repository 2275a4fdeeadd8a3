/*
 * dashboard.c: the KPI months (store/dashboard.h) on PostgreSQL, table
 * kpi_month. The same contract as sqlite/dashboard.c.
 */
#include <string.h>

#include "store/postgres/pg_int.h"

enum stmt_id { ST_CLEAR, ST_ADD, ST_EACH, ST_SNAPSHOTS, ST_COUNT };
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_CLEAR] = "DELETE FROM kpi_month WHERE tenant_id = $1 AND month = $2::date",
	[ST_ADD] = "INSERT INTO kpi_month(tenant_id, month, currency, to_date, opening_ar, credit_sales, closing_ar, "
		   "closing_current, dso_tenths, cei_bp, delinquency_bp, computed_at) "
		   "VALUES ($1, $2::date, $3, $4::date, $5, $6, $7, $8, $9, $10, $11, to_timestamp($12::bigint))",
	[ST_EACH] = "SELECT month::text, currency, to_date::text, opening_ar, credit_sales, closing_ar, "
		    "closing_current, dso_tenths, cei_bp, delinquency_bp, extract(epoch from computed_at)::bigint "
		    "FROM kpi_month WHERE tenant_id = $1 AND month BETWEEN $2::date AND $3::date "
		    "ORDER BY month, currency COLLATE \"C\"",
	[ST_SNAPSHOTS] = "SELECT run_date::text, currency, bucket, accounts, invoices, balance FROM run_snapshot "
			 "WHERE tenant_id = $1 AND run_date BETWEEN $2::date AND $3::date AND dimension = $4 "
			 "AND key = $5 ORDER BY run_date, currency COLLATE \"C\", bucket COLLATE \"C\"",
};

static int pg_kpi_month_put(struct store_tx *tx, date_t month, const struct kpi_month *rows, size_t n, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	int ret;

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, month);
	ret = pg_exec(PG(tx), PG_DASHBOARD, ST_CLEAR, stmt_sql, &p, e);
	for (size_t i = 0; i < n && ret >= 0; i++) {
		struct pg_params q = PG_PARAMS_INIT;
		pg_param_int(&q, tx->tenant);
		pg_param_date(&q, month);
		pg_param_text(&q, rows[i].currency);
		pg_param_date(&q, rows[i].to_date);
		pg_param_int(&q, rows[i].opening_ar);
		pg_param_int(&q, rows[i].credit_sales);
		pg_param_int(&q, rows[i].closing_ar);
		pg_param_int(&q, rows[i].closing_current);
		pg_param_int(&q, rows[i].dso_tenths);
		pg_param_int(&q, rows[i].cei_bp);
		pg_param_int(&q, rows[i].delinquency_bp);
		pg_param_ts(&q, rows[i].computed_at);
		ret = pg_exec(PG(tx), PG_DASHBOARD, ST_ADD, stmt_sql, &q, e);
	}
	return ret < 0 ? ret : 0;
}

struct each_ctx {
	store_kpi_month_cb cb;
	void *ctx;
};

static int on_row(void *ctx, PGresult *res, int i)
{
	struct each_ctx *ec = ctx;
	struct kpi_month m;

	memset(&m, 0, sizeof(m));
	m.month = pg_date(res, i, 0);
	pg_text(res, i, 1, m.currency, sizeof(m.currency));
	m.to_date = pg_date(res, i, 2);
	m.opening_ar = pg_int(res, i, 3);
	m.credit_sales = pg_int(res, i, 4);
	m.closing_ar = pg_int(res, i, 5);
	m.closing_current = pg_int(res, i, 6);
	m.dso_tenths = pg_int(res, i, 7);
	m.cei_bp = pg_int(res, i, 8);
	m.delinquency_bp = pg_int(res, i, 9);
	m.computed_at = pg_ts(res, i, 10);
	return ec->cb(ec->ctx, &m);
}

static int pg_kpi_months_each(struct store_tx *tx, date_t from, date_t to, store_kpi_month_cb cb, void *ctx,
			      struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct each_ctx ec = { cb, ctx };

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, from);
	pg_param_date(&p, to);
	return pg_stream(PG(tx), stmt_sql[ST_EACH], &p, on_row, &ec, e);
}

struct snap_ctx {
	store_snapshot_cb cb;
	void *ctx;
	const char *dimension, *key;
};

static int on_snapshot(void *ctx, PGresult *res, int i)
{
	struct snap_ctx *sc = ctx;
	struct snapshot_row r;

	memset(&r, 0, sizeof(r));
	r.run_date = pg_date(res, i, 0);
	r.dimension = sc->dimension;
	r.key = sc->key;
	r.currency = PQgetvalue(res, i, 1);
	r.bucket = PQgetvalue(res, i, 2);
	r.accounts = pg_int(res, i, 3);
	r.invoices = pg_int(res, i, 4);
	r.balance = pg_int(res, i, 5);
	return sc->cb(sc->ctx, &r);
}

static int pg_dashboard_snapshots(struct store_tx *tx, date_t from, date_t to, const char *dimension, const char *key,
				  store_snapshot_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct snap_ctx sc = { cb, ctx, dimension, key };

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, from);
	pg_param_date(&p, to);
	pg_param_text(&p, dimension);
	pg_param_text(&p, key);
	return pg_stream(PG(tx), stmt_sql[ST_SNAPSHOTS], &p, on_snapshot, &sc, e);
}

const struct store_dashboard_ops pg_dashboard_ops = {
	.put = pg_kpi_month_put,
	.each = pg_kpi_months_each,
	.snapshots = pg_dashboard_snapshots,
};
