/*
 * dashboard.c: the KPI months (store/dashboard.h) on SQLite, table
 * kpi_month. Dates are YYYY-MM-DD text, moments RFC 3339 UTC text.
 */
#include "store/sqlite/sqlite_int.h"

enum stmt_id { ST_CLEAR, ST_ADD, ST_EACH, ST_SNAPSHOTS, ST_COUNT };
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_CLEAR] = "DELETE FROM kpi_month WHERE tenant_id = ?1 AND month = ?2",
	[ST_ADD] = "INSERT INTO kpi_month(tenant_id, month, currency, to_date, opening_ar, credit_sales, closing_ar, "
		   "closing_current, dso_tenths, cei_bp, delinquency_bp, computed_at) "
		   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[ST_EACH] = "SELECT month, currency, to_date, opening_ar, credit_sales, closing_ar, closing_current, "
		    "dso_tenths, cei_bp, delinquency_bp, computed_at FROM kpi_month "
		    "WHERE tenant_id = ?1 AND month BETWEEN ?2 AND ?3 ORDER BY month, currency",
	[ST_SNAPSHOTS] = "SELECT run_date, currency, bucket, accounts, invoices, balance FROM run_snapshot "
			 "WHERE tenant_id = ?1 AND run_date BETWEEN ?2 AND ?3 AND dimension = ?4 AND key = ?5 "
			 "ORDER BY run_date, currency, bucket",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_DASHBOARD, id, stmt_sql, e);
}

static int sq_kpi_month_put(struct store_tx *tx, date_t month, const struct kpi_month *rows, size_t n, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CLEAR, e);
	int ret;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, month);
	ret = sq_exec_step(ss, st, e, "clearing a KPI month");
	for (size_t i = 0; i < n && ret >= 0; i++) {
		st = stmt(ss, ST_ADD, e);
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		bind_date(st, 2, month);
		bind_text(st, 3, rows[i].currency);
		bind_date(st, 4, rows[i].to_date);
		sqlite3_bind_int64(st, 5, rows[i].opening_ar);
		sqlite3_bind_int64(st, 6, rows[i].credit_sales);
		sqlite3_bind_int64(st, 7, rows[i].closing_ar);
		sqlite3_bind_int64(st, 8, rows[i].closing_current);
		sqlite3_bind_int64(st, 9, rows[i].dso_tenths);
		sqlite3_bind_int64(st, 10, rows[i].cei_bp);
		sqlite3_bind_int64(st, 11, rows[i].delinquency_bp);
		bind_ts(st, 12, rows[i].computed_at);
		ret = sq_exec_step(ss, st, e, "storing a KPI month");
	}
	return ret < 0 ? ret : 0;
}

static int sq_kpi_months_each(struct store_tx *tx, date_t from, date_t to, store_kpi_month_cb cb, void *ctx,
			      struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_EACH, e);
	struct kpi_month m;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, from);
	bind_date(st, 3, to);
	EACH_ROW(ss, st, e, {
		memset(&m, 0, sizeof(m));
		m.month = col_date(st, 0);
		col_text(st, 1, m.currency, sizeof(m.currency));
		m.to_date = col_date(st, 2);
		m.opening_ar = sqlite3_column_int64(st, 3);
		m.credit_sales = sqlite3_column_int64(st, 4);
		m.closing_ar = sqlite3_column_int64(st, 5);
		m.closing_current = sqlite3_column_int64(st, 6);
		m.dso_tenths = sqlite3_column_int64(st, 7);
		m.cei_bp = sqlite3_column_int64(st, 8);
		m.delinquency_bp = sqlite3_column_int64(st, 9);
		m.computed_at = col_ts(st, 10);
		stop_ = cb(ctx, &m);
	});
	return 0;
}

static int sq_dashboard_snapshots(struct store_tx *tx, date_t from, date_t to, const char *dimension, const char *key,
				  store_snapshot_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SNAPSHOTS, e);
	struct snapshot_row r;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, from);
	bind_date(st, 3, to);
	bind_text(st, 4, dimension);
	bind_text(st, 5, key);
	EACH_ROW(ss, st, e, {
		memset(&r, 0, sizeof(r));
		r.run_date = col_date(st, 0);
		r.dimension = dimension;
		r.key = key;
		r.currency = (const char *)sqlite3_column_text(st, 1);
		r.bucket = (const char *)sqlite3_column_text(st, 2);
		r.accounts = sqlite3_column_int64(st, 3);
		r.invoices = sqlite3_column_int64(st, 4);
		r.balance = sqlite3_column_int64(st, 5);
		stop_ = cb(ctx, &r);
	});
	return 0;
}

const struct store_dashboard_ops sq_dashboard_ops = {
	.put = sq_kpi_month_put,
	.each = sq_kpi_months_each,
	.snapshots = sq_dashboard_snapshots,
};
