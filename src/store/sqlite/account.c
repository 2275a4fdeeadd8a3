/*
 * account.c: the call-preparation reads (store/account.h).
 */
#include "store/sqlite/sqlite_int.h"

enum stmt_id { ST_MONTHS, ST_COUNT };
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	/* issue_date is 'YYYY-MM-DD' text: its first 7 bytes are the month */
	[ST_MONTHS] =
		"SELECT CAST(substr(issue_date, 1, 4) AS INTEGER), CAST(substr(issue_date, 6, 2) AS INTEGER), "
		"count(*), sum(amount) FROM invoice "
		"WHERE tenant_id = ?1 AND customer_id = ?2 AND issue_date >= ?4 AND issue_date <= ?5 AND currency = ?3 "
		"GROUP BY substr(issue_date, 1, 7) ORDER BY substr(issue_date, 1, 7)",
};

static int sq_account_months(struct store_tx *tx, int64_t customer_id, const char *currency, date_t from, date_t to,
			     store_account_month_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = sq_stmt(ss, SQ_ACCOUNT, ST_MONTHS, stmt_sql, e);
	struct account_month_row m;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	bind_text(st, 3, currency);
	bind_date(st, 4, from);
	bind_date(st, 5, to);
	EACH_ROW(ss, st, e, {
		m.year = sqlite3_column_int(st, 0);
		m.month = sqlite3_column_int(st, 1);
		m.count = sqlite3_column_int64(st, 2);
		m.volume = sqlite3_column_int64(st, 3);
		stop_ = cb(ctx, &m);
	});
	return 0;
}

const struct store_account_ops sq_account_ops = {
	.months = sq_account_months,
};
