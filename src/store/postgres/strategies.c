/*
 * strategies.c: the tenant's stored strategies and its defaults per kind
 * (PostgreSQL). The same contract as sqlite/strategies.c; names in byte
 * order (COLLATE "C") as SQLite's BINARY.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

enum stmt_id { ST_GET, ST_PUT, ST_EACH, ST_DEFAULT_GET, ST_DEFAULT_SET, ST_COUNT };
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_GET] = "SELECT json FROM strategy WHERE tenant_id = $1 AND name = $2",
	[ST_PUT] = "INSERT INTO strategy(tenant_id, name, json) VALUES ($1, $2, $3) "
		   "ON CONFLICT (tenant_id, name) DO UPDATE SET json = excluded.json, updated_at = now()",
	[ST_EACH] = "SELECT name, json FROM strategy WHERE tenant_id = $1 ORDER BY name COLLATE \"C\"",
	[ST_DEFAULT_GET] = "SELECT name FROM strategy_default WHERE tenant_id = $1 AND kind = $2",
	[ST_DEFAULT_SET] = "INSERT INTO strategy_default(tenant_id, kind, name) VALUES ($1, $2, $3) "
			   "ON CONFLICT (tenant_id, kind) DO UPDATE SET name = excluded.name",
};

static const char *kind_text(enum customer_kind kind)
{
	return kind == KIND_COMPANY ? "company" : "person";
}

static int pg_get(struct store_tx *tx, const char *name, char **json, struct error *e)
{
	return pg_text_by_name(PG(tx), PG_STRATEGIES, ST_GET, stmt_sql, tx->tenant, name, json, e);
}

static int pg_put(struct store_tx *tx, const char *name, const char *json, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, name);
	pg_param_text(&p, json);
	return pg_exec(PG(tx), PG_STRATEGIES, ST_PUT, stmt_sql, &p, e);
}

static int pg_each_strategy(struct store_tx *tx, store_strategy_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_STRATEGIES, ST_EACH, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++)
		stop = cb(ctx, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
	PQclear(res);
	return stop;
}

static int pg_default_get(struct store_tx *tx, enum customer_kind kind, char *out, size_t size, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, kind_text(kind));
	res = pg_run(PG(tx), PG_STRATEGIES, ST_DEFAULT_GET, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	if (PQntuples(res) > 0)
		pg_text(res, 0, 0, out, size);
	else if (size)
		out[0] = '\0';
	PQclear(res);
	return 0;
}

static int pg_default_set(struct store_tx *tx, enum customer_kind kind, const char *name, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, kind_text(kind));
	pg_param_text(&p, name);
	return pg_exec(PG(tx), PG_STRATEGIES, ST_DEFAULT_SET, stmt_sql, &p, e);
}

const struct store_strategies_ops pg_strategies_ops = {
	.get = pg_get,
	.put = pg_put,
	.each = pg_each_strategy,
	.default_get = pg_default_get,
	.default_set = pg_default_set,
};
