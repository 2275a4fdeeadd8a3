/*
 * auth.h: who is calling the server, and what they may see (docs/api.md,
 * "Sign-in and roles").
 *
 * Passwords: argon2id through libsodium's crypto_pwhash_str (interactive
 * cost: about 64 MiB and a few tens of milliseconds a check), 8 to
 * AUTH_PASSWORD_INPUT_MAX bytes of UTF-8 without control characters.
 * Changing one ends every session of the user.
 *
 * Credentials. A session cookie and an API token are both
 * "<tenant id>.<secret>": the secret is 32 random bytes in unpadded
 * base64url, and only its BLAKE2b-256 hash is stored (store/auth.h), so a
 * copy of the database signs no one in. The tenant in front lets the server
 * find the row in that tenant's data (every statement is tenant-scoped);
 * a credential naming another tenant simply matches nothing there.
 *
 * Sessions end AUTH_SESSION_IDLE seconds after the last request or
 * AUTH_SESSION_MAX after sign-in, whichever comes first; last_seen is
 * written at most once a minute, or every half of a shorter idle time (a
 * write per request would serialise every read on SQLite's one writer).
 *
 * Lock-out: AUTH_LOCK_FAILURES failed sign-ins for one name from one
 * address within AUTH_LOCK_WINDOW, or AUTH_LOCK_FAILURES_NAME for the name
 * from all addresses, lock that pair (or the name) for AUTH_LOCK_SECONDS:
 * sign-ins are then refused as AUTH_LOCKED without checking the password
 * (even a right one). Unknown names are counted like known ones and
 * checked against a dummy hash, so that neither the answer nor its time
 * tells whether a name exists.
 *
 * Roles rank collector < manager < admin. A collector sees the customers
 * assigned to them (store/assignments.h) and nothing else: any other
 * customer, or a contact of one, is -ERR_NOT_FOUND with the message an
 * unknown ref gets. A token acts with its own role as "token:NAME" and is
 * assigned nothing.
 */
#ifndef RECOUP_APP_AUTH_H
#define RECOUP_APP_AUTH_H

#include <stddef.h>

#include "app/app.h"
#include "store/auth.h"

#define AUTH_SESSION_IDLE       (30 * 60)
#define AUTH_SESSION_MAX        (12 * 3600)
#define AUTH_TOUCH_EVERY        60
#define AUTH_LOCK_FAILURES      5
#define AUTH_LOCK_FAILURES_NAME 20
#define AUTH_LOCK_WINDOW        (15 * 60)
#define AUTH_LOCK_SECONDS       (15 * 60)
#define AUTH_PASSWORD_MIN       8
#define AUTH_PASSWORD_INPUT_MAX 1024
/* "<tenant>.<43 characters>" fits */
#define AUTH_CREDENTIAL_MAX 80

enum auth_kind { AUTH_NONE, AUTH_SESSION, AUTH_TOKEN };
enum auth_outcome { AUTH_OK, AUTH_REFUSED, AUTH_LOCKED };

struct auth_identity {
	enum auth_kind kind;
	int64_t tenant;
	int64_t user_id;                      /* 0 for a token of no user */
	char name[USER_NAME_MAX + 7];         /* the login name (a user's token too), or "token:NAME" */
	char role[USER_ROLE_MAX + 1];         /* admin, manager, collector */
	char csrf_token[AUTH_HASH_HEX + 1];   /* a session's, "" for a token */
	char session_hash[AUTH_HASH_HEX + 1]; /* a session's, for signing out */
	char token_name[USER_NAME_MAX + 1];   /* a token's (its name, not the user's), for signing out */
};

/* 1 when `role` ranks at least as high as `needed` (both role names); 0 otherwise or when unknown. */
int auth_role_at_least(const char *role, const char *needed);

/* 0 when `password` is one auth_password_set accepts, else -ERR_INPUT (field "password"). */
int auth_check_password(const char *password, struct error *e);
/* Sets the password of user `user` (hashing it) and ends its sessions. -ERR_NOT_FOUND, -ERR_INPUT (field "password"). */
int auth_password_set(const struct app_ctx *ctx, const char *user, const char *password, struct error *e);
/*
 * The two halves of auth_password_set, for a use case that sets a password
 * in its own transaction (users_add): the checked password's argon2id hash
 * into hash (size >= AUTH_PASSWORD_MAX, store/auth.h; slow, so called before the
 * transaction), and writing it for user *u in `tx` (ending its sessions,
 * audited as "user.password").
 */
int auth_password_hash(const char *password, char *hash, size_t size, struct error *e);
int auth_password_store(const struct app_ctx *ctx, struct store_tx *tx, const struct user *u, const char *hash,
			struct error *e);

/*
 * Signs `user` in from `address` at ctx->now. On AUTH_OK, `cookie` (size >=
 * AUTH_CREDENTIAL_MAX + 1) holds the new session's credential and *who the
 * identity (with its CSRF token). AUTH_REFUSED (wrong name or password, no
 * password set, disabled user) and AUTH_LOCKED (see above; *retry_after the
 * seconds left) write the failure and return 0 too: *outcome says which.
 * -ERR_ENV for the database. The session ends `idle_seconds` after its
 * last request (0: AUTH_SESSION_IDLE; `recoup serve --session-idle`).
 */
int auth_signin(const struct app_ctx *ctx, const char *user, const char *password, const char *address,
		int idle_seconds, char *cookie, size_t size, struct auth_identity *who, enum auth_outcome *outcome,
		int *retry_after, struct error *e);

/*
 * The identity a session cookie or a bearer token stands for, at `now`:
 * 1 (into *who), 0 when it stands for none (malformed, unknown, expired,
 * revoked, a disabled user), -ERR_ENV.
 */
int auth_session_check(struct store *s, const char *cookie, timestamp_t now, struct auth_identity *who,
		       struct error *e);
int auth_token_check(struct store *s, const char *token, timestamp_t now, struct auth_identity *who, struct error *e);
/*
 * Signs *who out at ctx->now: a session ends (deleted), a bearer token is
 * revoked (as auth_token_revoke, audited "token.revoke" by *who): either
 * way the next request with the credential is refused. A credential ended
 * meanwhile (by another request) is no error.
 */
int auth_signout(const struct app_ctx *ctx, const struct auth_identity *who, struct error *e);

/*
 * A new API token `name` (a login-like name) with `role`; `token` (size >=
 * AUTH_CREDENTIAL_MAX + 1) receives the credential, shown once.
 * -ERR_CONFLICT when the tenant has a token of that name, -ERR_INPUT.
 */
int auth_token_create(const struct app_ctx *ctx, const char *name, const char *role, char *token, size_t size,
		      struct error *e);
/*
 * auth_token_create, the token bound to `user` (NULL: none): it acts as
 * that user (their name, queue, customers and authority), its role never
 * above theirs. -ERR_NOT_FOUND (field "user") for no such user, -ERR_INPUT
 * for a disabled one or a role above the user's.
 */
int auth_token_create_for(const struct app_ctx *ctx, const char *name, const char *role, const char *user, char *token,
			  size_t size, struct error *e);
/*
 * auth_token_create_for, the credential handed to `shown` (NULL: none)
 * before the token is stored: a credential that could not be shown (the
 * command line's standard output full or closed) is no token, and its
 * name stays free; until 2026-12-07 the token was stored, its secret lost
 * and the name taken for good. `shown` returns 0, or < 0 with *e set.
 */
typedef int (*auth_token_shown_cb)(void *ctx, const char *token, struct error *e);
int auth_token_create_shown(const struct app_ctx *ctx, const char *name, const char *role, const char *user,
			    char *token, size_t size, auth_token_shown_cb shown, void *cb_ctx, struct error *e);
int auth_tokens_list(const struct app_ctx *ctx, store_auth_token_cb cb, void *cb_ctx, struct error *e);
/* -ERR_NOT_FOUND when no token of that name is in force. */
int auth_token_revoke(const struct app_ctx *ctx, const char *name, struct error *e);

/*
 * 0 when *who may see customer `ref` (or the customer of contact `ref`),
 * else -ERR_NOT_FOUND (field "ref"), as for a ref that does not exist.
 */
int auth_customer_visible(const struct app_ctx *ctx, const struct auth_identity *who, const char *ref, struct error *e);
int auth_contact_visible(const struct app_ctx *ctx, const struct auth_identity *who, const char *ref, struct error *e);
/* The same for the customer of invoice `ref`: an invoice of a customer a collector may not see is as unknown. */
int auth_invoice_visible(const struct app_ctx *ctx, const struct auth_identity *who, const char *ref, struct error *e);
/* 1 when *who may see the customer with this id (a collector: assigned to them), 0 not, -ERR_ENV. */
int auth_customer_id_visible(struct store_tx *tx, const struct auth_identity *who, int64_t customer_id,
			     struct error *e);

#endif
