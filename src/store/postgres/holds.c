/*
 * holds.c: the holds (store/holds.h) on PostgreSQL, table account_hold.
 * The same contract as sqlite/holds.c.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

enum stmt_id { ST_ADD, ST_END, ST_EACH, ST_BEGUN, ST_COPY, ST_COUNT };
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ADD] = "INSERT INTO account_hold(tenant_id, customer_id, invoice_id, currency, kind, source_id, from_at, "
		   "until) VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::bigint), $8::date) RETURNING id",
	[ST_END] = "UPDATE account_hold SET ended_at = to_timestamp($4::bigint), end_reason = $5 "
		   "WHERE tenant_id = $1 AND kind = $2 AND source_id = $3 AND ended_at IS NULL",
	[ST_EACH] = "SELECT id, customer_id, COALESCE(invoice_id, 0), currency, kind, source_id, "
		    "extract(epoch from from_at)::bigint, until::text, extract(epoch from ended_at)::bigint, "
		    "end_reason FROM account_hold "
		    "WHERE tenant_id = $1 AND customer_id BETWEEN $2 AND $3 AND from_at <= to_timestamp($4::bigint) "
		    "AND (ended_at IS NULL OR ended_at > to_timestamp($4::bigint)) "
		    "AND (until IS NULL OR until >= $5::date) "
		    "ORDER BY customer_id, COALESCE(invoice_id, 0), id",
	/* every hold begun by $4, ended or not: the run tells them apart (store_run_holds_each) */
	[ST_BEGUN] = "SELECT id, customer_id, COALESCE(invoice_id, 0), currency, kind, source_id, "
		     "extract(epoch from from_at)::bigint, until::text, extract(epoch from ended_at)::bigint, "
		     "end_reason FROM account_hold "
		     "WHERE tenant_id = $1 AND customer_id BETWEEN $2 AND $3 AND from_at <= to_timestamp($4::bigint) "
		     "ORDER BY customer_id, COALESCE(invoice_id, 0), id",
	[ST_COPY] = "INSERT INTO account_hold(tenant_id, customer_id, invoice_id, currency, kind, source_id, from_at, "
		    "until, ended_at, end_reason) VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7::bigint), $8::date, "
		    "to_timestamp($9::bigint), $10) RETURNING id",
};

/* Streamed (store_holds_all: every hold of a book, for app/migrate): text, not prepared. */
static const char all_sql[] =
	"SELECT h.id, h.customer_id, COALESCE(h.invoice_id, 0), h.currency, h.kind, h.source_id, "
	"extract(epoch from h.from_at)::bigint, h.until::text, extract(epoch from h.ended_at)::bigint, h.end_reason, "
	"c.ref, COALESCE(i.ref, '') FROM account_hold h JOIN customer c ON c.tenant_id = $1 AND c.id = h.customer_id "
	"LEFT JOIN invoice i ON i.tenant_id = $1 AND i.id = h.invoice_id WHERE h.tenant_id = $1 ORDER BY h.id";

/* $1 the tenant, $2..$8 the hold's columns up to until (ST_ADD, ST_COPY). */
static void hold_params(struct pg_params *p, int64_t tenant, const struct hold *h)
{
	pg_param_int(p, tenant);
	pg_param_int(p, h->customer_id);
	pg_param_id(p, h->invoice_id);
	pg_param_text(p, h->currency);
	pg_param_text(p, h->kind);
	pg_param_int(p, h->source_id);
	pg_param_ts(p, h->from_at);
	if (h->until)
		pg_param_date(p, h->until);
	else
		pg_param_null(p);
}

/* A hold from columns 0..9 of ST_EACH and all_sql. */
static void read_hold(const PGresult *res, int i, struct hold *h)
{
	memset(h, 0, sizeof(*h));
	h->id = pg_int(res, i, 0);
	h->customer_id = pg_int(res, i, 1);
	h->invoice_id = pg_int(res, i, 2);
	pg_text(res, i, 3, h->currency, sizeof(h->currency));
	pg_text(res, i, 4, h->kind, sizeof(h->kind));
	h->source_id = pg_int(res, i, 5);
	h->from_at = pg_ts(res, i, 6);
	h->until = pg_isnull(res, i, 7) ? 0 : pg_date(res, i, 7);
	h->ended_at = pg_ts(res, i, 8);
	pg_text(res, i, 9, h->end_reason, sizeof(h->end_reason));
}

/* Runs the insert `id` (RETURNING id) into h->id. */
static int insert_hold(struct store_tx *tx, enum stmt_id id, const struct pg_params *p, struct hold *h, struct error *e)
{
	PGresult *res = pg_run(PG(tx), PG_HOLDS, (int)id, stmt_sql, p, e);

	if (!res)
		return -ERR_ENV;
	h->id = PQntuples(res) == 1 ? pg_int(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

static int pg_hold_add(struct store_tx *tx, struct hold *h, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	hold_params(&p, tx->tenant, h);
	return insert_hold(tx, ST_ADD, &p, h, e);
}

static int pg_holds_end(struct store_tx *tx, const char *kind, int64_t source_id, timestamp_t at, const char *reason,
			int64_t *n, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, kind);
	pg_param_int(&p, source_id);
	pg_param_ts(&p, at);
	pg_param_text(&p, reason);
	res = pg_run(PG(tx), PG_HOLDS, ST_END, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	if (n)
		*n = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

/* ST_EACH (current at `at` and `on`) or ST_BEGUN (begun by `at`; `on` unused). */
static int holds_rows(struct store_tx *tx, enum stmt_id id, int64_t from_customer, int64_t to_customer, timestamp_t at,
		      date_t on, store_hold_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct hold h;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, from_customer);
	pg_param_int(&p, to_customer);
	pg_param_ts(&p, at);
	if (id == ST_EACH)
		pg_param_date(&p, on);
	res = pg_run(PG(tx), PG_HOLDS, id, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		read_hold(res, i, &h);
		stop = cb(ctx, &h);
	}
	PQclear(res);
	return stop;
}

static int pg_holds_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at, date_t on,
			 store_hold_cb cb, void *ctx, struct error *e)
{
	return holds_rows(tx, ST_EACH, from_customer, to_customer, at, on, cb, ctx, e);
}

static int pg_holds_begun(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t at,
			  store_hold_cb cb, void *ctx, struct error *e)
{
	return holds_rows(tx, ST_BEGUN, from_customer, to_customer, at, 0, cb, ctx, e);
}

struct all_rows {
	store_hold_row_cb cb;
	void *ctx;
};

static int all_row(void *ctx, PGresult *res, int i)
{
	struct all_rows *r = ctx;
	struct hold h;

	read_hold(res, i, &h);
	return r->cb(r->ctx, &h, PQgetvalue(res, i, 10), PQgetvalue(res, i, 11));
}

static int pg_holds_all(struct store_tx *tx, store_hold_row_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct all_rows r = { cb, ctx };

	pg_param_int(&p, tx->tenant);
	return pg_stream(PG(tx), all_sql, &p, all_row, &r, e);
}

static int pg_hold_copy(struct store_tx *tx, struct hold *h, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	hold_params(&p, tx->tenant, h);
	if (h->ended_at)
		pg_param_ts(&p, h->ended_at);
	else
		pg_param_null(&p);
	pg_param_text(&p, h->end_reason);
	return insert_hold(tx, ST_COPY, &p, h, e);
}

const struct store_holds_ops pg_holds_ops = {
	.add = pg_hold_add,
	.end = pg_holds_end,
	.each = pg_holds_each,
	.begun = pg_holds_begun,
	.all = pg_holds_all,
	.copy = pg_hold_copy,
};
