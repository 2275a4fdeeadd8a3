/*
 * imports.c: import batches on PostgreSQL.
 */
#include "store/postgres/pg_int.h"

enum stmt_id { ST_IMPORT_INSERT, ST_IMPORT_FINISH, ST_COUNT };
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_IMPORT_INSERT] = "INSERT INTO import_batch (tenant_id, kind, file) VALUES ($1, $2, $3) RETURNING id",
	[ST_IMPORT_FINISH] = "UPDATE import_batch SET rows = $3 WHERE tenant_id = $1 AND id = $2",
};

static int pg_import_begin(struct store_tx *tx, const char *kind, const char *file, int64_t *import_id, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, kind);
	pg_param_text(&p, file);
	res = pg_run(PG(tx), PG_IMPORTS, ST_IMPORT_INSERT, stmt_sql, &p, e);
	if (!res) {
		error_prefix(e, "recording an import");
		return -ERR_ENV;
	}
	*import_id = pg_int(res, 0, 0);
	PQclear(res);
	return 0;
}

static int pg_import_finish(struct store_tx *tx, int64_t import_id, int64_t rows, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, import_id);
	pg_param_int(&p, rows);
	if (pg_exec(PG(tx), PG_IMPORTS, ST_IMPORT_FINISH, stmt_sql, &p, e) < 0) {
		error_prefix(e, "recording an import");
		return -ERR_ENV;
	}
	return 0;
}

const struct store_imports_ops pg_imports_ops = {
	.begin = pg_import_begin,
	.finish = pg_import_finish,
};
