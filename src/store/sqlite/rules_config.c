/*
 * rules_config.c: tenant profiles, the default profile and closed days.
 */
#include <stdlib.h>

#include "store/sqlite/sqlite_int.h"

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
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_PROFILE_GET] = "SELECT json FROM rules_profile WHERE tenant_id = ?1 AND name = ?2",
	[ST_PROFILE_PUT] = "INSERT INTO rules_profile(tenant_id, name, json) VALUES (?1, ?2, ?3) "
			   "ON CONFLICT (tenant_id, name) DO UPDATE SET json = excluded.json, "
			   "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
	[ST_PROFILES] = "SELECT name, json FROM rules_profile WHERE tenant_id = ?1 ORDER BY name",
	[ST_TENANT_DEFAULT] = "SELECT default_profile FROM tenant WHERE id = ?1",
	[ST_TENANT_SET_DEFAULT] = "UPDATE tenant SET default_profile = ?2 WHERE id = ?1",
	[ST_CLOSED_ADD] = "INSERT INTO tenant_closed_day(tenant_id, date, name) VALUES (?1, ?2, ?3) "
			  "ON CONFLICT (tenant_id, date) DO UPDATE SET name = excluded.name",
	[ST_CLOSED_DAYS] = "SELECT date, name FROM tenant_closed_day WHERE tenant_id = ?1 ORDER BY date",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_RULES_CONFIG, id, stmt_sql, e);
}

static int sq_profile_get(struct store_tx *tx, const char *name, char **json, struct error *e)
{
	return sq_text_by_name(SQ(tx), stmt(SQ(tx), ST_PROFILE_GET, e), tx->tenant, name, json, e, "reading a profile");
}

static int sq_profile_put(struct store_tx *tx, const char *name, const char *json, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_PROFILE_PUT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, name);
	bind_text(st, 3, json);
	return sq_exec_step(ss, st, e, "storing a profile");
}

static int sq_profiles_each(struct store_tx *tx, store_profile_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_PROFILES, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, {
		stop_ = cb(ctx, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
	});
	return 0;
}

static int sq_tenant_default_profile(struct store_tx *tx, char *out, size_t size, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_TENANT_DEFAULT, e);
	int rc;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		col_text(st, 0, out, size);
	else if (size)
		out[0] = '\0';
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading the tenant");
}

static int sq_tenant_set_default_profile(struct store_tx *tx, const char *name, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_TENANT_SET_DEFAULT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, name);
	return sq_exec_step(ss, st, e, "updating the tenant");
}

static int sq_closed_day_add(struct store_tx *tx, date_t day, const char *name, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CLOSED_ADD, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_date(st, 2, day);
	bind_text(st, 3, name);
	return sq_exec_step(ss, st, e, "adding a closed day");
}

static int sq_closed_days_each(struct store_tx *tx, store_day_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_CLOSED_DAYS, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, { stop_ = cb(ctx, col_date(st, 0), (const char *)sqlite3_column_text(st, 1)); });
	return 0;
}

const struct store_rules_config_ops sq_rules_config_ops = {
	.profile_get = sq_profile_get,
	.profile_put = sq_profile_put,
	.profiles_each = sq_profiles_each,
	.default_profile = sq_tenant_default_profile,
	.set_default_profile = sq_tenant_set_default_profile,
	.closed_day_add = sq_closed_day_add,
	.closed_days_each = sq_closed_days_each,
};
