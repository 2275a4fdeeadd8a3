/*
 * audit.c: the audit trail (store/audit.h) on PostgreSQL, table audit_log
 * (append-only by its triggers). The same contract as sqlite/audit.c.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

enum stmt_id { ST_ADD, ST_EACH, ST_COUNT };
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ADD] = "INSERT INTO audit_log(tenant_id, at, actor, origin, action, entity, ref, before_json, after_json) "
		   "VALUES ($1, to_timestamp($2::bigint), $3, $4, $5, $6, $7, $8, $9) RETURNING id",
	[ST_EACH] = "SELECT id, extract(epoch from at)::bigint, actor, origin, action, entity, ref, before_json, "
		    "after_json FROM audit_log WHERE tenant_id = $1 AND id > $2 AND at >= to_timestamp($3::bigint) "
		    "AND ($4 = '' OR actor = $4) AND ($5 = '' OR entity = $5) AND ($6 = '' OR ref = $6) "
		    "ORDER BY id LIMIT $7",
};

static int pg_audit_add(struct store_tx *tx, struct audit_entry *a, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_ts(&p, a->at);
	pg_param_text(&p, a->actor);
	pg_param_text(&p, a->origin && a->origin[0] ? a->origin : "cli");
	pg_param_text(&p, a->action);
	pg_param_text(&p, a->entity);
	pg_param_text(&p, a->ref);
	pg_param_text(&p, a->before);
	pg_param_text(&p, a->after);
	res = pg_run(PG(tx), PG_AUDIT, ST_ADD, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	a->id = PQntuples(res) == 1 ? pg_int(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

static int pg_audit_each(struct store_tx *tx, const struct audit_filter *f, store_audit_cb cb, void *ctx,
			 struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	struct audit_entry a;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, f->after_id);
	pg_param_ts(&p, f->since);
	pg_param_text(&p, f->actor);
	pg_param_text(&p, f->entity);
	pg_param_text(&p, f->ref);
	if (f->limit > 0)
		pg_param_int(&p, f->limit);
	else
		pg_param_null(&p);
	res = pg_run(PG(tx), PG_AUDIT, ST_EACH, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		a.id = pg_int(res, i, 0);
		a.at = pg_ts(res, i, 1);
		a.actor = PQgetvalue(res, i, 2);
		a.origin = PQgetvalue(res, i, 3);
		a.action = PQgetvalue(res, i, 4);
		a.entity = PQgetvalue(res, i, 5);
		a.ref = PQgetvalue(res, i, 6);
		a.before = PQgetvalue(res, i, 7);
		a.after = PQgetvalue(res, i, 8);
		stop = cb(ctx, &a);
	}
	PQclear(res);
	return stop;
}

const struct store_audit_ops pg_audit_ops = {
	.add = pg_audit_add,
	.each = pg_audit_each,
};
