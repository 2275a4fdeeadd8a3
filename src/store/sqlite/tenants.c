/*
 * tenants.c: tenants (on the store: no tenant is known yet; autocommit).
 */
#include <string.h>

#include "store/sqlite/sqlite_int.h"

enum stmt_id { ST_TENANT_GET, ST_TENANT_INSERT, ST_TENANTS_ALL, ST_COUNT };
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_TENANT_GET] = "SELECT id FROM tenant WHERE name = ?1" /* by name: the tenant is not known yet */,
	[ST_TENANT_INSERT] = "INSERT INTO tenant(name) VALUES (?1)",
	[ST_TENANTS_ALL] = "SELECT id, name FROM tenant ORDER BY id",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_TENANTS, id, stmt_sql, e);
}

static int sq_tenant_create(struct store *s, const char *name, int64_t *id, struct error *e)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	sqlite3_stmt *st = stmt(ss, ST_TENANT_INSERT, e);
	if (!st)
		return -ERR_ENV;
	bind_text(st, 1, name);
	if (sqlite3_step(st) != SQLITE_DONE) {
		int ret = sqlite3_extended_errcode(ss->db) == SQLITE_CONSTRAINT_UNIQUE
				  ? error_set(e, ERR_INPUT, "tenant '%s' already exists", name)
				  : sq_db_error(ss, e, "creating a tenant");
		sqlite3_reset(st);
		return ret;
	}
	sqlite3_reset(st);
	*id = sqlite3_last_insert_rowid(ss->db);
	return 0;
}

static int sq_tenant_resolve(struct store *s, const char *name, int64_t *id, struct error *e)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	sqlite3_stmt *st = stmt(ss, ST_TENANT_GET, e);
	if (!st)
		return -ERR_ENV;
	bind_text(st, 1, name);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (strcmp(name, "default"))
		return error_set(e, ERR_INPUT, "tenant '%s' does not exist (create it with 'recoup init --tenant %s')",
				 name, name);
	return sq_tenant_create(s, name, id, e);
}

static int sq_tenants_each(struct store *s, store_tenant_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	sqlite3_stmt *st = stmt(ss, ST_TENANTS_ALL, e);
	if (!st)
		return -ERR_ENV;
	EACH_ROW(ss, st, e,
		 { stop_ = cb(ctx, sqlite3_column_int64(st, 0), (const char *)sqlite3_column_text(st, 1)); });
	return 0;
}

const struct store_tenants_ops sq_tenants_ops = {
	.resolve = sq_tenant_resolve,
	.create = sq_tenant_create,
	.each = sq_tenants_each,
};
