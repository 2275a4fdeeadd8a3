/*
 * credit.c: the credit policy (store/credit.h) on SQLite, tables
 * customer_credit, credit_hold and credit_policy.
 */
#include "store/sqlite/sqlite_int.h"

#include <stdlib.h>

#include "core/array.h"

enum stmt_id {
	ST_TERMS_GET,
	ST_TERMS_PUT,
	ST_HOLD_ADD,
	ST_HOLD_CURRENT,
	ST_HOLD_RELEASE,
	ST_FROM_ACTIONS,
	ST_MARK_GET,
	ST_MARK_PUT,
	ST_LIFT,
	ST_LIFT_ONE,
	ST_RUN_HOLDS,
	ST_EXPOSURE,
	ST_POLICY_GET,
	ST_POLICY_PUT,
	ST_HOLDS_ALL,
	ST_HOLD_COPY,
	ST_MARK_SET,
	ST_COUNT
};
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

/*
 * holds_lift's test, within policy: nothing open due before the cutoff, the
 * open balance within the limit (0: nothing owed). `balance <> 0` says
 * nothing more than `balance > 0` but lets SQLite read invoice_open, whose
 * rows are those (it does not infer one test from the other), and which
 * holds every column asked: through invoice_customer each invoice's row was
 * read (18 M instructions of the next day's run at 100,000 customers, 5 M
 * now).
 */
#define LIFT_WHERE                                                                                                                 \
	"WHERE tenant_id = ?1 AND source = 'run' AND released_at IS NULL "                                                         \
	"AND NOT EXISTS (SELECT 1 FROM invoice i WHERE i.tenant_id = ?1 "                                                          \
	"AND i.customer_id = credit_hold.customer_id AND i.balance <> 0 AND i.balance > 0 "                                        \
	"AND i.due_date < ?2) "                                                                                                    \
	"AND (SELECT COALESCE((SELECT SUM(i.balance) FROM invoice i WHERE i.tenant_id = ?1 "                                       \
	"AND i.customer_id = c.id AND i.currency = c.currency AND i.balance <> 0 AND i.balance > 0), 0) "                          \
	"<= c.credit_limit FROM customer c WHERE c.tenant_id = ?1 AND c.id = credit_hold.customer_id) = 1 "                        \
	"AND NOT EXISTS (SELECT 1 FROM action a WHERE a.tenant_id = ?1 AND a.id = credit_hold.action_id "                          \
	"AND a.run_date >= ?6) " /* the invoices whose step it was are settled: a step earlier than the policy's days holds too */ \
	"AND NOT EXISTS (SELECT 1 FROM action_invoice ai JOIN invoice i ON i.tenant_id = ai.tenant_id "                            \
	"AND i.id = ai.invoice_id WHERE ai.tenant_id = ?1 AND ai.action_id = credit_hold.action_id "                               \
	"AND i.balance > 0)"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_TERMS_GET] = "SELECT application_signed, references_checked FROM customer_credit "
			 "WHERE tenant_id = ?1 AND customer_id = ?2",
	[ST_TERMS_PUT] = "INSERT INTO customer_credit(tenant_id, customer_id, application_signed, references_checked) "
			 "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (tenant_id, customer_id) DO UPDATE SET "
			 "application_signed = excluded.application_signed, "
			 "references_checked = excluded.references_checked",
	[ST_HOLD_ADD] = "INSERT INTO credit_hold(tenant_id, customer_id, source, action_id, set_at, set_by, reason) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
	[ST_HOLD_CURRENT] = "SELECT id, source, COALESCE(action_id, 0), set_at, set_by, reason FROM credit_hold "
			    "WHERE tenant_id = ?1 AND customer_id = ?2 AND released_at IS NULL ORDER BY id LIMIT 1",
	[ST_HOLD_RELEASE] = "UPDATE credit_hold SET released_at = ?3, released_by = ?4, release_reason = ?5 "
			    "WHERE tenant_id = ?1 AND customer_id = ?2 AND released_at IS NULL",
	/*
	 * the actions of the runs up to `on` after the review's mark (?5,
	 * table credit_review: those before it were read by an earlier review),
	 * through action_credit_hold in id order; one hold per action (UNIQUE
	 * (tenant_id, action_id)), none for an action whose hold was released
	 */
	[ST_FROM_ACTIONS] =
		"INSERT INTO credit_hold(tenant_id, customer_id, source, action_id, set_at, set_by, reason) "
		"SELECT a.tenant_id, a.customer_id, 'run', a.id, ?3, ?4, 'credit_hold step ' || a.step "
		"FROM action a WHERE a.tenant_id = ?1 AND a.kind = 'credit_hold' AND a.id > ?5 AND a.run_date <= ?2 "
		"AND (a.state = 'scheduled' OR a.state = 'done') "
		"AND NOT EXISTS (SELECT 1 FROM credit_hold h WHERE h.tenant_id = ?1 AND h.action_id = a.id)",
	[ST_MARK_GET] = "SELECT action_id FROM credit_review WHERE tenant_id = ?1",
	/*
	 * the mark moved to the last credit_hold action, unless a run is dated
	 * after `on` (a replay of a past date): its actions, dated after `on`,
	 * wait for a review of their date, and the mark stays where it was.
	 * Every action is dated by its run, recorded (table run) before it.
	 * max(id) is a seek in action_credit_hold; no action since the mark is
	 * read again (1.5 M instructions the next day at 100,000 customers).
	 */
	[ST_MARK_PUT] =
		"INSERT INTO credit_review(tenant_id, action_id) SELECT ?1, COALESCE((SELECT max(a.id) FROM action a "
		"WHERE a.tenant_id = ?1 AND a.kind = 'credit_hold'), 0) "
		"WHERE NOT EXISTS (SELECT 1 FROM run r WHERE r.tenant_id = ?1 AND r.run_date > ?2) "
		"ON CONFLICT (tenant_id) DO UPDATE SET action_id = excluded.action_id",
	[ST_LIFT] = "UPDATE credit_hold SET released_at = ?3, released_by = ?4, release_reason = ?5 " LIFT_WHERE,
	/* one hold (?7) of the holds_lift's customers: the same test */
	[ST_LIFT_ONE] = "UPDATE credit_hold SET released_at = ?3, released_by = ?4, release_reason = ?5 " LIFT_WHERE
			" AND id = ?7",
	/* the current run holds by customer (credit_hold_customer), for the customers a lift is given */
	[ST_RUN_HOLDS] = "SELECT id, customer_id FROM credit_hold WHERE tenant_id = ?1 AND source = 'run' "
			 "AND released_at IS NULL ORDER BY customer_id, id",
	[ST_EXPOSURE] = "SELECT COALESCE(SUM(balance), 0), MIN(due_date) FROM invoice "
			"WHERE tenant_id = ?1 AND customer_id = ?2 AND currency = ?3 AND balance > 0",
	[ST_POLICY_GET] = "SELECT overdue_days, nsf_fee_bp FROM credit_policy WHERE tenant_id = ?1",
	[ST_POLICY_PUT] = "INSERT INTO credit_policy(tenant_id, overdue_days, nsf_fee_bp) VALUES (?1, ?2, ?3) "
			  "ON CONFLICT (tenant_id) DO UPDATE SET overdue_days = excluded.overdue_days, "
			  "nsf_fee_bp = excluded.nsf_fee_bp",
	[ST_HOLDS_ALL] = "SELECT h.id, h.customer_id, c.ref, h.source, COALESCE(h.action_id, 0), h.set_at, h.set_by, "
			 "h.reason, h.released_at, h.released_by, h.release_reason FROM credit_hold h "
			 "JOIN customer c ON c.tenant_id = ?1 AND c.id = h.customer_id WHERE h.tenant_id = ?1 "
			 "ORDER BY h.id",
	[ST_HOLD_COPY] = "INSERT INTO credit_hold(tenant_id, customer_id, source, action_id, set_at, set_by, reason, "
			 "released_at, released_by, release_reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	/* the mark as given (recoup migrate copies the source's) */
	[ST_MARK_SET] = "INSERT INTO credit_review(tenant_id, action_id) VALUES (?1, ?2) "
			"ON CONFLICT (tenant_id) DO UPDATE SET action_id = excluded.action_id",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_CREDIT, id, stmt_sql, e);
}

static void bind_date_or_null(sqlite3_stmt *st, int i, date_t d)
{
	if (d)
		bind_date(st, i, d);
	else
		sqlite3_bind_null(st, i);
}

/* Steps a one-row read: 1 row (reader called), 0 none, or -ERR_ENV. */
static int one_row(struct sqlite_store *ss, sqlite3_stmt *st, struct error *e, const char *what)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, what);
}

static int sq_terms_get(struct store_tx *tx, int64_t customer_id, struct credit_terms *out, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_TERMS_GET, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	memset(out, 0, sizeof(*out));
	out->customer_id = customer_id;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	ret = one_row(ss, st, e, "reading credit terms");
	if (ret == 1) {
		out->application_signed = col_date(st, 0);
		out->references_checked = col_date(st, 1);
		sqlite3_reset(st);
	}
	return ret;
}

static int sq_terms_put(struct store_tx *tx, const struct credit_terms *t, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_TERMS_PUT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, t->customer_id);
	bind_date_or_null(st, 3, t->application_signed);
	bind_date_or_null(st, 4, t->references_checked);
	return sq_exec_step(ss, st, e, "writing credit terms");
}

/* ?1 the tenant, ?2..?7 the hold's columns up to reason (ST_HOLD_ADD, ST_HOLD_COPY). */
static void bind_hold(sqlite3_stmt *st, int64_t tenant, const struct credit_hold *h)
{
	sqlite3_bind_int64(st, 1, tenant);
	sqlite3_bind_int64(st, 2, h->customer_id);
	bind_text(st, 3, h->source);
	bind_id(st, 4, h->action_id);
	bind_ts(st, 5, h->set_at);
	bind_text(st, 6, h->set_by);
	bind_text(st, 7, h->reason);
}

static int sq_hold_add(struct store_tx *tx, struct credit_hold *h, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_HOLD_ADD, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	bind_hold(st, tx->tenant, h);
	ret = sq_insert_step(ss, st, &h->id, e, "adding a credit hold");
	return ret < 0 ? ret : 0;
}

static int sq_hold_current(struct store_tx *tx, int64_t customer_id, struct credit_hold *out, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_HOLD_CURRENT, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	memset(out, 0, sizeof(*out));
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	ret = one_row(ss, st, e, "reading a credit hold");
	if (ret == 1) {
		out->id = sqlite3_column_int64(st, 0);
		out->customer_id = customer_id;
		col_text(st, 1, out->source, sizeof(out->source));
		out->action_id = sqlite3_column_int64(st, 2);
		out->set_at = col_ts(st, 3);
		col_text(st, 4, out->set_by, sizeof(out->set_by));
		col_text(st, 5, out->reason, sizeof(out->reason));
		sqlite3_reset(st);
	}
	return ret;
}

/* Binds (tenant, key, at, by, reason) and runs an UPDATE; *n the rows changed. */
static int release(struct store_tx *tx, enum stmt_id id, sqlite3_stmt *st, int64_t key_int, date_t key_date, date_t on,
		   timestamp_t at, const char *by, const char *reason, int64_t *n, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	if (id == ST_LIFT || id == ST_LIFT_ONE) {
		bind_date(st, 2, key_date);
		bind_date(st, 6, on);
		if (id == ST_LIFT_ONE)
			sqlite3_bind_int64(st, 7, key_int);
	} else
		sqlite3_bind_int64(st, 2, key_int);
	bind_ts(st, 3, at);
	bind_text(st, 4, by);
	bind_text(st, 5, reason);
	ret = sq_exec_step(ss, st, e, "releasing credit holds");
	if (ret < 0)
		return ret;
	if (n)
		*n = sqlite3_changes(ss->db);
	return 0;
}

static int sq_hold_release(struct store_tx *tx, int64_t customer_id, timestamp_t at, const char *by, const char *reason,
			   int64_t *n, struct error *e)
{
	return release(tx, ST_HOLD_RELEASE, stmt(SQ(tx), ST_HOLD_RELEASE, e), customer_id, 0, 0, at, by, reason, n, e);
}

/*
 * The holds of the customers given: the current run holds read by customer
 * and merged with the (ascending) ids, then each hold found tested and
 * released alone. The day after the first run at 1,000,000 customers, 7,819
 * holds, 20-odd ms for the one statement over them all (a seek into
 * invoice_open each, most of them cold pages), and the run visits a few
 * thousand of their customers.
 */
static int lift_of(struct store_tx *tx, const int64_t *customers, size_t n_customers, date_t on, date_t cutoff,
		   timestamp_t at, const char *by, const char *reason, int64_t *n, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_RUN_HOLDS, e);
	int64_t *ids = NULL, lifted = 0;
	size_t n_ids = 0, cap = 0, k = 0;
	int rc, ret = 0;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t customer = sqlite3_column_int64(st, 1);
		while (k < n_customers && customers[k] < customer)
			k++;
		if (k == n_customers)
			break;
		if (customers[k] != customer)
			continue;
		if (array_grow(&ids, &cap, n_ids, sizeof(*ids)) < 0) {
			ret = error_set(e, ERR_ENV, "out of memory");
			break;
		}
		ids[n_ids++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (ret == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
		ret = sq_db_error(ss, e, "reading the run's credit holds");
	for (size_t i = 0; i < n_ids && ret == 0; i++) {
		int64_t one = 0;
		ret = release(tx, ST_LIFT_ONE, stmt(ss, ST_LIFT_ONE, e), ids[i], cutoff, on, at, by, reason, &one, e);
		lifted += one;
	}
	free(ids);
	if (ret == 0 && n)
		*n = lifted;
	return ret;
}

static int sq_holds_lift(struct store_tx *tx, const int64_t *customers, size_t n_customers, date_t on, date_t cutoff,
			 timestamp_t at, const char *by, const char *reason, int64_t *n, struct error *e)
{
	if (customers)
		return lift_of(tx, customers, n_customers, on, cutoff, at, by, reason, n, e);
	return release(tx, ST_LIFT, stmt(SQ(tx), ST_LIFT, e), 0, cutoff, on, at, by, reason, n, e);
}

static int sq_holds_from_actions(struct store_tx *tx, date_t on, timestamp_t at, const char *by, int64_t *n,
				 struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_MARK_GET, e);
	int64_t mark = 0, set;
	int ret;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	ret = one_row(ss, st, e, "reading the credit review's mark");
	if (ret < 0)
		return ret;
	if (ret) {
		mark = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
	}
	st = stmt(ss, ST_FROM_ACTIONS, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, on);
	bind_ts(st, 3, at);
	bind_text(st, 4, by);
	sqlite3_bind_int64(st, 5, mark);
	ret = sq_exec_step(ss, st, e, "adding the run's credit holds");
	if (ret < 0)
		return ret;
	set = sqlite3_changes(ss->db);
	st = stmt(ss, ST_MARK_PUT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, on);
	ret = sq_exec_step(ss, st, e, "writing the credit review's mark");
	if (ret < 0)
		return ret;
	if (n)
		*n = set;
	return 0;
}

static int sq_exposure(struct store_tx *tx, int64_t customer_id, const char *currency, int64_t *open_balance,
		       date_t *oldest_due, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_EXPOSURE, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, customer_id);
	bind_text(st, 3, currency);
	ret = one_row(ss, st, e, "reading a customer's exposure");
	if (ret < 0)
		return ret;
	*open_balance = ret ? sqlite3_column_int64(st, 0) : 0;
	*oldest_due = ret ? col_date(st, 1) : 0;
	if (ret)
		sqlite3_reset(st);
	return 0;
}

static int sq_policy_get(struct store_tx *tx, struct credit_policy *p, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_POLICY_GET, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	ret = one_row(ss, st, e, "reading the credit policy");
	if (ret < 0)
		return ret;
	p->overdue_days = ret ? sqlite3_column_int(st, 0) : 0;
	p->nsf_fee_bp = ret ? sqlite3_column_int(st, 1) : 0;
	if (ret)
		sqlite3_reset(st);
	return 0;
}

static int sq_policy_put(struct store_tx *tx, const struct credit_policy *p, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_POLICY_PUT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int(st, 2, p->overdue_days);
	sqlite3_bind_int(st, 3, p->nsf_fee_bp);
	return sq_exec_step(ss, st, e, "writing the credit policy");
}

static int sq_holds_each(struct store_tx *tx, store_credit_hold_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_HOLDS_ALL, e);
	struct credit_hold h;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, {
		memset(&h, 0, sizeof(h));
		h.id = sqlite3_column_int64(st, 0);
		h.customer_id = sqlite3_column_int64(st, 1);
		col_text(st, 2, h.customer_ref, sizeof(h.customer_ref));
		col_text(st, 3, h.source, sizeof(h.source));
		h.action_id = sqlite3_column_int64(st, 4);
		h.set_at = col_ts(st, 5);
		col_text(st, 6, h.set_by, sizeof(h.set_by));
		col_text(st, 7, h.reason, sizeof(h.reason));
		h.released_at = col_ts(st, 8);
		col_text(st, 9, h.released_by, sizeof(h.released_by));
		col_text(st, 10, h.release_reason, sizeof(h.release_reason));
		stop_ = cb(ctx, &h);
	});
	return 0;
}

static int sq_hold_copy(struct store_tx *tx, struct credit_hold *h, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_HOLD_COPY, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	bind_hold(st, tx->tenant, h);
	if (h->released_at)
		bind_ts(st, 8, h->released_at);
	else
		sqlite3_bind_null(st, 8);
	bind_text(st, 9, h->released_by);
	bind_text(st, 10, h->release_reason);
	ret = sq_insert_step(ss, st, &h->id, e, "copying a credit hold");
	return ret < 0 ? ret : 0;
}

static int sq_review_mark_get(struct store_tx *tx, int64_t *action_id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_MARK_GET, e);
	int ret;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	ret = one_row(ss, st, e, "reading the credit review's mark");
	*action_id = ret > 0 ? sqlite3_column_int64(st, 0) : 0;
	if (ret > 0)
		sqlite3_reset(st);
	return ret;
}

static int sq_review_mark_set(struct store_tx *tx, int64_t action_id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_MARK_SET, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, action_id);
	return sq_exec_step(ss, st, e, "writing the credit review's mark");
}

const struct store_credit_ops sq_credit_ops = {
	.terms_get = sq_terms_get,
	.terms_put = sq_terms_put,
	.hold_add = sq_hold_add,
	.hold_current = sq_hold_current,
	.hold_release = sq_hold_release,
	.holds_from_actions = sq_holds_from_actions,
	.holds_lift = sq_holds_lift,
	.exposure = sq_exposure,
	.policy_get = sq_policy_get,
	.policy_put = sq_policy_put,
	.holds_each = sq_holds_each,
	.hold_copy = sq_hold_copy,
	.review_mark_get = sq_review_mark_get,
	.review_mark_set = sq_review_mark_set,
};
