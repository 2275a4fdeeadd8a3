/*
 * auth.c: passwords, sessions, API tokens, failed sign-ins and idempotency
 * keys (store/auth.h) on PostgreSQL. The same contract as sqlite/auth.c.
 */
#include <stdlib.h>
#include <string.h>

#include "store/postgres/pg_int.h"

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
_Static_assert(ST_COUNT <= PG_STMTS_MAX, "too many statements for the cache");

#define TOKEN_COLS                                                                                     \
	"t.id, t.name, t.role, t.token_hash, t.created_by, extract(epoch from t.created_at)::bigint, " \
	"extract(epoch from t.revoked_at)::bigint, COALESCE(t.user_id, 0), COALESCE(u.name, ''), "     \
	"COALESCE(u.role, ''), COALESCE(u.disabled, 0)"
/* the token's user, when it has one */
#define TOKEN_FROM "api_token t LEFT JOIN app_user u ON u.tenant_id = $1 AND u.id = t.user_id"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_PW_GET] = "SELECT password_hash FROM app_user WHERE tenant_id = $1 AND id = $2",
	[ST_PW_SET] = "UPDATE app_user SET password_hash = $3 WHERE tenant_id = $1 AND id = $2",
	[ST_SESSION_ADD] = "INSERT INTO auth_session(tenant_id, id_hash, user_id, csrf_token, address, created_at, "
			   "last_seen, idle_seconds, expires_at) VALUES ($1, $2, $3, $4, $5, to_timestamp($6::bigint), "
			   "to_timestamp($7::bigint), $8, to_timestamp($9::bigint))",
	[ST_SESSION_GET] = "SELECT s.id_hash, s.user_id, s.csrf_token, s.address, "
			   "extract(epoch from s.created_at)::bigint, extract(epoch from s.last_seen)::bigint, "
			   "s.idle_seconds, extract(epoch from s.expires_at)::bigint, u.name, u.role, u.disabled "
			   "FROM auth_session s JOIN app_user u ON u.tenant_id = s.tenant_id AND u.id = s.user_id "
			   "WHERE s.tenant_id = $1 AND s.id_hash = $2",
	[ST_SESSION_TOUCH] = "UPDATE auth_session SET last_seen = to_timestamp($3::bigint) "
			     "WHERE tenant_id = $1 AND id_hash = $2",
	[ST_SESSION_DELETE] = "DELETE FROM auth_session WHERE tenant_id = $1 AND id_hash = $2",
	[ST_SESSIONS_END] = "DELETE FROM auth_session WHERE tenant_id = $1 AND user_id = $2",
	[ST_TOKEN_ADD] = "INSERT INTO api_token(tenant_id, name, role, token_hash, created_by, created_at, user_id) "
			 "VALUES ($1, $2, $3, $4, $5, to_timestamp($6::bigint), $7) "
			 "ON CONFLICT (tenant_id, name) DO NOTHING RETURNING id",
	[ST_TOKEN_BY_HASH] = "SELECT " TOKEN_COLS " FROM " TOKEN_FROM " WHERE t.tenant_id = $1 AND t.token_hash = $2",
	[ST_TOKENS_EACH] = "SELECT " TOKEN_COLS " FROM " TOKEN_FROM
			   " WHERE t.tenant_id = $1 ORDER BY t.name COLLATE \"C\"",
	[ST_TOKEN_REVOKE] = "UPDATE api_token SET revoked_at = to_timestamp($3::bigint) "
			    "WHERE tenant_id = $1 AND name = $2 AND revoked_at IS NULL",
	[ST_FAIL_GET] = "SELECT failures, extract(epoch from first_at)::bigint, "
			"extract(epoch from locked_until)::bigint FROM signin_failure "
			"WHERE tenant_id = $1 AND user_name = $2 AND address = $3",
	[ST_FAIL_PUT] = "INSERT INTO signin_failure(tenant_id, user_name, address, failures, first_at, locked_until) "
			"VALUES ($1, $2, $3, $4, to_timestamp($5::bigint), to_timestamp($6::bigint)) "
			"ON CONFLICT (tenant_id, user_name, address) DO UPDATE SET failures = excluded.failures, "
			"first_at = excluded.first_at, locked_until = excluded.locked_until",
	[ST_FAIL_CLEAR] = "DELETE FROM signin_failure WHERE tenant_id = $1 AND user_name = $2 AND address = $3",
	[ST_IDEM_GET] = "SELECT request_hash, status, response FROM idempotency_key "
			"WHERE tenant_id = $1 AND key = $2 AND created_at >= to_timestamp($3::bigint)",
	[ST_IDEM_PUT] = "INSERT INTO idempotency_key(tenant_id, key, request_hash, status, response, created_at) "
			"VALUES ($1, $2, $3, $4, $5, to_timestamp($6::bigint)) "
			"ON CONFLICT (tenant_id, key) DO NOTHING RETURNING 1",
	/* one statement for the key and the batch; the batch by the index idempotency_key_created (0019) */
	[ST_IDEM_PRUNE] = "DELETE FROM idempotency_key WHERE tenant_id = $1 AND created_at < to_timestamp($2::bigint) "
			  "AND (key = $3 OR key IN (SELECT key FROM idempotency_key WHERE tenant_id = $1 "
			  "AND created_at < to_timestamp($2::bigint) ORDER BY created_at LIMIT $4))",
};

/* A moment, or NULL for 0. */
static void param_ts_or_null(struct pg_params *p, timestamp_t t)
{
	if (t)
		pg_param_ts(p, t);
	else
		pg_param_null(p);
}

/* Rows an UPDATE or DELETE touched; -ERR_ENV when it failed. */
static int run_count(struct store_tx *tx, enum stmt_id id, const struct pg_params *p, int64_t *n, struct error *e)
{
	PGresult *res = pg_run(PG(tx), PG_AUTH, id, stmt_sql, p, e);
	if (!res)
		return -ERR_ENV;
	*n = strtoll(PQcmdTuples(res), NULL, 10);
	PQclear(res);
	return 0;
}

/* 1 when the statement touched a row, 0 none, or -ERR_ENV. */
static int run_changed(struct store_tx *tx, enum stmt_id id, const struct pg_params *p, struct error *e)
{
	int64_t n = 0;
	int ret = run_count(tx, id, p, &n, e);
	return ret < 0 ? ret : n > 0;
}

/* Runs a read; *res the result when it has a row (the caller clears it): 1, 0 (none), or -ERR_ENV. */
static int run_one(struct store_tx *tx, enum stmt_id id, const struct pg_params *p, PGresult **res, struct error *e)
{
	*res = pg_run(PG(tx), PG_AUTH, id, stmt_sql, p, e);
	if (!*res)
		return -ERR_ENV;
	if (PQntuples(*res) > 0)
		return 1;
	PQclear(*res);
	*res = NULL;
	return 0;
}

static int pg_password_get(struct store_tx *tx, int64_t user_id, char *hash, size_t size, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int ret;

	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, user_id);
	ret = run_one(tx, ST_PW_GET, &p, &res, e);
	if (ret == 1) {
		pg_text(res, 0, 0, hash, size);
		PQclear(res);
	}
	return ret;
}

static int pg_password_set(struct store_tx *tx, int64_t user_id, const char *hash, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, user_id);
	pg_param_text(&p, hash);
	return run_changed(tx, ST_PW_SET, &p, e);
}

static int pg_session_add(struct store_tx *tx, const struct auth_session *s, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, s->id_hash);
	pg_param_int(&p, s->user_id);
	pg_param_text(&p, s->csrf_token);
	pg_param_text(&p, s->address);
	pg_param_ts(&p, s->created_at);
	pg_param_ts(&p, s->last_seen);
	pg_param_int(&p, s->idle_seconds);
	pg_param_ts(&p, s->expires_at);
	return pg_exec(PG(tx), PG_AUTH, ST_SESSION_ADD, stmt_sql, &p, e);
}

static int pg_session_get(struct store_tx *tx, const char *id_hash, struct auth_session *out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int ret;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, id_hash);
	ret = run_one(tx, ST_SESSION_GET, &p, &res, e);
	if (ret == 1) {
		memset(out, 0, sizeof(*out));
		pg_text(res, 0, 0, out->id_hash, sizeof(out->id_hash));
		out->user_id = pg_int(res, 0, 1);
		pg_text(res, 0, 2, out->csrf_token, sizeof(out->csrf_token));
		pg_text(res, 0, 3, out->address, sizeof(out->address));
		out->created_at = pg_ts(res, 0, 4);
		out->last_seen = pg_ts(res, 0, 5);
		out->idle_seconds = (int)pg_int(res, 0, 6);
		out->expires_at = pg_ts(res, 0, 7);
		pg_text(res, 0, 8, out->user_name, sizeof(out->user_name));
		pg_text(res, 0, 9, out->role, sizeof(out->role));
		out->disabled = (int)pg_int(res, 0, 10);
		PQclear(res);
	}
	return ret;
}

static int pg_session_touch(struct store_tx *tx, const char *id_hash, timestamp_t last_seen, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, id_hash);
	pg_param_ts(&p, last_seen);
	return run_changed(tx, ST_SESSION_TOUCH, &p, e);
}

static int pg_session_delete(struct store_tx *tx, const char *id_hash, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, id_hash);
	return run_changed(tx, ST_SESSION_DELETE, &p, e);
}

static int pg_sessions_end(struct store_tx *tx, int64_t user_id, int64_t *n, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_int(&p, user_id);
	return run_count(tx, ST_SESSIONS_END, &p, n, e);
}

static void read_token(const PGresult *r, int i, struct auth_token *t)
{
	memset(t, 0, sizeof(*t));
	t->id = pg_int(r, i, 0);
	pg_text(r, i, 1, t->name, sizeof(t->name));
	pg_text(r, i, 2, t->role, sizeof(t->role));
	pg_text(r, i, 3, t->token_hash, sizeof(t->token_hash));
	pg_text(r, i, 4, t->created_by, sizeof(t->created_by));
	t->created_at = pg_ts(r, i, 5);
	t->revoked_at = pg_ts(r, i, 6);
	t->user_id = pg_int(r, i, 7);
	pg_text(r, i, 8, t->user_name, sizeof(t->user_name));
	pg_text(r, i, 9, t->user_role, sizeof(t->user_role));
	t->user_disabled = (int)pg_int(r, i, 10);
}

static int pg_token_add(struct store_tx *tx, struct auth_token *t, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int ret;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, t->name);
	pg_param_text(&p, t->role);
	pg_param_text(&p, t->token_hash);
	pg_param_text(&p, t->created_by);
	pg_param_ts(&p, t->created_at);
	pg_param_id(&p, t->user_id);
	ret = run_one(tx, ST_TOKEN_ADD, &p, &res, e);
	if (ret == 1) {
		t->id = pg_int(res, 0, 0);
		PQclear(res);
	}
	return ret;
}

static int pg_token_by_hash(struct store_tx *tx, const char *token_hash, struct auth_token *out, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int ret;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, token_hash);
	ret = run_one(tx, ST_TOKEN_BY_HASH, &p, &res, e);
	if (ret == 1) {
		read_token(res, 0, out);
		PQclear(res);
	}
	return ret;
}

static int pg_tokens_each(struct store_tx *tx, store_auth_token_cb cb, void *ctx, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	struct auth_token t;
	int stop = 0;

	pg_param_int(&p, tx->tenant);
	res = pg_run(PG(tx), PG_AUTH, ST_TOKENS_EACH, stmt_sql, &p, e);
	if (!res)
		return -ERR_ENV;
	for (int i = 0; i < PQntuples(res) && !stop; i++) {
		read_token(res, i, &t);
		stop = cb(ctx, &t);
	}
	PQclear(res);
	return stop;
}

static int pg_token_revoke(struct store_tx *tx, const char *name, timestamp_t at, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, name);
	pg_param_ts(&p, at);
	return run_changed(tx, ST_TOKEN_REVOKE, &p, e);
}

static int pg_failures_get(struct store_tx *tx, const char *user_name, const char *address, struct auth_failures *out,
			   struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int ret;

	memset(out, 0, sizeof(*out));
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, user_name);
	pg_param_text(&p, address);
	ret = run_one(tx, ST_FAIL_GET, &p, &res, e);
	if (ret == 1) {
		out->failures = (int)pg_int(res, 0, 0);
		out->first_at = pg_ts(res, 0, 1);
		out->locked_until = pg_ts(res, 0, 2);
		PQclear(res);
	}
	return ret;
}

static int pg_failures_put(struct store_tx *tx, const char *user_name, const char *address,
			   const struct auth_failures *f, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, user_name);
	pg_param_text(&p, address);
	pg_param_int(&p, f->failures);
	pg_param_ts(&p, f->first_at);
	param_ts_or_null(&p, f->locked_until);
	return pg_exec(PG(tx), PG_AUTH, ST_FAIL_PUT, stmt_sql, &p, e);
}

static int pg_failures_clear(struct store_tx *tx, const char *user_name, const char *address, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, user_name);
	pg_param_text(&p, address);
	return pg_exec(PG(tx), PG_AUTH, ST_FAIL_CLEAR, stmt_sql, &p, e);
}

static int pg_idempotency_get(struct store_tx *tx, const char *key, timestamp_t since, char *request_hash, int *status,
			      char **response, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int ret;

	*response = NULL;
	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, key);
	pg_param_ts(&p, since);
	ret = run_one(tx, ST_IDEM_GET, &p, &res, e);
	if (ret == 1) {
		pg_text(res, 0, 0, request_hash, AUTH_HASH_HEX + 1);
		*status = (int)pg_int(res, 0, 1);
		*response = strdup(PQgetvalue(res, 0, 2));
		PQclear(res);
		if (!*response)
			return error_set(e, ERR_ENV, "out of memory");
	}
	return ret;
}

static int pg_idempotency_put(struct store_tx *tx, const char *key, const char *request_hash, int status,
			      const char *response, timestamp_t at, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;
	PGresult *res;
	int ret;

	pg_param_int(&p, tx->tenant);
	pg_param_text(&p, key);
	pg_param_text(&p, request_hash);
	pg_param_int(&p, status);
	pg_param_text(&p, response);
	pg_param_ts(&p, at);
	ret = run_one(tx, ST_IDEM_PUT, &p, &res, e);
	if (ret == 1)
		PQclear(res);
	return ret;
}

static int pg_idempotency_prune(struct store_tx *tx, const char *key, timestamp_t before, struct error *e)
{
	struct pg_params p = PG_PARAMS_INIT;

	pg_param_int(&p, tx->tenant);
	pg_param_ts(&p, before);
	pg_param_text(&p, key);
	pg_param_int(&p, STORE_IDEMPOTENCY_PRUNE);
	return pg_exec(PG(tx), PG_AUTH, ST_IDEM_PRUNE, stmt_sql, &p, e);
}

const struct store_auth_ops pg_auth_ops = {
	.password_get = pg_password_get,
	.password_set = pg_password_set,
	.session_add = pg_session_add,
	.session_get = pg_session_get,
	.session_touch = pg_session_touch,
	.session_delete = pg_session_delete,
	.sessions_end = pg_sessions_end,
	.token_add = pg_token_add,
	.token_by_hash = pg_token_by_hash,
	.tokens_each = pg_tokens_each,
	.token_revoke = pg_token_revoke,
	.failures_get = pg_failures_get,
	.failures_put = pg_failures_put,
	.failures_clear = pg_failures_clear,
	.idempotency_get = pg_idempotency_get,
	.idempotency_put = pg_idempotency_put,
	.idempotency_prune = pg_idempotency_prune,
};
