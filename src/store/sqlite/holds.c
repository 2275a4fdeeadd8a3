/*
 * holds.c: the holds (store/holds.h) on SQLite, table account_hold.
 * Moments are RFC 3339 UTC text of one fixed form and dates YYYY-MM-DD, so
 * text order is time order.
 */
#include "store/sqlite/sqlite_int.h"

enum stmt_id { ST_ADD, ST_END, ST_EACH, ST_BEGUN, ST_ALL, ST_COPY, ST_COUNT };
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ADD] = "INSERT INTO account_hold(tenant_id, customer_id, invoice_id, currency, kind, source_id, from_at, "
		   "until) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[ST_END] = "UPDATE account_hold SET ended_at = ?4, end_reason = ?5 "
		   "WHERE tenant_id = ?1 AND kind = ?2 AND source_id = ?3 AND ended_at IS NULL",
	[ST_EACH] = "SELECT id, customer_id, COALESCE(invoice_id, 0), currency, kind, source_id, from_at, until, "
		    "ended_at, end_reason FROM account_hold "
		    "WHERE tenant_id = ?1 AND customer_id BETWEEN ?2 AND ?3 AND from_at <= ?4 "
		    "AND (ended_at IS NULL OR ended_at > ?4) AND (until IS NULL OR until >= ?5) "
		    "ORDER BY customer_id, COALESCE(invoice_id, 0), id",
	/* every hold begun by ?4, ended or not: the run tells them apart (store_run_holds_each) */
	[ST_BEGUN] = "SELECT id, customer_id, COALESCE(invoice_id, 0), currency, kind, source_id, from_at, until, "
		     "ended_at, end_reason FROM account_hold "
		     "WHERE tenant_id = ?1 AND customer_id BETWEEN ?2 AND ?3 AND from_at <= ?4 "
		     "ORDER BY customer_id, COALESCE(invoice_id, 0), id",
	[ST_ALL] =
		"SELECT h.id, h.customer_id, COALESCE(h.invoice_id, 0), h.currency, h.kind, h.source_id, h.from_at, "
		"h.until, h.ended_at, h.end_reason, c.ref, COALESCE(i.ref, '') FROM account_hold h "
		"JOIN customer c ON c.tenant_id = ?1 AND c.id = h.customer_id "
		"LEFT JOIN invoice i ON i.tenant_id = ?1 AND i.id = h.invoice_id WHERE h.tenant_id = ?1 ORDER BY h.id",
	[ST_COPY] = "INSERT INTO account_hold(tenant_id, customer_id, invoice_id, currency, kind, source_id, from_at, "
		    "until, ended_at, end_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_HOLDS, id, stmt_sql, e);
}

/* ?1 the tenant, ?2..?8 the hold's columns up to until (ST_ADD, ST_COPY). */
static void bind_hold(sqlite3_stmt *st, int64_t tenant, const struct hold *h)
{
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, h->customer_id);
	bind_id(st, 3, h->invoice_id);
	bind_text(st, 4, h->currency);
	bind_text(st, 5, h->kind);
	sqlite3_bind_int64(st, 6, h->source_id);
	bind_ts(st, 7, h->from_at);
	if (h->until)
		bind_date(st, 8, h->until);
	else
		sqlite3_bind_null(st, 8);
}

/* A hold from columns 0..9 of ST_EACH and ST_ALL. */
static void read_hold(sqlite3_stmt *st, struct hold *h)
{
	memset(h, 0, sizeof(*h));
	h->id = sqlite3_column_int64(st, 0);
	h->customer_id = sqlite3_column_int64(st, 1);
	h->invoice_id = sqlite3_column_int64(st, 2);
	col_text(st, 3, h->currency, sizeof(h->currency));
	col_text(st, 4, h->kind, sizeof(h->kind));
	h->source_id = sqlite3_column_int64(st, 5);
	h->from_at = col_ts(st, 6);
	h->until = col_date(st, 7);
	h->ended_at = col_ts(st, 8);
	col_text(st, 9, h->end_reason, sizeof(h->end_reason));
}

static int sq_hold_add(struct store_tx *tx, struct hold *h, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_ADD, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	bind_hold(st, tx->tenant, h);
	ret = sq_insert_step(ss, st, &h->id, e, "adding a hold");
	return ret < 0 ? ret : 0;
}

static int sq_holds_end(struct store_tx *tx, const char *kind, int64_t source_id, timestamp_t at, const char *reason,
			int64_t *n, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_END, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, kind);
	sqlite3_bind_int64(st, 3, source_id);
	bind_ts(st, 4, at);
	bind_text(st, 5, reason);
	ret = sq_exec_step(ss, st, e, "ending a hold");
	if (ret < 0)
		return ret;
	if (n)
		*n = sqlite3_changes(ss->db);
	return 0;
}

/* ST_EACH (current at `at` and `on`) or ST_BEGUN (begun by `at`; `on` unused). */
static int holds_rows(struct store_tx *tx, enum stmt_id id, int64_t from_customer, int64_t to_customer, timestamp_t at,
		      date_t on, store_hold_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, id, e);
	struct hold h;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from_customer);
	sqlite3_bind_int64(st, 3, to_customer);
	bind_ts(st, 4, at);
	if (id == ST_EACH)
		bind_date(st, 5, on);
	EACH_ROW(ss, st, e, {
		read_hold(st, &h);
		stop_ = cb(ctx, &h);
	});
	return 0;
}

static int sq_holds_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at, date_t on,
			 store_hold_cb cb, void *ctx, struct error *e)
{
	return holds_rows(tx, ST_EACH, from_customer, to_customer, at, on, cb, ctx, e);
}

static int sq_holds_begun(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at,
			  store_hold_cb cb, void *ctx, struct error *e)
{
	return holds_rows(tx, ST_BEGUN, from_customer, to_customer, at, 0, cb, ctx, e);
}

static int sq_holds_all(struct store_tx *tx, store_hold_row_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_ALL, e);
	struct hold h;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, {
		read_hold(st, &h);
		stop_ = cb(ctx, &h, (const char *)sqlite3_column_text(st, 10),
			   (const char *)sqlite3_column_text(st, 11));
	});
	return 0;
}

static int sq_hold_copy(struct store_tx *tx, struct hold *h, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_COPY, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	bind_hold(st, tx->tenant, h);
	if (h->ended_at)
		bind_ts(st, 9, h->ended_at);
	else
		sqlite3_bind_null(st, 9);
	bind_text(st, 10, h->end_reason);
	ret = sq_insert_step(ss, st, &h->id, e, "copying a hold");
	return ret < 0 ? ret : 0;
}

const struct store_holds_ops sq_holds_ops = {
	.add = sq_hold_add,
	.end = sq_holds_end,
	.each = sq_holds_each,
	.begun = sq_holds_begun,
	.all = sq_holds_all,
	.copy = sq_hold_copy,
};
