/*
 * watch.c: the run's watch (store/actions.h, "the run's watch"; migration
 * 0040): the tenant's watch state, the watch rows of the customers a run
 * visited, and the dirty marks. Most marks are written by the triggers of
 * 0040; the inserts of the tables a bulk import or the run writes row by
 * row mark here (sq_watch_mark), as a trigger on them would make SQLite
 * journal every insert (see 0040). store_run_page_of is in actions.c, with
 * the page it mirrors.
 */
#include "store/sqlite/sqlite_int.h"

#include <stdlib.h>

#include "core/array.h"

enum stmt_id {
	ST_MARK,
	ST_STATE_GET,
	ST_STATE_PUT,
	ST_STATE_DELETE,
	ST_WATCH_DELETE_ALL,
	ST_DIRTY_DELETE_ALL,
	ST_WATCHED,
	ST_WATCH_PUT,
	ST_WATCH_DELETE,
	ST_DIRTY_DELETE,
	ST_WATCH_EACH,
	ST_DIRTY_EACH,
	ST_DUE_DESC,
	ST_DIRTY_RANGE,
	ST_COUNT
};
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_MARK] = "INSERT OR IGNORE INTO run_dirty(tenant_id, customer_id) VALUES (?1, ?2)",
	[ST_STATE_GET] = "SELECT version FROM run_watch_state WHERE tenant_id = ?1",
	[ST_STATE_PUT] = "INSERT INTO run_watch_state(tenant_id, version) VALUES (?1, ?2) "
			 "ON CONFLICT (tenant_id) DO UPDATE SET version = excluded.version",
	[ST_STATE_DELETE] = "DELETE FROM run_watch_state WHERE tenant_id = ?1",
	[ST_WATCH_DELETE_ALL] = "DELETE FROM run_watch WHERE tenant_id = ?1",
	[ST_DIRTY_DELETE_ALL] = "DELETE FROM run_dirty WHERE tenant_id = ?1",
	/*
	 * The due watch rows by a scan of run_watch in key order (migration
	 * 0043 dropped its index of dates: the run moves every date it visits,
	 * and the index's entries with them); sq_watched_each merges the marks.
	 */
	[ST_WATCHED] = "SELECT customer_id FROM run_watch WHERE tenant_id = ?1 AND next_date <= ?2 "
		       "ORDER BY customer_id",
	/* an upsert, not OR REPLACE: the row is changed in place where a replace deleted and inserted it */
	[ST_WATCH_PUT] = "INSERT INTO run_watch(tenant_id, customer_id, next_date, accounts, snap) "
			 "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (tenant_id, customer_id) DO UPDATE SET "
			 "next_date = excluded.next_date, accounts = excluded.accounts, snap = excluded.snap",
	[ST_WATCH_DELETE] = "DELETE FROM run_watch WHERE tenant_id = ?1 AND customer_id = ?2",
	[ST_DIRTY_DELETE] = "DELETE FROM run_dirty WHERE tenant_id = ?1 AND customer_id = ?2",
	[ST_DIRTY_EACH] = "SELECT customer_id FROM run_dirty WHERE tenant_id = ?1 ORDER BY customer_id",
	[ST_WATCH_EACH] = "SELECT customer_id, next_date, accounts, snap FROM run_watch WHERE tenant_id = ?1 "
			  "AND customer_id > ?2 ORDER BY customer_id LIMIT ?3",
	/* the marks among the ids of a chunk's watch rows (sq_watch_put) */
	[ST_DIRTY_RANGE] = "SELECT customer_id FROM run_dirty WHERE tenant_id = ?1 AND customer_id >= ?2 "
			   "AND customer_id <= ?3 ORDER BY customer_id",
	/* the due rows from the last down (sq_due_desc_each): the same scan, from the other end */
	[ST_DUE_DESC] = "SELECT customer_id FROM run_watch WHERE tenant_id = ?1 AND next_date <= ?2 "
			"ORDER BY customer_id DESC",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_WATCH, id, stmt_sql, e);
}

/*
 * The mark this transaction wrote last is not written again: a file's
 * rows come customer by customer, and the run writes a customer's actions
 * together. The memory is dropped with the transaction's state
 * (forget_tx_state: begin, commit, rollback, a unit of a batch) and by
 * whatever deletes marks here.
 */
int sq_watch_mark(struct sqlite_store *ss, int64_t tenant, int64_t customer_id, struct error *e)
{
	sqlite3_stmt *st;
	int ret;

	if (ss->marked_tenant == tenant && ss->marked_customer == customer_id)
		return 0;
	if (ss->n_cover && ss->cover_tenant == tenant) {
		/* the transaction writes this customer's watch row after: the mark would be deleted there */
		size_t lo = 0, hi = ss->n_cover;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (ss->cover[mid] < customer_id)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < ss->n_cover && ss->cover[lo] == customer_id) {
			ss->cover_skipped[lo] = 1; /* written at the cover's end if its watch row was not */
			return 0;
		}
	}
	st = stmt(ss, ST_MARK, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	ret = sq_exec_step(ss, st, e, "marking a customer for the run");
	if (ret == 0) {
		ss->marked_tenant = tenant;
		ss->marked_customer = customer_id;
	}
	return ret;
}

int sq_insert_marked(struct sqlite_store *ss, sqlite3_stmt *st, int64_t *id, int64_t tenant, int64_t customer_id,
		     struct error *e, const char *what)
{
	int ret = sq_insert_step(ss, st, id, e, what);
	int marked = ret == 1 ? sq_watch_mark(ss, tenant, customer_id, e) : 0;

	return marked < 0 ? marked : ret;
}

/*
 * The cover ends: the marks it left out are written for the customers
 * whose watch rows are not among `rows` (those store_run_watch_put writes
 * now, by id; NULL none), so that a cover whose rows never come loses no
 * mark. Rows out of order only cost a mark more.
 */
int sq_watch_cover_end(struct sqlite_store *ss, const struct run_watch_row *rows, size_t n, struct error *e)
{
	size_t n_cover = ss->n_cover, k = 0;
	int ret = 0;

	ss->n_cover = 0; /* sq_watch_mark below marks */
	for (size_t i = 0; i < n_cover && ret == 0; i++) {
		if (!ss->cover_skipped[i])
			continue;
		while (k < n && rows[k].customer_id < ss->cover[i])
			k++;
		if (k < n && rows[k].customer_id == ss->cover[i])
			continue;
		ret = sq_watch_mark(ss, ss->cover_tenant, ss->cover[i], e);
	}
	return ret;
}

int sq_watch_cover(struct store_tx *tx, const int64_t *ids, size_t n, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	int ret = sq_watch_cover_end(ss, NULL, 0, e);

	if (ret < 0)
		return ret;
	if (n && (array_grow(&ss->cover, &ss->cap_cover, n - 1, sizeof(*ss->cover)) < 0 ||
		  array_grow(&ss->cover_skipped, &ss->cap_cover_skipped, n - 1, sizeof(*ss->cover_skipped)) < 0))
		return error_set(e, ERR_ENV, "out of memory");
	if (n) {
		memcpy(ss->cover, ids, n * sizeof(*ids));
		memset(ss->cover_skipped, 0, n);
	}
	ss->n_cover = n;
	ss->cover_tenant = tx->tenant;
	return 0;
}

void sq_watch_forget(struct sqlite_store *ss)
{
	ss->n_cover = 0;
	ss->marked_tenant = 0;
	ss->marked_customer = 0;
	ss->new_tenant = 0;
	ss->new_customer = 0;
}

/*
 * A rowid is one more than the table's largest: every customer with an id
 * at or above the transaction's first insert was inserted by it (the
 * connection is the only writer for the transaction's length).
 */
void sq_watch_customer_added(struct sqlite_store *ss, int64_t tenant, int64_t customer_id)
{
	if (ss->new_tenant != tenant) {
		ss->new_tenant = tenant;
		ss->new_customer = customer_id;
	}
}

int sq_watch_mark_contact(struct sqlite_store *ss, int64_t tenant, int64_t customer_id, struct error *e)
{
	if (ss->new_tenant == tenant && customer_id >= ss->new_customer)
		return 0;
	return sq_watch_mark(ss, tenant, customer_id, e);
}

int sq_watch_state_get(struct store_tx *tx, char *version, size_t size, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_STATE_GET, e);
	int rc;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && size)
		col_text(st, 0, version, size);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading the run's watch state");
}

int sq_watch_state_put(struct store_tx *tx, const char *version, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_STATE_PUT, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, version);
	return sq_exec_step(ss, st, e, "writing the run's watch state");
}

int sq_watch_reset(struct store_tx *tx, struct error *e)
{
	static const enum stmt_id ids[] = { ST_STATE_DELETE, ST_WATCH_DELETE_ALL, ST_DIRTY_DELETE_ALL };
	struct sqlite_store *ss = SQ(tx);
	int ret = sq_ledger_flush(ss, e);

	sq_watch_forget(ss);
	for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]) && ret == 0; i++) {
		sqlite3_stmt *st = stmt(ss, ids[i], e);
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		ret = sq_exec_step(ss, st, e, "resetting the run's watch");
	}
	return ret;
}

struct id_list {
	int64_t *v;
	size_t n, cap;
};

static int on_mark(void *ctx, int64_t id)
{
	struct id_list *l = ctx;
	if (array_grow(&l->v, &l->cap, l->n, sizeof(*l->v)) < 0)
		return -ERR_ENV;
	l->v[l->n++] = id;
	return 0;
}

/*
 * The marks (a few: read first, whole) merged with the due watch rows as
 * the scan reads them, each customer once, ascending. A UNION of the two
 * kept them once through a temporary b-tree of every due id: at 1M the next
 * day the statement took 26 ms where the scan alone takes 16, and the read
 * ahead that runs it (app/run.c watch_ahead) is waited for before the walk.
 * The ledger's waiting entries are flushed first: their marks are written
 * when they are (0040's trigger).
 */
int sq_watched_each(struct store_tx *tx, date_t as_of, store_run_id_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	struct id_list marks = { 0 };
	sqlite3_stmt *st;
	size_t j = 0;
	int ret = sq_dirty_each(tx, on_mark, &marks, e), rc = SQLITE_DONE;

	if (ret == -ERR_ENV && !e->code)
		ret = error_set(e, ERR_ENV, "out of memory");
	st = ret == 0 ? stmt(ss, ST_WATCHED, e) : NULL;
	if (ret == 0 && !st)
		ret = -ERR_ENV;
	if (ret == 0) {
		sqlite3_bind_int64(st, 1, tx->tenant);
		bind_date(st, 2, as_of);
		while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t id = sqlite3_column_int64(st, 0);
			while (ret == 0 && j < marks.n && marks.v[j] < id)
				ret = cb(ctx, marks.v[j++]);
			if (j < marks.n && marks.v[j] == id)
				j++;
			if (ret == 0)
				ret = cb(ctx, id);
		}
		sqlite3_reset(st);
		if (ret == 0 && rc != SQLITE_DONE)
			ret = sq_db_error(ss, e, "reading");
	}
	while (ret == 0 && j < marks.n)
		ret = cb(ctx, marks.v[j++]);
	free(marks.v);
	return ret;
}

int sq_due_desc_each(struct store_tx *tx, date_t as_of, store_run_id_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_DUE_DESC, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, as_of);
	EACH_ROW(ss, st, e, { stop_ = cb(ctx, sqlite3_column_int64(st, 0)); });
	return 0;
}

int sq_dirty_each(struct store_tx *tx, store_run_id_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st;

	if (sq_ledger_flush(ss, e) < 0)
		return -ERR_ENV;
	st = stmt(ss, ST_DIRTY_EACH, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, { stop_ = cb(ctx, sqlite3_column_int64(st, 0)); });
	return 0;
}

static int watch_row_put(struct sqlite_store *ss, int64_t tenant, const struct run_watch_row *r, struct error *e)
{
	int empty = r->next_date == DATE_NEVER && r->accounts == 0 && (!r->snap || !r->snap[0]);
	sqlite3_stmt *st = stmt(ss, empty ? ST_WATCH_DELETE : ST_WATCH_PUT, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, r->customer_id);
	if (!empty) {
		if (r->next_date == DATE_NEVER)
			sqlite3_bind_null(st, 3);
		else
			bind_date(st, 3, r->next_date);
		sqlite3_bind_int64(st, 4, r->accounts);
		bind_text(st, 5, r->snap);
	}
	return sq_exec_step(ss, st, e, "writing the run's watch");
}

static int mark_clear(struct sqlite_store *ss, int64_t tenant, int64_t customer_id, struct error *e)
{
	sqlite3_stmt *st = stmt(ss, ST_DIRTY_DELETE, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	return sq_exec_step(ss, st, e, "clearing a customer's mark");
}

/*
 * The marks of the customers whose rows were just written, deleted: the
 * marks within the rows' range of ids read once (a few: those of before the
 * run and those the chunk's own writes made) and merged with the rows, where
 * a DELETE for every row found none for nearly all of them (the next day at
 * 1M, 25,409 of them: 45 M instructions). The rows come ascending
 * (store_run_watch_put).
 */
static int marks_clear(struct sqlite_store *ss, int64_t tenant, const struct run_watch_row *rows, size_t n,
		       struct error *e)
{
	struct id_list found = { 0 };
	sqlite3_stmt *st;
	size_t k = 0;
	int ret = 0, rc;

	if (n == 0)
		return 0;
	st = stmt(ss, ST_DIRTY_RANGE, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, rows[0].customer_id);
	sqlite3_bind_int64(st, 3, rows[n - 1].customer_id);
	while (ret == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		while (k < n && rows[k].customer_id < id)
			k++;
		if (k < n && rows[k].customer_id == id && on_mark(&found, id) < 0)
			ret = error_set(e, ERR_ENV, "out of memory");
	}
	sqlite3_reset(st);
	if (ret == 0 && rc != SQLITE_DONE)
		ret = sq_db_error(ss, e, "reading the marks");
	for (size_t i = 0; i < found.n && ret == 0; i++)
		ret = mark_clear(ss, tenant, found.v[i], e);
	free(found.v);
	return ret;
}

/*
 * The ledger's waiting entries first (the run's fees and interest): their
 * marks, written when they are, would otherwise land after the visit's
 * delete and send the customer to the next run for nothing.
 */
int sq_watch_put(struct store_tx *tx, const struct run_watch_row *rows, size_t n, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	int ret = sq_ledger_flush(ss, e);

	if (ret == 0)
		ret = sq_watch_cover_end(ss, rows, n, e);
	sq_watch_forget(ss);
	for (size_t i = 0; i < n && ret == 0; i++)
		ret = watch_row_put(ss, tx->tenant, &rows[i], e);
	if (ret == 0)
		ret = marks_clear(ss, tx->tenant, rows, n, e);
	return ret;
}

int sq_watch_each(struct store_tx *tx, int64_t after, int64_t limit, store_run_watch_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_WATCH_EACH, e);
	struct run_watch_row r;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, after);
	sqlite3_bind_int64(st, 3, limit);
	EACH_ROW(ss, st, e, {
		r.customer_id = sqlite3_column_int64(st, 0);
		r.next_date = sqlite3_column_type(st, 1) == SQLITE_NULL ? DATE_NEVER : col_date(st, 1);
		r.accounts = sqlite3_column_int64(st, 2);
		r.snap = (const char *)sqlite3_column_text(st, 3);
		if (!r.snap)
			r.snap = "";
		stop_ = cb(ctx, &r);
	});
	return 0;
}
