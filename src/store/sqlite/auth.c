/*
 * auth.c: passwords, sessions, API tokens, failed sign-ins and idempotency
 * keys (store/auth.h) on SQLite.
 */
#include <stdlib.h>

#include "store/sqlite/sqlite_int.h"

enum stmt_id {
	ST_PW_GET,
	ST_PW_SET,
	ST_SESSION_ADD,
	ST_SESSION_GET,
	ST_SESSION_TOUCH,
	ST_SESSION_DELETE,
	ST_SESSIONS_END,
	ST_TOKEN_ADD,
	ST_TOKEN_BY_HASH,
	ST_TOKENS_EACH,
	ST_TOKEN_REVOKE,
	ST_FAIL_GET,
	ST_FAIL_PUT,
	ST_FAIL_CLEAR,
	ST_IDEM_GET,
	ST_IDEM_PUT,
	ST_IDEM_PRUNE,
	ST_COUNT
};
_Static_assert(ST_COUNT <= SQ_STMTS_MAX, "too many statements for the cache");

#define SESSION_COLS "id_hash, user_id, csrf_token, address, created_at, last_seen, idle_seconds, expires_at"
#define TOKEN_COLS                                                                                               \
	"t.id, t.name, t.role, t.token_hash, t.created_by, t.created_at, t.revoked_at, COALESCE(t.user_id, 0), " \
	"COALESCE(u.name, ''), COALESCE(u.role, ''), COALESCE(u.disabled, 0)"
/* the token's user, when it has one */
#define TOKEN_FROM "api_token t LEFT JOIN app_user u ON u.tenant_id = ?1 AND u.id = t.user_id"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_PW_GET] = "SELECT password_hash FROM app_user WHERE tenant_id = ?1 AND id = ?2",
	[ST_PW_SET] = "UPDATE app_user SET password_hash = ?3 WHERE tenant_id = ?1 AND id = ?2",
	[ST_SESSION_ADD] = "INSERT INTO auth_session(tenant_id, " SESSION_COLS
			   ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	[ST_SESSION_GET] = "SELECT s.id_hash, s.user_id, s.csrf_token, s.address, s.created_at, s.last_seen, "
			   "s.idle_seconds, s.expires_at, u.name, u.role, u.disabled FROM auth_session s "
			   "JOIN app_user u ON u.tenant_id = s.tenant_id AND u.id = s.user_id "
			   "WHERE s.tenant_id = ?1 AND s.id_hash = ?2",
	[ST_SESSION_TOUCH] = "UPDATE auth_session SET last_seen = ?3 WHERE tenant_id = ?1 AND id_hash = ?2",
	[ST_SESSION_DELETE] = "DELETE FROM auth_session WHERE tenant_id = ?1 AND id_hash = ?2",
	[ST_SESSIONS_END] = "DELETE FROM auth_session WHERE tenant_id = ?1 AND user_id = ?2",
	[ST_TOKEN_ADD] = "INSERT INTO api_token(tenant_id, name, role, token_hash, created_by, created_at, user_id) "
			 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (tenant_id, name) DO NOTHING",
	[ST_TOKEN_BY_HASH] = "SELECT " TOKEN_COLS " FROM " TOKEN_FROM " WHERE t.tenant_id = ?1 AND t.token_hash = ?2",
	[ST_TOKENS_EACH] = "SELECT " TOKEN_COLS " FROM " TOKEN_FROM " WHERE t.tenant_id = ?1 ORDER BY t.name",
	[ST_TOKEN_REVOKE] = "UPDATE api_token SET revoked_at = ?3 WHERE tenant_id = ?1 AND name = ?2 "
			    "AND revoked_at IS NULL",
	[ST_FAIL_GET] = "SELECT failures, first_at, locked_until FROM signin_failure "
			"WHERE tenant_id = ?1 AND user_name = ?2 AND address = ?3",
	[ST_FAIL_PUT] = "INSERT INTO signin_failure(tenant_id, user_name, address, failures, first_at, locked_until) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (tenant_id, user_name, address) DO UPDATE SET "
			"failures = excluded.failures, first_at = excluded.first_at, "
			"locked_until = excluded.locked_until",
	[ST_FAIL_CLEAR] = "DELETE FROM signin_failure WHERE tenant_id = ?1 AND user_name = ?2 AND address = ?3",
	[ST_IDEM_GET] = "SELECT request_hash, status, response FROM idempotency_key "
			"WHERE tenant_id = ?1 AND key = ?2 AND created_at >= ?3",
	[ST_IDEM_PUT] = "INSERT INTO idempotency_key(tenant_id, key, request_hash, status, response, created_at) "
			"VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (tenant_id, key) DO NOTHING",
	/* one statement for the key and the batch; the batch by the index idempotency_key_created (0022) */
	[ST_IDEM_PRUNE] =
		"DELETE FROM idempotency_key WHERE tenant_id = ?1 AND created_at < ?2 AND (key = ?3 OR key IN "
		"(SELECT key FROM idempotency_key WHERE tenant_id = ?1 AND created_at < ?2 "
		"ORDER BY created_at LIMIT ?4))",
};

static sqlite3_stmt *stmt(struct sqlite_store *ss, enum stmt_id id, struct error *e)
{
	return sq_stmt(ss, SQ_AUTH, id, stmt_sql, e);
}

/* A moment or NULL for 0. */
static void bind_ts_or_null(sqlite3_stmt *st, int i, timestamp_t t)
{
	if (t)
		bind_ts(st, i, t);
	else
		sqlite3_bind_null(st, i);
}

/* Steps a one-row read: 1 row (left for the caller to read, then reset), 0 none, or -ERR_ENV. */
static int step_one(struct sqlite_store *ss, sqlite3_stmt *st, struct error *e)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		return 1;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : sq_db_error(ss, e, "reading sign-in data");
}

static int sq_password_get(struct store_tx *tx, int64_t user_id, char *hash, size_t size, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_PW_GET, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, user_id);
	ret = step_one(ss, st, e);
	if (ret == 1) {
		col_text(st, 0, hash, size);
		sqlite3_reset(st);
	}
	return ret;
}

static int sq_password_set(struct store_tx *tx, int64_t user_id, const char *hash, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_PW_SET, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, user_id);
	bind_text(st, 3, hash);
	return sq_update_step(ss, st, e, "setting a password");
}

static int sq_session_add(struct store_tx *tx, const struct auth_session *s, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SESSION_ADD, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, s->id_hash);
	sqlite3_bind_int64(st, 3, s->user_id);
	bind_text(st, 4, s->csrf_token);
	bind_text(st, 5, s->address);
	bind_ts(st, 6, s->created_at);
	bind_ts(st, 7, s->last_seen);
	sqlite3_bind_int(st, 8, s->idle_seconds);
	bind_ts(st, 9, s->expires_at);
	return sq_exec_step(ss, st, e, "adding a session");
}

static int sq_session_get(struct store_tx *tx, const char *id_hash, struct auth_session *out, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SESSION_GET, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, id_hash);
	ret = step_one(ss, st, e);
	if (ret == 1) {
		memset(out, 0, sizeof(*out));
		col_text(st, 0, out->id_hash, sizeof(out->id_hash));
		out->user_id = sqlite3_column_int64(st, 1);
		col_text(st, 2, out->csrf_token, sizeof(out->csrf_token));
		col_text(st, 3, out->address, sizeof(out->address));
		out->created_at = col_ts(st, 4);
		out->last_seen = col_ts(st, 5);
		out->idle_seconds = sqlite3_column_int(st, 6);
		out->expires_at = col_ts(st, 7);
		col_text(st, 8, out->user_name, sizeof(out->user_name));
		col_text(st, 9, out->role, sizeof(out->role));
		out->disabled = sqlite3_column_int(st, 10);
		sqlite3_reset(st);
	}
	return ret;
}

static int sq_session_touch(struct store_tx *tx, const char *id_hash, timestamp_t last_seen, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SESSION_TOUCH, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, id_hash);
	bind_ts(st, 3, last_seen);
	return sq_update_step(ss, st, e, "touching a session");
}

static int sq_session_delete(struct store_tx *tx, const char *id_hash, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SESSION_DELETE, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, id_hash);
	return sq_update_step(ss, st, e, "ending a session");
}

static int sq_sessions_end(struct store_tx *tx, int64_t user_id, int64_t *n, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_SESSIONS_END, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	sqlite3_bind_int64(st, 2, user_id);
	ret = sq_exec_step(ss, st, e, "ending sessions");
	if (ret == 0)
		*n = sqlite3_changes(ss->db);
	return ret;
}

static void read_token(sqlite3_stmt *st, struct auth_token *t)
{
	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(st, 0);
	col_text(st, 1, t->name, sizeof(t->name));
	col_text(st, 2, t->role, sizeof(t->role));
	col_text(st, 3, t->token_hash, sizeof(t->token_hash));
	col_text(st, 4, t->created_by, sizeof(t->created_by));
	t->created_at = col_ts(st, 5);
	t->revoked_at = col_ts(st, 6);
	t->user_id = sqlite3_column_int64(st, 7);
	col_text(st, 8, t->user_name, sizeof(t->user_name));
	col_text(st, 9, t->user_role, sizeof(t->user_role));
	t->user_disabled = sqlite3_column_int(st, 10);
}

static int sq_token_add(struct store_tx *tx, struct auth_token *t, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_TOKEN_ADD, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, t->name);
	bind_text(st, 3, t->role);
	bind_text(st, 4, t->token_hash);
	bind_text(st, 5, t->created_by);
	bind_ts(st, 6, t->created_at);
	if (t->user_id)
		sqlite3_bind_int64(st, 7, t->user_id);
	else
		sqlite3_bind_null(st, 7);
	return sq_insert_step(ss, st, &t->id, e, "adding a token");
}

static int sq_token_by_hash(struct store_tx *tx, const char *token_hash, struct auth_token *out, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_TOKEN_BY_HASH, e);
	int ret;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, token_hash);
	ret = step_one(ss, st, e);
	if (ret == 1) {
		read_token(st, out);
		sqlite3_reset(st);
	}
	return ret;
}

static int sq_tokens_each(struct store_tx *tx, store_auth_token_cb cb, void *ctx, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_TOKENS_EACH, e);
	struct auth_token t;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	EACH_ROW(ss, st, e, {
		read_token(st, &t);
		stop_ = cb(ctx, &t);
	});
	return 0;
}

static int sq_token_revoke(struct store_tx *tx, const char *name, timestamp_t at, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_TOKEN_REVOKE, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, name);
	bind_ts(st, 3, at);
	return sq_update_step(ss, st, e, "revoking a token");
}

static int sq_failures_get(struct store_tx *tx, const char *user_name, const char *address, struct auth_failures *out,
			   struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_FAIL_GET, e);
	int ret;
	memset(out, 0, sizeof(*out));
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, user_name);
	bind_text(st, 3, address);
	ret = step_one(ss, st, e);
	if (ret == 1) {
		out->failures = sqlite3_column_int(st, 0);
		out->first_at = col_ts(st, 1);
		out->locked_until = col_ts(st, 2);
		sqlite3_reset(st);
	}
	return ret;
}

static int sq_failures_put(struct store_tx *tx, const char *user_name, const char *address,
			   const struct auth_failures *f, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_FAIL_PUT, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, user_name);
	bind_text(st, 3, address);
	sqlite3_bind_int(st, 4, f->failures);
	bind_ts(st, 5, f->first_at);
	bind_ts_or_null(st, 6, f->locked_until);
	return sq_exec_step(ss, st, e, "counting a failed sign-in");
}

static int sq_failures_clear(struct store_tx *tx, const char *user_name, const char *address, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_FAIL_CLEAR, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, user_name);
	bind_text(st, 3, address);
	return sq_exec_step(ss, st, e, "clearing failed sign-ins");
}

static int sq_idempotency_get(struct store_tx *tx, const char *key, timestamp_t since, char *request_hash, int *status,
			      char **response, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_IDEM_GET, e);
	int ret;
	*response = NULL;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, key);
	bind_ts(st, 3, since);
	ret = step_one(ss, st, e);
	if (ret == 1) {
		col_text(st, 0, request_hash, AUTH_HASH_HEX + 1);
		*status = sqlite3_column_int(st, 1);
		*response = strdup((const char *)sqlite3_column_text(st, 2));
		sqlite3_reset(st);
		if (!*response)
			return error_set(e, ERR_ENV, "out of memory");
	}
	return ret;
}

static int sq_idempotency_put(struct store_tx *tx, const char *key, const char *request_hash, int status,
			      const char *response, timestamp_t at, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_IDEM_PUT, e);
	int64_t rowid = 0;
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_text(st, 2, key);
	bind_text(st, 3, request_hash);
	sqlite3_bind_int(st, 4, status);
	bind_text(st, 5, response);
	bind_ts(st, 6, at);
	return sq_insert_step(ss, st, &rowid, e, "keeping an idempotent response");
}

static int sq_idempotency_prune(struct store_tx *tx, const char *key, timestamp_t before, struct error *e)
{
	struct sqlite_store *ss = SQ(tx);
	sqlite3_stmt *st = stmt(ss, ST_IDEM_PRUNE, e);
	if (!st)
		return -ERR_ENV;
	sqlite3_bind_int64(st, 1, tx->tenant);
	bind_ts(st, 2, before);
	bind_text(st, 3, key);
	sqlite3_bind_int(st, 4, STORE_IDEMPOTENCY_PRUNE);
	return sq_exec_step(ss, st, e, "forgetting expired idempotency keys");
}

const struct store_auth_ops sq_auth_ops = {
	.password_get = sq_password_get,
	.password_set = sq_password_set,
	.session_add = sq_session_add,
	.session_get = sq_session_get,
	.session_touch = sq_session_touch,
	.session_delete = sq_session_delete,
	.sessions_end = sq_sessions_end,
	.token_add = sq_token_add,
	.token_by_hash = sq_token_by_hash,
	.tokens_each = sq_tokens_each,
	.token_revoke = sq_token_revoke,
	.failures_get = sq_failures_get,
	.failures_put = sq_failures_put,
	.failures_clear = sq_failures_clear,
	.idempotency_get = sq_idempotency_get,
	.idempotency_put = sq_idempotency_put,
	.idempotency_prune = sq_idempotency_prune,
};
