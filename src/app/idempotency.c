/*
 * idempotency.c: see idempotency.h.
 */
#include "app/idempotency.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void idempotency_request_hash(const char *method, const char *path, const char *body, size_t len,
			      char out[AUTH_HASH_HEX + 1])
{
	idempotency_request_hash_ext(method, path, NULL, 0, body, len, out);
}

void idempotency_request_hash_ext(const char *method, const char *path, const char *extra, size_t extra_len,
				  const char *body, size_t len, char out[AUTH_HASH_HEX + 1])
{
	crypto_generichash_state st;
	unsigned char h[32];
	/* an extra part's mark: a path holds no NUL, so no request without one hashes as one with one */
	static const unsigned char mark[] = { 0, 'x', 0 };

	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	/* NUL separators: "POST" "/a" cannot hash as "POST/" "a" */
	crypto_generichash_update(&st, (const unsigned char *)method, strlen(method) + 1);
	crypto_generichash_update(&st, (const unsigned char *)path, strlen(path) + 1);
	if (extra_len) {
		unsigned char n[8];
		for (int i = 0; i < 8; i++)
			n[i] = (unsigned char)(extra_len >> (8 * i));
		crypto_generichash_update(&st, mark, sizeof(mark));
		crypto_generichash_update(&st, n, sizeof(n));
		crypto_generichash_update(&st, (const unsigned char *)extra, extra_len);
	}
	crypto_generichash_update(&st, (const unsigned char *)body, len);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, AUTH_HASH_HEX + 1, h, sizeof(h));
}

int idempotency_check_key(const char *key, struct error *e)
{
	size_t n = strlen(key);

	if (n == 0 || n > IDEMPOTENCY_KEY_MAX)
		return error_set_field(e, ERR_USAGE, "Idempotency-Key", "Idempotency-Key: must be 1 to %d characters",
				       IDEMPOTENCY_KEY_MAX);
	for (size_t i = 0; i < n; i++)
		if (key[i] < 0x21 || key[i] > 0x7e)
			return error_set_field(
				e, ERR_USAGE, "Idempotency-Key",
				"Idempotency-Key: character %zu is not a visible ASCII character (no spaces)", i + 1);
	return 0;
}

/* A key kept at this moment or later is in force at ctx->now. */
static timestamp_t kept_since(const struct app_ctx *ctx, int64_t ttl)
{
	return ctx->now - (timestamp_t)ttl + 1;
}

int idempotency_scoped_key(const char *actor, const char *key, char *out, size_t size)
{
	int n = snprintf(out, size, "%s %s", actor ? actor : "", key);
	return n >= 0 && (size_t)n < size ? 0 : -1;
}

/* The key as the table keeps it (idempotency.h), or -ERR_USAGE when it cannot be (an actor too long). */
static int scoped(const struct app_ctx *ctx, const char *key, char *out, size_t size, struct error *e)
{
	if (idempotency_scoped_key(ctx->actor, key, out, size) < 0)
		return error_set_field(e, ERR_USAGE, "Idempotency-Key",
				       "Idempotency-Key: too long with the caller's name");
	return 0;
}

int idempotency_get(const struct app_ctx *ctx, const char *key, const char *request_hash, int64_t ttl, int *status,
		    char **response, struct error *e)
{
	struct store_tx *tx = NULL;
	char kept[AUTH_HASH_HEX + 1] = "", stored[IDEMPOTENCY_STORED_MAX];
	int ret;

	*response = NULL;
	ret = scoped(ctx, key, stored, sizeof(stored), e);
	if (ret < 0)
		return ret;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret >= 0)
		ret = store_idempotency_get(tx, stored, kept_since(ctx, ttl), kept, status, response, e);
	store_tx_free(tx);
	if (ret == 1 && strcmp(kept, request_hash) != 0) {
		free(*response);
		*response = NULL;
		return error_set_field(e, ERR_CONFLICT, "Idempotency-Key",
				       "Idempotency-Key '%s' was used for another request", key);
	}
	return ret;
}

int idempotency_put(const struct app_ctx *ctx, const char *key, const char *request_hash, int64_t ttl, int status,
		    const char *response, struct error *e)
{
	struct store_tx *tx = NULL;
	char stored[IDEMPOTENCY_STORED_MAX];
	int ret = scoped(ctx, key, stored, sizeof(stored), e);

	if (ret < 0)
		return ret;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret >= 0)
		ret = store_idempotency_prune(tx, stored, kept_since(ctx, ttl), e);
	if (ret >= 0)
		ret = store_idempotency_put(tx, stored, request_hash, status, response, ctx->now, e);
	if (ret >= 0)
		ret = store_tx_commit(tx, e);
	store_tx_free(tx);
	return ret < 0 ? ret : 0;
}
