/*
 * auth.h: what signing in keeps (migration 0015_auth / postgres 0012_auth):
 * each user's password hash, the sessions of signed-in browsers, the API
 * tokens of machine clients, the failed sign-ins that lock a name out, and
 * the idempotency keys of the API's writes.
 *
 * Nothing here knows a secret. A password arrives as its argon2id string,
 * a session id or a token as the hex of its BLAKE2b-256 hash
 * (AUTH_HASH_HEX bytes); hashing and checking are app/auth.c's. Like every
 * aggregate, each call reads and writes the transaction's tenant only.
 *
 * Return values: 0 or a documented 1/0, else -ERR_* with `e` set.
 */
#ifndef RECOUP_STORE_AUTH_H
#define RECOUP_STORE_AUTH_H

#include "core/dates.h"
#include "core/model.h"
#include "store/store.h"
#include "store/users.h"

#define AUTH_HASH_HEX     64  /* BLAKE2b-256 as hex */
#define AUTH_PASSWORD_MAX 128 /* crypto_pwhash_STRBYTES */
#define AUTH_ADDRESS_MAX  64  /* a client address as text (IPv6 fits) */

struct auth_session {
	char id_hash[AUTH_HASH_HEX + 1];
	int64_t user_id;
	char csrf_token[AUTH_HASH_HEX + 1];
	char address[AUTH_ADDRESS_MAX + 1];
	timestamp_t created_at;
	timestamp_t last_seen;
	int idle_seconds;
	timestamp_t expires_at;
	/* read with the session (store_auth_session_get), not written by session_add */
	char user_name[USER_NAME_MAX + 1];
	char role[USER_ROLE_MAX + 1];
	int disabled;
};

struct auth_token {
	int64_t id;
	char name[USER_NAME_MAX + 1];
	char role[USER_ROLE_MAX + 1];
	char token_hash[AUTH_HASH_HEX + 1];
	char created_by[NAME_MAX_LEN + 1];
	timestamp_t created_at;
	timestamp_t revoked_at; /* 0: in force */
	/* the user the token acts as (token create --user); 0: none. Name, role and state read with it. */
	int64_t user_id;
	char user_name[USER_NAME_MAX + 1];
	char user_role[USER_ROLE_MAX + 1];
	int user_disabled;
};

struct auth_failures {
	int failures;
	timestamp_t first_at;
	timestamp_t locked_until; /* 0: not locked */
};

/* The user's argon2id string into hash (size >= AUTH_PASSWORD_MAX + 1), "" when none. 1 found, 0 no such user. */
int store_auth_password_get(struct store_tx *tx, int64_t user_id, char *hash, size_t size, struct error *e);
/* Sets it. 1 set, 0 no such user. Write. */
int store_auth_password_set(struct store_tx *tx, int64_t user_id, const char *hash, struct error *e);

/* Inserts a session. Write. */
int store_auth_session_add(struct store_tx *tx, const struct auth_session *s, struct error *e);
/* 1 found (into *out, with its user's name, role and disabled), 0 none with that hash. */
int store_auth_session_get(struct store_tx *tx, const char *id_hash, struct auth_session *out, struct error *e);
/* Moves last_seen. 1 done, 0 no such session. Write. */
int store_auth_session_touch(struct store_tx *tx, const char *id_hash, timestamp_t last_seen, struct error *e);
/* Deletes one session (1 deleted, 0 none). Write. */
int store_auth_session_delete(struct store_tx *tx, const char *id_hash, struct error *e);
/* Deletes every session of a user (a password change signs them all out); *n how many. Write. */
int store_auth_sessions_end(struct store_tx *tx, int64_t user_id, int64_t *n, struct error *e);

/* Inserts t (sets t->id): 1 inserted, 0 the tenant has a token of that name. Write. */
int store_auth_token_add(struct store_tx *tx, struct auth_token *t, struct error *e);
/* 1 found (revoked or not), 0 none with that hash. */
int store_auth_token_by_hash(struct store_tx *tx, const char *token_hash, struct auth_token *out, struct error *e);
/* Every token of the tenant by name; a non-zero return of cb stops and is returned. */
typedef int (*store_auth_token_cb)(void *ctx, const struct auth_token *t);
int store_auth_tokens_each(struct store_tx *tx, store_auth_token_cb cb, void *ctx, struct error *e);
/* Sets revoked_at of the token `name` still in force: 1 revoked, 0 no such token in force. Write. */
int store_auth_token_revoke(struct store_tx *tx, const char *name, timestamp_t at, struct error *e);

/* The failures of (user_name, address): 1 found, 0 none (*out zeroed). */
int store_auth_failures_get(struct store_tx *tx, const char *user_name, const char *address, struct auth_failures *out,
			    struct error *e);
/* Writes them (insert or replace). Write. */
int store_auth_failures_put(struct store_tx *tx, const char *user_name, const char *address,
			    const struct auth_failures *f, struct error *e);
/* Forgets them (a successful sign-in). Write. */
int store_auth_failures_clear(struct store_tx *tx, const char *user_name, const char *address, struct error *e);

/*
 * The response kept for an idempotency key at or after `since`: 1 found
 * (request_hash, status, *response malloc'd: the caller frees it), 0 none
 * (an older one has expired, whether pruned yet or not).
 */
int store_idempotency_get(struct store_tx *tx, const char *key, timestamp_t since, char *request_hash, int *status,
			  char **response, struct error *e);
/* Keeps a response: 1 kept, 0 the key was kept already (by another request). Write. */
int store_idempotency_put(struct store_tx *tx, const char *key, const char *request_hash, int status,
			  const char *response, timestamp_t at, struct error *e);
/*
 * Forgets the keys kept before `before`: `key` itself (so that it can be
 * kept again) and a bounded batch of the others (STORE_IDEMPOTENCY_PRUNE
 * a call, oldest first, so that no write waits on a long delete). Write.
 */
#define STORE_IDEMPOTENCY_PRUNE 500
int store_idempotency_prune(struct store_tx *tx, const char *key, timestamp_t before, struct error *e);

#endif
