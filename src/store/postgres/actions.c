/*
 * actions.c: the daily run's records (PostgreSQL): actions and their
 * invoices, runs, the day's snapshot, the balances as known on a date, and
 * the run lock. The same contract as sqlite/actions.c (store/actions.h).
 *
 * The reads of a chunk of customers (a few hundred) are prepared
 * statements read whole; the listing and the snapshots, which may cover a
 * tenant, stream through a cursor (pg_stream).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

/* The first key of the run lock (the tenant is the second): not PG_LOCK_CLASS, which writers take. */
#define PG_RUN_LOCK_CLASS 0x72756e00 /* "run" */

enum stmt_id {
	ST_ADD,
	ST_SET_STATE,
	ST_RECORDED,
	ST_RECORDED_OPEN,
	ST_WAITING,
	ST_LATER,
	ST_RUN_AFTER,
	ST_INVOICES,
	ST_INVOICES_LATER,
	ST_CREDIT,
	ST_RUN_START,
	ST_RUN_STATE,
	ST_RUN_FINISH,
	ST_RUN_COUNTS,
	ST_SNAPSHOT_DELETE,
	ST_SNAPSHOT_ADD,
	ST_LOCK,
	ST_UNLOCK,
	ST_COUNT
};
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	/*
	 * An action and its invoices in one statement (one round trip): the
	 * foreign-key checks of action_invoice run at the end of the statement,
	 * when the action's row is there.
	 */
	[ST_ADD] =
		"WITH a AS (INSERT INTO action(tenant_id, run_date, customer_id, contact_id, currency, amount, kind, "
		"strategy, step, scheduled_at, local_time, state, reason_code, reason, next_allowed_at, created_at, "
		"updated_at) VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, $9, to_timestamp($10::bigint), $11, $12, $13, "
		"$14, to_timestamp($15::bigint), to_timestamp($16::bigint), to_timestamp($16::bigint)) RETURNING id) "
		"INSERT INTO action_invoice(tenant_id, action_id, invoice_id, strategy, step) "
		"SELECT $1, a.id, u.i, $8, u.s FROM a, unnest($17::bigint[], $18::text[]) AS u(i, s) RETURNING action_id",
	[ST_SET_STATE] = "UPDATE action SET state = $3, reason_code = $4, reason = $5, "
			 "updated_at = to_timestamp($6::bigint) WHERE tenant_id = $1 AND id = $2",
	[ST_RECORDED] = "SELECT a.customer_id, a.id, ai.invoice_id, a.state, ai.strategy, ai.step, a.kind, "
			"a.run_date::text, a.contact_id, extract(epoch from a.scheduled_at)::bigint FROM action a "
			"JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
			"WHERE a.tenant_id = $1 AND a.customer_id BETWEEN $2 AND $3 ORDER BY a.customer_id, a.id",
	[ST_RECORDED_OPEN] =
		"SELECT i.customer_id, ai.action_id, ai.invoice_id, NULL, ai.strategy, ai.step, NULL, NULL, "
		"NULL, NULL FROM invoice i JOIN action_invoice ai ON ai.tenant_id = i.tenant_id "
		"AND ai.invoice_id = i.id WHERE i.tenant_id = $1 AND i.customer_id BETWEEN $2 AND $3 "
		"AND i.balance <> 0 ORDER BY i.customer_id",
	[ST_WAITING] = "SELECT a.customer_id, a.id, ai.invoice_id, a.state, ai.strategy, ai.step, a.kind, "
		       "a.run_date::text, a.contact_id, extract(epoch from a.scheduled_at)::bigint FROM action a "
		       "JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
		       "WHERE a.tenant_id = $1 AND a.customer_id BETWEEN $2 AND $3 AND a.state = 'scheduled' "
		       "AND a.scheduled_at >= to_timestamp($4::bigint) ORDER BY a.customer_id, a.id",
	[ST_LATER] = "SELECT 1 FROM ledger_entry WHERE tenant_id = $1 AND date > $2::date LIMIT 1",
	[ST_RUN_AFTER] = "SELECT 1 FROM run WHERE tenant_id = $1 AND run_date > $2::date LIMIT 1",
	[ST_INVOICES] =
		"SELECT customer_id, id, currency, due_date::text, amount, balance, product FROM invoice "
		"WHERE tenant_id = $1 AND customer_id BETWEEN $2 AND $3 AND balance <> 0 "
		"AND issue_date <= $4::date ORDER BY customer_id, currency COLLATE \"C\", due_date, balance, id",
	[ST_INVOICES_LATER] =
		"SELECT customer_id, id, currency, due_date::text, amount, bal, product FROM ("
		"SELECT i.customer_id, i.id, i.currency, i.due_date, i.amount, i.balance - COALESCE((SELECT SUM(l.amount) "
		"FROM ledger_entry l WHERE l.tenant_id = $1 AND l.invoice_id = i.id AND l.date > $4::date), 0) AS bal, "
		"i.product "
		"FROM invoice i WHERE i.tenant_id = $1 AND i.customer_id BETWEEN $2 AND $3 AND i.balance <> 0 "
		"AND i.issue_date <= $4::date "
		"UNION ALL "
		"SELECT i.customer_id, i.id, i.currency, i.due_date, i.amount, -SUM(l.amount) AS bal, i.product "
		"FROM ledger_entry l JOIN invoice i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id "
		"WHERE l.tenant_id = $1 AND l.date > $4::date AND l.invoice_id IS NOT NULL "
		"AND i.customer_id BETWEEN $2 AND $3 AND i.balance = 0 AND i.issue_date <= $4::date "
		"GROUP BY i.customer_id, i.id, i.currency, i.due_date, i.amount, i.product) t "
		"WHERE bal <> 0 ORDER BY customer_id, currency COLLATE \"C\", due_date, id",
	[ST_CREDIT] =
		"SELECT customer_id, currency, -SUM(amount) FROM ledger_entry WHERE tenant_id = $1 "
		"AND invoice_id IS NULL AND customer_id BETWEEN $2 AND $3 AND date <= $4::date "
		"GROUP BY customer_id, currency HAVING SUM(amount) < 0 ORDER BY customer_id, currency COLLATE \"C\"",
	[ST_RUN_START] = "INSERT INTO run(tenant_id, run_date, state, started_at) "
			 "VALUES ($1, $2::date, 'running', to_timestamp($3::bigint)) "
			 "ON CONFLICT (tenant_id, run_date) DO NOTHING",
	[ST_RUN_STATE] = "SELECT state FROM run WHERE tenant_id = $1 AND run_date = $2::date",
	[ST_RUN_FINISH] = "UPDATE run SET state = 'done', finished_at = to_timestamp($3::bigint), summary = $4 "
			  "WHERE tenant_id = $1 AND run_date = $2::date",
	[ST_RUN_COUNTS] = "SELECT kind, state, reason_code, count(*) FROM action WHERE tenant_id = $1 "
			  "AND run_date = $2::date GROUP BY kind, state, reason_code "
			  "ORDER BY kind COLLATE \"C\", state COLLATE \"C\", reason_code COLLATE \"C\"",
	[ST_SNAPSHOT_DELETE] = "DELETE FROM run_snapshot WHERE tenant_id = $1 AND run_date = $2::date",
	[ST_SNAPSHOT_ADD] = "INSERT INTO run_snapshot(tenant_id, run_date, dimension, key, currency, bucket, accounts, "
			    "invoices, balance) VALUES ($1, $2::date, $3, $4, $5, $6, $7, $8, $9)",
	[ST_LOCK] = "SELECT pg_try_advisory_lock($1::integer, $2::integer)",
	[ST_UNLOCK] = "SELECT pg_advisory_unlock($1::integer, $2::integer)",
};

static const char each_sql[] =
	"SELECT a.id, a.run_date::text, a.customer_id, c.ref, a.contact_id, k.ref, a.currency, a.amount, a.kind, "
	"a.strategy, a.step, extract(epoch from a.scheduled_at)::bigint, a.local_time, a.state, a.reason_code, "
	"a.reason, extract(epoch from a.next_allowed_at)::bigint, extract(epoch from a.created_at)::bigint, "
	"extract(epoch from a.updated_at)::bigint, i.ref FROM action a "
	"JOIN customer c ON c.tenant_id = a.tenant_id AND c.id = a.customer_id "
	"LEFT JOIN contact k ON k.tenant_id = a.tenant_id AND k.id = a.contact_id "
	"JOIN action_invoice ai ON ai.tenant_id = a.tenant_id AND ai.action_id = a.id "
	"JOIN invoice i ON i.tenant_id = a.tenant_id AND i.id = ai.invoice_id "
	"WHERE a.tenant_id = $1 AND ($2::date IS NULL OR a.run_date = $2::date) AND ($3::bigint = 0 OR "
	"a.customer_id = $3) AND ($4::text IS NULL OR a.kind = $4) AND ($5::text IS NULL OR a.state = $5) "
	"ORDER BY a.run_date, a.id, i.ref COLLATE \"C\"";

static const char snapshots_sql[] =
	"SELECT run_date::text, dimension, key, currency, bucket, accounts, invoices, balance FROM run_snapshot "
	"WHERE tenant_id = $1 AND run_date BETWEEN $2::date AND $3::date "
	"ORDER BY run_date, dimension COLLATE \"C\", key COLLATE \"C\", currency COLLATE \"C\", bucket COLLATE \"C\"";

static void param_ts_or_null(struct pg_params *p, timestamp_t t)
{
	if (t)
		pg_param_ts(p, t);
	else
		pg_param_null(p);
}

/*
 * The foreign-key checks of action_invoice (and the run's reads) keep the
 * plan made when the tables were empty, which may read every action of the
 * tenant per row (pg_int.h, PG_ANALYZE_AFTER, says why). The first run of
 * a tenant fills them over many transactions, each below pg_inserted()'s
 * mark: so the actions are counted over the connection, and the tables
 * analyzed at 1,000, then at each tenfold (10,000...).
 */
static int analyze_actions(struct pg_store *ps, struct error *e)
{
	size_t n = ++ps->actions_added, mark = PG_ANALYZE_AFTER;
	int ret;

	while (mark < n && mark <= SIZE_MAX / 10)
		mark *= 10;
	if (n != mark)
		return 0;
	ret = pg_exec_text(ps, "ANALYZE (SKIP_LOCKED) action", e);
	if (ret == 0)
		ret = pg_exec_text(ps, "ANALYZE (SKIP_LOCKED) action_invoice", e);
	if (ret < 0)
		error_prefix(e, "updating the planner's statistics");
	return ret;
}

static int pg_add(struct store_tx *tx, struct action_record *a, const struct action_invoice *inv, size_t n,
		  struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct pg_array ids = PG_ARRAY_INIT, steps = PG_ARRAY_INIT;
	PGresult *res;
	int ret = analyze_actions(PG(tx), e);

	if (ret == 0)
		ret = pg_array_start(&ids, e);
	if (ret == 0)
		ret = pg_array_start(&steps, e);
	for (size_t i = 0; i < n && ret == 0; i++) {
		ret = pg_array_int(&ids, inv[i].invoice_id, e);
		if (ret == 0)
			ret = pg_array_text(&steps, inv[i].step, e);
	}
	if (ret == 0)
		ret = pg_array_end(&ids, e);
	if (ret == 0)
		ret = pg_array_end(&steps, e);
	if (ret == 0) {
		pg_param_int(&p, tx->tenant);
		pg_param_date(&p, a->run_date);
		pg_param_int(&p, a->customer_id);
		pg_param_id(&p, a->contact_id);
		pg_param_text(&p, a->currency);
		pg_param_int(&p, a->amount);
		pg_param_text(&p, a->kind);
		pg_param_text(&p, a->strategy);
		pg_param_text(&p, a->step);
		param_ts_or_null(&p, a->scheduled_at);
		pg_param_text(&p, a->local_time);
		pg_param_text(&p, a->state);
		pg_param_text(&p, a->reason_code);
		pg_param_text(&p, a->reason);
		param_ts_or_null(&p, a->next_allowed_at);
		pg_param_ts(&p, a->created_at);
		pg_param_text(&p, ids.buf);
		pg_param_text(&p, steps.buf);
		res = pg_run(PG(tx), PG_ACTIONS, ST_ADD, stmt_sql, &p, e);
		if (!res)
			ret = -ERR_ENV;
		else if (PQntuples(res) != (int)n)
			ret = error_set(e, ERR_ENV, "recording an action: %d of %zu invoices recorded", PQntuples(res),
					n);
		else
			a->id = pg_int(res, 0, 0);
		PQclear(res);
	}
	pg_array_release(&ids);
	pg_array_release(&steps);
	return ret;
}

static int pg_set_state(struct store_tx *tx, int64_t id, const char *state, const char *reason_code, const char *reason,
			timestamp_t at, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int changed;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, id);
	pg_param_text(&p, state);
	pg_param_text(&p, reason_code);
	pg_param_text(&p, reason);
	pg_param_ts(&p, at);
	res = pg_run(PG(tx), PG_ACTIONS, ST_SET_STATE, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	changed = strtol(PQcmdTuples(res), NULL, 10) > 0;
	PQclear(res);
	return changed;
}

struct row_ctx {
	void *cb;
	void *ctx;
};

static int recorded_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	struct run_recorded r;

	r.customer_id = pg_int(res, i, 0);
	r.action_id = pg_int(res, i, 1);
	r.invoice_id = pg_int(res, i, 2);
	r.state = pg_isnull(res, i, 3) ? NULL : PQgetvalue(res, i, 3);
	r.strategy = PQgetvalue(res, i, 4);
	r.step = PQgetvalue(res, i, 5);
	r.kind = pg_isnull(res, i, 6) ? NULL : PQgetvalue(res, i, 6);
	r.run_date = pg_isnull(res, i, 7) ? 0 : pg_date(res, i, 7);
	r.contact_id = pg_int(res, i, 8);
	r.scheduled_at = pg_int(res, i, 9);
	return ((store_run_recorded_cb)rc->cb)(rc->ctx, &r);
}

/* A chunk's customers and the as-of date, the parameters of the chunk reads. */
static void chunk_params(struct pg_params *p, int64_t tenant, int64_t from, int64_t to)
{
	pg_param_int(p, tenant);
	pg_param_int(p, from);
	pg_param_int(p, to);
}

static int pg_recorded_each(struct store_tx *tx, int64_t from, int64_t to, int later, store_run_recorded_cb cb,
			    void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };
	PGresult *res;

	chunk_params(&p, tx->tenant, from, to);
	res = pg_run(PG(tx), PG_ACTIONS, later ? ST_RECORDED : ST_RECORDED_OPEN, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, recorded_row, &rc);
}

static int pg_waiting_each(struct store_tx *tx, int64_t from, int64_t to, timestamp_t since, store_run_recorded_cb cb,
			   void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };
	PGresult *res;

	chunk_params(&p, tx->tenant, from, to);
	pg_param_ts(&p, since);
	res = pg_run(PG(tx), PG_ACTIONS, ST_WAITING, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, recorded_row, &rc);
}

static int invoice_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	struct run_invoice inv;

	inv.customer_id = pg_int(res, i, 0);
	inv.id = pg_int(res, i, 1);
	inv.currency = PQgetvalue(res, i, 2);
	inv.due_date = pg_date(res, i, 3);
	inv.amount = pg_int(res, i, 4);
	inv.balance = pg_int(res, i, 5);
	inv.product = PQgetvalue(res, i, 6);
	return ((store_run_invoice_cb)rc->cb)(rc->ctx, &inv);
}

/* 1 when statement `id` (tenant, date) has a row. */
static int exists(struct store_tx *tx, enum stmt_id id, date_t as_of, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, as_of);
	res = pg_run(PG(tx), PG_ACTIONS, id, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) > 0;
	PQclear(res);
	return found;
}

static int pg_later(struct store_tx *tx, date_t as_of, struct error *e)
{
	return exists(tx, ST_LATER, as_of, e);
}

static int pg_run_after(struct store_tx *tx, date_t as_of, struct error *e)
{
	return exists(tx, ST_RUN_AFTER, as_of, e);
}

static int pg_invoices_each(struct store_tx *tx, int64_t from, int64_t to, date_t as_of, int later,
			    store_run_invoice_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };
	PGresult *res;

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	chunk_params(&p, tx->tenant, from, to);
	pg_param_date(&p, as_of);
	res = pg_run(PG(tx), PG_ACTIONS, later ? ST_INVOICES_LATER : ST_INVOICES, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, invoice_row, &rc);
}

static int credit_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	return ((store_run_credit_cb)rc->cb)(rc->ctx, pg_int(res, i, 0), PQgetvalue(res, i, 1), pg_int(res, i, 2));
}

static int pg_credit_each(struct store_tx *tx, int64_t from, int64_t to, date_t as_of, store_run_credit_cb cb,
			  void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };
	PGresult *res;

	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	chunk_params(&p, tx->tenant, from, to);
	pg_param_date(&p, as_of);
	res = pg_run(PG(tx), PG_ACTIONS, ST_CREDIT, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, credit_row, &rc);
}

static int pg_run_start(struct store_tx *tx, date_t run_date, timestamp_t at, char *state, size_t size, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT, q = PG_PARAMS_INIT;
	PGresult *res;
	int ret;

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, run_date);
	pg_param_ts(&p, at);
	ret = pg_exec(PG(tx), PG_ACTIONS, ST_RUN_START, stmt_sql, &p, e);
	if (ret < 0)
		return ret;
	pg_param_int(&q, tx->tenant);
	pg_param_date(&q, run_date);
	res = pg_run(PG(tx), PG_ACTIONS, ST_RUN_STATE, stmt_sql, &q, e);
	if (!res)
		return -ERR_ENV;
	if (PQntuples(res) > 0)
		pg_text(res, 0, 0, state, size);
	else
		ret = error_set(e, ERR_ENV, "the run just recorded is missing");
	PQclear(res);
	return ret;
}

static int pg_run_finish(struct store_tx *tx, date_t run_date, timestamp_t at, const char *summary, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, run_date);
	pg_param_ts(&p, at);
	pg_param_text(&p, summary);
	return pg_exec(PG(tx), PG_ACTIONS, ST_RUN_FINISH, stmt_sql, &p, e);
}

static int count_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	return ((store_run_count_cb)rc->cb)(rc->ctx, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1),
					    PQgetvalue(res, i, 2), pg_int(res, i, 3));
}

static int pg_run_counts_each(struct store_tx *tx, date_t run_date, store_run_count_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, run_date);
	res = pg_run(PG(tx), PG_ACTIONS, ST_RUN_COUNTS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	return pg_each(res, count_row, &rc);
}

static void read_action(const PGresult *res, int i, struct action_record *a)
{
	a->id = pg_int(res, i, 0);
	a->run_date = pg_date(res, i, 1);
	a->customer_id = pg_int(res, i, 2);
	pg_text(res, i, 3, a->customer_ref, sizeof(a->customer_ref));
	a->contact_id = pg_int(res, i, 4);
	pg_text(res, i, 5, a->contact_ref, sizeof(a->contact_ref));
	pg_text(res, i, 6, a->currency, sizeof(a->currency));
	a->amount = pg_int(res, i, 7);
	pg_text(res, i, 8, a->kind, sizeof(a->kind));
	pg_text(res, i, 9, a->strategy, sizeof(a->strategy));
	pg_text(res, i, 10, a->step, sizeof(a->step));
	a->scheduled_at = pg_int(res, i, 11);
	pg_text(res, i, 12, a->local_time, sizeof(a->local_time));
	pg_text(res, i, 13, a->state, sizeof(a->state));
	pg_text(res, i, 14, a->reason_code, sizeof(a->reason_code));
	pg_text(res, i, 15, a->reason, sizeof(a->reason));
	a->next_allowed_at = pg_int(res, i, 16);
	a->created_at = pg_int(res, i, 17);
	a->updated_at = pg_int(res, i, 18);
}

static int action_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	struct action_record a;

	read_action(res, i, &a);
	return ((store_action_cb)rc->cb)(rc->ctx, &a, PQgetvalue(res, i, 19));
}

static int pg_each_action(struct store_tx *tx, const struct action_filter *f, store_action_cb cb, void *ctx,
			  struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };

	pg_param_int(&p, tx->tenant);
	if (f->run_date)
		pg_param_date(&p, f->run_date);
	else
		pg_param_null(&p);
	pg_param_int(&p, f->customer_id);
	if (f->kind)
		pg_param_text(&p, f->kind);
	else
		pg_param_null(&p);
	if (f->state)
		pg_param_text(&p, f->state);
	else
		pg_param_null(&p);
	return pg_stream(PG(tx), each_sql, &p, action_row, &rc, e);
}

static int pg_snapshot_put(struct store_tx *tx, date_t run_date, const struct snapshot_row *rows, size_t n,
			   struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	int ret;

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, run_date);
	ret = pg_exec(PG(tx), PG_ACTIONS, ST_SNAPSHOT_DELETE, stmt_sql, &p, e);
	for (size_t i = 0; i < n && ret == 0; i++) {
		struct pg_params q = PG_PARAMS_INIT;
		pg_param_int(&q, tx->tenant);
		pg_param_date(&q, run_date);
		pg_param_text(&q, rows[i].dimension);
		pg_param_text(&q, rows[i].key);
		pg_param_text(&q, rows[i].currency);
		pg_param_text(&q, rows[i].bucket);
		pg_param_int(&q, rows[i].accounts);
		pg_param_int(&q, rows[i].invoices);
		pg_param_int(&q, rows[i].balance);
		ret = pg_exec(PG(tx), PG_ACTIONS, ST_SNAPSHOT_ADD, stmt_sql, &q, e);
	}
	return ret;
}

static int snapshot_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	struct snapshot_row r;

	r.run_date = pg_date(res, i, 0);
	r.dimension = PQgetvalue(res, i, 1);
	r.key = PQgetvalue(res, i, 2);
	r.currency = PQgetvalue(res, i, 3);
	r.bucket = PQgetvalue(res, i, 4);
	r.accounts = pg_int(res, i, 5);
	r.invoices = pg_int(res, i, 6);
	r.balance = pg_int(res, i, 7);
	return ((store_snapshot_cb)rc->cb)(rc->ctx, &r);
}

static int pg_snapshots_each(struct store_tx *tx, date_t from, date_t to, store_snapshot_cb cb, void *ctx,
			     struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { (void *)cb, ctx };

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, from);
	pg_param_date(&p, to);
	return pg_stream(PG(tx), snapshots_sql, &p, snapshot_row, &rc, e);
}

/*
 * The run lock: a session advisory lock, which PostgreSQL releases when
 * the session ends, however the client died (kill -9 closes the socket).
 */
static int pg_lock(struct store *s, int64_t tenant, struct error *e)
{
	struct pg_store *ps = (struct pg_store *)s;
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int got;

	pg_param_int(&p, PG_RUN_LOCK_CLASS);
	pg_param_int(&p, tenant);
	res = pg_run(ps, PG_ACTIONS, ST_LOCK, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	got = PQntuples(res) > 0 && !strcmp(PQgetvalue(res, 0, 0), "t");
	PQclear(res);
	return got;
}

static void pg_unlock(struct store *s, int64_t tenant)
{
	struct pg_store *ps = (struct pg_store *)s;
	struct pg_params p = PG_PARAMS_INIT;
	struct error e = ERROR_INIT;
	PGresult *res;

	pg_param_int(&p, PG_RUN_LOCK_CLASS);
	pg_param_int(&p, tenant);
	res = pg_run(ps, PG_ACTIONS, ST_UNLOCK, stmt_sql, &p, &e);
	PQclear(res); /* a lock not held, or a lost connection: the session's end releases it */
}

const struct store_actions_ops pg_actions_ops = {
	.add = pg_add,
	.set_state = pg_set_state,
	.recorded_each = pg_recorded_each,
	.waiting_each = pg_waiting_each,
	.invoices_each = pg_invoices_each,
	.later = pg_later,
	.run_after = pg_run_after,
	.credit_each = pg_credit_each,
	.run_start = pg_run_start,
	.run_finish = pg_run_finish,
	.run_counts_each = pg_run_counts_each,
	.each = pg_each_action,
	.snapshot_put = pg_snapshot_put,
	.snapshots_each = pg_snapshots_each,
	.lock = pg_lock,
	.unlock = pg_unlock,
};
