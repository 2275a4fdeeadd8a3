/*
 * users.c: the tenant's users (store/users.h), in table app_user
 * (PostgreSQL). The same contract as sqlite/users.c; names are ordered with
 * COLLATE "C" (byte order, as SQLite's BINARY) whatever the database's
 * locale, so both backends list them alike.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

enum stmt_id { ST_INSERT, ST_GET, ST_UPDATE, ST_EACH, ST_COUNT };
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

#define USER_COLS                                                                                                    \
	"id, name, role, team, capacity, disabled, created_by, extract(epoch from created_at)::bigint, updated_by, " \
	"extract(epoch from updated_at)::bigint"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_INSERT] = "INSERT INTO app_user(tenant_id, name, role, team, capacity, disabled, created_by, created_at, "
		      "updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8::bigint), $9, "
		      "to_timestamp($10::bigint)) ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id",
	[ST_GET] = "SELECT " USER_COLS " FROM app_user WHERE tenant_id = $1 AND name = $2",
	[ST_UPDATE] = "UPDATE app_user SET role = $3, team = $4, capacity = $5, disabled = $6, updated_by = $7, "
		      "updated_at = to_timestamp($8::bigint) WHERE tenant_id = $1 AND name = $2",
	[ST_EACH] = "SELECT " USER_COLS " FROM app_user WHERE tenant_id = $1 ORDER BY name COLLATE \"C\"",
};

static void read_user(const PGresult *r, int i, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = pg_int(r, i, 0);
	pg_text(r, i, 1, u->name, sizeof(u->name));
	pg_text(r, i, 2, u->role, sizeof(u->role));
	pg_text(r, i, 3, u->team, sizeof(u->team));
	u->capacity = (int)pg_int(r, i, 4);
	u->disabled = (int)pg_int(r, i, 5);
	pg_text(r, i, 6, u->created_by, sizeof(u->created_by));
	u->created_at = pg_ts(r, i, 7);
	pg_text(r, i, 8, u->updated_by, sizeof(u->updated_by));
	u->updated_at = pg_ts(r, i, 9);
}

static int pg_user_insert(struct store_tx *tx, struct user *u, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int inserted;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, u->name);
	pg_param_text(&p, u->role);
	pg_param_text(&p, u->team);
	pg_param_int(&p, u->capacity);
	pg_param_int(&p, u->disabled);
	pg_param_text(&p, u->created_by);
	pg_param_ts(&p, u->created_at);
	pg_param_text(&p, u->updated_by);
	pg_param_ts(&p, u->updated_at);
	res = pg_run(PG(tx), PG_USERS, ST_INSERT, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	inserted = PQntuples(res) == 1;
	if (inserted)
		u->id = pg_int(res, 0, 0);
	PQclear(res);
	return inserted;
}

static int pg_user_get(struct store_tx *tx, const char *name, struct user *out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int found;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, name);
	res = pg_run(PG(tx), PG_USERS, ST_GET, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	found = PQntuples(res) > 0;
	if (found)
		read_user(res, 0, out);
	PQclear(res);
	return found;
}

static int pg_user_update(struct store_tx *tx, const struct user *u, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	long n;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, u->name);
	pg_param_text(&p, u->role);
	pg_param_text(&p, u->team);
	pg_param_int(&p, u->capacity);
	pg_param_int(&p, u->disabled);
	pg_param_text(&p, u->updated_by);
	pg_param_ts(&p, u->updated_at);
	res = pg_run(PG(tx), PG_USERS, ST_UPDATE, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	n = strtol(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return n > 0;
}

static int pg_users_each(struct store_tx *tx, store_user_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	struct user u;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_USERS, ST_EACH, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		read_user(res, i, &u);
		stop = cb(ctx, &u);
	}
	PQclear(res);
	return stop;
}

const struct store_users_ops pg_users_ops = {
	.insert = pg_user_insert,
	.get = pg_user_get,
	.update = pg_user_update,
	.each = pg_users_each,
};
