/*
 * reports.c: the streaming reads of the reports (aging, KPIs, unapplied credit) and of `recoup check`.
 */
#include <stdio.h>

#include "core/money.h"
#include "store/sqlite/sqlite_int.h"

enum stmt_id {
	ST_OPEN_ITEMS,
	ST_OPEN_ITEMS_BY_CUSTOMER,
	ST_OPEN_ITEMS_AT,
	ST_OPEN_ITEMS_AT_BY_CUSTOMER,
	ST_KPI_ITEMS,
	ST_UNAPPLIED_ALL,
	ST_UNAPPLIED_ALL_AT,
	ST_CHECK_LEDGER,
	ST_CHECK_OPEN_SUMS,
	ST_CHECK_UNAPPLIED_SUMS,
	ST_CHECK_AMOUNT_LIMIT,
	ST_COUNT
};
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

/*
 * A customer's credit in a currency: its entries' sum below 0. Exact when
 * it fits in int64 (checked_sum), else the sign of total(), the float
 * sum, which at that magnitude (beyond 2^63) cannot be the wrong one.
 */
#define UNAPPLIED_HAVING "HAVING checked_sum(l.amount) < 0 OR (checked_sum(l.amount) IS NULL AND total(l.amount) < 0)"

static const char *const stmt_sql[ST_COUNT] = {
	/*
	 * The open invoices issued by ?2 from invoice_run (migration 0024),
	 * which holds the issue date: invoice_open does not, and reading it
	 * there cost a row of the invoice table per open invoice.
	 */
	[ST_OPEN_ITEMS] = "SELECT customer_id, NULL, currency, due_date, balance FROM invoice INDEXED BY invoice_run "
			  "WHERE tenant_id = ?1 AND balance <> 0 AND issue_date <= ?2",
	[ST_OPEN_ITEMS_BY_CUSTOMER] =
		/* customers in ref order (their unique index), each one's open
		 * invoices from invoice_run: no sort, so memory stays flat */
	"SELECT i.customer_id, c.ref, i.currency, i.due_date, i.balance FROM customer c "
	"JOIN invoice i INDEXED BY invoice_run ON i.tenant_id = c.tenant_id AND i.customer_id = c.id "
	"AND i.balance <> 0 AND i.issue_date <= ?2 WHERE c.tenant_id = ?1 ORDER BY c.ref",
	/*
	 * Aging at a past date: each invoice's balance at the end of ?2 from the
	 * dated ledger (correlated sums over ledger_invoice), in rowid order.
	 * By customer, the rows are sorted by ref; with temp_store at its
	 * default that sort spills to a file, so memory stays bounded.
	 */
	[ST_OPEN_ITEMS_AT] =
		"SELECT customer_id, NULL, currency, due_date, bal FROM (SELECT i.customer_id, i.currency, "
		"i.due_date, i.amount + COALESCE((SELECT SUM(l.amount) FROM ledger_entry l "
		"WHERE l.invoice_id = i.id AND l.date <= ?2), 0) AS bal FROM invoice i "
		"WHERE +i.tenant_id = ?1 AND i.issue_date <= ?2) WHERE bal <> 0",
	[ST_OPEN_ITEMS_AT_BY_CUSTOMER] =
		"SELECT customer_id, ref, currency, due_date, bal FROM (SELECT i.customer_id, c.ref, i.currency, "
		"i.due_date, i.amount + COALESCE((SELECT SUM(l.amount) FROM ledger_entry l "
		"WHERE l.invoice_id = i.id AND l.date <= ?2), 0) AS bal FROM invoice i "
		"JOIN customer c ON c.id = i.customer_id "
		"WHERE +i.tenant_id = ?1 AND i.issue_date <= ?2) WHERE bal <> 0 ORDER BY ref",
	/*
	 * Per invoice, its balance before `from` and at the end of `to`, from
	 * the dated ledger; correlated sums over the ledger_invoice index keep
	 * the scan streaming, in rowid order, with no sort.
	 */
	[ST_KPI_ITEMS] = "SELECT i.customer_id, i.currency, i.issue_date, i.due_date, i.amount, "
			 "CASE WHEN i.issue_date < ?2 THEN i.amount ELSE 0 END + COALESCE((SELECT SUM(l.amount) "
			 "  FROM ledger_entry l WHERE l.invoice_id = i.id AND l.date < ?2), 0), "
			 "i.amount + COALESCE((SELECT SUM(l.amount) FROM ledger_entry l WHERE l.invoice_id = i.id "
			 "  AND l.date <= ?3), 0) "
			 "FROM invoice i WHERE +i.tenant_id = ?1 AND i.issue_date <= ?3",
	/*
	 * unapplied cash sits on the customer as entries without an invoice;
	 * a credit beyond int64 is NULL (checked_sum, db.c), its sign total()'s
	 */
	[ST_UNAPPLIED_ALL] = "SELECT l.customer_id, c.ref, l.currency, -checked_sum(l.amount) FROM ledger_entry l "
			     "JOIN customer c ON c.id = l.customer_id WHERE l.invoice_id IS NULL AND l.tenant_id = ?1 "
			     "GROUP BY l.customer_id, l.currency " UNAPPLIED_HAVING " ORDER BY c.ref, l.currency",
	[ST_UNAPPLIED_ALL_AT] = "SELECT l.customer_id, c.ref, l.currency, -checked_sum(l.amount) FROM ledger_entry l "
				"JOIN customer c ON c.id = l.customer_id WHERE l.invoice_id IS NULL "
				"AND l.tenant_id = ?1 AND l.date <= ?2 "
				"GROUP BY l.customer_id, l.currency " UNAPPLIED_HAVING " ORDER BY c.ref, l.currency",
	/*
	 * Invoices that break the invariant: balance <> amount + the sum of
	 * their entries, or an entry with the wrong sign for its kind. Streams
	 * over the invoices in rowid order; the bad-sign set is normally empty.
	 */
	[ST_CHECK_LEDGER] =
		"SELECT " INVOICE_COLS ", i.amount + COALESCE((SELECT SUM(l.amount) FROM ledger_entry l "
		"  WHERE l.invoice_id = i.id), 0) AS total "
		"FROM invoice i JOIN customer c ON c.id = i.customer_id "
		"WHERE +i.tenant_id = ?1 AND (total <> i.balance OR i.amount <= 0 OR i.id IN "
		"  (SELECT invoice_id FROM ledger_entry WHERE tenant_id = ?1 AND invoice_id IS NOT NULL AND "
		"   (((kind = 'payment' OR kind = 'credit_note' OR kind = 'write_off') AND amount > 0) OR "
		"    ((kind = 'fee' OR kind = 'interest' OR kind = 'reversal') AND amount < 0)))) "
		"ORDER BY i.id",
	/*
	 * For store_check_sums: rows grouped by customer and currency, summed
	 * in C in 128 bits (SUM() would stop on the first overflow). The open
	 * invoices come in invoice_open's order, the unapplied entries in
	 * ledger_unapplied's, so neither sorts.
	 */
	[ST_CHECK_OPEN_SUMS] = "SELECT i.customer_id, c.ref, i.currency, i.balance FROM invoice i "
			       "JOIN customer c ON c.id = i.customer_id WHERE i.tenant_id = ?1 AND i.balance <> 0 "
			       "ORDER BY i.customer_id, i.currency",
	[ST_CHECK_UNAPPLIED_SUMS] = "SELECT l.customer_id, c.ref, l.currency, -l.amount FROM ledger_entry l "
				    "JOIN customer c ON c.id = l.customer_id WHERE l.tenant_id = ?1 "
				    "AND l.invoice_id IS NULL ORDER BY l.customer_id, l.currency",
	/* balance <> 0 lets SQLite read the partial index invoice_open (it implies the index's WHERE) */
	[ST_CHECK_AMOUNT_LIMIT] = "SELECT " INVOICE_COLS " FROM invoice i JOIN customer c ON c.id = i.customer_id "
				  "WHERE i.tenant_id = ?1 AND i.balance <> 0 AND i.balance > ?2 ORDER BY i.id",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_REPORTS, id, stmt_sql, e);
}

static int sq_open_items_each(struct store_tx *tx, int by_customer, date_t as_of, int rebuild, store_open_item_cb cb,
			      void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	enum stmt_id id = !rebuild ? (by_customer ? ST_OPEN_ITEMS_BY_CUSTOMER : ST_OPEN_ITEMS)
				   : (by_customer ? ST_OPEN_ITEMS_AT_BY_CUSTOMER : ST_OPEN_ITEMS_AT);
	sqlite3_stmt *st = stmt(ss, id, e);
	struct open_item it;
	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, as_of);
	EACH_ROW(ss, st, e, {
		it.customer_id = sqlite3_column_int64(st, 0);
		it.customer_ref = (const char *)sqlite3_column_text(st, 1);
		it.currency = (const char *)sqlite3_column_text(st, 2);
		it.due_date = col_date(st, 3);
		it.balance = sqlite3_column_int64(st, 4);
		stop_ = cb(ctx, &it);
	});
	return 0;
}

static int sq_kpi_items_each(struct store_tx *tx, date_t from, date_t to, store_kpi_item_cb cb, void *ctx,
			     struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_KPI_ITEMS, e);
	struct kpi_item it;
	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, from);
	bind_date(st, 3, to);
	EACH_ROW(ss, st, e, {
		it.customer_id = sqlite3_column_int64(st, 0);
		it.currency = (const char *)sqlite3_column_text(st, 1);
		it.issue_date = col_date(st, 2);
		it.due_date = col_date(st, 3);
		it.amount = sqlite3_column_int64(st, 4);
		it.opening_balance = sqlite3_column_int64(st, 5);
		it.closing_balance = sqlite3_column_int64(st, 6);
		stop_ = cb(ctx, &it);
	});
	return 0;
}

static int sq_unapplied_each(struct store_tx *tx, date_t at, store_credit_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	const char *ref, *currency;
	sqlite3_stmt *st = stmt(ss, at == STORE_NOW ? ST_UNAPPLIED_ALL : ST_UNAPPLIED_ALL_AT, e);
	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	if (at != STORE_NOW)
		bind_date(st, 2, at);
	EACH_ROW(ss, st, e, {
		ref = (const char *)sqlite3_column_text(st, 1);
		currency = (const char *)sqlite3_column_text(st, 2);
		if (sqlite3_column_type(st, 3) == SQLITE_NULL)
			stop_ = store__credit_overflow(tx, 0, ref, currency, e);
		else
			stop_ = cb(ctx, sqlite3_column_int64(st, 0), ref, currency, sqlite3_column_int64(st, 3));
	});
	return 0;
}

static int sq_check_ledger(struct store_tx *tx, store_invoice_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CHECK_LEDGER, e);
	struct invoice inv;
	int bad = 0;
	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, {
		sq_read_invoice(st, &inv, NULL);
		inv.balance = sqlite3_column_int64(st, INVOICE_NCOLS);
		bad++;
		stop_ = cb ? cb(ctx, &inv) : 0;
	});
	return bad;
}

struct sum_group {
	char currency[4];
	__int128 sum;
};

static int sum_fits(__int128 v)
{
	return v >= INT64_MIN + (__int128)1 && v <= INT64_MAX; /* negatable too: credit is shown negated */
}

/*
 * Sums the 4th column of `which` per (customer, currency) group, and per
 * currency into totals[] when given; calls cb for each group that does not
 * fit. Returns the count or a negative error.
 */
static int check_group_sums(struct sqlite_store *ss, int which, int64_t tenant, const char *what,
			    struct sum_group *totals, size_t *n_totals, size_t max_totals, store_sum_overflow_cb cb,
			    void *ctx, struct error *e)
{
	sqlite3_stmt *st = stmt(ss, which, e);
	int64_t cust = -1;
	char ref[REF_MAX + 1] = "", cur[4] = "";
	__int128 sum = 0;
	int bad = 0, rc, stop = 0;

	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	for (;;) {
		rc = sqlite3_step(st);
		int64_t id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
		const char *c = rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 2) : "";
		if (!c)
			c = "";
		if (cust >= 0 && (rc != SQLITE_ROW || id != cust || strcmp(c, cur))) {
			if (!sum_fits(sum)) {
				struct store_sum_overflow o = { ref, cur, what };
				bad++;
				if (cb) {
					stop = cb(ctx, &o);
					if (stop != 0)
						break;
				}
			}
			sum = 0;
		}
		if (rc != SQLITE_ROW)
			break;
		if (id != cust || strcmp(c, cur)) {
			const char *r = (const char *)sqlite3_column_text(st, 1);
			cust = id;
			snprintf(ref, sizeof(ref), "%s", r ? r : "");
			snprintf(cur, sizeof(cur), "%s", c);
		}
		int64_t v = sqlite3_column_int64(st, 3);
		sum += v;
		if (totals) {
			size_t k;
			for (k = 0; k < *n_totals && strcmp(totals[k].currency, c); k++)
				;
			if (k == *n_totals && k < max_totals) {
				snprintf(totals[k].currency, sizeof(totals[k].currency), "%s", c);
				totals[k].sum = 0;
				(*n_totals)++;
			}
			if (k < *n_totals)
				totals[k].sum += v;
		}
	}
	sqlite3_reset(st);
	if (stop)
		return stop < 0 ? stop : -stop;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_db_error(ss, e, "reading");
	return bad;
}

static int sq_check_sums(struct store_tx *tx, store_sum_overflow_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	struct sum_group totals[64]; /* currencies of a tenant: a handful */
	size_t n_totals = 0;
	int bad = 0, ret;

	ret = check_group_sums(ss, ST_CHECK_OPEN_SUMS, tx->tenant, "open balance", totals, &n_totals, 64, cb, ctx, e);
	if (ret < 0)
		return ret;
	bad += ret;
	for (size_t k = 0; k < n_totals; k++) {
		if (!sum_fits(totals[k].sum)) {
			struct store_sum_overflow o = { "", totals[k].currency, "open balance" };
			bad++;
			if (cb) {
				ret = cb(ctx, &o);
				if (ret != 0)
					return ret < 0 ? ret : -ret;
			}
		}
	}
	ret = check_group_sums(ss, ST_CHECK_UNAPPLIED_SUMS, tx->tenant, "unapplied credit", NULL, NULL, 0, cb, ctx, e);
	if (ret < 0)
		return ret;
	return bad + ret;
}

static int sq_check_amount_limit(struct store_tx *tx, store_invoice_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CHECK_AMOUNT_LIMIT, e);
	struct invoice inv;
	int over = 0;

	if (!st || sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, MONEY_AMOUNT_MAX);
	EACH_ROW(ss, st, e, {
		sq_read_invoice(st, &inv, NULL);
		over++;
		stop_ = cb ? cb(ctx, &inv) : 0;
	});
	return over;
}

const struct store_reports_ops sq_reports_ops = {
	.open_items_each = sq_open_items_each,
	.kpi_items_each = sq_kpi_items_each,
	.unapplied_each = sq_unapplied_each,
	.check_ledger = sq_check_ledger,
	.check_sums = sq_check_sums,
	.check_amount_limit = sq_check_amount_limit,
};
