/*
 * strategies.c: the tenant's stored strategies and its defaults per kind (store/strategies.h).
 */
#include <stdlib.h>

#include "store/sqlite/sqlite_int.h"

enum stmt_id { ST_GET, ST_PUT, ST_EACH, ST_DEFAULT_GET, ST_DEFAULT_SET, ST_COUNT };
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_GET] = "SELECT json FROM strategy WHERE tenant_id = ?1 AND name = ?2",
	[ST_PUT] = "INSERT INTO strategy(tenant_id, name, json) VALUES (?1, ?2, ?3) "
		   "ON CONFLICT (tenant_id, name) DO UPDATE SET json = excluded.json, "
		   "updated_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
	[ST_EACH] = "SELECT name, json FROM strategy WHERE tenant_id = ?1 ORDER BY name",
	[ST_DEFAULT_GET] = "SELECT name FROM strategy_default WHERE tenant_id = ?1 AND kind = ?2",
	[ST_DEFAULT_SET] = "INSERT INTO strategy_default(tenant_id, kind, name) VALUES (?1, ?2, ?3) "
			   "ON CONFLICT (tenant_id, kind) DO UPDATE SET name = excluded.name",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_STRATEGIES, id, stmt_sql, e);
}

static const char *kind_text(enum customer_kind kind)
{
	return kind == KIND_COMPANY ? "company" : "person";
}

static int sq_get(struct store_tx *tx, const char *name, char **json, struct error *e)
{
	return sq_text_by_name(SQ(tx), stmt(SQ(tx), ST_GET, e), tx->tenant, name, json, e, "reading a strategy");
}

static int sq_put(struct store_tx *tx, const char *name, const char *json, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_PUT, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, name);
	bind_text(st, 3, json);
	return sq_exec_step(ss, st, e, "storing a strategy");
}

static int sq_each(struct store_tx *tx, store_strategy_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_EACH, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, {
		stop_ = cb(ctx, (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1));
	});
	return 0;
}

static int sq_default_get(struct store_tx *tx, enum customer_kind kind, char *out, size_t size, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_DEFAULT_GET, e);
	int rc;

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, kind_text(kind));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		col_text(st, 0, out, size);
	else if (size)
		out[0] = '\0';
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading the default strategy");
}

static int sq_default_set(struct store_tx *tx, enum customer_kind kind, const char *name, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_DEFAULT_SET, e);

	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, kind_text(kind));
	bind_text(st, 3, name);
	return sq_exec_step(ss, st, e, "setting the default strategy");
}

const struct store_strategies_ops sq_strategies_ops = {
	.get = sq_get,
	.put = sq_put,
	.each = sq_each,
	.default_get = sq_default_get,
	.default_set = sq_default_set,
};
