/*
 * imports.c: import batches.
 */

#include "store/sqlite/sqlite_int.h"

enum stmt_id { ST_IMPORT_INSERT, ST_IMPORT_FINISH, ST_COUNT };
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_IMPORT_INSERT] = "INSERT INTO import_batch(tenant_id, kind, file) VALUES (?1, ?2, ?3)",
	[ST_IMPORT_FINISH] = "UPDATE import_batch SET rows = ?3 WHERE tenant_id = ?1 AND id = ?2",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_IMPORTS, id, stmt_sql, e);
}

static int sq_import_begin(struct store_tx *tx, const char *kind, const char *file, int64_t *import_id, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_IMPORT_INSERT, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, kind);
	bind_text(st, 3, file);
	ret = sq_exec_step(ss, st, e, "recording an import");
	if (ret < 0)
		return ret;
	*import_id = sqlite3_last_insert_rowid(ss->db);
	return 0;
}

static int sq_import_finish(struct store_tx *tx, int64_t import_id, int64_t rows, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_IMPORT_FINISH, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, import_id);
	sqlite3_bind_int64(st, 3, rows);
	return sq_exec_step(ss, st, e, "recording an import");
}

const struct store_imports_ops sq_imports_ops = {
	.begin = sq_import_begin,
	.finish = sq_import_finish,
};
