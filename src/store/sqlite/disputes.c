/*
 * disputes.c: the disputes (store/disputes.h) on SQLite, tables dispute and
 * dispute_reason. Moments are RFC 3339 UTC text, dates YYYY-MM-DD.
 */
#include "store/sqlite/sqlite_int.h"

enum stmt_id {
	ST_ADD,
	ST_GET,
	ST_RESOLVE,
	ST_EACH,
	ST_OVERDUE,
	ST_REASONS,
	ST_REASONS_CLEAR,
	ST_REASON_ADD,
	ST_COPY,
	ST_COUNT
};
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

#define DISPUTE_COLS                                                                                                 \
	"d.id, d.customer_id, d.invoice_id, c.ref, i.ref, i.currency, i.balance, d.reason, d.note, d.deadline, "     \
	"d.opened_at, d.opened_by, d.state, d.resolved_at, d.resolved_by, d.credit, COALESCE(d.credit_note_id, 0), " \
	"d.overdue_at"
#define DISPUTE_FROM                                                                             \
	" FROM dispute d JOIN customer c ON c.tenant_id = d.tenant_id AND c.id = d.customer_id " \
	"JOIN invoice i ON i.tenant_id = d.tenant_id AND i.id = d.invoice_id "

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ADD] = "INSERT INTO dispute(tenant_id, customer_id, invoice_id, reason, note, deadline, opened_at, "
		   "opened_by, state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'open')",
	[ST_GET] = "SELECT " DISPUTE_COLS DISPUTE_FROM "WHERE d.tenant_id = ?1 AND d.id = ?2",
	[ST_RESOLVE] = "UPDATE dispute SET state = ?3, resolved_at = ?4, resolved_by = ?5, credit = ?6, "
		       "credit_note_id = ?7 WHERE tenant_id = ?1 AND id = ?2 AND state = 'open'",
	[ST_EACH] = "SELECT " DISPUTE_COLS DISPUTE_FROM
		    "WHERE d.tenant_id = ?1 AND (?2 = 0 OR d.customer_id = ?2) AND (?3 = '' OR d.state = ?3) "
		    "AND (?4 = 0 OR (d.state = 'open' AND d.deadline < ?5)) ORDER BY d.id",
	[ST_OVERDUE] = "UPDATE dispute SET overdue_at = ?3 WHERE tenant_id = ?1 AND state = 'open' "
		       "AND deadline < ?2 AND overdue_at IS NULL",
	[ST_REASONS] = "SELECT code FROM dispute_reason WHERE tenant_id = ?1 ORDER BY code",
	[ST_REASONS_CLEAR] = "DELETE FROM dispute_reason WHERE tenant_id = ?1",
	[ST_REASON_ADD] = "INSERT INTO dispute_reason(tenant_id, code) VALUES (?1, ?2) ON CONFLICT DO NOTHING",
	[ST_COPY] = "INSERT INTO dispute(tenant_id, customer_id, invoice_id, reason, note, deadline, opened_at, "
		    "opened_by, state, resolved_at, resolved_by, credit, credit_note_id, overdue_at) "
		    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_DISPUTES, id, stmt_sql, e);
}

static void read_dispute(sqlite3_stmt *st, struct dispute *d)
{
	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(st, 0);
	d->customer_id = sqlite3_column_int64(st, 1);
	d->invoice_id = sqlite3_column_int64(st, 2);
	col_text(st, 3, d->customer_ref, sizeof(d->customer_ref));
	col_text(st, 4, d->invoice_ref, sizeof(d->invoice_ref));
	col_text(st, 5, d->currency, sizeof(d->currency));
	d->balance = sqlite3_column_int64(st, 6);
	col_text(st, 7, d->reason, sizeof(d->reason));
	col_text(st, 8, d->note, sizeof(d->note));
	d->deadline = col_date(st, 9);
	d->opened_at = col_ts(st, 10);
	col_text(st, 11, d->opened_by, sizeof(d->opened_by));
	col_text(st, 12, d->state, sizeof(d->state));
	d->resolved_at = col_ts(st, 13);
	col_text(st, 14, d->resolved_by, sizeof(d->resolved_by));
	d->credit = sqlite3_column_int64(st, 15);
	d->credit_note_id = sqlite3_column_int64(st, 16);
	d->overdue_at = col_ts(st, 17);
}

/* ?1 the tenant, ?2..?8 the dispute's columns up to opened_by (ST_ADD, ST_COPY). */
static void bind_dispute(sqlite3_stmt *st, int64_t tenant, const struct dispute *d)
{
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, d->customer_id);
	sqlite3_bind_int64(st, 3, d->invoice_id);
	bind_text(st, 4, d->reason);
	bind_text(st, 5, d->note);
	if (d->deadline)
		bind_date(st, 6, d->deadline);
	else
		sqlite3_bind_null(st, 6);
	bind_ts(st, 7, d->opened_at);
	bind_text(st, 8, d->opened_by);
}

static int sq_dispute_add(struct store_tx *tx, struct dispute *d, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_ADD, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	bind_dispute(st, tx->tenant, d);
	ret = sq_insert_step(ss, st, &d->id, e, "adding a dispute");
	if (ret >= 0)
		snprintf(d->state, sizeof(d->state), "open");
	return ret < 0 ? ret : 0;
}

static int sq_dispute_get(struct store_tx *tx, int64_t id, struct dispute *out, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_GET, e);
	int rc;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_dispute(st, out);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_db_error(ss, e, "reading a dispute");
	return rc == SQLITE_ROW;
}

static int sq_dispute_resolve(struct store_tx *tx, const struct dispute *d, int64_t *n, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_RESOLVE, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, d->id);
	bind_text(st, 3, d->state);
	bind_ts(st, 4, d->resolved_at);
	bind_text(st, 5, d->resolved_by);
	sqlite3_bind_int64(st, 6, d->credit);
	bind_id(st, 7, d->credit_note_id);
	ret = sq_update_step(ss, st, e, "resolving a dispute");
	if (ret < 0)
		return ret;
	*n = ret;
	return 0;
}

static int sq_disputes_each(struct store_tx *tx, const struct dispute_filter *f, store_dispute_cb cb, void *ctx,
			    struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_EACH, e);
	struct dispute d;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, f->customer_id);
	bind_text(st, 3, f->state);
	sqlite3_bind_int(st, 4, f->overdue);
	bind_date(st, 5, f->on ? f->on : 1);
	EACH_ROW(ss, st, e, {
		read_dispute(st, &d);
		stop_ = cb(ctx, &d);
	});
	return 0;
}

static int sq_disputes_mark_overdue(struct store_tx *tx, date_t on, timestamp_t at, int64_t *n, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_OVERDUE, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, on);
	bind_ts(st, 3, at);
	ret = sq_exec_step(ss, st, e, "marking overdue disputes");
	if (ret < 0)
		return ret;
	if (n)
		*n = sqlite3_changes(ss->db);
	return 0;
}

static int sq_dispute_reasons_get(struct store_tx *tx, char *out, size_t size, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_REASONS, e);
	size_t len = 0;
	if (!st)
		return -ERR_ENV;
	out[0] = '\0';
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, {
		const char *code = (const char *)sqlite3_column_text(st, 0);
		int w = snprintf(out + len, size - len, "%s%s", len ? ";" : "", code ? code : "");
		stop_ = 0;
		if (w < 0 || (size_t)w >= size - len) {
			sqlite3_reset(st);
			return error_set(e, ERR_ENV, "the tenant's dispute reasons do not fit %zu bytes", size);
		}
		len += (size_t)w;
	});
	return 0;
}

static int sq_dispute_reasons_set(struct store_tx *tx, const char *const *codes, size_t n, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_REASONS_CLEAR, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	ret = sq_exec_step(ss, st, e, "clearing the dispute reasons");
	for (size_t i = 0; i < n && ret >= 0; i++) {
		st = stmt(ss, ST_REASON_ADD, e);
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		bind_text(st, 2, codes[i]);
		ret = sq_exec_step(ss, st, e, "adding a dispute reason");
	}
	return ret < 0 ? ret : 0;
}

static void bind_ts_or_null(sqlite3_stmt *st, int i, timestamp_t t)
{
	if (t)
		bind_ts(st, i, t);
	else
		sqlite3_bind_null(st, i);
}

static int sq_dispute_copy(struct store_tx *tx, struct dispute *d, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_COPY, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	bind_dispute(st, tx->tenant, d);
	bind_text(st, 9, d->state);
	bind_ts_or_null(st, 10, d->resolved_at);
	bind_text(st, 11, d->resolved_by);
	sqlite3_bind_int64(st, 12, d->credit);
	bind_id(st, 13, d->credit_note_id);
	bind_ts_or_null(st, 14, d->overdue_at);
	ret = sq_insert_step(ss, st, &d->id, e, "copying a dispute");
	return ret < 0 ? ret : 0;
}

const struct store_disputes_ops sq_disputes_ops = {
	.add = sq_dispute_add,
	.get = sq_dispute_get,
	.resolve = sq_dispute_resolve,
	.each = sq_disputes_each,
	.mark_overdue = sq_disputes_mark_overdue,
	.reasons_get = sq_dispute_reasons_get,
	.reasons_set = sq_dispute_reasons_set,
	.copy = sq_dispute_copy,
};
