/*
 * users.c: the tenant's users (store/users.h), in table app_user.
 */
#include "store/sqlite/sqlite_int.h"

enum stmt_id { ST_INSERT, ST_GET, ST_UPDATE, ST_EACH, ST_COUNT };
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

#define USER_COLS "id, name, role, team, capacity, disabled, created_by, created_at, updated_by, updated_at"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_INSERT] = "INSERT INTO app_user(tenant_id, name, role, team, capacity, disabled, created_by, created_at, "
		      "updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) "
		      "ON CONFLICT (tenant_id, name) DO NOTHING",
	[ST_GET] = "SELECT " USER_COLS " FROM app_user WHERE tenant_id = ?1 AND name = ?2",
	[ST_UPDATE] = "UPDATE app_user SET role = ?3, team = ?4, capacity = ?5, disabled = ?6, updated_by = ?7, "
		      "updated_at = ?8 WHERE tenant_id = ?1 AND name = ?2",
	[ST_EACH] = "SELECT " USER_COLS " FROM app_user WHERE tenant_id = ?1 ORDER BY name",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_USERS, id, stmt_sql, e);
}

static void read_user(sqlite3_stmt *st, struct user *u)
{
	memset(u, 0, sizeof(*u));
	u->id = sqlite3_column_int64(st, 0);
	col_text(st, 1, u->name, sizeof(u->name));
	col_text(st, 2, u->role, sizeof(u->role));
	col_text(st, 3, u->team, sizeof(u->team));
	u->capacity = sqlite3_column_int(st, 4);
	u->disabled = sqlite3_column_int(st, 5);
	col_text(st, 6, u->created_by, sizeof(u->created_by));
	u->created_at = col_ts(st, 7);
	col_text(st, 8, u->updated_by, sizeof(u->updated_by));
	u->updated_at = col_ts(st, 9);
}

static int sq_user_insert(struct store_tx *tx, struct user *u, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_INSERT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, u->name);
	bind_text(st, 3, u->role);
	bind_text(st, 4, u->team);
	sqlite3_bind_int(st, 5, u->capacity);
	sqlite3_bind_int(st, 6, u->disabled);
	bind_text(st, 7, u->created_by);
	bind_ts(st, 8, u->created_at);
	bind_text(st, 9, u->updated_by);
	bind_ts(st, 10, u->updated_at);
	return sq_insert_step(ss, st, &u->id, e, "adding a user");
}

static int sq_user_get(struct store_tx *tx, const char *name, struct user *out, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_GET, e);
	int rc;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_user(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading a user");
}

static int sq_user_update(struct store_tx *tx, const struct user *u, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_UPDATE, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, u->name);
	bind_text(st, 3, u->role);
	bind_text(st, 4, u->team);
	sqlite3_bind_int(st, 5, u->capacity);
	sqlite3_bind_int(st, 6, u->disabled);
	bind_text(st, 7, u->updated_by);
	bind_ts(st, 8, u->updated_at);
	return sq_update_step(ss, st, e, "updating a user");
}

static int sq_users_each(struct store_tx *tx, store_user_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_EACH, e);
	struct user u;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, {
		read_user(st, &u);
		stop_ = cb(ctx, &u);
	});
	return 0;
}

const struct store_users_ops sq_users_ops = {
	.insert = sq_user_insert,
	.get = sq_user_get,
	.update = sq_user_update,
	.each = sq_users_each,
};
