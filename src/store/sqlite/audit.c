/*
 * audit.c: the audit trail (store/audit.h) on SQLite, table audit_log
 * (append-only by its triggers). Moments are RFC 3339 UTC text of one
 * fixed form, so text order is time order.
 */
#include "store/sqlite/sqlite_int.h"

enum stmt_id { ST_ADD, ST_EACH, ST_COUNT };
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

static const char *const stmt_sql[ST_COUNT] = {
	[ST_ADD] = "INSERT INTO audit_log(tenant_id, at, actor, origin, action, entity, ref, before_json, after_json) "
		   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_EACH] = "SELECT id, at, actor, origin, action, entity, ref, before_json, after_json FROM audit_log "
		    "WHERE tenant_id = ?1 AND id > ?2 AND at >= ?3 AND (?4 = '' OR actor = ?4) "
		    "AND (?5 = '' OR entity = ?5) AND (?6 = '' OR ref = ?6) ORDER BY id LIMIT ?7",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_AUDIT, id, stmt_sql, e);
}

static int sq_audit_add(struct store_tx *tx, struct audit_entry *a, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_ADD, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_ts(st, 2, a->at);
	bind_text(st, 3, a->actor);
	bind_text(st, 4, a->origin && a->origin[0] ? a->origin : "cli");
	bind_text(st, 5, a->action);
	bind_text(st, 6, a->entity);
	bind_text(st, 7, a->ref);
	bind_text(st, 8, a->before);
	bind_text(st, 9, a->after);
	ret = sq_insert_step(ss, st, &a->id, e, "appending to the audit trail");
	return ret < 0 ? ret : 0;
}

static int sq_audit_each(struct store_tx *tx, const struct audit_filter *f, store_audit_cb cb, void *ctx,
			 struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_EACH, e);
	struct audit_entry a;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, f->after_id);
	if (f->since)
		bind_ts(st, 3, f->since);
	else
		bind_text(st, 3, "");
	bind_text(st, 4, f->actor);
	bind_text(st, 5, f->entity);
	bind_text(st, 6, f->ref);
	sqlite3_bind_int(st, 7, f->limit > 0 ? f->limit : -1);
	EACH_ROW(ss, st, e, {
		a.id = sqlite3_column_int64(st, 0);
		a.at = col_ts(st, 1);
		a.actor = (const char *)sqlite3_column_text(st, 2);
		a.origin = (const char *)sqlite3_column_text(st, 3);
		a.action = (const char *)sqlite3_column_text(st, 4);
		a.entity = (const char *)sqlite3_column_text(st, 5);
		a.ref = (const char *)sqlite3_column_text(st, 6);
		a.before = (const char *)sqlite3_column_text(st, 7);
		a.after = (const char *)sqlite3_column_text(st, 8);
		stop_ = cb(ctx, &a);
	});
	return 0;
}

const struct store_audit_ops sq_audit_ops = {
	.add = sq_audit_add,
	.each = sq_audit_each,
};
