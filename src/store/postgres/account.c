/*
 * account.c: the call-preparation reads (store/account.h), PostgreSQL. The
 * same contract as sqlite/account.c.
 */
#include "store/postgres/pg_int.h"

enum stmt_id { ST_MONTHS, ST_COUNT };
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	/* sum(bigint) is numeric: the cast to bigint fails on overflow instead of wrapping */
	[ST_MONTHS] =
		"SELECT extract(year from m)::int, extract(month from m)::int, n, v FROM ("
		"SELECT date_trunc('month', issue_date) AS m, count(*) AS n, sum(amount)::bigint AS v "
		"FROM invoice WHERE tenant_id = $1 AND customer_id = $2 AND issue_date >= $4::date AND issue_date <= $5::date "
		"AND currency = $3 GROUP BY 1) s ORDER BY m",
};

static int pg_account_months(struct store_tx *tx, int64_t customer_id, const char *currency, date_t from, date_t to,
			     store_account_month_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct account_month_row m;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_text(&p, currency);
	pg_param_date(&p, from);
	pg_param_date(&p, to);
	res = pg_run(PG(tx), PG_ACCOUNT, ST_MONTHS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		m.year = (int)pg_int(res, i, 0);
		m.month = (int)pg_int(res, i, 1);
		m.count = pg_int(res, i, 2);
		m.volume = pg_int(res, i, 3);
		stop = cb(ctx, &m);
	}
	PQclear(res);
	return stop;
}

const struct store_account_ops pg_account_ops = {
	.months = pg_account_months,
};
