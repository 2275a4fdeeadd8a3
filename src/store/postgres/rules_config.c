/*
 * rules_config.c: tenant profiles, the default profile and closed days
 * (PostgreSQL).
 *
 * The same contract as sqlite/rules_config.c (store/rules_config.h).
 * Profiles are stored as the JSON text they were given (core/profile.h
 * reads them) and come back byte for byte, as on SQLite. Names are ordered
 * with COLLATE "C" (byte order, as SQLite's BINARY) whatever the
 * database's locale, so both backends list them alike.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

enum stmt_id {
	ST_PROFILE_GET,
	ST_PROFILE_PUT,
	ST_PROFILES,
	ST_TENANT_DEFAULT,
	ST_TENANT_SET_DEFAULT,
	ST_CLOSED_ADD,
	ST_CLOSED_DAYS,
	ST_COUNT
};
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_PROFILE_GET] = "SELECT json FROM rules_profile WHERE tenant_id = $1 AND name = $2",
	[ST_PROFILE_PUT] = "INSERT INTO rules_profile(tenant_id, name, json) VALUES ($1, $2, $3) "
			   "ON CONFLICT (tenant_id, name) DO UPDATE SET json = excluded.json, updated_at = now()",
	[ST_PROFILES] = "SELECT name, json FROM rules_profile WHERE tenant_id = $1 ORDER BY name COLLATE \"C\"",
	[ST_TENANT_DEFAULT] = "SELECT default_profile FROM tenant WHERE id = $1",
	[ST_TENANT_SET_DEFAULT] = "UPDATE tenant SET default_profile = $2 WHERE id = $1",
	[ST_CLOSED_ADD] = "INSERT INTO tenant_closed_day(tenant_id, date, name) VALUES ($1, $2::date, $3) "
			  "ON CONFLICT (tenant_id, date) DO UPDATE SET name = excluded.name",
	[ST_CLOSED_DAYS] = "SELECT date::text, name FROM tenant_closed_day WHERE tenant_id = $1 ORDER BY date",
};

static int pg_profile_get(struct store_tx *tx, const char *name, char **json, struct error *e)
{
	return pg_text_by_name(PG(tx), PG_RULES_CONFIG, ST_PROFILE_GET, stmt_sql, tx->tenant, name, json, e);
}

static int pg_profile_put(struct store_tx *tx, const char *name, const char *json, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, name);
	pg_param_text(&p, json);
	return pg_exec(PG(tx), PG_RULES_CONFIG, ST_PROFILE_PUT, stmt_sql, &p, e);
}

static int pg_profiles_each(struct store_tx *tx, store_profile_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_RULES_CONFIG, ST_PROFILES, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++)
		stop = cb(ctx, PQgetvalue(res, i, 0), PQgetvalue(res, i, 1));
	PQclear(res);
	return stop;
}

static int pg_tenant_default_profile(struct store_tx *tx, char *out, size_t size, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_RULES_CONFIG, ST_TENANT_DEFAULT, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	if (PQntuples(res) > 0)
		pg_text(res, 0, 0, out, size);
	else if (size)
		out[0] = '\0';
	PQclear(res);
	return 0;
}

static int pg_tenant_set_default_profile(struct store_tx *tx, const char *name, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, name);
	return pg_exec(PG(tx), PG_RULES_CONFIG, ST_TENANT_SET_DEFAULT, stmt_sql, &p, e);
}

static int pg_closed_day_add(struct store_tx *tx, date_t day, const char *name, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_date(&p, day);
	pg_param_text(&p, name);
	return pg_exec(PG(tx), PG_RULES_CONFIG, ST_CLOSED_ADD, stmt_sql, &p, e);
}

static int pg_closed_days_each(struct store_tx *tx, store_day_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_RULES_CONFIG, ST_CLOSED_DAYS, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++)
		stop = cb(ctx, pg_date(res, i, 0), PQgetvalue(res, i, 1));
	PQclear(res);
	return stop;
}

const struct store_rules_config_ops pg_rules_config_ops = {
	.profile_get = pg_profile_get,
	.profile_put = pg_profile_put,
	.profiles_each = pg_profiles_each,
	.default_profile = pg_tenant_default_profile,
	.set_default_profile = pg_tenant_set_default_profile,
	.closed_day_add = pg_closed_day_add,
	.closed_days_each = pg_closed_days_each,
};
