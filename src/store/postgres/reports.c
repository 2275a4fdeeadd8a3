/*
 * reports.c: the streaming reads of the reports (aging, KPIs, unapplied
 * credit) and of `recoup check` on PostgreSQL (contracts in reports.h; the
 * SQLite twin is sqlite/reports.c).
 *
 * Every read here spans the tenant, so each goes through pg_stream(): a
 * cursor fetched PG_FETCH_ROWS at a time, memory flat, and the callback free
 * to call other store functions. Each first writes the ledger entries post
 * holds back (pg_ledger_flush), so a report sees them before the commit.
 *
 * Balances at a past date are rebuilt from the dated ledger by one grouped
 * pass over the tenant's entries joined to its invoices (a hash join), not
 * a correlated sum per invoice as on SQLite: PostgreSQL has no covering
 * rowid index to make those cheap, and a hash aggregate spills to disk
 * beyond work_mem, so memory stays bounded.
 *
 * Sums of bigint are numeric in PostgreSQL: a sum never overflows in SQL,
 * so check_sums compares it with the int64 range exactly, where SQLite's
 * twin sums in 128 bits in C. A balance read as bigint is cast back.
 *
 * Orders by customer ref use COLLATE "C" (byte order, as SQLite's BINARY),
 * so both backends list customers alike whatever the database's locale.
 */
#include <stdio.h>
#include <string.h>

#include "core/money.h"
#include "store/postgres/pg_int.h"

/*
 * The open items read one row shape: customer_id, customer ref (NULL unless
 * by customer), currency, due date, balance.
 */
/* the open invoices issued by $2 (invoice_run holds the issue date: an index-only scan) */
static const char open_items_sql[] = "SELECT customer_id, NULL, currency, due_date::text, balance FROM invoice "
				     "WHERE tenant_id = $1 AND balance <> 0 AND issue_date <= $2::date";
static const char open_items_by_customer_sql[] =
	"SELECT i.customer_id, c.ref, i.currency, i.due_date::text, i.balance FROM customer c "
	"JOIN invoice i ON i.tenant_id = c.tenant_id AND i.customer_id = c.id AND i.balance <> 0 "
	"AND i.issue_date <= $2::date "
	"WHERE c.tenant_id = $1 ORDER BY c.ref COLLATE \"C\", i.currency, i.due_date, i.id";

/* The movements of each invoice up to the end of $2, summed once for the tenant. */
#define MOVED_AT                                                                                     \
	"LEFT JOIN (SELECT invoice_id, SUM(amount) AS moved FROM ledger_entry WHERE tenant_id = $1 " \
	"AND invoice_id IS NOT NULL AND date <= $2::date GROUP BY invoice_id) l ON l.invoice_id = i.id "
#define BALANCE_AT "(i.amount + COALESCE(l.moved, 0))"

static const char open_items_at_sql[] = "SELECT i.customer_id, NULL, i.currency, i.due_date::text, " BALANCE_AT
					"::bigint FROM invoice i " MOVED_AT
					"WHERE i.tenant_id = $1 AND i.issue_date <= $2::date AND " BALANCE_AT " <> 0";
static const char open_items_at_by_customer_sql[] =
	"SELECT i.customer_id, c.ref, i.currency, i.due_date::text, " BALANCE_AT "::bigint FROM invoice i "
	"JOIN customer c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id " MOVED_AT
	"WHERE i.tenant_id = $1 AND i.issue_date <= $2::date AND " BALANCE_AT " <> 0 "
	"ORDER BY c.ref COLLATE \"C\", i.currency, i.due_date, i.id";

/* Per invoice issued by $3: its balance at the end of $2 - 1 (opening) and of $3 (closing). */
static const char kpi_items_sql[] =
	"SELECT i.customer_id, i.currency, i.issue_date::text, i.due_date::text, i.amount, "
	"(CASE WHEN i.issue_date < $2::date THEN i.amount ELSE 0 END + COALESCE(l.before_from, 0))::bigint, "
	"(i.amount + COALESCE(l.to_end, 0))::bigint FROM invoice i "
	"LEFT JOIN (SELECT invoice_id, SUM(amount) FILTER (WHERE date < $2::date) AS before_from, "
	"SUM(amount) AS to_end FROM ledger_entry WHERE tenant_id = $1 AND invoice_id IS NOT NULL "
	"AND date <= $3::date GROUP BY invoice_id) l ON l.invoice_id = i.id "
	"WHERE i.tenant_id = $1 AND i.issue_date <= $3::date";

/* Unapplied cash sits on the customer as entries without an invoice (beyond int64: NULL, PG_CREDIT_SUM). */
#define UNAPPLIED_SQL(at)                                                                            \
	"SELECT l.customer_id, c.ref, l.currency, " PG_CREDIT_SUM(                                   \
		"l.amount") " FROM ledger_entry l "                                                  \
			    "JOIN customer c ON c.tenant_id = l.tenant_id AND c.id = l.customer_id " \
			    "WHERE l.tenant_id = $1 AND l.invoice_id IS NULL " at                    \
			    "GROUP BY l.customer_id, c.ref, l.currency HAVING SUM(l.amount) < 0 "    \
			    "ORDER BY c.ref COLLATE \"C\", l.currency COLLATE \"C\""
static const char unapplied_sql[] = UNAPPLIED_SQL("");
static const char unapplied_at_sql[] = UNAPPLIED_SQL("AND l.date <= $2::date ");

/*
 * Invoices that break the invariant: balance <> amount + the sum of their
 * entries, a non-positive amount, or an entry with the wrong sign for its
 * kind. The last column is the ledger's sum (numeric: read as text, so a
 * sum beyond int64 is reported, not an error).
 */
static const char check_ledger_sql[] =
	"SELECT " PG_INVOICE_COLS ", (i.amount + COALESCE(l.moved, 0))::text FROM invoice i "
	"JOIN customer c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id "
	"LEFT JOIN (SELECT invoice_id, SUM(amount) AS moved, "
	"bool_or(((kind = 'payment' OR kind = 'credit_note' OR kind = 'write_off') AND amount > 0) OR "
	"((kind = 'fee' OR kind = 'interest' OR kind = 'reversal') AND amount < 0)) AS bad_sign "
	"FROM ledger_entry WHERE tenant_id = $1 AND invoice_id IS NOT NULL GROUP BY invoice_id) l "
	"ON l.invoice_id = i.id "
	"WHERE i.tenant_id = $1 AND (i.amount + COALESCE(l.moved, 0) <> i.balance OR i.amount <= 0 "
	"OR COALESCE(l.bad_sign, false)) ORDER BY i.id";

/* A sum that does not fit in int64, or whose negation does not (credit is shown negated). */
#define OVERFLOWS " NOT BETWEEN -9223372036854775807 AND 9223372036854775807"
static const char check_open_sums_sql[] =
	"SELECT c.ref, i.currency FROM invoice i JOIN customer c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id "
	"WHERE i.tenant_id = $1 AND i.balance <> 0 GROUP BY i.customer_id, c.ref, i.currency "
	"HAVING SUM(i.balance)" OVERFLOWS " ORDER BY i.customer_id, i.currency";
static const char check_total_sums_sql[] = "SELECT '', currency FROM invoice WHERE tenant_id = $1 AND balance <> 0 "
					   "GROUP BY currency HAVING SUM(balance)" OVERFLOWS " ORDER BY currency";
static const char check_unapplied_sums_sql[] =
	"SELECT c.ref, l.currency FROM ledger_entry l "
	"JOIN customer c ON c.tenant_id = l.tenant_id AND c.id = l.customer_id "
	"WHERE l.tenant_id = $1 AND l.invoice_id IS NULL GROUP BY l.customer_id, c.ref, l.currency "
	"HAVING SUM(l.amount)" OVERFLOWS " ORDER BY l.customer_id, l.currency";

/* Invoices whose balance is beyond MONEY_AMOUNT_MAX ($2), through invoice_open (balance <> 0). */
static const char check_amount_limit_sql[] =
	"SELECT " PG_INVOICE_COLS
	" FROM invoice i JOIN customer c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id "
	"WHERE i.tenant_id = $1 AND i.balance <> 0 AND i.balance > $2 ORDER BY i.id";

/* ---- open items ---- */

struct open_rows {
	store_open_item_cb cb;
	void *ctx;
};

static int on_open_item(void *ctx, PGresult *res, int i)
{
	struct open_rows *rows = ctx;
	struct open_item it;

	it.customer_id = pg_int(res, i, 0);
	it.customer_ref = pg_isnull(res, i, 1) ? NULL : PQgetvalue(res, i, 1);
	it.currency = PQgetvalue(res, i, 2);
	it.due_date = pg_date(res, i, 3);
	it.balance = pg_int(res, i, 4);
	return rows->cb(rows->ctx, &it);
}

static int pg_open_items_each(struct store_tx *tx, int by_customer, date_t as_of, int rebuild, store_open_item_cb cb,
			      void *ctx, struct error *e)
{
	struct pg_store *ps = PG(tx);
	struct pg_params p = PG_PARAMS_INIT;
	struct open_rows rows = { cb, ctx };
	const char *sql;

	if (!rebuild)
		sql = by_customer ? open_items_by_customer_sql : open_items_sql;
	else
		sql = by_customer ? open_items_at_by_customer_sql : open_items_at_sql;
	if (pg_ledger_flush(ps, e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, as_of);
	return pg_stream(ps, sql, &p, on_open_item, &rows, e);
}

/* ---- KPIs ---- */

struct kpi_rows {
	store_kpi_item_cb cb;
	void *ctx;
};

static int on_kpi_item(void *ctx, PGresult *res, int i)
{
	struct kpi_rows *kr = ctx;
	struct kpi_item it;

	it.customer_id = pg_int(res, i, 0);
	it.currency = PQgetvalue(res, i, 1);
	it.issue_date = pg_date(res, i, 2);
	it.due_date = pg_date(res, i, 3);
	it.amount = pg_int(res, i, 4);
	it.opening_balance = pg_int(res, i, 5);
	it.closing_balance = pg_int(res, i, 6);
	return kr->cb(kr->ctx, &it);
}

static int pg_kpi_items_each(struct store_tx *tx, date_t from, date_t to, store_kpi_item_cb cb, void *ctx,
			     struct error *e)
{
	struct pg_store *ps = PG(tx);
	struct pg_params p = PG_PARAMS_INIT;
	struct kpi_rows kr = { cb, ctx };

	if (pg_ledger_flush(ps, e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, from);
	pg_param_date(&p, to);
	return pg_stream(ps, kpi_items_sql, &p, on_kpi_item, &kr, e);
}

/* ---- unapplied credit ---- */

struct credit_rows {
	store_credit_cb cb;
	void *ctx;
	struct store_tx *tx;
	struct error *e;
};

static int on_credit(void *ctx, PGresult *res, int i)
{
	struct credit_rows *cr = ctx;

	/* named by the row's ref: no other read while the rows stream */
	if (pg_isnull(res, i, 3))
		return store__credit_overflow(cr->tx, 0, PQgetvalue(res, i, 1), PQgetvalue(res, i, 2), cr->e);
	return cr->cb(cr->ctx, pg_int(res, i, 0), PQgetvalue(res, i, 1), PQgetvalue(res, i, 2), pg_int(res, i, 3));
}

static int pg_unapplied_each(struct store_tx *tx, date_t at, store_credit_cb cb, void *ctx, struct error *e)
{
	struct pg_store *ps = PG(tx);
	struct pg_params p = PG_PARAMS_INIT;
	struct credit_rows cr = { cb, ctx, tx, e };

	if (pg_ledger_flush(ps, e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	if (at != STORE_NOW)
		pg_param_date(&p, at);
	return pg_stream(ps, at == STORE_NOW ? unapplied_sql : unapplied_at_sql, &p, on_credit, &cr, e);
}

/* ---- the checks ---- */

struct bad_invoices {
	store_invoice_cb cb;
	void *ctx;
	int bad;
};

static int on_bad_invoice(void *ctx, PGresult *res, int i)
{
	struct bad_invoices *bi = ctx;
	struct invoice inv;

	pg_read_invoice(res, i, &inv, NULL);
	inv.balance = pg_int(res, i, PG_INVOICE_NCOLS);
	bi->bad++;
	return bi->cb ? bi->cb(bi->ctx, &inv) : 0;
}

static int pg_check_ledger(struct store_tx *tx, store_invoice_cb cb, void *ctx, struct error *e)
{
	struct pg_store *ps = PG(tx);
	struct pg_params p = PG_PARAMS_INIT;
	struct bad_invoices bi = { cb, ctx, 0 };
	int stop;

	if (pg_ledger_flush(ps, e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	stop = pg_stream(ps, check_ledger_sql, &p, on_bad_invoice, &bi, e);
	return stop ? stop : bi.bad;
}

struct overflow_rows {
	store_sum_overflow_cb cb;
	void *ctx;
	const char *what;
	int bad;
};

static int on_overflow(void *ctx, PGresult *res, int i)
{
	struct overflow_rows *orows = ctx;
	struct store_sum_overflow o = { PQgetvalue(res, i, 0), PQgetvalue(res, i, 1), orows->what };

	orows->bad++;
	return orows->cb ? orows->cb(orows->ctx, &o) : 0;
}

/*
 * The sums that overflow, in SQLite's order: each customer's open balance
 * per currency, the tenant's per currency, each customer's unapplied credit.
 */
static int pg_check_sums(struct store_tx *tx, store_sum_overflow_cb cb, void *ctx, struct error *e)
{
	static const struct {
		const char *sql;
		const char *what;
	} checks[] = {
		{ check_open_sums_sql, "open balance" },
		{ check_total_sums_sql, "open balance" },
		{ check_unapplied_sums_sql, "unapplied credit" },
	};
	struct pg_store *ps = PG(tx);
	struct pg_params p = PG_PARAMS_INIT;
	struct overflow_rows orows = { cb, ctx, NULL, 0 };
	int stop;

	if (pg_ledger_flush(ps, e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	for (size_t k = 0; k < sizeof(checks) / sizeof(checks[0]); k++) {
		orows.what = checks[k].what;
		stop = pg_stream(ps, checks[k].sql, &p, on_overflow, &orows, e);
		if (stop)
			return stop < 0 ? stop : -stop;
	}
	return orows.bad;
}

static int on_over_limit(void *ctx, PGresult *res, int i)
{
	struct bad_invoices *bi = ctx;
	struct invoice inv;

	pg_read_invoice(res, i, &inv, NULL);
	bi->bad++;
	return bi->cb ? bi->cb(bi->ctx, &inv) : 0;
}

static int pg_check_amount_limit(struct store_tx *tx, store_invoice_cb cb, void *ctx, struct error *e)
{
	struct pg_store *ps = PG(tx);
	struct pg_params p = PG_PARAMS_INIT;
	struct bad_invoices bi = { cb, ctx, 0 };
	int stop;

	if (pg_ledger_flush(ps, e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, MONEY_AMOUNT_MAX);
	stop = pg_stream(ps, check_amount_limit_sql, &p, on_over_limit, &bi, e);
	return stop ? stop : bi.bad;
}

const struct store_reports_ops pg_reports_ops = {
	.open_items_each = pg_open_items_each,
	.kpi_items_each = pg_kpi_items_each,
	.unapplied_each = pg_unapplied_each,
	.check_ledger = pg_check_ledger,
	.check_sums = pg_check_sums,
	.check_amount_limit = pg_check_amount_limit,
};
