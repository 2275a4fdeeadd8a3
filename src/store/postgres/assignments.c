/*
 * assignments.c: the work queue's store (store/assignments.h) on
 * PostgreSQL. The same statements as sqlite/assignments.c in PostgreSQL
 * types (pg_int.h); many assignments go in one statement each way, as
 * arrays (`unnest`, `= ANY`). Results are read whole (pg_run): a
 * collector's calls, a chunk's assignments.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

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
	ST_BALANCES_OF,
	ST_LATEST,
	ST_COUNT
};
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

/* The overdue balance and oldest overdue due date of customer x.customer_id in currency x.currency. */
#define OVERDUE_WHERE                                                               \
	" FROM invoice i WHERE i.tenant_id = $1 AND i.customer_id = x.customer_id " \
	"AND i.currency = x.currency AND i.balance <> 0 AND i.due_date < $4::date"
/* Netted as the run nets an account (sqlite/assignments.c says why). */
#define CREDIT_OF(customer, currency)                                                                  \
	"(SELECT LEAST(0, COALESCE(SUM(l.amount), 0)) FROM ledger_entry l WHERE l.tenant_id = $1 AND " \
	"l.customer_id = " customer " AND l.currency = " currency " AND l.invoice_id IS NULL)"
/* The overdue and the open sums from one walk of the account's open invoices (invoice_open). */
#define OVERDUE_BALANCE                                                                        \
	"(SELECT LEAST(COALESCE(SUM(CASE WHEN i.due_date < $4::date THEN i.balance END), 0), " \
	"COALESCE(SUM(i.balance), 0) + " CREDIT_OF(                                            \
		"x.customer_id",                                                               \
		"x.currency") ") FROM invoice i "                                              \
			      "WHERE i.tenant_id = $1 AND i.customer_id = x.customer_id AND i.currency = x.currency AND i.balance <> 0)"
#define OVERDUE_OLDEST "(SELECT MIN(i.due_date)::text" OVERDUE_WHERE " AND i.balance > 0)"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_EACH] = "SELECT customer_id, user_id, since::text, reason, risk_band FROM assignment "
		    "WHERE tenant_id = $1 AND customer_id BETWEEN $2 AND $3 ORDER BY customer_id",
	[ST_PUT] =
		"INSERT INTO assignment(tenant_id, customer_id, user_id, since, reason, risk_band) "
		"SELECT $1, c, u, s, r, b FROM unnest($2::bigint[], $3::bigint[], $4::date[], $5::text[], $6::text[]) "
		"AS t(c, u, s, r, b) "
		"ON CONFLICT (tenant_id, customer_id) DO UPDATE SET user_id = excluded.user_id, "
		"since = excluded.since, reason = excluded.reason, risk_band = excluded.risk_band",
	[ST_RELEASE] = "DELETE FROM assignment WHERE tenant_id = $1 AND customer_id = ANY($2::bigint[])",
	/*
	 * The collector's assignments probed in action_call_due (0020). The
	 * refs come with the rows: a few hundred index lookups in the server
	 * cost less than a round trip per account examined (store_queue_refs).
	 */
	[ST_CALLS] = "SELECT a.user_id, x.customer_id, COALESCE(x.contact_id, 0), x.currency, x.id, "
		     "extract(epoch from x.scheduled_at)::bigint, a.risk_band, " OVERDUE_BALANCE ", " OVERDUE_OLDEST
		     ", c.ref, COALESCE(k.ref, '') FROM assignment a JOIN action x ON x.tenant_id = $1 "
		     "AND x.customer_id = a.customer_id AND x.state = 'scheduled' AND x.kind = 'call' "
		     "AND x.scheduled_at <= to_timestamp($3::bigint) "
		     "JOIN customer c ON c.tenant_id = $1 AND c.id = x.customer_id "
		     "LEFT JOIN contact k ON k.tenant_id = $1 AND k.id = x.contact_id "
		     "WHERE a.tenant_id = $1 AND a.user_id = $2 "
		     "ORDER BY a.customer_id, x.currency COLLATE \"C\", x.scheduled_at, x.id",
	[ST_CALLBACKS] = "SELECT a.user_id, u.name, t.customer_id, c.ref, t.contact_id, k.ref, "
			 "extract(epoch from t.callback_at)::bigint, a.risk_band "
			 "FROM contact_attempt t "
			 "JOIN assignment a ON a.tenant_id = $1 AND a.customer_id = t.customer_id AND a.user_id = $2 "
			 "JOIN app_user u ON u.tenant_id = $1 AND u.id = a.user_id "
			 "JOIN customer c ON c.tenant_id = $1 AND c.id = t.customer_id "
			 "JOIN contact k ON k.tenant_id = $1 AND k.id = t.contact_id "
			 "WHERE t.tenant_id = $1 AND t.callback_at IS NOT NULL "
			 "AND t.callback_at >= to_timestamp($3::bigint) AND t.callback_at < to_timestamp($4::bigint) "
			 "AND NOT EXISTS (SELECT 1 FROM contact_attempt z WHERE z.tenant_id = $1 "
			 "AND z.customer_id = t.customer_id AND z.at > t.at AND z.channel = 'call') "
			 "ORDER BY t.customer_id, t.callback_at, t.id",
	[ST_BALANCES] =
		"SELECT x.currency, LEAST(COALESCE(SUM(CASE WHEN x.due_date < $3::date THEN x.balance END), 0), "
		"SUM(x.balance) + " CREDIT_OF(
			"$2",
			"x.currency") "), "
				      "MIN(CASE WHEN x.balance > 0 AND x.due_date < $3::date THEN x.due_date END)::text "
				      "FROM invoice x WHERE x.tenant_id = $1 AND x.customer_id = $2 AND x.balance <> 0 "
				      "GROUP BY x.currency HAVING MIN(x.due_date) < $3::date ORDER BY x.currency COLLATE \"C\"",
	/* ST_BALANCES for the customers of an array, in one statement (store_queue_balances_of) */
	[ST_BALANCES_OF] =
		"SELECT x.customer_id, x.currency, LEAST(COALESCE(SUM(CASE WHEN x.due_date < $3::date THEN x.balance END), "
		"0), SUM(x.balance) + " CREDIT_OF(
			"x.customer_id",
			"x.currency") "), "
				      "MIN(CASE WHEN x.balance > 0 AND x.due_date < $3::date THEN x.due_date END)::text "
				      "FROM invoice x WHERE x.tenant_id = $1 AND x.customer_id = ANY($2::bigint[]) AND x.balance <> 0 "
				      "GROUP BY x.customer_id, x.currency HAVING MIN(x.due_date) < $3::date "
				      "ORDER BY x.customer_id, x.currency COLLATE \"C\"",
	[ST_LOGGED] = "SELECT COUNT(*) FROM contact_attempt WHERE tenant_id = $1 AND logged_by IS NOT NULL "
		      "AND logged_by = $2 AND at >= to_timestamp($3::bigint) AND at < to_timestamp($4::bigint) "
		      "AND channel = 'call'",
	[ST_NOTE] = "UPDATE contact_attempt SET callback_at = to_timestamp($3::bigint), logged_by = $4 "
		    "WHERE tenant_id = $1 AND id = $2",
	[ST_DONE] =
		"UPDATE action SET state = 'done', reason = 'a call was logged', updated_at = to_timestamp($4::bigint) "
		"WHERE tenant_id = $1 AND customer_id = $2 AND state = 'scheduled' AND kind = 'call' "
		"AND scheduled_at <= to_timestamp($3::bigint)",
	[ST_REFS] = "SELECT c.ref, COALESCE(k.ref, '') FROM customer c "
		    "LEFT JOIN contact k ON k.tenant_id = $1 AND k.id = $3 "
		    "WHERE c.tenant_id = $1 AND c.id = $2",
	/*
	 * The collector's assignments best bound first (assignment_bound,
	 * 0024), with the refs: the rows come whole, the nets are read only
	 * for the few the queue examines (store_queue_balances).
	 */
	[ST_BY_BOUND] = "SELECT a.user_id, x.customer_id, COALESCE(x.contact_id, 0), x.currency, x.id, "
			"extract(epoch from x.scheduled_at)::bigint, a.risk_band, a.bound, c.ref, COALESCE(k.ref, '') "
			"FROM assignment a JOIN action x ON x.tenant_id = $1 "
			"AND x.customer_id = a.customer_id AND x.state = 'scheduled' AND x.kind = 'call' "
			"AND x.scheduled_at <= to_timestamp($3::bigint) "
			"JOIN customer c ON c.tenant_id = $1 AND c.id = x.customer_id "
			"LEFT JOIN contact k ON k.tenant_id = $1 AND k.id = x.contact_id "
			"WHERE a.tenant_id = $1 AND a.user_id = $2 "
			"ORDER BY a.bound DESC, a.customer_id, x.currency COLLATE \"C\", x.scheduled_at, x.id",
	[ST_CALLS_OF] = "SELECT a.user_id, x.customer_id, COALESCE(x.contact_id, 0), x.currency, x.id, "
			"extract(epoch from x.scheduled_at)::bigint, a.risk_band, a.bound, c.ref, COALESCE(k.ref, '') "
			"FROM assignment a JOIN action x ON x.tenant_id = $1 "
			"AND x.customer_id = a.customer_id AND x.state = 'scheduled' AND x.kind = 'call' "
			"AND x.scheduled_at <= to_timestamp($3::bigint) "
			"JOIN customer c ON c.tenant_id = $1 AND c.id = x.customer_id "
			"LEFT JOIN contact k ON k.tenant_id = $1 AND k.id = x.contact_id "
			"WHERE a.tenant_id = $1 AND a.customer_id = $2 "
			"ORDER BY x.currency COLLATE \"C\", x.scheduled_at, x.id",
	[ST_OPEN] =
		"SELECT a.customer_id, a.bound, a.bound_currency, a.bound_scale, a.bound_pay, a.risk_band, i.currency, "
		"COALESCE(SUM(i.balance), 0) FROM assignment a LEFT JOIN invoice i ON i.tenant_id = $1 "
		"AND i.customer_id = a.customer_id AND i.balance <> 0 AND i.balance > 0 "
		"WHERE a.tenant_id = $1 AND a.customer_id BETWEEN $2 AND $3 "
		"GROUP BY a.customer_id, a.bound, a.bound_currency, a.bound_scale, a.bound_pay, a.risk_band, i.currency "
		"ORDER BY a.customer_id, i.currency COLLATE \"C\"",
	[ST_BOUND_SET] = "UPDATE assignment SET bound = $4, bound_currency = $5, bound_scale = $6, bound_pay = $7 "
			 "WHERE tenant_id = $1 AND customer_id = $2 AND bound = $3",
	[ST_LATEST] = "SELECT max(since)::text FROM assignment WHERE tenant_id = $1",
};

static int pg_assignments_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_assignment_cb cb,
			       void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct assignment a;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, from_customer);
	pg_param_int(&p, to_customer);
	res = pg_run(PG(tx), PG_ASSIGNMENTS, ST_EACH, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		memset(&a, 0, sizeof(a));
		a.customer_id = pg_int(res, i, 0);
		a.user_id = pg_int(res, i, 1);
		a.since = pg_date(res, i, 2);
		pg_text(res, i, 3, a.reason, sizeof(a.reason));
		pg_text(res, i, 4, a.risk_band, sizeof(a.risk_band));
		stop = cb(ctx, &a);
	}
	PQclear(res);
	return stop;
}

static int pg_assignments_put(struct store_tx *tx, const struct assignment *rows, size_t n, struct error *e)
{
	struct pg_array c = PG_ARRAY_INIT, u = PG_ARRAY_INIT, s = PG_ARRAY_INIT, r = PG_ARRAY_INIT, b = PG_ARRAY_INIT;
	struct pg_params p = PG_PARAMS_INIT;
	int ret;

	if (n == 0)
		return 0;
	ret = pg_array_start(&c, e);
	if (ret == 0)
		ret = pg_array_start(&u, e);
	if (ret == 0)
		ret = pg_array_start(&s, e);
	if (ret == 0)
		ret = pg_array_start(&r, e);
	if (ret == 0)
		ret = pg_array_start(&b, e);
	for (size_t i = 0; i < n && ret == 0; i++) {
		ret = pg_array_int(&c, rows[i].customer_id, e);
		if (ret == 0)
			ret = pg_array_int(&u, rows[i].user_id, e);
		if (ret == 0)
			ret = pg_array_date(&s, rows[i].since, e);
		if (ret == 0)
			ret = pg_array_text(&r, rows[i].reason, e);
		if (ret == 0)
			ret = pg_array_text(&b, rows[i].risk_band, e);
	}
	if (ret == 0)
		ret = pg_array_end(&c, e);
	if (ret == 0)
		ret = pg_array_end(&u, e);
	if (ret == 0)
		ret = pg_array_end(&s, e);
	if (ret == 0)
		ret = pg_array_end(&r, e);
	if (ret == 0)
		ret = pg_array_end(&b, e);
	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_text(&p, c.buf);
		pg_param_text(&p, u.buf);
		pg_param_text(&p, s.buf);
		pg_param_text(&p, r.buf);
		pg_param_text(&p, b.buf);
		ret = pg_exec(PG(tx), PG_ASSIGNMENTS, ST_PUT, stmt_sql, &p, e);
	}
	pg_array_release(&c);
	pg_array_release(&u);
	pg_array_release(&s);
	pg_array_release(&r);
	pg_array_release(&b);
	return ret;
}

static int pg_assignments_release(struct store_tx *tx, const int64_t *customer_ids, size_t n, struct error *e)
{
	struct pg_array c = PG_ARRAY_INIT;
	struct pg_params p = PG_PARAMS_INIT;
	int ret;

	if (n == 0)
		return 0;
	ret = pg_array_start(&c, e);
	for (size_t i = 0; i < n && ret == 0; i++)
		ret = pg_array_int(&c, customer_ids[i], e);
	if (ret == 0)
		ret = pg_array_end(&c, e);
	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_text(&p, c.buf);
		ret = pg_exec(PG(tx), PG_ASSIGNMENTS, ST_RELEASE, stmt_sql, &p, e);
	}
	pg_array_release(&c);
	return ret;
}

static int pg_assignments_latest(struct store_tx *tx, date_t *since, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_ASSIGNMENTS, ST_LATEST, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1 && !PQgetisnull(res, 0, 0);
	if (found)
		*since = pg_date(res, 0, 0);
	PQclear(res);
	return found;
}

/* Copies of a row's text: the callback may run statements, the result stays until PQclear. */
static void read_head(const PGresult *res, int i, struct queue_row *r)
{
	memset(r, 0, sizeof(*r));
	r->user_id = pg_int(res, i, 0);
	r->user_name = PQgetvalue(res, i, 1);
	r->customer_id = pg_int(res, i, 2);
	r->customer_ref = PQgetvalue(res, i, 3);
	r->contact_id = pg_int(res, i, 4);
	r->contact_ref = PQgetvalue(res, i, 5);
}

static int pg_queue_calls_each(struct store_tx *tx, int64_t user_id, timestamp_t now, date_t today, store_queue_cb cb,
			       void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct queue_row r;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, user_id);
	pg_param_ts(&p, now);
	pg_param_date(&p, today);
	res = pg_run(PG(tx), PG_ASSIGNMENTS, ST_CALLS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		memset(&r, 0, sizeof(r));
		r.user_id = pg_int(res, i, 0);
		r.customer_id = pg_int(res, i, 1);
		r.contact_id = pg_int(res, i, 2);
		r.currency = PQgetvalue(res, i, 3);
		r.action_id = pg_int(res, i, 4);
		r.due_at = pg_ts(res, i, 5);
		r.risk_band = PQgetvalue(res, i, 6);
		r.balance = pg_int(res, i, 7);
		r.oldest_due = pg_isnull(res, i, 8) ? 0 : pg_date(res, i, 8);
		r.customer_ref = PQgetvalue(res, i, 9);
		r.contact_ref = PQgetvalue(res, i, 10);
		stop = cb(ctx, &r);
	}
	PQclear(res);
	return stop;
}

static int pg_queue_callbacks_each(struct store_tx *tx, int64_t user_id, timestamp_t from, timestamp_t to, date_t today,
				   store_queue_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct queue_row r;
	PGresult *res;
	int stop = 0;

	(void)today;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, user_id);
	pg_param_ts(&p, from);
	pg_param_ts(&p, to);
	res = pg_run(PG(tx), PG_ASSIGNMENTS, ST_CALLBACKS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		read_head(res, i, &r);
		r.currency = "";
		r.due_at = pg_ts(res, i, 6);
		r.risk_band = PQgetvalue(res, i, 7);
		stop = cb(ctx, &r);
	}
	PQclear(res);
	return stop;
}

static int pg_queue_balances(struct store_tx *tx, int64_t customer_id, date_t today, store_queue_balance_cb cb,
			     void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_date(&p, today);
	res = pg_run(PG(tx), PG_ASSIGNMENTS, ST_BALANCES, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++)
		stop = cb(ctx, PQgetvalue(res, i, 0), pg_int(res, i, 1), pg_isnull(res, i, 2) ? 0 : pg_date(res, i, 2));
	PQclear(res);
	return stop;
}

int pg_queue_balances_of(struct store_tx *tx, const int64_t *ids, size_t n, date_t today, store_queue_balances_of_cb cb,
			 void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array arr = PG_ARRAY_INIT;
	PGresult *res;
	int stop = pg_array_ids(&arr, ids, n, e);

	if (stop < 0)
		return stop;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, arr.buf);
	pg_param_date(&p, today);
	res = pg_run(PG(tx), PG_ASSIGNMENTS, ST_BALANCES_OF, stmt_sql, &p, e);
	pg_array_release(&arr);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++)
		stop = cb(ctx, pg_int(res, i, 0), PQgetvalue(res, i, 1), pg_int(res, i, 2),
			  pg_isnull(res, i, 3) ? 0 : pg_date(res, i, 3));
	PQclear(res);
	return stop;
}

static int pg_queue_calls_logged(struct store_tx *tx, const char *logged_by, timestamp_t from, timestamp_t to,
				 int64_t *n, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, logged_by);
	pg_param_ts(&p, from);
	pg_param_ts(&p, to);
	res = pg_run(PG(tx), PG_ASSIGNMENTS, ST_LOGGED, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	*n = PQntuples(res) ? pg_int(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

static int pg_queue_refs(struct store_tx *tx, int64_t customer_id, int64_t contact_id, char *customer_ref,
			 char *contact_ref, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_int(&p, contact_id);
	res = pg_run(PG(tx), PG_ASSIGNMENTS, ST_REFS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	customer_ref[0] = contact_ref[0] = '\0';
	found = PQntuples(res) > 0;
	if (found) {
		pg_text(res, 0, 0, customer_ref, REF_MAX + 1);
		pg_text(res, 0, 1, contact_ref, REF_MAX + 1);
	}
	PQclear(res);
	return found;
}

static int pg_attempt_queue_note(struct store_tx *tx, int64_t attempt_id, timestamp_t callback_at,
				 const char *logged_by, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int changed;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, attempt_id);
	if (callback_at)
		pg_param_ts(&p, callback_at);
	else
		pg_param_null(&p);
	pg_param_text(&p, logged_by);
	res = pg_run(PG(tx), PG_ASSIGNMENTS, ST_NOTE, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	changed = strtol(PQcmdTuples(res), NULL, 10) > 0;
	PQclear(res);
	return changed;
}

static int pg_calls_done(struct store_tx *tx, int64_t customer_id, timestamp_t up_to, timestamp_t at, int64_t *n,
			 struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_ts(&p, up_to);
	pg_param_ts(&p, at);
	res = pg_run(PG(tx), PG_ASSIGNMENTS, ST_DONE, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	*n = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

static int calls_rows(PGresult *res, store_queue_cb cb, void *ctx)
{
	struct queue_row r;
	int stop = 0;

	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		memset(&r, 0, sizeof(r));
		r.user_id = pg_int(res, i, 0);
		r.customer_id = pg_int(res, i, 1);
		r.contact_id = pg_int(res, i, 2);
		r.currency = PQgetvalue(res, i, 3);
		r.action_id = pg_int(res, i, 4);
		r.due_at = pg_ts(res, i, 5);
		r.risk_band = PQgetvalue(res, i, 6);
		r.bound = pg_int(res, i, 7);
		r.customer_ref = PQgetvalue(res, i, 8);
		r.contact_ref = PQgetvalue(res, i, 9);
		stop = cb(ctx, &r);
	}
	PQclear(res);
	return stop;
}

static int pg_queue_calls_by_bound(struct store_tx *tx, int64_t user_id, timestamp_t now, store_queue_cb cb, void *ctx,
				   struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, user_id);
	pg_param_ts(&p, now);
	res = pg_run(PG(tx), PG_ASSIGNMENTS, ST_BY_BOUND, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return calls_rows(res, cb, ctx);
}

static int pg_queue_calls_of(struct store_tx *tx, int64_t customer_id, timestamp_t now, store_queue_cb cb, void *ctx,
			     struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_ts(&p, now);
	res = pg_run(PG(tx), PG_ASSIGNMENTS, ST_CALLS_OF, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return calls_rows(res, cb, ctx);
}

static int pg_assignment_open_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer,
				   store_assignment_open_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct assignment_open r;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, from_customer);
	pg_param_int(&p, to_customer);
	res = pg_run(PG(tx), PG_ASSIGNMENTS, ST_OPEN, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		memset(&r, 0, sizeof(r));
		r.customer_id = pg_int(res, i, 0);
		r.bound = pg_int(res, i, 1);
		r.bound_currency = pg_isnull(res, i, 2) ? NULL : PQgetvalue(res, i, 2);
		r.bound_scale = pg_int(res, i, 3);
		r.bound_pay = pg_int(res, i, 4);
		r.risk_band = PQgetvalue(res, i, 5);
		r.currency = pg_isnull(res, i, 6) ? NULL : PQgetvalue(res, i, 6);
		r.open = pg_int(res, i, 7);
		stop = cb(ctx, &r);
	}
	PQclear(res);
	return stop;
}

static int pg_assignment_bound_set(struct store_tx *tx, int64_t customer_id, int64_t old_bound, int64_t bound,
				   const char *currency, int64_t scale, int64_t pay, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int changed;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, customer_id);
	pg_param_int(&p, old_bound);
	pg_param_int(&p, bound);
	if (currency)
		pg_param_text(&p, currency);
	else
		pg_param_null(&p);
	pg_param_int(&p, scale);
	pg_param_int(&p, pay);
	res = pg_run(PG(tx), PG_ASSIGNMENTS, ST_BOUND_SET, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	changed = strtol(PQcmdTuples(res), NULL, 10) > 0;
	PQclear(res);
	return changed;
}

const struct store_assignments_ops pg_assignments_ops = {
	.each = pg_assignments_each,
	.put = pg_assignments_put,
	.release = pg_assignments_release,
	.calls_each = pg_queue_calls_each,
	.callbacks_each = pg_queue_callbacks_each,
	.balances = pg_queue_balances,
	.calls_logged = pg_queue_calls_logged,
	.attempt_note = pg_attempt_queue_note,
	.calls_done = pg_calls_done,
	.refs = pg_queue_refs,
	.calls_by_bound = pg_queue_calls_by_bound,
	.calls_of = pg_queue_calls_of,
	.open_each = pg_assignment_open_each,
	.bound_set = pg_assignment_bound_set,
	.latest = pg_assignments_latest,
};
