/*
 * returned.c: the returned payments (store/returned.h) on SQLite.
 */
#include "store/sqlite/sqlite_int.h"
#include "store/returned.h"

enum stmt_id { ST_EACH, ST_COUNT };
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

/*
 * "already recorded" is a seek in action_returned (migration 0036), an
 * index of the "nsf-" actions alone, whose WHERE the subquery repeats (SQLite
 * uses a partial index only for a query whose WHERE implies the index's):
 * through action_customer it read every action of each reversal's customer.
 */
static const char *const stmt_sql[ST_COUNT] = {
	[ST_EACH] =
		"SELECT l.payment_id, p.ref, l.customer_id, l.invoice_id, l.currency, l.amount, l.date, i.amount, "
		"i.ref, i.balance FROM ledger_entry l JOIN payment p ON p.tenant_id = l.tenant_id AND p.id = l.payment_id "
		"JOIN invoice i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id "
		"WHERE l.tenant_id = ?1 AND l.kind = 'reversal' AND l.date BETWEEN ?2 AND ?3 "
		"AND l.invoice_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM action a WHERE a.tenant_id = ?1 "
		"AND a.customer_id = l.customer_id AND a.strategy = '" RETURNED_STRATEGY_PREFIX "' || l.payment_id "
		"AND a.strategy LIKE '" RETURNED_STRATEGY_PREFIX "%') "
		"ORDER BY l.payment_id, l.invoice_id",
};

static int sq_returned_each(struct store_tx *tx, date_t from, date_t to, store_returned_cb cb, void *ctx,
			    struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st;
	struct returned_entry r;
	int ret = sq_ledger_flush(ss, e); /* reversals held back are entries too */

	if (ret < 0)
		return ret;
	st = sq_stmt(ss, SQ_RETURNED, ST_EACH, stmt_sql, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, from);
	bind_date(st, 3, to);
	EACH_ROW(ss, st, e, {
		memset(&r, 0, sizeof(r));
		r.payment_id = sqlite3_column_int64(st, 0);
		col_text(st, 1, r.payment_ref, sizeof(r.payment_ref));
		r.customer_id = sqlite3_column_int64(st, 2);
		r.invoice_id = sqlite3_column_int64(st, 3);
		col_text(st, 4, r.currency, sizeof(r.currency));
		r.amount = sqlite3_column_int64(st, 5);
		r.date = col_date(st, 6);
		r.invoice_amount = sqlite3_column_int64(st, 7);
		col_text(st, 8, r.invoice_ref, sizeof(r.invoice_ref));
		r.balance = sqlite3_column_int64(st, 9);
		stop_ = cb(ctx, &r);
	});
	return 0;
}

const struct store_returned_ops sq_returned_ops = {
	.each = sq_returned_each,
};
