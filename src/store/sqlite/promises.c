/*
 * promises.c: promises to pay (store/promises.h) on SQLite, tables
 * promise, promise_invoice and promise_setting. Moments are RFC 3339 UTC
 * text of one fixed form and dates YYYY-MM-DD, so substr(made_at, 1, 10)
 * is made_at's UTC date and text order is time order.
 */
#include <stdlib.h>

#include "store/sqlite/sqlite_int.h"

enum stmt_id {
	ST_ADD,
	ST_ADD_INVOICE,
	ST_EACH,
	ST_PAID,
	ST_JUDGE,
	ST_END_HOLDS,
	ST_COUNTS,
	ST_SETTINGS_GET,
	ST_SETTINGS_PUT,
	ST_BROKEN,
	ST_COPY,
	ST_GET,
	ST_OVERLAPPING,
	ST_CANCEL,
	ST_COUNT
};
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

/* A promise as read_promise reads it, ?1 the tenant; the WHERE follows. */
#define SELECT_PROMISE                                                                                        \
	"SELECT p.id, p.customer_id, c.ref, c.kind, p.currency, p.amount, p.kept_at_least, p.date, p.until, " \
	"p.made_at, p.made_by, p.state, p.paid, p.settled_on, p.settled_at, p.note, "                         \
	"COALESCE((SELECT group_concat(r.ref, ',') FROM (SELECT i.ref AS ref FROM promise_invoice pi "        \
	"JOIN invoice i ON i.tenant_id = ?1 AND i.id = pi.invoice_id "                                        \
	"WHERE pi.tenant_id = ?1 AND pi.promise_id = p.id ORDER BY i.ref) r), ''), p.end_reason "             \
	"FROM promise p JOIN customer c ON c.tenant_id = ?1 AND c.id = p.customer_id "

/* The promises the review for ?2 (as_of) judges at ?3 (the moment): current, past their until. */
#define TO_SETTLE "tenant_id = ?1 AND state = 'current' AND until < ?2 AND made_at <= ?3"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ADD] = "INSERT INTO promise(tenant_id, customer_id, currency, amount, kept_at_least, date, until, made_at, "
		   "made_by, note) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[ST_ADD_INVOICE] = "INSERT INTO promise_invoice(tenant_id, promise_id, invoice_id) VALUES (?1, ?2, ?3)",
	[ST_EACH] = SELECT_PROMISE
	"WHERE p.tenant_id = ?1 AND (?2 = 0 OR p.customer_id = ?2) AND (?3 = '' OR p.state = ?3) "
	"AND (?4 IS NULL OR substr(p.made_at, 1, 10) >= ?4) "
	"AND (?5 IS NULL OR substr(p.made_at, 1, 10) <= ?5) ORDER BY p.id",
	/* what came in on what the promise covers, from the day it was made through its until */
	/*
	 * what came in on what the promise covers, from the day it was made through
	 * its until: on its invoices (the named ones, else the customer's in its
	 * currency: ledger_invoice, invoice_customer) plus, for a whole account,
	 * the cash left unapplied on it (ledger_unapplied); no scan of the ledger
	 */
	[ST_PAID] = "UPDATE promise SET paid = (SELECT COALESCE(-SUM(l.amount), 0) FROM "
		    "(SELECT pi.invoice_id AS id FROM promise_invoice pi WHERE pi.tenant_id = ?1 "
		    "AND pi.promise_id = promise.id UNION ALL SELECT i.id FROM invoice i WHERE i.tenant_id = ?1 "
		    "AND i.customer_id = promise.customer_id AND i.currency = promise.currency AND NOT EXISTS "
		    "(SELECT 1 FROM promise_invoice pj WHERE pj.tenant_id = ?1 AND pj.promise_id = promise.id)) c "
		    "JOIN ledger_entry l ON l.invoice_id = c.id "
		    "WHERE l.tenant_id = ?1 AND (l.kind = 'payment' OR l.kind = 'reversal') "
		    "AND l.date >= substr(promise.made_at, 1, 10) AND l.date <= promise.until) "
		    "+ (SELECT COALESCE(-SUM(u.amount), 0) FROM ledger_entry u WHERE u.tenant_id = ?1 "
		    "AND u.customer_id = promise.customer_id AND u.currency = promise.currency "
		    "AND u.invoice_id IS NULL AND u.kind = 'unapplied' "
		    "AND u.date >= substr(promise.made_at, 1, 10) AND u.date <= promise.until "
		    "AND NOT EXISTS (SELECT 1 FROM promise_invoice pk WHERE pk.tenant_id = ?1 "
		    "AND pk.promise_id = promise.id)) WHERE " TO_SETTLE,
	[ST_JUDGE] = "UPDATE promise SET state = CASE WHEN paid >= kept_at_least THEN 'kept' "
		     "WHEN paid > 0 THEN 'partially_kept' ELSE 'broken' END, settled_on = ?2, settled_at = ?3 "
		     "WHERE " TO_SETTLE,
	[ST_END_HOLDS] = "UPDATE account_hold SET ended_at = ?3, end_reason = (SELECT p.state FROM promise p "
			 "WHERE p.tenant_id = ?1 AND p.id = account_hold.source_id) "
			 "WHERE tenant_id = ?1 AND kind = 'promise' AND ended_at IS NULL AND source_id IN "
			 "(SELECT id FROM promise WHERE tenant_id = ?1 AND settled_on = ?2 AND settled_at = ?3)",
	[ST_COUNTS] = "SELECT state, COUNT(*) FROM promise WHERE tenant_id = ?1 AND settled_on = ?2 "
		      "AND settled_at = ?3 GROUP BY state",
	[ST_SETTINGS_GET] = "SELECT tolerance_days, tolerance_percent FROM promise_setting WHERE tenant_id = ?1",
	[ST_SETTINGS_PUT] = "INSERT INTO promise_setting(tenant_id, tolerance_days, tolerance_percent) "
			    "VALUES (?1, ?2, ?3) ON CONFLICT(tenant_id) DO UPDATE SET "
			    "tolerance_days = excluded.tolerance_days, "
			    "tolerance_percent = excluded.tolerance_percent",
	[ST_BROKEN] = "SELECT b.customer_id, c.ref, COALESCE((SELECT k.ref FROM contact k WHERE k.tenant_id = ?1 "
		      "AND k.customer_id = b.customer_id ORDER BY k.pays_bills DESC, k.id LIMIT 1), ''), "
		      "a.risk_band, b.n, b.last_at, EXISTS (SELECT 1 FROM contact_attempt z "
		      "WHERE z.tenant_id = ?1 AND z.customer_id = b.customer_id AND z.channel = 'call' "
		      "AND z.at >= b.last_at) "
		      "FROM (SELECT customer_id, COUNT(*) AS n, MAX(settled_at) AS last_at FROM promise "
		      "WHERE tenant_id = ?1 AND state = 'broken' AND settled_on >= ?3 AND settled_on <= ?4 "
		      "GROUP BY customer_id) b "
		      "JOIN assignment a ON a.tenant_id = ?1 AND a.customer_id = b.customer_id AND a.user_id = ?2 "
		      "JOIN customer c ON c.tenant_id = ?1 AND c.id = b.customer_id ORDER BY b.customer_id",
	[ST_COPY] =
		"INSERT INTO promise(tenant_id, customer_id, currency, amount, kept_at_least, date, until, made_at, "
		"made_by, state, paid, settled_on, settled_at, note, end_reason) "
		"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
	[ST_GET] = SELECT_PROMISE "WHERE p.tenant_id = ?1 AND p.id = ?2",
	/* ?4 the invoice ids as a JSON array, ?5 how many (0: the whole account) */
	[ST_OVERLAPPING] = SELECT_PROMISE
	"WHERE p.tenant_id = ?1 AND p.customer_id = ?2 AND p.currency = ?3 "
	"AND p.state <> 'cancelled' AND (?5 = 0 OR NOT EXISTS (SELECT 1 FROM "
	"promise_invoice pj WHERE pj.tenant_id = ?1 AND pj.promise_id = p.id) "
	"OR EXISTS (SELECT 1 FROM promise_invoice pk WHERE pk.tenant_id = ?1 "
	"AND pk.promise_id = p.id AND pk.invoice_id IN (SELECT value FROM json_each(?4)))) "
	"ORDER BY p.id",
	[ST_CANCEL] = "UPDATE promise SET state = 'cancelled', settled_on = ?3, settled_at = ?4, end_reason = ?5 "
		      "WHERE tenant_id = ?1 AND id = ?2 AND state = 'current'",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_PROMISES, id, stmt_sql, e);
}

static int add_invoices(struct store_tx *tx, const struct promise *p, const int64_t *invoice_ids, size_t n,
			struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	int ret = 0;

	for (size_t i = 0; i < n && ret >= 0; i++) {
		sqlite3_stmt *st = stmt(ss, ST_ADD_INVOICE, e);
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		sqlite3_bind_int64(st, 2, p->id);
		sqlite3_bind_int64(st, 3, invoice_ids[i]);
		ret = sq_exec_step(ss, st, e, "adding a promise's invoice");
	}
	return ret < 0 ? ret : 0;
}

/* ?1 the tenant, ?2..?9 the promise's columns up to made_by (ST_ADD, ST_COPY). */
static void bind_promise(sqlite3_stmt *st, int64_t tenant, const struct promise *p)
{
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, p->customer_id);
	bind_text(st, 3, p->currency);
	sqlite3_bind_int64(st, 4, p->amount);
	sqlite3_bind_int64(st, 5, p->kept_at_least);
	bind_date(st, 6, p->date);
	bind_date(st, 7, p->until);
	bind_ts(st, 8, p->made_at);
	bind_text(st, 9, p->made_by);
}

static int sq_promise_add(struct store_tx *tx, struct promise *p, const int64_t *invoice_ids, size_t n, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_ADD, e);
	int ret;

	if (!st)
		return -ERR_ENV;
	bind_promise(st, tx->tenant, p);
	bind_text(st, 10, p->note);
	ret = sq_insert_step(ss, st, &p->id, e, "adding a promise");
	return ret < 0 ? ret : add_invoices(tx, p, invoice_ids, n, e);
}

static void bind_day_or_null(sqlite3_stmt *st, int i, date_t d)
{
	if (d)
		bind_date(st, i, d);
	else
		sqlite3_bind_null(st, i);
}

static void read_promise(sqlite3_stmt *st, struct promise *p)
{
	memset(p, 0, sizeof(*p));
	p->id = sqlite3_column_int64(st, 0);
	p->customer_id = sqlite3_column_int64(st, 1);
	col_text(st, 2, p->customer_ref, sizeof(p->customer_ref));
	col_text(st, 3, p->customer_kind, sizeof(p->customer_kind));
	col_text(st, 4, p->currency, sizeof(p->currency));
	p->amount = sqlite3_column_int64(st, 5);
	p->kept_at_least = sqlite3_column_int64(st, 6);
	p->date = col_date(st, 7);
	p->until = col_date(st, 8);
	p->made_at = col_ts(st, 9);
	col_text(st, 10, p->made_by, sizeof(p->made_by));
	col_text(st, 11, p->state, sizeof(p->state));
	p->paid = sqlite3_column_int64(st, 12);
	p->settled_on = col_date(st, 13);
	p->settled_at = col_ts(st, 14);
	col_text(st, 15, p->note, sizeof(p->note));
	col_text(st, 16, p->invoice_refs, sizeof(p->invoice_refs));
	col_text(st, 17, p->end_reason, sizeof(p->end_reason));
}

/* The promises of bound statement `st` (SELECT_PROMISE), each to cb; the statement is reset. */
static int walk(struct sqlite_store *ss, sqlite3_stmt *st, store_promise_cb cb, void *ctx, struct error *e)
{
	struct promise *p = malloc(sizeof(*p));

	if (!p) {
		sqlite3_reset(st);
		return error_set(e, ERR_ENV, "out of memory");
	}
	for (;;) {
		int rc = sqlite3_step(st), stop;
		if (rc != SQLITE_ROW) {
			sqlite3_reset(st);
			free(p);
			return rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading the promises");
		}
		read_promise(st, p);
		stop = cb(ctx, p);
		if (stop) {
			sqlite3_reset(st);
			free(p);
			return stop;
		}
	}
}

static int sq_promises_each(struct store_tx *tx, const struct promise_filter *f, store_promise_cb cb, void *ctx,
			    struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_EACH, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, f->customer_id);
	bind_text(st, 3, f->state);
	bind_day_or_null(st, 4, f->made_from);
	bind_day_or_null(st, 5, f->made_to);
	return walk(ss, st, cb, ctx, e);
}

/* One of the review's statements, bound to (tenant, as_of, at). */
static int settle_step(struct store_tx *tx, enum stmt_id id, date_t as_of, timestamp_t at, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, id, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, as_of);
	bind_ts(st, 3, at);
	return sq_exec_step(ss, st, e, "settling the promises");
}

static int sq_promises_settle(struct store_tx *tx, date_t as_of, timestamp_t at, int64_t counts[3], struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st;
	char state[PROMISE_STATE_MAX + 1];
	int ret;

	counts[0] = counts[1] = counts[2] = 0;
	/* the payments posted in this transaction count too */
	ret = sq_ledger_flush(ss, e);
	if (ret == 0)
		ret = settle_step(tx, ST_PAID, as_of, at, e);
	if (ret == 0)
		ret = settle_step(tx, ST_JUDGE, as_of, at, e);
	if (ret == 0)
		ret = settle_step(tx, ST_END_HOLDS, as_of, at, e);
	if (ret < 0)
		return ret;
	st = stmt(ss, ST_COUNTS, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, as_of);
	bind_ts(st, 3, at);
	EACH_ROW(ss, st, e, {
		col_text(st, 0, state, sizeof(state));
		if (!strcmp(state, "kept"))
			counts[0] = sqlite3_column_int64(st, 1);
		else if (!strcmp(state, "partially_kept"))
			counts[1] = sqlite3_column_int64(st, 1);
		else if (!strcmp(state, "broken"))
			counts[2] = sqlite3_column_int64(st, 1);
		stop_ = 0;
	});
	return 0;
}

static int sq_promise_settings_get(struct store_tx *tx, int *tolerance_days, int *tolerance_percent, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SETTINGS_GET, e);
	int found = 0;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, {
		*tolerance_days = sqlite3_column_int(st, 0);
		*tolerance_percent = sqlite3_column_int(st, 1);
		found = 1;
		stop_ = 0;
	});
	return found;
}

static int sq_promise_settings_put(struct store_tx *tx, int tolerance_days, int tolerance_percent, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SETTINGS_PUT, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int(st, 2, tolerance_days);
	sqlite3_bind_int(st, 3, tolerance_percent);
	return sq_exec_step(ss, st, e, "setting the promise tolerance");
}

static int sq_promises_broken_each(struct store_tx *tx, int64_t user_id, date_t since, date_t today,
				   store_promise_broken_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_BROKEN, e);
	struct promise_broken_row r;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, user_id);
	bind_date(st, 3, since);
	bind_date(st, 4, today);
	EACH_ROW(ss, st, e, {
		memset(&r, 0, sizeof(r));
		r.customer_id = sqlite3_column_int64(st, 0);
		r.customer_ref = (const char *)sqlite3_column_text(st, 1);
		r.contact_ref = (const char *)sqlite3_column_text(st, 2);
		r.risk_band = (const char *)sqlite3_column_text(st, 3);
		r.broken = sqlite3_column_int64(st, 4);
		r.last_at = col_ts(st, 5);
		r.called = sqlite3_column_int(st, 6);
		stop_ = cb(ctx, &r);
	});
	return 0;
}

static int sq_promise_copy(struct store_tx *tx, struct promise *p, const int64_t *invoice_ids, size_t n,
			   struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_COPY, e);
	int ret;

	if (!st)
		return -ERR_ENV;
	bind_promise(st, tx->tenant, p);
	bind_text(st, 10, p->state);
	sqlite3_bind_int64(st, 11, p->paid);
	bind_day_or_null(st, 12, p->settled_on);
	if (p->settled_at)
		bind_ts(st, 13, p->settled_at);
	else
		sqlite3_bind_null(st, 13);
	bind_text(st, 14, p->note);
	bind_text(st, 15, p->end_reason);
	ret = sq_insert_step(ss, st, &p->id, e, "copying a promise");
	return ret < 0 ? ret : add_invoices(tx, p, invoice_ids, n, e);
}

static int on_got(void *ctx, const struct promise *p)
{
	*(struct promise *)ctx = *p;
	return 1;
}

static int sq_promise_get(struct store_tx *tx, int64_t id, struct promise *out, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_GET, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, id);
	return walk(ss, st, on_got, out, e);
}

static int sq_promises_overlapping(struct store_tx *tx, int64_t customer_id, const char *currency,
				   const int64_t *invoice_ids, size_t n, store_promise_cb cb, void *ctx,
				   struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_OVERLAPPING, e);
	char ids[PROMISE_INVOICES_MAX * 24 + 3];
	size_t len = 1;

	if (!st)
		return -ERR_ENV;
	if (n > PROMISE_INVOICES_MAX)
		return error_set(e, ERR_INPUT, "a promise names at most %d invoices", PROMISE_INVOICES_MAX);
	ids[0] = '[';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(ids + len, sizeof(ids) - len, "%s%lld", i ? "," : "",
					(long long)invoice_ids[i]);
	snprintf(ids + len, sizeof(ids) - len, "]");
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	bind_text(st, 3, currency);
	bind_text(st, 4, ids);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)n);
	return walk(ss, st, cb, ctx, e);
}

static int sq_promise_cancel(struct store_tx *tx, const struct promise *p, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CANCEL, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, p->id);
	bind_date(st, 3, p->settled_on);
	bind_ts(st, 4, p->settled_at);
	bind_text(st, 5, p->end_reason);
	return sq_update_step(ss, st, e, "cancelling a promise");
}

const struct store_promises_ops sq_promises_ops = {
	.add = sq_promise_add,
	.each = sq_promises_each,
	.settle = sq_promises_settle,
	.settings_get = sq_promise_settings_get,
	.settings_put = sq_promise_settings_put,
	.broken_each = sq_promises_broken_each,
	.copy = sq_promise_copy,
	.get = sq_promise_get,
	.overlapping = sq_promises_overlapping,
	.cancel = sq_promise_cancel,
};
