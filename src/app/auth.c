/*
 * auth.c: see auth.h.
 */
#include "app/auth.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/users.h"
#include "core/validate.h"
#include "store/assignments.h"
#include "store/ledger.h"
#include "store/parties.h"

#define SECRET_BYTES 32

static const char *const roles[] = { "collector", "manager", "admin", NULL };

static int role_rank(const char *role)
{
	for (int i = 0; roles[i]; i++)
		if (!strcmp(role, roles[i]))
			return i + 1;
	return 0;
}

int auth_role_at_least(const char *role, const char *needed)
{
	int have = role ? role_rank(role) : 0;
	return have > 0 && have >= role_rank(needed);
}

/* ---- libsodium ---- */

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;
static int sodium_ok;
/* A hash no password matches, checked for unknown names so that they take as long as known ones. */
static char dummy_hash[crypto_pwhash_STRBYTES];
/*
 * The cost of a new hash: libsodium's interactive one (64 MiB, two passes), unless
 * RECOUP_PASSWORD_COST=test asks for its minimum, which the test suites do (lib.sh, CMake):
 * a hash took 0.14 s of CPU and touched 64 MiB, and make check hashes thousands of times.
 * A check reads the cost from the stored hash, so hashes of either cost are checked alike.
 * Never for real passwords: a minimum-cost hash is cheap to guess.
 */
static unsigned long long hash_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t hash_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

static void sodium_setup(void)
{
	unsigned char pw[16];
	const char *cost = getenv("RECOUP_PASSWORD_COST");

	if (sodium_init() < 0)
		return;
	if (cost && strcmp(cost, "test") == 0) {
		hash_ops = crypto_pwhash_OPSLIMIT_MIN;
		hash_mem = crypto_pwhash_MEMLIMIT_MIN;
	}
	randombytes_buf(pw, sizeof(pw));
	if (crypto_pwhash_str(dummy_hash, (const char *)pw, sizeof(pw), hash_ops, hash_mem) != 0)
		return;
	sodium_ok = 1;
}

static int sodium_ready(struct error *e)
{
	pthread_once(&sodium_once, sodium_setup);
	return sodium_ok ? 0 : error_set(e, ERR_ENV, "libsodium could not start (or out of memory)");
}

/* The hex BLAKE2b-256 hash of a secret, as stored. */
static void secret_hash(const char *secret, char out[AUTH_HASH_HEX + 1])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)secret, strlen(secret), NULL, 0);
	sodium_bin2hex(out, AUTH_HASH_HEX + 1, h, sizeof(h));
}

/* A new credential "<tenant>.<secret>" into out, its hash into hash. */
static void credential_new(int64_t tenant, char *out, size_t size, char hash[AUTH_HASH_HEX + 1])
{
	unsigned char raw[SECRET_BYTES];
	char secret[sodium_base64_ENCODED_LEN(SECRET_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(secret, sizeof(secret), raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	snprintf(out, size, "%lld.%s", (long long)tenant, secret);
	secret_hash(secret, hash);
}

/* Splits "<tenant>.<secret>": 1 with *tenant and the secret's hash, 0 when it is not one. */
static int credential_parse(const char *cred, int64_t *tenant, char hash[AUTH_HASH_HEX + 1])
{
	const char *dot = cred ? strchr(cred, '.') : NULL;
	int64_t t = 0;
	size_t secret_len;

	if (!dot || dot == cred || dot - cred > 18 || strlen(cred) > AUTH_CREDENTIAL_MAX)
		return 0;
	for (const char *p = cred; p < dot; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		t = t * 10 + (*p - '0');
	}
	secret_len = strlen(dot + 1);
	if (t <= 0 || secret_len < 16)
		return 0;
	for (const char *p = dot + 1; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
		      *p == '_'))
			return 0;
	*tenant = t;
	secret_hash(dot + 1, hash);
	return 1;
}

/* ---- the audit trail ---- */

/* app_audit with `after` built by the caller (a new reference, taken; NULL is out of memory). */
static int audit_json(const struct app_ctx *ctx, struct store_tx *tx, const char *action, const char *entity,
		      const char *ref, json_t *after, struct error *e)
{
	int ret;

	if (!after)
		return error_set(e, ERR_ENV, "out of memory");
	ret = app_audit(ctx, tx, action, entity, ref, NULL, after, e);
	json_decref(after);
	return ret;
}

/* ---- passwords ---- */

int auth_check_password(const char *password, struct error *e)
{
	size_t n = strlen(password);

	if (n < AUTH_PASSWORD_MIN || n > AUTH_PASSWORD_INPUT_MAX)
		return error_set_field(e, ERR_INPUT, "password", "password: must be %d to %d bytes", AUTH_PASSWORD_MIN,
				       AUTH_PASSWORD_INPUT_MAX);
	if (validate_text("password", password, AUTH_PASSWORD_INPUT_MAX, 0, e) < 0) {
		app_error_field(e, "password");
		return -ERR_INPUT;
	}
	return 0;
}

int auth_password_hash(const char *password, char *hash, size_t size, struct error *e)
{
	int ret = sodium_ready(e);

	if (ret < 0)
		return ret;
	ret = auth_check_password(password, e);
	if (ret < 0)
		return ret;
	if (size < crypto_pwhash_STRBYTES)
		return error_set(e, ERR_ENV, "auth_password_hash: buffer too small");
	if (crypto_pwhash_str(hash, password, strlen(password), hash_ops, hash_mem) != 0)
		return error_set(e, ERR_ENV, "hashing the password: out of memory");
	return 0;
}

int auth_password_store(const struct app_ctx *ctx, struct store_tx *tx, const struct user *u, const char *hash,
			struct error *e)
{
	int64_t ended = 0;
	int ret = store_auth_password_set(tx, u->id, hash, e);

	if (ret >= 0)
		ret = store_auth_sessions_end(tx, u->id, &ended, e);
	if (ret >= 0)
		ret = audit_json(ctx, tx, "user.password", "user", u->name,
				 json_pack("{s:s, s:I}", "password", "changed", "sessions_ended", (json_int_t)ended),
				 e);
	return ret < 0 ? ret : 0;
}

int auth_password_set(const struct app_ctx *ctx, const char *user, const char *password, struct error *e)
{
	char hash[AUTH_PASSWORD_MAX];
	struct store_tx *tx = NULL;
	struct user u;
	/* hashed before the write transaction: it takes tens of milliseconds */
	int ret = auth_password_hash(password, hash, sizeof(hash), e);

	if (ret < 0)
		return ret;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret < 0)
		goto cleanup;
	ret = store_user_get(tx, user, &u, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_NOT_FOUND, "name", "user '%s' not found", user);
	if (ret < 0)
		goto cleanup;
	ret = auth_password_store(ctx, tx, &u, hash, e);
	if (ret >= 0)
		ret = store_tx_commit(tx, e);
cleanup:
	store_tx_free(tx);
	sodium_memzero(hash, sizeof(hash));
	return ret < 0 ? ret : 0;
}

/* ---- signing in ---- */

struct signin_state {
	struct user u;
	int known; /* a user of that name with a password, enabled */
	char hash[AUTH_PASSWORD_MAX + 1];
	struct auth_failures pair, name;
};

static int locked(const struct auth_failures *f, timestamp_t now)
{
	return f->locked_until > now;
}

/* Reads what the check needs, in a read transaction (the slow hash check runs after it). */
static int signin_read(const struct app_ctx *ctx, const char *user, const char *address, struct signin_state *st,
		       struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret < 0)
		return ret;
	ret = store_user_get(tx, user, &st->u, e);
	if (ret == 1 && !st->u.disabled)
		ret = store_auth_password_get(tx, st->u.id, st->hash, sizeof(st->hash), e);
	st->known = ret == 1 && !st->u.disabled && st->hash[0];
	if (ret >= 0)
		ret = store_auth_failures_get(tx, user, address, &st->pair, e);
	if (ret >= 0)
		ret = store_auth_failures_get(tx, user, "*", &st->name, e);
	store_tx_free(tx);
	return ret < 0 ? ret : 0;
}

/* One more failure in a window of AUTH_LOCK_WINDOW; locks at `limit`. */
static void count_failure(struct auth_failures *f, timestamp_t now, int limit)
{
	if (f->failures == 0 || now - f->first_at > AUTH_LOCK_WINDOW) {
		f->failures = 0;
		f->first_at = now;
		f->locked_until = 0;
	}
	f->failures++;
	if (f->failures >= limit)
		f->locked_until = now + AUTH_LOCK_SECONDS;
}

static int signin_failed(const struct app_ctx *ctx, const char *user, const char *address, struct error *e)
{
	struct store_tx *tx = NULL;
	struct auth_failures pair, name;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);

	/* read again under the write lock, so that concurrent failures all count */
	if (ret >= 0)
		ret = store_auth_failures_get(tx, user, address, &pair, e);
	if (ret >= 0)
		ret = store_auth_failures_get(tx, user, "*", &name, e);
	if (ret >= 0) {
		count_failure(&pair, ctx->now, AUTH_LOCK_FAILURES);
		count_failure(&name, ctx->now, AUTH_LOCK_FAILURES_NAME);
		ret = store_auth_failures_put(tx, user, address, &pair, e);
	}
	if (ret >= 0)
		ret = store_auth_failures_put(tx, user, "*", &name, e);
	/* the moment a lock starts is worth a line in the trail; each failure is counted, not listed */
	if (ret >= 0 && (pair.failures == AUTH_LOCK_FAILURES || name.failures == AUTH_LOCK_FAILURES_NAME))
		ret = audit_json(ctx, tx, "session.locked", "user", user,
				 json_pack("{s:s, s:i}", "address", pair.failures == AUTH_LOCK_FAILURES ? address : "*",
					   "seconds", AUTH_LOCK_SECONDS),
				 e);
	if (ret >= 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	return ret < 0 ? ret : 0;
}

static int signin_succeeded(const struct app_ctx *ctx, const struct signin_state *st, const char *address,
			    int idle_seconds, char *cookie, size_t size, struct auth_identity *who, struct error *e)
{
	struct store_tx *tx = NULL;
	struct auth_session s = { 0 };
	struct app_ctx as_user = *ctx;
	unsigned char csrf[SECRET_BYTES];
	int ret;

	credential_new(ctx->tenant, cookie, size, s.id_hash);
	randombytes_buf(csrf, sizeof(csrf));
	sodium_bin2hex(s.csrf_token, sizeof(s.csrf_token), csrf, sizeof(csrf));
	s.user_id = st->u.id;
	snprintf(s.address, sizeof(s.address), "%s", address);
	s.created_at = ctx->now;
	s.last_seen = ctx->now;
	s.idle_seconds = idle_seconds > 0 ? idle_seconds : AUTH_SESSION_IDLE;
	s.expires_at = ctx->now + AUTH_SESSION_MAX;
	ret = store_tx_begin(ctx->store, ctx->tenant, st->u.name, STORE_WRITE, &tx, e);
	if (ret >= 0)
		ret = store_auth_session_add(tx, &s, e);
	if (ret >= 0)
		ret = store_auth_failures_clear(tx, st->u.name, address, e);
	as_user.actor = st->u.name;
	if (ret >= 0)
		ret = audit_json(&as_user, tx, "session.create", "user", st->u.name,
				 json_pack("{s:s, s:s}", "role", st->u.role, "address", address), e);
	if (ret >= 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	if (ret < 0)
		return ret;
	memset(who, 0, sizeof(*who));
	who->kind = AUTH_SESSION;
	who->tenant = ctx->tenant;
	who->user_id = st->u.id;
	snprintf(who->name, sizeof(who->name), "%s", st->u.name);
	snprintf(who->role, sizeof(who->role), "%s", st->u.role);
	memcpy(who->csrf_token, s.csrf_token, sizeof(who->csrf_token));
	memcpy(who->session_hash, s.id_hash, sizeof(who->session_hash));
	return 0;
}

int auth_signin(const struct app_ctx *ctx, const char *user, const char *password, const char *address,
		int idle_seconds, char *cookie, size_t size, struct auth_identity *who, enum auth_outcome *outcome,
		int *retry_after, struct error *e)
{
	struct signin_state st = { 0 };
	struct error ignored = ERROR_INIT;
	int ret = sodium_ready(e);
	int match;

	*outcome = AUTH_REFUSED;
	*retry_after = 0;
	if (ret < 0)
		return ret;
	/* a name that could be no one's is refused at once, and not counted */
	if (users_check_name(user, &ignored) < 0 || strlen(password) > AUTH_PASSWORD_INPUT_MAX)
		return 0;
	ret = signin_read(ctx, user, address, &st, e);
	if (ret < 0)
		return ret;
	if (locked(&st.pair, ctx->now) || locked(&st.name, ctx->now)) {
		timestamp_t until = st.pair.locked_until > st.name.locked_until ? st.pair.locked_until
										: st.name.locked_until;
		*outcome = AUTH_LOCKED;
		*retry_after = (int)(until - ctx->now);
		return 0;
	}
	match = crypto_pwhash_str_verify(st.known ? st.hash : dummy_hash, password, strlen(password)) == 0;
	if (!match || !st.known)
		return signin_failed(ctx, user, address, e);
	ret = signin_succeeded(ctx, &st, address, idle_seconds, cookie, size, who, e);
	if (ret == 0)
		*outcome = AUTH_OK;
	return ret;
}

/* ---- checking a credential ---- */

int auth_session_check(struct store *s, const char *cookie, timestamp_t now, struct auth_identity *who, struct error *e)
{
	struct auth_session sess;
	struct store_tx *tx = NULL;
	char hash[AUTH_HASH_HEX + 1];
	int64_t tenant;
	int ret = sodium_ready(e);

	if (ret < 0)
		return ret;
	if (!credential_parse(cookie, &tenant, hash))
		return 0;
	ret = store_tx_begin(s, tenant, "server", STORE_READ, &tx, e);
	if (ret >= 0)
		ret = store_auth_session_get(tx, hash, &sess, e);
	store_tx_free(tx);
	tx = NULL;
	if (ret <= 0)
		return ret;
	if (sess.disabled || now >= sess.expires_at || now > sess.last_seen + sess.idle_seconds)
		return 0;
	/* a short idle time (tests) is kept alive by requests half as far apart */
	if (now - sess.last_seen >=
	    (sess.idle_seconds / 2 < AUTH_TOUCH_EVERY ? sess.idle_seconds / 2 : AUTH_TOUCH_EVERY)) {
		struct error touch_e = ERROR_INIT;
		ret = store_tx_begin(s, tenant, sess.user_name, STORE_WRITE, &tx, &touch_e);
		if (ret >= 0)
			ret = store_auth_session_touch(tx, hash, now, &touch_e);
		if (ret >= 0)
			ret = store_tx_commit(tx, &touch_e);
		store_tx_free(tx);
		/*
		 * The session was read valid above; a touch that cannot be written
		 * (SQLite's one writer busy past its timeout, e.g. a rebalance job
		 * of a million customers writing) is left to a later request: the
		 * session then ends sooner, never later, and the request is not
		 * refused for it (a client polling a job would otherwise get 503).
		 */
		(void)ret;
	}
	memset(who, 0, sizeof(*who));
	who->kind = AUTH_SESSION;
	who->tenant = tenant;
	who->user_id = sess.user_id;
	snprintf(who->name, sizeof(who->name), "%s", sess.user_name);
	snprintf(who->role, sizeof(who->role), "%s", sess.role);
	memcpy(who->csrf_token, sess.csrf_token, sizeof(who->csrf_token));
	memcpy(who->session_hash, hash, sizeof(who->session_hash));
	return 1;
}

int auth_token_check(struct store *s, const char *token, timestamp_t now, struct auth_identity *who, struct error *e)
{
	struct auth_token t;
	struct store_tx *tx = NULL;
	char hash[AUTH_HASH_HEX + 1];
	int64_t tenant;
	int ret = sodium_ready(e);

	(void)now;
	if (ret < 0)
		return ret;
	if (!credential_parse(token, &tenant, hash))
		return 0;
	ret = store_tx_begin(s, tenant, "server", STORE_READ, &tx, e);
	if (ret >= 0)
		ret = store_auth_token_by_hash(tx, hash, &t, e);
	store_tx_free(tx);
	if (ret <= 0 || t.revoked_at)
		return ret < 0 ? ret : 0;
	/* a user's token ends with the user: disabled (or gone), it is refused */
	if (t.user_id && (t.user_disabled || !t.user_name[0]))
		return 0;
	memset(who, 0, sizeof(*who));
	who->kind = AUTH_TOKEN;
	who->tenant = tenant;
	snprintf(who->token_name, sizeof(who->token_name), "%s", t.name);
	if (t.user_id) {
		/* the user's name, so the audit trail, their queue and their customers are theirs */
		who->user_id = t.user_id;
		snprintf(who->name, sizeof(who->name), "%s", t.user_name);
		/* the lower of the token's role and the user's now */
		snprintf(who->role, sizeof(who->role), "%s",
			 role_rank(t.user_role) < role_rank(t.role) ? t.user_role : t.role);
	} else {
		snprintf(who->name, sizeof(who->name), "token:%s", t.name);
		snprintf(who->role, sizeof(who->role), "%s", t.role);
	}
	return 1;
}

int auth_signout(const struct app_ctx *ctx, const struct auth_identity *who, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret;

	if (who->kind == AUTH_TOKEN) {
		/* a machine client signing out: its token ends, as `recoup token revoke` ends it */
		ret = auth_token_revoke(ctx, who->token_name, e);
		if (ret == -ERR_NOT_FOUND) {
			*e = (struct error)ERROR_INIT;
			ret = 0; /* revoked meanwhile: ended all the same */
		}
		return ret;
	}
	if (who->kind != AUTH_SESSION)
		return 0;
	ret = store_tx_begin(ctx->store, who->tenant, who->name, STORE_WRITE, &tx, e);
	if (ret >= 0)
		ret = store_auth_session_delete(tx, who->session_hash, e);
	if (ret >= 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	return ret < 0 ? ret : 0;
}

/* ---- tokens ---- */

int auth_token_create(const struct app_ctx *ctx, const char *name, const char *role, char *token, size_t size,
		      struct error *e)
{
	return auth_token_create_for(ctx, name, role, NULL, token, size, e);
}

/* The user a token is made for, in tx: 0, or an error naming the field "user". */
static int token_user(struct store_tx *tx, const char *user, const char *role, int64_t *user_id, struct error *e)
{
	struct user u;
	int ret = store_user_get(tx, user, &u, e);

	if (ret < 0)
		return ret;
	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "user", "user '%s': no such user", user);
	if (u.disabled)
		return error_set_field(e, ERR_INPUT, "user", "user '%s': the user is disabled", user);
	if (role_rank(role) > role_rank(u.role))
		return error_set_field(e, ERR_INPUT, "role",
				       "role %s is above the role of user '%s' (%s): a token never has more rights "
				       "than its user",
				       role, user, u.role);
	*user_id = u.id;
	return 0;
}

int auth_token_create_for(const struct app_ctx *ctx, const char *name, const char *role, const char *user, char *token,
			  size_t size, struct error *e)
{
	return auth_token_create_shown(ctx, name, role, user, token, size, NULL, NULL, e);
}

int auth_token_create_shown(const struct app_ctx *ctx, const char *name, const char *role, const char *user,
			    char *token, size_t size, auth_token_shown_cb shown, void *cb_ctx, struct error *e)
{
	struct store_tx *tx = NULL;
	struct auth_token t = { 0 };
	int ret = sodium_ready(e);

	if (ret < 0)
		return ret;
	ret = users_check_name(name, e);
	if (ret < 0)
		return ret;
	if (!role_rank(role))
		return error_set_field(e, ERR_INPUT, "role", "role '%s' is not a role (admin, manager, collector)",
				       role);
	snprintf(t.name, sizeof(t.name), "%s", name);
	snprintf(t.role, sizeof(t.role), "%s", role);
	snprintf(t.created_by, sizeof(t.created_by), "%s", ctx->actor);
	t.created_at = ctx->now;
	credential_new(ctx->tenant, token, size, t.token_hash);
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret >= 0 && user)
		ret = token_user(tx, user, role, &t.user_id, e);
	if (ret >= 0)
		ret = store_auth_token_add(tx, &t, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_CONFLICT, "name", "token '%s' exists already", name);
	/* "user" only for a token bound to one: a token of no user keeps the entry it always had */
	if (ret >= 0)
		ret = audit_json(ctx, tx, "token.create", "token", name,
				 user ? json_pack("{s:s, s:s, s:s}", "name", name, "role", role, "user", user)
				      : json_pack("{s:s, s:s}", "name", name, "role", role),
				 e);
	if (ret >= 0 && shown)
		ret = shown(cb_ctx, token, e);
	if (ret >= 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	if (ret < 0)
		sodium_memzero(token, size);
	return ret < 0 ? ret : 0;
}

int auth_tokens_list(const struct app_ctx *ctx, store_auth_token_cb cb, void *cb_ctx, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret >= 0)
		ret = store_auth_tokens_each(tx, cb, cb_ctx, e);
	store_tx_free(tx);
	return ret;
}

int auth_token_revoke(const struct app_ctx *ctx, const char *name, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);

	if (ret >= 0)
		ret = store_auth_token_revoke(tx, name, ctx->now, e);
	if (ret == 0)
		ret = error_set_field(e, ERR_NOT_FOUND, "name", "token '%s' not found (or revoked already)", name);
	if (ret >= 0)
		ret = audit_json(ctx, tx, "token.revoke", "token", name, json_pack("{s:b}", "revoked", 1), e);
	if (ret >= 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	return ret < 0 ? ret : 0;
}

/* ---- what a collector sees ---- */

struct assigned {
	int64_t user_id;
	int yes;
};

static int is_assigned(void *ctx, const struct assignment *a)
{
	struct assigned *as = ctx;
	as->yes = a->user_id == as->user_id;
	return 0;
}

int auth_customer_id_visible(struct store_tx *tx, const struct auth_identity *who, int64_t customer_id, struct error *e)
{
	struct assigned as = { who->user_id, 0 };
	int ret;

	if (auth_role_at_least(who->role, "manager"))
		return 1;
	if (who->user_id == 0)
		return 0;
	ret = store_assignments_each(tx, customer_id, customer_id, is_assigned, &as, e);
	return ret < 0 ? ret : as.yes;
}

/* kind: "customer", "contact" or "invoice". */
static int visible(const struct app_ctx *ctx, const struct auth_identity *who, const char *kind, const char *ref,
		   struct error *e)
{
	struct store_tx *tx = NULL;
	struct customer cu;
	struct contact co;
	struct invoice inv;
	int64_t customer_id = 0;
	int ret;

	if (auth_role_at_least(who->role, "manager"))
		return 0;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret >= 0 && !strcmp(kind, "customer")) {
		ret = store_customer_find(tx, ref, &cu, e);
		customer_id = cu.id;
	} else if (ret >= 0 && !strcmp(kind, "invoice")) {
		ret = store_invoice_find(tx, ref, &inv, e);
		customer_id = inv.customer_id;
	} else if (ret >= 0) {
		ret = store_contact_get(tx, ref, &co, NULL, e);
		customer_id = co.customer_id;
	}
	if (ret > 0)
		ret = auth_customer_id_visible(tx, who, customer_id, e);
	store_tx_free(tx);
	if (ret == 0)
		return error_set_field(e, ERR_NOT_FOUND, "ref", "%s '%s' not found", kind, ref);
	return ret < 0 ? ret : 0;
}

int auth_customer_visible(const struct app_ctx *ctx, const struct auth_identity *who, const char *ref, struct error *e)
{
	return visible(ctx, who, "customer", ref, e);
}

int auth_contact_visible(const struct app_ctx *ctx, const struct auth_identity *who, const char *ref, struct error *e)
{
	return visible(ctx, who, "contact", ref, e);
}

int auth_invoice_visible(const struct app_ctx *ctx, const struct auth_identity *who, const char *ref, struct error *e)
{
	return visible(ctx, who, "invoice", ref, e);
}
