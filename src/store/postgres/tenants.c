/*
 * tenants.c: tenants on PostgreSQL (on the store: no tenant is known yet;
 * each statement commits on its own unless a transaction is open).
 */
#include <string.h>

#include "store/postgres/pg_int.h"

enum stmt_id { ST_TENANT_GET, ST_TENANT_INSERT, ST_TENANTS_ALL, ST_COUNT };
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_TENANT_GET] = "SELECT id FROM tenant WHERE name = $1" /* by name: the tenant is not known yet */,
	/* no row back: the name is taken (no unique-violation error to tell from the others) */
	[ST_TENANT_INSERT] = "INSERT INTO tenant (name) VALUES ($1) ON CONFLICT (name) DO NOTHING RETURNING id",
	[ST_TENANTS_ALL] = "SELECT id, name FROM tenant ORDER BY id",
};

static int pg_tenant_create(struct store *s, const char *name, int64_t *id, struct error *e)
{
	struct pg_store *ps = (struct pg_store *)s;
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int ret = 0;

	pg_param_text(&p, name);
	res = pg_run(ps, PG_TENANTS, ST_TENANT_INSERT, stmt_sql, &p, e);
	if (!res) {
		error_prefix(e, "creating a tenant");
		return -ERR_ENV;
	}
	if (PQntuples(res) == 1)
		*id = pg_int(res, 0, 0);
	else
		ret = error_set(e, ERR_INPUT, "tenant '%s' already exists", name);
	PQclear(res);
	return ret;
}

/* 1 found (sets *id), 0 not found, or -ERR_ENV. */
static int tenant_lookup(struct pg_store *ps, const char *name, int64_t *id, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	pg_param_text(&p, name);
	res = pg_run(ps, PG_TENANTS, ST_TENANT_GET, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) == 1;
	if (found)
		*id = pg_int(res, 0, 0);
	PQclear(res);
	return found;
}

static int pg_tenant_resolve(struct store *s, const char *name, int64_t *id, struct error *e)
{
	struct pg_store *ps = (struct pg_store *)s;
	int ret = tenant_lookup(ps, name, id, e);

	if (ret != 0)
		return ret < 0 ? ret : 0;
	if (strcmp(name, "default"))
		return error_set(e, ERR_INPUT, "tenant '%s' does not exist (create it with 'recoup init --tenant %s')",
				 name, name);
	ret = pg_tenant_create(s, name, id, e);
	if (ret != -ERR_INPUT)
		return ret;
	/* another process created "default" between the two statements: take its */
	error_clear(e);
	ret = tenant_lookup(ps, name, id, e);
	if (ret == 0)
		return error_set(e, ERR_ENV, "database '%s': tenant '%s' vanished while being created", ps->url, name);
	return ret < 0 ? ret : 0;
}

static int pg_tenants_each(struct store *s, store_tenant_cb cb, void *ctx, struct error *e)
{
	struct pg_store *ps = (struct pg_store *)s;
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res = pg_run(ps, PG_TENANTS, ST_TENANTS_ALL, stmt_sql, &p, e);
	int stop = 0;

	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++)
		stop = cb(ctx, pg_int(res, i, 0), PQgetvalue(res, i, 1));
	PQclear(res);
	return stop;
}

const struct store_tenants_ops pg_tenants_ops = {
	.resolve = pg_tenant_resolve,
	.create = pg_tenant_create,
	.each = pg_tenants_each,
};
