/*
 * promises.c: promises to pay (store/promises.h) on PostgreSQL, tables
 * promise, promise_invoice and promise_setting. The same contract as
 * sqlite/promises.c; made_at's date is its UTC date.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

enum stmt_id {
	ST_ADD,
	ST_ADD_INVOICE,
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
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

#define MADE_ON(t) "((" t ".made_at AT TIME ZONE 'UTC')::date)"
#define TO_SETTLE  "tenant_id = $1 AND state = 'current' AND until < $2::date AND made_at <= to_timestamp($3::bigint)"

/* A promise as promise_row reads it, $1 the tenant; the WHERE follows. */
#define SELECT_PROMISE                                                                                           \
	"SELECT p.id, p.customer_id, c.ref, c.kind, p.currency, p.amount, p.kept_at_least, p.date::text, "       \
	"p.until::text, extract(epoch from p.made_at)::bigint, p.made_by, p.state, p.paid, p.settled_on::text, " \
	"extract(epoch from p.settled_at)::bigint, p.note, "                                                     \
	"COALESCE((SELECT string_agg(i.ref, ',' ORDER BY i.ref) FROM promise_invoice pi "                        \
	"JOIN invoice i ON i.tenant_id = $1 AND i.id = pi.invoice_id "                                           \
	"WHERE pi.tenant_id = $1 AND pi.promise_id = p.id), ''), p.end_reason "                                  \
	"FROM promise p JOIN customer c ON c.tenant_id = $1 AND c.id = p.customer_id "

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ADD] = "INSERT INTO promise(tenant_id, customer_id, currency, amount, kept_at_least, date, until, made_at, "
		   "made_by, note) VALUES ($1, $2, $3, $4, $5, $6::date, $7::date, to_timestamp($8::bigint), $9, $10) "
		   "RETURNING id",
	[ST_ADD_INVOICE] = "INSERT INTO promise_invoice(tenant_id, promise_id, invoice_id) VALUES ($1, $2, $3)",
	/* as sqlite/promises.c: the invoices' entries by index, then the account's unapplied cash */
	[ST_PAID] =
		"UPDATE promise SET paid = (SELECT COALESCE(-SUM(l.amount), 0) FROM "
		"(SELECT pi.invoice_id AS id FROM promise_invoice pi WHERE pi.tenant_id = $1 "
		"AND pi.promise_id = promise.id UNION ALL SELECT i.id FROM invoice i WHERE i.tenant_id = $1 "
		"AND i.customer_id = promise.customer_id AND i.currency = promise.currency AND NOT EXISTS "
		"(SELECT 1 FROM promise_invoice pj WHERE pj.tenant_id = $1 AND pj.promise_id = promise.id)) c "
		"JOIN ledger_entry l ON l.invoice_id = c.id "
		"WHERE l.tenant_id = $1 AND l.kind IN ('payment', 'reversal') "
		"AND l.date >= " MADE_ON(
			"promise") " AND l.date <= promise.until) "
				   "+ (SELECT COALESCE(-SUM(u.amount), 0) FROM ledger_entry u WHERE u.tenant_id = $1 "
				   "AND u.customer_id = promise.customer_id AND u.currency = promise.currency "
				   "AND u.invoice_id IS NULL AND u.kind = 'unapplied' "
				   "AND u.date >= " MADE_ON(
					   "promise") " AND u.date <= promise.until "
						      "AND NOT EXISTS (SELECT 1 FROM promise_invoice pk WHERE pk.tenant_id = $1 "
						      "AND pk.promise_id = promise.id)) WHERE " TO_SETTLE,
	[ST_JUDGE] = "UPDATE promise SET state = CASE WHEN paid >= kept_at_least THEN 'kept' "
		     "WHEN paid > 0 THEN 'partially_kept' ELSE 'broken' END, settled_on = $2::date, "
		     "settled_at = to_timestamp($3::bigint) WHERE " TO_SETTLE,
	[ST_END_HOLDS] = "UPDATE account_hold h SET ended_at = to_timestamp($3::bigint), end_reason = p.state "
			 "FROM promise p WHERE h.tenant_id = $1 AND p.tenant_id = $1 AND h.kind = 'promise' "
			 "AND h.ended_at IS NULL AND h.source_id = p.id AND p.settled_on = $2::date "
			 "AND p.settled_at = to_timestamp($3::bigint)",
	[ST_COUNTS] = "SELECT state, COUNT(*) FROM promise WHERE tenant_id = $1 AND settled_on = $2::date "
		      "AND settled_at = to_timestamp($3::bigint) GROUP BY state",
	[ST_SETTINGS_GET] = "SELECT tolerance_days, tolerance_percent FROM promise_setting WHERE tenant_id = $1",
	[ST_SETTINGS_PUT] = "INSERT INTO promise_setting(tenant_id, tolerance_days, tolerance_percent) "
			    "VALUES ($1, $2, $3) ON CONFLICT (tenant_id) DO UPDATE SET "
			    "tolerance_days = excluded.tolerance_days, "
			    "tolerance_percent = excluded.tolerance_percent",
	[ST_BROKEN] = "SELECT b.customer_id, c.ref, COALESCE((SELECT k.ref FROM contact k WHERE k.tenant_id = $1 "
		      "AND k.customer_id = b.customer_id ORDER BY k.pays_bills DESC, k.id LIMIT 1), ''), "
		      "a.risk_band, b.n, extract(epoch from b.last_at)::bigint, EXISTS (SELECT 1 FROM "
		      "contact_attempt z WHERE z.tenant_id = $1 AND z.customer_id = b.customer_id "
		      "AND z.channel = 'call' AND z.at >= b.last_at) "
		      "FROM (SELECT customer_id, COUNT(*) AS n, MAX(settled_at) AS last_at FROM promise "
		      "WHERE tenant_id = $1 AND state = 'broken' AND settled_on >= $3::date "
		      "AND settled_on <= $4::date GROUP BY customer_id) b "
		      "JOIN assignment a ON a.tenant_id = $1 AND a.customer_id = b.customer_id AND a.user_id = $2 "
		      "JOIN customer c ON c.tenant_id = $1 AND c.id = b.customer_id ORDER BY b.customer_id",
	[ST_COPY] =
		"INSERT INTO promise(tenant_id, customer_id, currency, amount, kept_at_least, date, until, made_at, "
		"made_by, state, paid, settled_on, settled_at, note, end_reason) VALUES ($1, $2, $3, $4, $5, $6::date, "
		"$7::date, to_timestamp($8::bigint), $9, $10, $11, $12::date, to_timestamp($13::bigint), $14, $15) "
		"RETURNING id",
	[ST_GET] = SELECT_PROMISE "WHERE p.tenant_id = $1 AND p.id = $2",
	/* $4 the invoice ids as an array literal, $5 how many (0: the whole account) */
	[ST_OVERLAPPING] = SELECT_PROMISE
	"WHERE p.tenant_id = $1 AND p.customer_id = $2 AND p.currency = $3 "
	"AND p.state <> 'cancelled' AND ($5::bigint = 0 OR NOT EXISTS (SELECT 1 FROM "
	"promise_invoice pj WHERE pj.tenant_id = $1 AND pj.promise_id = p.id) "
	"OR EXISTS (SELECT 1 FROM promise_invoice pk WHERE pk.tenant_id = $1 "
	"AND pk.promise_id = p.id AND pk.invoice_id = ANY ($4::bigint[]))) ORDER BY p.id",
	[ST_CANCEL] = "UPDATE promise SET state = 'cancelled', settled_on = $3::date, "
		      "settled_at = to_timestamp($4::bigint), end_reason = $5 "
		      "WHERE tenant_id = $1 AND id = $2 AND state = 'current'",
};

/* Streamed (a report reads every promise of a period): text, not prepared. */
static const char each_sql[] = SELECT_PROMISE
	"WHERE p.tenant_id = $1 AND ($2::bigint = 0 OR p.customer_id = $2::bigint) "
	"AND ($3::text = '' OR p.state = $3::text) "
	"AND ($4::date IS NULL OR " MADE_ON("p") " >= $4::date) "
						 "AND ($5::date IS NULL OR " MADE_ON("p") " <= $5::date) ORDER BY p.id";

/* Runs the insert `id` (RETURNING id) into p->id, then adds the promise's invoices. */
static int insert(struct store_tx *tx, enum stmt_id id, const struct pg_params *pp, struct promise *p,
		  const int64_t *invoice_ids, size_t n, struct error *e)
{
	PGresult *res = pg_run(PG(tx), PG_PROMISES, (int)id, stmt_sql, pp, e);
	int ret = 0;

	if (!res)
		return -ERR_ENV;
	p->id = PQntuples(res) == 1 ? pg_int(res, 0, 0) : 0;
	PQclear(res);
	for (size_t i = 0; i < n && ret == 0; i++) {
		struct pg_params pi = PG_PARAMS_INIT;
		pg_param_int(&pi, tx->tenant);
		pg_param_int(&pi, p->id);
		pg_param_int(&pi, invoice_ids[i]);
		ret = pg_exec(PG(tx), PG_PROMISES, ST_ADD_INVOICE, stmt_sql, &pi, e);
	}
	return ret;
}

/* $1 the tenant, $2..$9 the promise's columns up to made_by (ST_ADD, ST_COPY). */
static void promise_params(struct pg_params *pp, int64_t tenant, const struct promise *p)
{
	pg_param_int(pp, tenant);
	pg_param_int(pp, p->customer_id);
	pg_param_text(pp, p->currency);
	pg_param_int(pp, p->amount);
	pg_param_int(pp, p->kept_at_least);
	pg_param_date(pp, p->date);
	pg_param_date(pp, p->until);
	pg_param_ts(pp, p->made_at);
	pg_param_text(pp, p->made_by);
}

static int pg_promise_add(struct store_tx *tx, struct promise *p, const int64_t *invoice_ids, size_t n, struct error *e)
{
	struct pg_params pp = PG_PARAMS_INIT;

	promise_params(&pp, tx->tenant, p);
	pg_param_text(&pp, p->note);
	return insert(tx, ST_ADD, &pp, p, invoice_ids, n, e);
}

struct row_ctx {
	store_promise_cb cb;
	void *ctx;
	struct promise *p;
};

static int promise_row(void *ctx, PGresult *res, int i)
{
	struct row_ctx *rc = ctx;
	struct promise *p = rc->p;

	memset(p, 0, sizeof(*p));
	p->id = pg_int(res, i, 0);
	p->customer_id = pg_int(res, i, 1);
	pg_text(res, i, 2, p->customer_ref, sizeof(p->customer_ref));
	pg_text(res, i, 3, p->customer_kind, sizeof(p->customer_kind));
	pg_text(res, i, 4, p->currency, sizeof(p->currency));
	p->amount = pg_int(res, i, 5);
	p->kept_at_least = pg_int(res, i, 6);
	p->date = pg_date(res, i, 7);
	p->until = pg_date(res, i, 8);
	p->made_at = pg_ts(res, i, 9);
	pg_text(res, i, 10, p->made_by, sizeof(p->made_by));
	pg_text(res, i, 11, p->state, sizeof(p->state));
	p->paid = pg_int(res, i, 12);
	p->settled_on = pg_isnull(res, i, 13) ? 0 : pg_date(res, i, 13);
	p->settled_at = pg_ts(res, i, 14);
	pg_text(res, i, 15, p->note, sizeof(p->note));
	pg_text(res, i, 16, p->invoice_refs, sizeof(p->invoice_refs));
	pg_text(res, i, 17, p->end_reason, sizeof(p->end_reason));
	return rc->cb(rc->ctx, p);
}

static void param_day_or_null(struct pg_params *p, date_t d)
{
	if (d)
		pg_param_date(p, d);
	else
		pg_param_null(p);
}

static int pg_promises_each(struct store_tx *tx, const struct promise_filter *f, store_promise_cb cb, void *ctx,
			    struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct row_ctx rc = { cb, ctx, malloc(sizeof(struct promise)) };
	int ret;

	if (!rc.p)
		return error_set(e, ERR_ENV, "out of memory");
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, f->customer_id);
	pg_param_text(&p, f->state ? f->state : "");
	param_day_or_null(&p, f->made_from);
	param_day_or_null(&p, f->made_to);
	ret = pg_stream(PG(tx), each_sql, &p, promise_row, &rc, e);
	free(rc.p);
	return ret;
}

static void settle_params(struct store_tx *tx, struct pg_params *p, date_t as_of, timestamp_t at)
{
	pg_param_int(p, tx->tenant);
	pg_param_date(p, as_of);
	pg_param_ts(p, at);
}

static int pg_promises_settle(struct store_tx *tx, date_t as_of, timestamp_t at, int64_t counts[3], struct error *e)
{
	static const enum stmt_id steps[] = { ST_PAID, ST_JUDGE, ST_END_HOLDS };
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	counts[0] = counts[1] = counts[2] = 0;
	/* the payments posted in this transaction count too */
	if (pg_ledger_flush(PG(tx), e) < 0)
		return -ERR_ENV;
	settle_params(tx, &p, as_of, at);
	for (size_t i = 0; i < sizeof(steps) / sizeof(*steps); i++)
		if (pg_exec(PG(tx), PG_PROMISES, (int)steps[i], stmt_sql, &p, e) < 0)
			return -ERR_ENV;
	res = pg_run(PG(tx), PG_PROMISES, ST_COUNTS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res); i++) {
		const char *state = PQgetvalue(res, i, 0);
		int k = !strcmp(state, "kept")             ? 0
			: !strcmp(state, "partially_kept") ? 1
			: !strcmp(state, "broken")         ? 2
							   : -1;
		if (k >= 0)
			counts[k] = pg_int(res, i, 1);
	}
	PQclear(res);
	return 0;
}

static int pg_promise_settings_get(struct store_tx *tx, int *tolerance_days, int *tolerance_percent, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_PROMISES, ST_SETTINGS_GET, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1;
	if (found) {
		*tolerance_days = (int)pg_int(res, 0, 0);
		*tolerance_percent = (int)pg_int(res, 0, 1);
	}
	PQclear(res);
	return found;
}

static int pg_promise_settings_put(struct store_tx *tx, int tolerance_days, int tolerance_percent, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, tolerance_days);
	pg_param_int(&p, tolerance_percent);
	return pg_exec(PG(tx), PG_PROMISES, ST_SETTINGS_PUT, stmt_sql, &p, e);
}

static int pg_promises_broken_each(struct store_tx *tx, int64_t user_id, date_t since, date_t today,
				   store_promise_broken_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct promise_broken_row r;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, user_id);
	pg_param_date(&p, since);
	pg_param_date(&p, today);
	res = pg_run(PG(tx), PG_PROMISES, ST_BROKEN, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		memset(&r, 0, sizeof(r));
		r.customer_id = pg_int(res, i, 0);
		r.customer_ref = PQgetvalue(res, i, 1);
		r.contact_ref = PQgetvalue(res, i, 2);
		r.risk_band = PQgetvalue(res, i, 3);
		r.broken = pg_int(res, i, 4);
		r.last_at = pg_ts(res, i, 5);
		r.called = !strcmp(PQgetvalue(res, i, 6), "t");
		stop = cb(ctx, &r);
	}
	PQclear(res);
	return stop;
}

static int pg_promise_copy(struct store_tx *tx, struct promise *p, const int64_t *invoice_ids, size_t n,
			   struct error *e)
{
	struct pg_params pp = PG_PARAMS_INIT;

	promise_params(&pp, tx->tenant, p);
	pg_param_text(&pp, p->state);
	pg_param_int(&pp, p->paid);
	param_day_or_null(&pp, p->settled_on);
	if (p->settled_at)
		pg_param_ts(&pp, p->settled_at);
	else
		pg_param_null(&pp);
	pg_param_text(&pp, p->note);
	pg_param_text(&pp, p->end_reason);
	return insert(tx, ST_COPY, &pp, p, invoice_ids, n, e);
}

/* The rows of prepared statement `id` (SELECT_PROMISE) bound to `pp`, each to cb. */
static int run_promises(struct store_tx *tx, enum stmt_id id, const struct pg_params *pp, store_promise_cb cb,
			void *ctx, struct error *e)
{
	struct row_ctx rc = { cb, ctx, malloc(sizeof(struct promise)) };
	PGresult *res;
	int ret;

	if (!rc.p)
		return error_set(e, ERR_ENV, "out of memory");
	res = pg_run(PG(tx), PG_PROMISES, (int)id, stmt_sql, pp, e);
	ret = res ? pg_each(res, promise_row, &rc) : -ERR_ENV;
	free(rc.p);
	return ret;
}

static int on_got(void *ctx, const struct promise *p)
{
	*(struct promise *)ctx = *p;
	return 1;
}

static int pg_promise_get(struct store_tx *tx, int64_t id, struct promise *out, struct error *e)
{
	struct pg_params pp = PG_PARAMS_INIT;

	pg_param_int(&pp, tx->tenant);
	pg_param_int(&pp, id);
	return run_promises(tx, ST_GET, &pp, on_got, out, e);
}

static int pg_promises_overlapping(struct store_tx *tx, int64_t customer_id, const char *currency,
				   const int64_t *invoice_ids, size_t n, store_promise_cb cb, void *ctx,
				   struct error *e)
{
	struct pg_params pp = PG_PARAMS_INIT;
	char ids[PROMISE_INVOICES_MAX * 24 + 3];
	size_t len = 1;

	if (n > PROMISE_INVOICES_MAX)
		return error_set(e, ERR_INPUT, "a promise names at most %d invoices", PROMISE_INVOICES_MAX);
	ids[0] = '{';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(ids + len, sizeof(ids) - len, "%s%lld", i ? "," : "",
					(long long)invoice_ids[i]);
	snprintf(ids + len, sizeof(ids) - len, "}");
	pg_param_int(&pp, tx->tenant);
	pg_param_int(&pp, customer_id);
	pg_param_text(&pp, currency);
	pg_param_text(&pp, ids);
	pg_param_int(&pp, (int64_t)n);
	return run_promises(tx, ST_OVERLAPPING, &pp, cb, ctx, e);
}

static int pg_promise_cancel(struct store_tx *tx, const struct promise *p, struct error *e)
{
	struct pg_params pp = PG_PARAMS_INIT;
	PGresult *res;
	int n;

	pg_param_int(&pp, tx->tenant);
	pg_param_int(&pp, p->id);
	pg_param_date(&pp, p->settled_on);
	pg_param_ts(&pp, p->settled_at);
	pg_param_text(&pp, p->end_reason);
	res = pg_run(PG(tx), PG_PROMISES, ST_CANCEL, stmt_sql, &pp, e);
	if (!res)
		return -ERR_ENV;
	n = (int)strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return n > 0;
}

const struct store_promises_ops pg_promises_ops = {
	.add = pg_promise_add,
	.each = pg_promises_each,
	.settle = pg_promises_settle,
	.settings_get = pg_promise_settings_get,
	.settings_put = pg_promise_settings_put,
	.broken_each = pg_promises_broken_each,
	.copy = pg_promise_copy,
	.get = pg_promise_get,
	.overlapping = pg_promises_overlapping,
	.cancel = pg_promise_cancel,
};
