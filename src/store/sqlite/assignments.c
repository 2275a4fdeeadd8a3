/*
 * assignments.c: the work queue's store (store/assignments.h) on SQLite.
 *
 * A collector's calls come from its assignments (index assignment_user)
 * joined to the waiting calls (the partial index action_call_due: state
 * scheduled, kind call), so a queue reads the collector's accounts, not
 * the book; the overdue balance of each comes from invoice_open, whose
 * WHERE (balance <> 0) the subqueries repeat so that SQLite may use it.
 * Callbacks are found by moment (contact_attempt_callback, only the
 * attempts that asked one). Moments are RFC 3339 UTC text of one fixed
 * form, so text order is time order.
 */
#include "store/sqlite/sqlite_int.h"

enum stmt_id {
	ST_EACH,
	ST_PUT,
	ST_RELEASE,
	ST_CALLS,
	ST_CALLBACKS,
	ST_BALANCES,
	ST_LOGGED,
	ST_NOTE,
	ST_DONE,
	ST_REFS,
	ST_BY_BOUND,
	ST_CALLS_OF,
	ST_OPEN,
	ST_BOUND_SET,
	ST_LATEST,
	ST_COUNT
};
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

/* The overdue balance and oldest overdue due date of customer x.customer_id in currency x.currency. */
#define OVERDUE_WHERE                                                               \
	" FROM invoice i WHERE i.tenant_id = ?1 AND i.customer_id = x.customer_id " \
	"AND i.currency = x.currency AND i.balance <> 0 AND i.due_date < ?4"
/*
 * Netted as the run nets an account: no more than the account's open
 * balance less its unapplied credit (customer-level ledger entries, index
 * ledger_unapplied), so cash that arrived unapplied after the call was
 * scheduled takes the account out of the queue before the next run does.
 */
#define CREDIT_OF(customer, currency)                                                                \
	"(SELECT MIN(0, COALESCE(SUM(l.amount), 0)) FROM ledger_entry l WHERE l.tenant_id = ?1 AND " \
	"l.customer_id = " customer " AND l.currency = " currency " AND l.invoice_id IS NULL)"
/* The overdue and the open sums from one walk of the account's open invoices (invoice_open). */
#define OVERDUE_BALANCE                                                                                         \
	"(SELECT MIN(COALESCE(SUM(CASE WHEN i.due_date < ?4 THEN i.balance END), 0), COALESCE(SUM(i.balance), " \
	"0) + " CREDIT_OF(                                                                                      \
		"x.customer_id",                                                                                \
		"x.currency") ") FROM invoice i WHERE i.tenant_id = ?1 "                                        \
			      "AND i.customer_id = x.customer_id AND i.currency = x.currency AND i.balance <> 0)"
#define OVERDUE_OLDEST "(SELECT MIN(i.due_date)" OVERDUE_WHERE " AND i.balance > 0)"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_EACH] = "SELECT customer_id, user_id, since, reason, risk_band FROM assignment "
		    "WHERE tenant_id = ?1 AND customer_id BETWEEN ?2 AND ?3 ORDER BY customer_id",
	[ST_PUT] = "INSERT INTO assignment(tenant_id, customer_id, user_id, since, reason, risk_band) "
		   "VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
		   "ON CONFLICT (tenant_id, customer_id) DO UPDATE SET user_id = excluded.user_id, "
		   "since = excluded.since, reason = excluded.reason, risk_band = excluded.risk_band",
	[ST_RELEASE] = "DELETE FROM assignment WHERE tenant_id = ?1 AND customer_id = ?2",
	/*
	 * The collector's assignments (assignment_user), each probed in
	 * action_call_due (0023: the waiting calls only, with every column
	 * read here), in that order: a collector of a book of millions has
	 * thousands of assignments but the tenant only tens of thousands of
	 * waiting calls, and without INDEXED BY the planner walks every
	 * assignment of the tenant. No refs: see store_queue_refs.
	 */
	[ST_CALLS] = "SELECT a.user_id, x.customer_id, COALESCE(x.contact_id, 0), x.currency, x.id, x.scheduled_at, "
		     "a.risk_band, " OVERDUE_BALANCE ", " OVERDUE_OLDEST
		     " FROM assignment a INDEXED BY assignment_user "
		     "CROSS JOIN action x INDEXED BY action_call_due ON x.tenant_id = ?1 "
		     "AND x.customer_id = a.customer_id AND x.state = 'scheduled' AND x.kind = 'call' "
		     "AND x.scheduled_at <= ?3 WHERE a.tenant_id = ?1 AND a.user_id = ?2 "
		     "ORDER BY a.customer_id, x.currency, x.scheduled_at, x.id",
	[ST_CALLBACKS] =
		"SELECT a.user_id, u.name, t.customer_id, c.ref, t.contact_id, k.ref, t.callback_at, a.risk_band "
		"FROM contact_attempt t "
		"JOIN assignment a ON a.tenant_id = ?1 AND a.customer_id = t.customer_id AND a.user_id = ?2 "
		"JOIN app_user u ON u.tenant_id = ?1 AND u.id = a.user_id "
		"JOIN customer c ON c.tenant_id = ?1 AND c.id = t.customer_id "
		"JOIN contact k ON k.tenant_id = ?1 AND k.id = t.contact_id "
		"WHERE t.tenant_id = ?1 AND t.callback_at IS NOT NULL AND t.callback_at >= ?3 "
		"AND t.callback_at < ?4 AND NOT EXISTS (SELECT 1 FROM contact_attempt z "
		"WHERE z.tenant_id = ?1 AND z.customer_id = t.customer_id AND z.at > t.at "
		"AND z.channel = 'call') "
		"ORDER BY t.customer_id, t.callback_at, t.id",
	[ST_BALANCES] =
		"SELECT x.currency, MIN(COALESCE(SUM(CASE WHEN x.due_date < ?3 THEN x.balance END), 0), "
		"SUM(x.balance) + " CREDIT_OF(
			"?2",
			"x.currency") "), "
				      "MIN(CASE WHEN x.balance > 0 AND x.due_date < ?3 THEN x.due_date END) "
				      "FROM invoice x WHERE x.tenant_id = ?1 AND x.customer_id = ?2 AND x.balance <> 0 "
				      "GROUP BY x.currency HAVING MIN(x.due_date) < ?3 ORDER BY x.currency",
	[ST_LOGGED] = "SELECT COUNT(*) FROM contact_attempt WHERE tenant_id = ?1 AND logged_by IS NOT NULL "
		      "AND logged_by = ?2 AND at >= ?3 AND at < ?4 AND channel = 'call'",
	[ST_NOTE] = "UPDATE contact_attempt SET callback_at = ?3, logged_by = ?4 WHERE tenant_id = ?1 AND id = ?2",
	/* the customer's waiting calls, in action_call_due (0029 dropped action_waiting, which it read) */
	[ST_DONE] = "UPDATE action INDEXED BY action_call_due SET state = 'done', reason = 'a call was logged', "
		    "updated_at = ?4 "
		    "WHERE tenant_id = ?1 AND customer_id = ?2 AND state = 'scheduled' AND kind = 'call' "
		    "AND scheduled_at <= ?3",
	[ST_REFS] = "SELECT c.ref, COALESCE(k.ref, '') FROM customer c "
		    "LEFT JOIN contact k ON k.tenant_id = ?1 AND k.id = ?3 "
		    "WHERE c.tenant_id = ?1 AND c.id = ?2",
	/*
	 * The collector's assignments best bound first (assignment_bound,
	 * 0027: unique with the customer, so that its order and that of
	 * action_call_due within a customer give the ORDER BY without a
	 * sort, and a walk stopped early has probed only what it read).
	 */
	[ST_BY_BOUND] = "SELECT a.user_id, x.customer_id, COALESCE(x.contact_id, 0), x.currency, x.id, x.scheduled_at, "
			"a.risk_band, a.bound FROM assignment a INDEXED BY assignment_bound "
			"CROSS JOIN action x INDEXED BY action_call_due ON x.tenant_id = ?1 "
			"AND x.customer_id = a.customer_id AND x.state = 'scheduled' AND x.kind = 'call' "
			"AND x.scheduled_at <= ?3 WHERE a.tenant_id = ?1 AND a.user_id = ?2 "
			"ORDER BY a.bound DESC, a.customer_id, x.currency, x.scheduled_at, x.id",
	[ST_CALLS_OF] = "SELECT a.user_id, x.customer_id, COALESCE(x.contact_id, 0), x.currency, x.id, x.scheduled_at, "
			"a.risk_band, a.bound FROM assignment a "
			"JOIN action x INDEXED BY action_call_due ON x.tenant_id = ?1 "
			"AND x.customer_id = a.customer_id AND x.state = 'scheduled' AND x.kind = 'call' "
			"AND x.scheduled_at <= ?3 WHERE a.tenant_id = ?1 AND a.customer_id = ?2 "
			"ORDER BY x.currency, x.scheduled_at, x.id",
	[ST_OPEN] =
		"SELECT a.customer_id, a.bound, a.bound_currency, a.bound_scale, a.bound_pay, a.risk_band, i.currency, "
		"COALESCE(SUM(i.balance), 0) FROM assignment a LEFT JOIN invoice i ON i.tenant_id = ?1 "
		"AND i.customer_id = a.customer_id AND i.balance <> 0 AND i.balance > 0 "
		"WHERE a.tenant_id = ?1 AND a.customer_id BETWEEN ?2 AND ?3 "
		"GROUP BY a.customer_id, i.currency ORDER BY a.customer_id, i.currency",
	[ST_BOUND_SET] = "UPDATE assignment SET bound = ?4, bound_currency = ?5, bound_scale = ?6, bound_pay = ?7 "
			 "WHERE tenant_id = ?1 AND customer_id = ?2 AND bound = ?3",
	[ST_LATEST] = "SELECT max(since) FROM assignment WHERE tenant_id = ?1",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_ASSIGNMENTS, id, stmt_sql, e);
}

static int sq_assignments_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_assignment_cb cb,
			       void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_EACH, e);
	struct assignment a;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from_customer);
	sqlite3_bind_int64(st, 3, to_customer);
	EACH_ROW(ss, st, e, {
		memset(&a, 0, sizeof(a));
		a.customer_id = sqlite3_column_int64(st, 0);
		a.user_id = sqlite3_column_int64(st, 1);
		a.since = col_date(st, 2);
		col_text(st, 3, a.reason, sizeof(a.reason));
		col_text(st, 4, a.risk_band, sizeof(a.risk_band));
		stop_ = cb(ctx, &a);
	});
	return 0;
}

static int sq_assignments_put(struct store_tx *tx, const struct assignment *rows, size_t n, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);

	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = stmt(ss, ST_PUT, e);
		int ret;
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		sqlite3_bind_int64(st, 2, rows[i].customer_id);
		sqlite3_bind_int64(st, 3, rows[i].user_id);
		bind_date(st, 4, rows[i].since);
		bind_text(st, 5, rows[i].reason);
		bind_text(st, 6, rows[i].risk_band);
		ret = sq_exec_step(ss, st, e, "recording an assignment");
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int sq_assignments_release(struct store_tx *tx, const int64_t *customer_ids, size_t n, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);

	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st = stmt(ss, ST_RELEASE, e);
		int ret;
		if (!st)
			return -ERR_ENV;
		sqlite3_bind_int64(st, 1, tx->tenant);
		sqlite3_bind_int64(st, 2, customer_ids[i]);
		ret = sq_exec_step(ss, st, e, "releasing an assignment");
		if (ret < 0)
			return ret;
	}
	return 0;
}

static int sq_assignments_latest(struct store_tx *tx, date_t *since, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_LATEST, e);
	int rc, found = 0;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*since = col_date(st, 0);
		found = 1;
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? found : sq_db_error(ss, e, "reading the assignments");
}

static void read_head(sqlite3_stmt *st, struct queue_row *r)
{
	memset(r, 0, sizeof(*r));
	r->user_id = sqlite3_column_int64(st, 0);
	r->user_name = (const char *)sqlite3_column_text(st, 1);
	r->customer_id = sqlite3_column_int64(st, 2);
	r->customer_ref = (const char *)sqlite3_column_text(st, 3);
	r->contact_id = sqlite3_column_int64(st, 4);
	r->contact_ref = (const char *)sqlite3_column_text(st, 5);
}

static int sq_queue_calls_each(struct store_tx *tx, int64_t user_id, timestamp_t now, date_t today, store_queue_cb cb,
			       void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CALLS, e);
	struct queue_row r;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, user_id);
	bind_ts(st, 3, now);
	bind_date(st, 4, today);
	EACH_ROW(ss, st, e, {
		memset(&r, 0, sizeof(r));
		r.user_id = sqlite3_column_int64(st, 0);
		r.customer_id = sqlite3_column_int64(st, 1);
		r.contact_id = sqlite3_column_int64(st, 2);
		r.currency = (const char *)sqlite3_column_text(st, 3);
		r.action_id = sqlite3_column_int64(st, 4);
		r.due_at = col_ts(st, 5);
		r.risk_band = (const char *)sqlite3_column_text(st, 6);
		r.balance = sqlite3_column_int64(st, 7);
		r.oldest_due = col_date(st, 8);
		stop_ = cb(ctx, &r);
	});
	return 0;
}

static int sq_queue_callbacks_each(struct store_tx *tx, int64_t user_id, timestamp_t from, timestamp_t to, date_t today,
				   store_queue_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CALLBACKS, e);
	struct queue_row r;
	(void)today;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, user_id);
	bind_ts(st, 3, from);
	bind_ts(st, 4, to);
	EACH_ROW(ss, st, e, {
		read_head(st, &r);
		r.currency = "";
		r.due_at = col_ts(st, 6);
		r.risk_band = (const char *)sqlite3_column_text(st, 7);
		stop_ = cb(ctx, &r);
	});
	return 0;
}

static int sq_queue_balances(struct store_tx *tx, int64_t customer_id, date_t today, store_queue_balance_cb cb,
			     void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_BALANCES, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	bind_date(st, 3, today);
	EACH_ROW(ss, st, e, {
		stop_ = cb(ctx, (const char *)sqlite3_column_text(st, 0), sqlite3_column_int64(st, 1), col_date(st, 2));
	});
	return 0;
}

struct balances_of {
	int64_t customer_id;
	store_queue_balances_of_cb cb;
	void *ctx;
};

static int balance_of(void *ctx, const char *currency, int64_t balance, date_t oldest_due)
{
	struct balances_of *b = ctx;
	return b->cb(b->ctx, b->customer_id, currency, balance, oldest_due);
}

/* SQLite: a lookup costs no round trip; the batch is the loop. */
int sq_queue_balances_of(struct store_tx *tx, const int64_t *ids, size_t n, date_t today, store_queue_balances_of_cb cb,
			 void *ctx, struct error *e)
{
	struct balances_of b = { 0, cb, ctx };
	int ret = 0;

	for (size_t i = 0; i < n && ret == 0; i++) {
		b.customer_id = ids[i];
		ret = sq_queue_balances(tx, ids[i], today, balance_of, &b, e);
	}
	return ret;
}

static int sq_queue_calls_logged(struct store_tx *tx, const char *logged_by, timestamp_t from, timestamp_t to,
				 int64_t *n, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_LOGGED, e);
	int rc;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, logged_by);
	bind_ts(st, 3, from);
	bind_ts(st, 4, to);
	rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : sq_db_error(ss, e, "counting the calls logged");
}

static int sq_attempt_queue_note(struct store_tx *tx, int64_t attempt_id, timestamp_t callback_at,
				 const char *logged_by, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_NOTE, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, attempt_id);
	if (callback_at)
		bind_ts(st, 3, callback_at);
	else
		sqlite3_bind_null(st, 3);
	bind_text(st, 4, logged_by);
	return sq_update_step(ss, st, e, "noting an attempt for the queue");
}

static int sq_calls_done(struct store_tx *tx, int64_t customer_id, timestamp_t up_to, timestamp_t at, int64_t *n,
			 struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_DONE, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	bind_ts(st, 3, up_to);
	bind_ts(st, 4, at);
	ret = sq_exec_step(ss, st, e, "marking the calls done");
	*n = ret == 0 ? sqlite3_changes(ss->db) : 0;
	return ret;
}

static int sq_queue_refs(struct store_tx *tx, int64_t customer_id, int64_t contact_id, char *customer_ref,
			 char *contact_ref, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_REFS, e);
	int rc;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	sqlite3_bind_int64(st, 3, contact_id);
	customer_ref[0] = contact_ref[0] = '\0';
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		col_text(st, 0, customer_ref, REF_MAX + 1);
		col_text(st, 1, contact_ref, REF_MAX + 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading a queue row's refs");
}

static int calls_rows(struct sqlite_store *ss, sqlite3_stmt *st, store_queue_cb cb, void *ctx, struct error *e)
{
	struct queue_row r;

	EACH_ROW(ss, st, e, {
		memset(&r, 0, sizeof(r));
		r.user_id = sqlite3_column_int64(st, 0);
		r.customer_id = sqlite3_column_int64(st, 1);
		r.contact_id = sqlite3_column_int64(st, 2);
		r.currency = (const char *)sqlite3_column_text(st, 3);
		r.action_id = sqlite3_column_int64(st, 4);
		r.due_at = col_ts(st, 5);
		r.risk_band = (const char *)sqlite3_column_text(st, 6);
		r.bound = sqlite3_column_int64(st, 7);
		stop_ = cb(ctx, &r);
	});
	return 0;
}

static int sq_queue_calls_by_bound(struct store_tx *tx, int64_t user_id, timestamp_t now, store_queue_cb cb, void *ctx,
				   struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_BY_BOUND, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, user_id);
	bind_ts(st, 3, now);
	return calls_rows(ss, st, cb, ctx, e);
}

static int sq_queue_calls_of(struct store_tx *tx, int64_t customer_id, timestamp_t now, store_queue_cb cb, void *ctx,
			     struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CALLS_OF, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	bind_ts(st, 3, now);
	return calls_rows(ss, st, cb, ctx, e);
}

static int sq_assignment_open_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
				   store_assignment_open_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_OPEN, e);
	struct assignment_open r;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, from_customer);
	sqlite3_bind_int64(st, 3, to_customer);
	EACH_ROW(ss, st, e, {
		memset(&r, 0, sizeof(r));
		r.customer_id = sqlite3_column_int64(st, 0);
		r.bound = sqlite3_column_int64(st, 1);
		r.bound_currency = (const char *)sqlite3_column_text(st, 2);
		r.bound_scale = sqlite3_column_int64(st, 3);
		r.bound_pay = sqlite3_column_int64(st, 4);
		r.risk_band = (const char *)sqlite3_column_text(st, 5);
		r.currency = (const char *)sqlite3_column_text(st, 6);
		r.open = sqlite3_column_int64(st, 7);
		stop_ = cb(ctx, &r);
	});
	return 0;
}

static int sq_assignment_bound_set(struct store_tx *tx, int64_t customer_id, int64_t old_bound, int64_t bound,
				   const char *currency, int64_t scale, int64_t pay, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_BOUND_SET, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	sqlite3_bind_int64(st, 3, old_bound);
	sqlite3_bind_int64(st, 4, bound);
	if (currency)
		bind_text(st, 5, currency);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int64(st, 6, scale);
	sqlite3_bind_int64(st, 7, pay);
	return sq_update_step(ss, st, e, "setting an assignment's bound");
}

const struct store_assignments_ops sq_assignments_ops = {
	.each = sq_assignments_each,
	.put = sq_assignments_put,
	.release = sq_assignments_release,
	.calls_each = sq_queue_calls_each,
	.callbacks_each = sq_queue_callbacks_each,
	.balances = sq_queue_balances,
	.calls_logged = sq_queue_calls_logged,
	.attempt_note = sq_attempt_queue_note,
	.calls_done = sq_calls_done,
	.refs = sq_queue_refs,
	.calls_by_bound = sq_queue_calls_by_bound,
	.calls_of = sq_queue_calls_of,
	.open_each = sq_assignment_open_each,
	.bound_set = sq_assignment_bound_set,
	.latest = sq_assignments_latest,
};
