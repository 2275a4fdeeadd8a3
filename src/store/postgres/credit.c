/*
 * credit.c: the credit policy (store/credit.h) on PostgreSQL, tables
 * customer_credit, credit_hold and credit_policy. The same contract as
 * sqlite/credit.c.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

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
	ST_LIFT_OF,
	ST_EXPOSURE,
	ST_POLICY_GET,
	ST_POLICY_PUT,
	ST_HOLD_COPY,
	ST_MARK_SET,
	ST_COUNT
};
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

#define LIFT_WHERE                                                                                                                       \
	"WHERE h.tenant_id = $1 AND h.source = 'run' AND h.released_at IS NULL "                                                         \
	"AND CASE WHEN EXISTS (SELECT 1 FROM invoice i WHERE i.tenant_id = $1 "                                                          \
	"AND i.customer_id = h.customer_id AND i.balance <> 0 AND i.balance > 0 AND i.due_date < $2::date "                              \
	"OFFSET 0) "                                                                                                                     \
	"THEN false ELSE EXISTS (SELECT 1 FROM customer c WHERE c.tenant_id = $1 AND c.id = h.customer_id "                              \
	"AND COALESCE((SELECT SUM(i.balance) FROM invoice i WHERE i.tenant_id = $1 "                                                     \
	"AND i.customer_id = c.id AND i.currency = c.currency AND i.balance <> 0 AND i.balance > 0), 0) "                                \
	"<= c.credit_limit OFFSET 0) END "                                                                                               \
	"AND NOT EXISTS (SELECT 1 FROM action a WHERE a.tenant_id = $1 AND a.id = h.action_id "                                          \
	"AND a.run_date >= $6::date) " /* the invoices whose step it was are settled: a step earlier than the policy's days holds too */ \
	"AND NOT EXISTS (SELECT 1 FROM action_invoice ai JOIN invoice i ON i.tenant_id = ai.tenant_id "                                  \
	"AND i.id = ai.invoice_id WHERE ai.tenant_id = $1 AND ai.action_id = h.action_id "                                               \
	"AND i.balance > 0)"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_TERMS_GET] = "SELECT application_signed::text, references_checked::text FROM customer_credit "
			 "WHERE tenant_id = $1 AND customer_id = $2",
	[ST_TERMS_PUT] = "INSERT INTO customer_credit(tenant_id, customer_id, application_signed, references_checked) "
			 "VALUES ($1, $2, $3::date, $4::date) ON CONFLICT (tenant_id, customer_id) DO UPDATE SET "
			 "application_signed = excluded.application_signed, "
			 "references_checked = excluded.references_checked",
	[ST_HOLD_ADD] = "INSERT INTO credit_hold(tenant_id, customer_id, source, action_id, set_at, set_by, reason) "
			"VALUES ($1, $2, $3, $4, to_timestamp($5::bigint), $6, $7) RETURNING id",
	[ST_HOLD_CURRENT] = "SELECT id, source, COALESCE(action_id, 0), extract(epoch from set_at)::bigint, set_by, "
			    "reason FROM credit_hold WHERE tenant_id = $1 AND customer_id = $2 "
			    "AND released_at IS NULL ORDER BY id LIMIT 1",
	[ST_HOLD_RELEASE] = "UPDATE credit_hold SET released_at = to_timestamp($3::bigint), released_by = $4, "
			    "release_reason = $5 WHERE tenant_id = $1 AND customer_id = $2 AND released_at IS NULL",
	[ST_FROM_ACTIONS] =
		"INSERT INTO credit_hold(tenant_id, customer_id, source, action_id, set_at, set_by, reason) "
		"SELECT a.tenant_id, a.customer_id, 'run', a.id, to_timestamp($3::bigint), $4, "
		"'credit_hold step ' || a.step FROM action a WHERE a.tenant_id = $1 "
		"AND a.kind = 'credit_hold' AND a.id > $5 AND a.run_date <= $2::date "
		"AND a.state IN ('scheduled', 'done') "
		/*
		 * not NOT EXISTS: with credit_hold empty when planned (the day
		 * after a first run) that was a nested-loop anti join with a
		 * scan of credit_hold per action, 373 s of a next-day run at
		 * 1,000,000 customers with 156,361 holds to set
		 */
		"ON CONFLICT (tenant_id, action_id) DO NOTHING",
	/* the review's mark (table credit_review), as SQLite's: see sqlite/credit.c */
	[ST_MARK_GET] = "SELECT action_id FROM credit_review WHERE tenant_id = $1",
	[ST_MARK_PUT] =
		"INSERT INTO credit_review(tenant_id, action_id) SELECT $1, COALESCE((SELECT max(a.id) FROM action a "
		"WHERE a.tenant_id = $1 AND a.kind = 'credit_hold'), 0) "
		"WHERE NOT EXISTS (SELECT 1 FROM run r WHERE r.tenant_id = $1 AND r.run_date > $2::date) "
		"ON CONFLICT (tenant_id) DO UPDATE SET action_id = excluded.action_id",
	/*
	 * `balance <> 0`: as SQLite's (invoice_open's rows, named for the
	 * planner). Each hold's customer is read and its exposure summed only
	 * when no invoice is overdue (CASE: evaluated in that order, whatever
	 * the statistics say): the planner read every held customer and summed
	 * its exposure before the anti join, which keeps almost none (the next
	 * day at 100,000 customers: 844 held, 790 still overdue; 27-47 ms a
	 * run in the server's log, 7-14 ms so). No join to a fenced subquery
	 * either: with credit_hold's statistics those of the day before (a row
	 * or two), its plan read the holds once per hold (2.7 s). OFFSET 0:
	 * each EXISTS a probe of its index per hold, never a hash of every
	 * overdue invoice of the tenant (17,233 rows here, 12 ms, growing with
	 * the book).
	 */
	[ST_LIFT] = "UPDATE credit_hold h SET released_at = to_timestamp($3::bigint), released_by = $4, "
		    "release_reason = $5 " LIFT_WHERE,
	/* the holds of the customers given ($7, an array; a hashed test for a long one) */
	[ST_LIFT_OF] = "UPDATE credit_hold h SET released_at = to_timestamp($3::bigint), released_by = $4, "
		       "release_reason = $5 " LIFT_WHERE " AND h.customer_id = ANY($7::bigint[])",
	[ST_EXPOSURE] = "SELECT COALESCE(SUM(balance), 0), MIN(due_date)::text FROM invoice "
			"WHERE tenant_id = $1 AND customer_id = $2 AND currency = $3 AND balance > 0",
	[ST_POLICY_GET] = "SELECT overdue_days, nsf_fee_bp FROM credit_policy WHERE tenant_id = $1",
	[ST_POLICY_PUT] = "INSERT INTO credit_policy(tenant_id, overdue_days, nsf_fee_bp) VALUES ($1, $2, $3) "
			  "ON CONFLICT (tenant_id) DO UPDATE SET overdue_days = excluded.overdue_days, "
			  "nsf_fee_bp = excluded.nsf_fee_bp",
	[ST_HOLD_COPY] =
		"INSERT INTO credit_hold(tenant_id, customer_id, source, action_id, set_at, set_by, reason, "
		"released_at, released_by, release_reason) VALUES ($1, $2, $3, $4, to_timestamp($5::bigint), $6, "
		"$7, to_timestamp($8::bigint), $9, $10) RETURNING id",
	/* the mark as given (recoup migrate copies the source's) */
	[ST_MARK_SET] = "INSERT INTO credit_review(tenant_id, action_id) VALUES ($1, $2) "
			"ON CONFLICT (tenant_id) DO UPDATE SET action_id = excluded.action_id",
};

/* Streamed (store_credit_holds_each: every hold of a book, for app/migrate): text, not prepared. */
static const char holds_all_sql[] =
	"SELECT h.id, h.customer_id, c.ref, h.source, COALESCE(h.action_id, 0), extract(epoch from h.set_at)::bigint, "
	"h.set_by, h.reason, extract(epoch from h.released_at)::bigint, h.released_by, h.release_reason "
	"FROM credit_hold h JOIN customer c ON c.tenant_id = $1 AND c.id = h.customer_id WHERE h.tenant_id = $1 "
	"ORDER BY h.id";

static void param_date_or_null(struct pg_params *p, date_t d)
{
	if (d)
		pg_param_date(p, d);
	else
		pg_param_null(p);
}

static date_t date_or_zero(const PGresult *r, int i, int col)
{
	return pg_isnull(r, i, col) ? 0 : pg_date(r, i, col);
}

static int pg_terms_get(struct store_tx *tx, int64_t customer_id, struct credit_terms *out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	memset(out, 0, sizeof(*out));
	out->customer_id = customer_id;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	res = pg_run(PG(tx), PG_CREDIT, ST_TERMS_GET, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1;
	if (found) {
		out->application_signed = date_or_zero(res, 0, 0);
		out->references_checked = date_or_zero(res, 0, 1);
	}
	PQclear(res);
	return found;
}

static int pg_terms_put(struct store_tx *tx, const struct credit_terms *t, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, t->customer_id);
	param_date_or_null(&p, t->application_signed);
	param_date_or_null(&p, t->references_checked);
	return pg_exec(PG(tx), PG_CREDIT, ST_TERMS_PUT, stmt_sql, &p, e);
}

/* $1 the tenant, $2..$7 the hold's columns up to reason (ST_HOLD_ADD, ST_HOLD_COPY). */
static void hold_params(struct pg_params *p, int64_t tenant, const struct credit_hold *h)
{
	pg_param_int(p, tenant);
	pg_param_int(p, h->customer_id);
	pg_param_text(p, h->source);
	pg_param_id(p, h->action_id);
	pg_param_ts(p, h->set_at);
	pg_param_text(p, h->set_by);
	pg_param_text(p, h->reason);
}

/* Runs the insert `id` (RETURNING id) into h->id. */
static int insert_hold(struct store_tx *tx, enum stmt_id id, const struct pg_params *p, struct credit_hold *h,
		       struct error *e)
{
	PGresult *res = pg_run(PG(tx), PG_CREDIT, (int)id, stmt_sql, p, e);

	if (!res)
		return -ERR_ENV;
	h->id = PQntuples(res) == 1 ? pg_int(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

static int pg_hold_add(struct store_tx *tx, struct credit_hold *h, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	hold_params(&p, tx->tenant, h);
	return insert_hold(tx, ST_HOLD_ADD, &p, h, e);
}

static int pg_hold_current(struct store_tx *tx, int64_t customer_id, struct credit_hold *out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	memset(out, 0, sizeof(*out));
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	res = pg_run(PG(tx), PG_CREDIT, ST_HOLD_CURRENT, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1;
	if (found) {
		out->id = pg_int(res, 0, 0);
		out->customer_id = customer_id;
		pg_text(res, 0, 1, out->source, sizeof(out->source));
		out->action_id = pg_int(res, 0, 2);
		out->set_at = pg_ts(res, 0, 3);
		pg_text(res, 0, 4, out->set_by, sizeof(out->set_by));
		pg_text(res, 0, 5, out->reason, sizeof(out->reason));
	}
	PQclear(res);
	return found;
}

/* Runs statement `id` with p and reports the rows it changed in *n (may be NULL). */
static int changed(struct store_tx *tx, enum stmt_id id, const struct pg_params *p, int64_t *n, struct error *e)
{
	PGresult *res = pg_run(PG(tx), PG_CREDIT, id, stmt_sql, p, e);
	if (!res)
		return -ERR_ENV;
	if (n)
		*n = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

static int pg_hold_release(struct store_tx *tx, int64_t customer_id, timestamp_t at, const char *by, const char *reason,
			   int64_t *n, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_ts(&p, at);
	pg_param_text(&p, by);
	pg_param_text(&p, reason);
	return changed(tx, ST_HOLD_RELEASE, &p, n, e);
}

static int pg_holds_from_actions(struct store_tx *tx, date_t on, timestamp_t at, const char *by, int64_t *n,
				 struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT, q = PG_PARAMS_INIT, m = PG_PARAMS_INIT;
	int64_t mark = 0;
	PGresult *res;
	int ret;

	pg_param_int(&q, tx->tenant);
	res = pg_run(PG(tx), PG_CREDIT, ST_MARK_GET, stmt_sql, &q, e);
	if (!res)
		return -ERR_ENV;
	if (PQntuples(res) == 1)
		mark = pg_int(res, 0, 0);
	PQclear(res);
	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, on);
	pg_param_ts(&p, at);
	pg_param_text(&p, by);
	pg_param_int(&p, mark);
	ret = changed(tx, ST_FROM_ACTIONS, &p, n, e);
	if (ret < 0)
		return ret;
	pg_param_int(&m, tx->tenant);
	pg_param_date(&m, on);
	return pg_exec(PG(tx), PG_CREDIT, ST_MARK_PUT, stmt_sql, &m, e);
}

static int pg_holds_lift(struct store_tx *tx, const int64_t *customers, size_t n_customers, date_t on, date_t cutoff,
			 timestamp_t at, const char *by, const char *reason, int64_t *n, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array arr = PG_ARRAY_INIT;
	int ret = customers ? pg_array_ids(&arr, customers, n_customers, e) : 0;

	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_date(&p, cutoff);
		pg_param_ts(&p, at);
		pg_param_text(&p, by);
		pg_param_text(&p, reason);
		pg_param_date(&p, on);
		if (customers)
			pg_param_text(&p, arr.buf);
		ret = changed(tx, customers ? ST_LIFT_OF : ST_LIFT, &p, n, e);
	}
	pg_array_release(&arr);
	return ret;
}

static int pg_exposure(struct store_tx *tx, int64_t customer_id, const char *currency, int64_t *open_balance,
		       date_t *oldest_due, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_text(&p, currency);
	res = pg_run(PG(tx), PG_CREDIT, ST_EXPOSURE, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	*open_balance = PQntuples(res) == 1 ? pg_int(res, 0, 0) : 0;
	*oldest_due = PQntuples(res) == 1 ? date_or_zero(res, 0, 1) : 0;
	PQclear(res);
	return 0;
}

static int pg_policy_get(struct store_tx *tx, struct credit_policy *out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_CREDIT, ST_POLICY_GET, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	out->overdue_days = PQntuples(res) == 1 ? (int)pg_int(res, 0, 0) : 0;
	out->nsf_fee_bp = PQntuples(res) == 1 ? (int)pg_int(res, 0, 1) : 0;
	PQclear(res);
	return 0;
}

static int pg_policy_put(struct store_tx *tx, const struct credit_policy *in, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, in->overdue_days);
	pg_param_int(&p, in->nsf_fee_bp);
	return pg_exec(PG(tx), PG_CREDIT, ST_POLICY_PUT, stmt_sql, &p, e);
}

struct hold_rows {
	store_credit_hold_cb cb;
	void *ctx;
};

static int hold_row(void *ctx, PGresult *res, int i)
{
	struct hold_rows *r = ctx;
	struct credit_hold h;

	memset(&h, 0, sizeof(h));
	h.id = pg_int(res, i, 0);
	h.customer_id = pg_int(res, i, 1);
	pg_text(res, i, 2, h.customer_ref, sizeof(h.customer_ref));
	pg_text(res, i, 3, h.source, sizeof(h.source));
	h.action_id = pg_int(res, i, 4);
	h.set_at = pg_ts(res, i, 5);
	pg_text(res, i, 6, h.set_by, sizeof(h.set_by));
	pg_text(res, i, 7, h.reason, sizeof(h.reason));
	h.released_at = pg_ts(res, i, 8);
	pg_text(res, i, 9, h.released_by, sizeof(h.released_by));
	pg_text(res, i, 10, h.release_reason, sizeof(h.release_reason));
	return r->cb(r->ctx, &h);
}

static int pg_holds_each(struct store_tx *tx, store_credit_hold_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct hold_rows r = { cb, ctx };

	pg_param_int(&p, tx->tenant);
	return pg_stream(PG(tx), holds_all_sql, &p, hold_row, &r, e);
}

static int pg_hold_copy(struct store_tx *tx, struct credit_hold *h, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	hold_params(&p, tx->tenant, h);
	if (h->released_at)
		pg_param_ts(&p, h->released_at);
	else
		pg_param_null(&p);
	pg_param_text(&p, h->released_by);
	pg_param_text(&p, h->release_reason);
	return insert_hold(tx, ST_HOLD_COPY, &p, h, e);
}

static int pg_review_mark_get(struct store_tx *tx, int64_t *action_id, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_CREDIT, ST_MARK_GET, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1;
	*action_id = found ? pg_int(res, 0, 0) : 0;
	PQclear(res);
	return found;
}

static int pg_review_mark_set(struct store_tx *tx, int64_t action_id, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, action_id);
	return pg_exec(PG(tx), PG_CREDIT, ST_MARK_SET, stmt_sql, &p, e);
}

const struct store_credit_ops pg_credit_ops = {
	.terms_get = pg_terms_get,
	.terms_put = pg_terms_put,
	.hold_add = pg_hold_add,
	.hold_current = pg_hold_current,
	.hold_release = pg_hold_release,
	.holds_from_actions = pg_holds_from_actions,
	.holds_lift = pg_holds_lift,
	.exposure = pg_exposure,
	.policy_get = pg_policy_get,
	.policy_put = pg_policy_put,
	.holds_each = pg_holds_each,
	.hold_copy = pg_hold_copy,
	.review_mark_get = pg_review_mark_get,
	.review_mark_set = pg_review_mark_set,
};
