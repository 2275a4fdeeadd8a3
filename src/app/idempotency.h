/*
 * idempotency.h: the first response to a retried write (docs/api.md,
 * "Idempotency-Key"). A client that sends the same POST again with the
 * same Idempotency-Key (after a timeout, a dropped connection) gets the
 * response of the first and creates nothing new; the same key with another
 * body is refused, since the client has mixed up two requests.
 *
 * A request is known by the BLAKE2b-256 hash of its method, path and body.
 * A key belongs to its caller: the table (idempotency_key, per tenant) keeps
 * it as "ACTOR KEY" (ctx->actor, the user or "token:NAME", a space, the
 * key, which has none), so that two callers who happen to choose the same
 * key each get their own request done, and neither is ever answered with
 * the other's response (a record of a customer the other may not see).
 * Keys are kept for `ttl` seconds
 * (`recoup serve --idempotency-ttl`, default IDEMPOTENCY_TTL_DEFAULT): an
 * older key is unknown, so the same key may then name a new request.
 * Expired keys are forgotten lazily, by the writes that keep new ones: each
 * deletes the key it is about to keep if it expired, and a bounded batch
 * of the tenant's other expired keys (store_idempotency_prune), so the
 * table holds about a ttl's worth of keys without a sweeper.
 * The response is kept after the use case committed, in a transaction of
 * its own: a crash in between leaves the write done and the key unknown,
 * and the retry then runs the use case again, which finds its ref stored
 * (payments and imports are idempotent by ref) and writes nothing.
 */
#ifndef RECOUP_APP_IDEMPOTENCY_H
#define RECOUP_APP_IDEMPOTENCY_H

#include <stddef.h>

#include "app/app.h"
#include "store/auth.h"

#define IDEMPOTENCY_KEY_MAX     128
#define IDEMPOTENCY_TTL_DEFAULT (24 * 3600)
/* "ACTOR KEY": an actor of up to 192 bytes, a space, the key and its NUL */
#define IDEMPOTENCY_STORED_MAX (192 + 1 + IDEMPOTENCY_KEY_MAX + 1)

/* The hash of a request into out (AUTH_HASH_HEX + 1 bytes). */
void idempotency_request_hash(const char *method, const char *path, const char *body, size_t len,
			      char out[AUTH_HASH_HEX + 1]);
/*
 * The same with `extra_len` bytes of `extra`: what else makes the request
 * (its query arguments, the headers that describe a raw body), so that a
 * key sent again with another of them is another request. No extra
 * (extra_len 0) hashes as idempotency_request_hash.
 */
void idempotency_request_hash_ext(const char *method, const char *path, const char *extra, size_t extra_len,
				  const char *body, size_t len, char out[AUTH_HASH_HEX + 1]);
/* The key as kept for `actor` into out: 0, or -1 when it does not fit in size bytes. */
int idempotency_scoped_key(const char *actor, const char *key, char *out, size_t size);
/* 0 when `key` is 1..IDEMPOTENCY_KEY_MAX visible ASCII characters (0x21-0x7E, no space), else -ERR_USAGE (field "Idempotency-Key"). */
int idempotency_check_key(const char *key, struct error *e);
/*
 * The response kept for `key`: 1 (*status, *response malloc'd: the caller
 * frees it) when kept for this very request, 0 when none is kept,
 * -ERR_CONFLICT when the key was used for another request, -ERR_ENV.
 */
int idempotency_get(const struct app_ctx *ctx, const char *key, const char *request_hash, int64_t ttl, int *status,
		    char **response, struct error *e);
/* Keeps the response (a second keeper of the same key within ttl keeps nothing), pruning expired keys. */
int idempotency_put(const struct app_ctx *ctx, const char *key, const char *request_hash, int64_t ttl, int status,
		    const char *response, struct error *e);

#endif
