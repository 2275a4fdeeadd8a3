/*
 * disputes.c: the disputes (store/disputes.h) on PostgreSQL, tables dispute
 * and dispute_reason. The same contract as sqlite/disputes.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

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
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

#define DISPUTE_COLS                                                                                          \
	"d.id, d.customer_id, d.invoice_id, c.ref, i.ref, i.currency, i.balance, d.reason, d.note, "          \
	"d.deadline::text, extract(epoch from d.opened_at)::bigint, d.opened_by, d.state, "                   \
	"extract(epoch from d.resolved_at)::bigint, d.resolved_by, d.credit, COALESCE(d.credit_note_id, 0), " \
	"extract(epoch from d.overdue_at)::bigint"
#define DISPUTE_FROM                                                                             \
	" FROM dispute d JOIN customer c ON c.tenant_id = d.tenant_id AND c.id = d.customer_id " \
	"JOIN invoice i ON i.tenant_id = d.tenant_id AND i.id = d.invoice_id "

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ADD] = "INSERT INTO dispute(tenant_id, customer_id, invoice_id, reason, note, deadline, opened_at, "
		   "opened_by, state) VALUES ($1, $2, $3, $4, $5, $6::date, to_timestamp($7::bigint), $8, 'open') "
		   "RETURNING id",
	[ST_GET] = "SELECT " DISPUTE_COLS DISPUTE_FROM "WHERE d.tenant_id = $1 AND d.id = $2",
	[ST_RESOLVE] = "UPDATE dispute SET state = $3, resolved_at = to_timestamp($4::bigint), resolved_by = $5, "
		       "credit = $6, credit_note_id = $7 WHERE tenant_id = $1 AND id = $2 AND state = 'open'",
	[ST_EACH] = "SELECT " DISPUTE_COLS DISPUTE_FROM
		    "WHERE d.tenant_id = $1 AND ($2::bigint = 0 OR d.customer_id = $2) AND ($3 = '' OR d.state = $3) "
		    "AND ($4::int = 0 OR (d.state = 'open' AND d.deadline < $5::date)) ORDER BY d.id",
	[ST_OVERDUE] = "UPDATE dispute SET overdue_at = to_timestamp($3::bigint) WHERE tenant_id = $1 "
		       "AND state = 'open' AND deadline < $2::date AND overdue_at IS NULL",
	[ST_REASONS] = "SELECT code FROM dispute_reason WHERE tenant_id = $1 ORDER BY code COLLATE \"C\"",
	[ST_REASONS_CLEAR] = "DELETE FROM dispute_reason WHERE tenant_id = $1",
	[ST_REASON_ADD] = "INSERT INTO dispute_reason(tenant_id, code) VALUES ($1, $2) ON CONFLICT DO NOTHING",
	[ST_COPY] =
		"INSERT INTO dispute(tenant_id, customer_id, invoice_id, reason, note, deadline, opened_at, "
		"opened_by, state, resolved_at, resolved_by, credit, credit_note_id, overdue_at) "
		"VALUES ($1, $2, $3, $4, $5, $6::date, to_timestamp($7::bigint), $8, $9, to_timestamp($10::bigint), "
		"$11, $12, $13, to_timestamp($14::bigint)) RETURNING id",
};

static void read_dispute(const PGresult *r, int i, struct dispute *d)
{
	memset(d, 0, sizeof(*d));
	d->id = pg_int(r, i, 0);
	d->customer_id = pg_int(r, i, 1);
	d->invoice_id = pg_int(r, i, 2);
	pg_text(r, i, 3, d->customer_ref, sizeof(d->customer_ref));
	pg_text(r, i, 4, d->invoice_ref, sizeof(d->invoice_ref));
	pg_text(r, i, 5, d->currency, sizeof(d->currency));
	d->balance = pg_int(r, i, 6);
	pg_text(r, i, 7, d->reason, sizeof(d->reason));
	pg_text(r, i, 8, d->note, sizeof(d->note));
	d->deadline = pg_isnull(r, i, 9) ? 0 : pg_date(r, i, 9);
	d->opened_at = pg_ts(r, i, 10);
	pg_text(r, i, 11, d->opened_by, sizeof(d->opened_by));
	pg_text(r, i, 12, d->state, sizeof(d->state));
	d->resolved_at = pg_ts(r, i, 13);
	pg_text(r, i, 14, d->resolved_by, sizeof(d->resolved_by));
	d->credit = pg_int(r, i, 15);
	d->credit_note_id = pg_int(r, i, 16);
	d->overdue_at = pg_ts(r, i, 17);
}

/* $1 the tenant, $2..$8 the dispute's columns up to opened_by (ST_ADD, ST_COPY). */
static void dispute_params(struct pg_params *p, int64_t tenant, const struct dispute *d)
{
	pg_param_int(p, tenant);
	pg_param_int(p, d->customer_id);
	pg_param_int(p, d->invoice_id);
	pg_param_text(p, d->reason);
	pg_param_text(p, d->note);
	if (d->deadline)
		pg_param_date(p, d->deadline);
	else
		pg_param_null(p);
	pg_param_ts(p, d->opened_at);
	pg_param_text(p, d->opened_by);
}

/* Runs the insert `id` (RETURNING id) into d->id. */
static int insert_dispute(struct store_tx *tx, enum stmt_id id, const struct pg_params *p, struct dispute *d,
			  struct error *e)
{
	PGresult *res = pg_run(PG(tx), PG_DISPUTES, (int)id, stmt_sql, p, e);

	if (!res)
		return -ERR_ENV;
	d->id = PQntuples(res) == 1 ? pg_int(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

static int pg_dispute_add(struct store_tx *tx, struct dispute *d, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	int ret;

	dispute_params(&p, tx->tenant, d);
	ret = insert_dispute(tx, ST_ADD, &p, d, e);
	if (ret == 0)
		snprintf(d->state, sizeof(d->state), "open");
	return ret;
}

static int pg_dispute_get(struct store_tx *tx, int64_t id, struct dispute *out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, id);
	res = pg_run(PG(tx), PG_DISPUTES, ST_GET, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1;
	if (found)
		read_dispute(res, 0, out);
	PQclear(res);
	return found;
}

static int pg_dispute_resolve(struct store_tx *tx, const struct dispute *d, int64_t *n, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, d->id);
	pg_param_text(&p, d->state);
	pg_param_ts(&p, d->resolved_at);
	pg_param_text(&p, d->resolved_by);
	pg_param_int(&p, d->credit);
	pg_param_id(&p, d->credit_note_id);
	res = pg_run(PG(tx), PG_DISPUTES, ST_RESOLVE, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	*n = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

struct each_ctx {
	store_dispute_cb cb;
	void *ctx;
};

static int on_row(void *ctx, PGresult *res, int i)
{
	struct each_ctx *ec = ctx;
	struct dispute d;
	read_dispute(res, i, &d);
	return ec->cb(ec->ctx, &d);
}

static int pg_disputes_each(struct store_tx *tx, const struct dispute_filter *f, store_dispute_cb cb, void *ctx,
			    struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct each_ctx ec = { cb, ctx };

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, f->customer_id);
	pg_param_text(&p, f->state ? f->state : "");
	pg_param_int(&p, f->overdue);
	pg_param_date(&p, f->on ? f->on : 1);
	return pg_stream(PG(tx), stmt_sql[ST_EACH], &p, on_row, &ec, e);
}

static int pg_disputes_mark_overdue(struct store_tx *tx, date_t on, timestamp_t at, int64_t *n, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, on);
	pg_param_ts(&p, at);
	res = pg_run(PG(tx), PG_DISPUTES, ST_OVERDUE, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	if (n)
		*n = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

static int pg_dispute_reasons_get(struct store_tx *tx, char *out, size_t size, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	size_t len = 0;

	out[0] = '\0';
	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_DISPUTES, ST_REASONS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res); i++) {
		int w = snprintf(out + len, size - len, "%s%s", len ? ";" : "", PQgetvalue(res, i, 0));
		if (w < 0 || (size_t)w >= size - len) {
			PQclear(res);
			return error_set(e, ERR_ENV, "the tenant's dispute reasons do not fit %zu bytes", size);
		}
		len += (size_t)w;
	}
	PQclear(res);
	return 0;
}

static int pg_dispute_reasons_set(struct store_tx *tx, const char *const *codes, size_t n, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	int ret;

	pg_param_int(&p, tx->tenant);
	ret = pg_exec(PG(tx), PG_DISPUTES, ST_REASONS_CLEAR, stmt_sql, &p, e);
	for (size_t i = 0; i < n && ret >= 0; i++) {
		struct pg_params q = PG_PARAMS_INIT;
		pg_param_int(&q, tx->tenant);
		pg_param_text(&q, codes[i]);
		ret = pg_exec(PG(tx), PG_DISPUTES, ST_REASON_ADD, stmt_sql, &q, e);
	}
	return ret < 0 ? ret : 0;
}

static void param_ts_or_null(struct pg_params *p, timestamp_t t)
{
	if (t)
		pg_param_ts(p, t);
	else
		pg_param_null(p);
}

static int pg_dispute_copy(struct store_tx *tx, struct dispute *d, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	dispute_params(&p, tx->tenant, d);
	pg_param_text(&p, d->state);
	param_ts_or_null(&p, d->resolved_at);
	pg_param_text(&p, d->resolved_by);
	pg_param_int(&p, d->credit);
	pg_param_id(&p, d->credit_note_id);
	param_ts_or_null(&p, d->overdue_at);
	return insert_dispute(tx, ST_COPY, &p, d, e);
}

const struct store_disputes_ops pg_disputes_ops = {
	.add = pg_dispute_add,
	.get = pg_dispute_get,
	.resolve = pg_dispute_resolve,
	.each = pg_disputes_each,
	.mark_overdue = pg_disputes_mark_overdue,
	.reasons_get = pg_dispute_reasons_get,
	.reasons_set = pg_dispute_reasons_set,
	.copy = pg_dispute_copy,
};
