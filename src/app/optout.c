/*
 * optout.c: see optout.h.
 */
#include "app/optout.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/flags.h"
#include "store/history.h"
#include "store/parties.h"
#include "store/store.h"

#define TOKEN_HEAD  24 /* tenant, customer, action */
#define TOKEN_BYTES (TOKEN_HEAD + crypto_auth_BYTES)

static const char domain[] = "recoup-optout-1";

int optout_key(struct store_tx *tx, int create, timestamp_t now, unsigned char key[OPTOUT_KEY_BYTES], struct error *e)
{
	char hex[2 * OPTOUT_KEY_BYTES + 1];
	size_t len = 0;
	int ret = store_setting_get(tx, OPTOUT_SETTING, hex, sizeof(hex), e);

	if (ret == 0 && create) {
		unsigned char fresh[OPTOUT_KEY_BYTES];
		if (sodium_init() < 0)
			return error_set(e, ERR_ENV, "libsodium could not start");
		randombytes_buf(fresh, sizeof(fresh));
		sodium_bin2hex(hex, sizeof(hex), fresh, sizeof(fresh));
		sodium_memzero(fresh, sizeof(fresh));
		/* another sender may have made one meanwhile: its key is the one read back */
		ret = store_setting_add(tx, OPTOUT_SETTING, hex, now, e);
		if (ret == 0)
			ret = store_setting_get(tx, OPTOUT_SETTING, hex, sizeof(hex), e);
	}
	if (ret <= 0)
		return ret;
	if (sodium_hex2bin(key, OPTOUT_KEY_BYTES, hex, strlen(hex), NULL, &len, NULL) != 0 || len != OPTOUT_KEY_BYTES)
		return error_set(e, ERR_ENV, "the setting %s is damaged: delete it to make a new key", OPTOUT_SETTING);
	return 1;
}

static void put_be64(unsigned char *p, int64_t v)
{
	for (int i = 7; i >= 0; i--) {
		p[i] = (unsigned char)((uint64_t)v & 0xff);
		v = (int64_t)((uint64_t)v >> 8);
	}
}

static int64_t get_be64(const unsigned char *p)
{
	uint64_t v = 0;
	for (int i = 0; i < 8; i++)
		v = (v << 8) | p[i];
	return (int64_t)v;
}

static void tag(const unsigned char key[OPTOUT_KEY_BYTES], const unsigned char head[TOKEN_HEAD], const char *address,
		unsigned char out[crypto_auth_BYTES])
{
	crypto_auth_hmacsha512256_state st;
	crypto_auth_hmacsha512256_init(&st, key, OPTOUT_KEY_BYTES);
	crypto_auth_hmacsha512256_update(&st, (const unsigned char *)domain, sizeof(domain));
	crypto_auth_hmacsha512256_update(&st, head, TOKEN_HEAD);
	crypto_auth_hmacsha512256_update(&st, (const unsigned char *)address, strlen(address));
	crypto_auth_hmacsha512256_final(&st, out);
}

void optout_token(const unsigned char key[OPTOUT_KEY_BYTES], int64_t tenant, int64_t customer_id, int64_t action_id,
		  const char *address, char *out, size_t size)
{
	unsigned char raw[TOKEN_BYTES];
	put_be64(raw, tenant);
	put_be64(raw + 8, customer_id);
	put_be64(raw + 16, action_id);
	tag(key, raw, address, raw + TOKEN_HEAD);
	if (size < sodium_base64_ENCODED_LEN(TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)) {
		if (size)
			out[0] = '\0';
		return;
	}
	sodium_bin2base64(out, size, raw, sizeof(raw), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static int decode(const char *token, unsigned char raw[TOKEN_BYTES], struct error *e)
{
	size_t len = 0;
	const char *end = NULL;
	if (!token ||
	    sodium_base642bin(raw, TOKEN_BYTES, token, strlen(token), NULL, &len, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    len != TOKEN_BYTES || (end && *end))
		return error_set_field(e, ERR_INPUT, "t", "the opt-out link is incomplete: copy the whole link");
	return 0;
}

int optout_token_tenant(const char *token, int64_t *tenant, struct error *e)
{
	unsigned char raw[TOKEN_BYTES];
	int ret = decode(token, raw, e);
	if (ret == 0)
		*tenant = get_be64(raw);
	return ret;
}

static int not_found(struct error *e)
{
	return error_set_field(e, ERR_NOT_FOUND, "t", "this opt-out link is not valid");
}

struct flag_find {
	const char *address;
	int found;
};

static int find_optout(void *ctx, const struct flag_record *f)
{
	struct flag_find *ff = ctx;
	if ((strcmp(f->flag, "optout-email") == 0 || strcmp(f->flag, "optout") == 0) &&
	    strcasecmp(f->detail, ff->address) == 0) {
		ff->found = 1;
		return 1;
	}
	return 0;
}

/* Verifies the token in `tx` and fills *out; *customer_id for the record. */
static int verify(const struct app_ctx *ctx, struct store_tx *tx, const char *token, struct optout_view *out,
		  struct error *e)
{
	unsigned char raw[TOKEN_BYTES], key[OPTOUT_KEY_BYTES], want[crypto_auth_BYTES];
	struct message_record m;
	struct customer c;
	int ret = decode(token, raw, e);

	memset(out, 0, sizeof(*out));
	if (ret < 0)
		return ret;
	if (get_be64(raw) != ctx->tenant)
		return not_found(e);
	ret = optout_key(tx, 0, ctx->now, key, e);
	if (ret == 0)
		return not_found(e);
	out->action_id = get_be64(raw + 16);
	if (ret == 1)
		ret = store_message_get(tx, out->action_id, &m, e);
	if (ret == 0 || (ret == 1 && strcmp(m.channel, "email") != 0))
		ret = not_found(e);
	if (ret == 1) {
		tag(key, raw, m.recipient, want);
		ret = sodium_memcmp(want, raw + TOKEN_HEAD, crypto_auth_BYTES) == 0 ? 1 : not_found(e);
	}
	sodium_memzero(key, sizeof(key));
	if (ret == 1)
		ret = store_customer_by_id(tx, get_be64(raw + 8), &c, e);
	if (ret == 0)
		ret = not_found(e);
	if (ret < 0)
		return ret;
	snprintf(out->address, sizeof(out->address), "%s", m.recipient);
	snprintf(out->customer_ref, sizeof(out->customer_ref), "%s", c.ref);
	snprintf(out->lang, sizeof(out->lang), "%s", c.language);
	ret = store_setting_get(tx, "creditor.name", out->creditor, sizeof(out->creditor), e);
	struct flag_find ff = { out->address, 0 };
	if (ret >= 0)
		ret = store_flags_each(tx, c.id, find_optout, &ff, e);
	if (ret < 0)
		return ret;
	out->already = ff.found;
	return 0;
}

int optout_check(const struct app_ctx *ctx, const char *token, struct optout_view *out, struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0)
		ret = verify(ctx, tx, token, out, e);
	store_tx_free(tx);
	return ret;
}

static int record(const struct app_ctx *ctx, struct store_tx *tx, const char *via, const struct optout_view *v,
		  struct error *e)
{
	struct flags_request rq = { .customer_ref = v->customer_ref,
				    .flag = "optout-email",
				    .address = v->address,
				    .reason = strcmp(via, "one-click") == 0
						      ? "the recipient unsubscribed from the email (one-click)"
						      : "the recipient followed the opt-out link" };
	struct flag_record f;
	char action[32];
	int ret = flags_prepare(ctx, tx, &rq, &f, e);
	if (ret == 0)
		ret = store_flag_add(tx, &f, e);
	if (ret < 0)
		return ret;
	snprintf(action, sizeof(action), "%lld", (long long)v->action_id);
	json_t *after = json_pack("{s:s, s:s, s:s, s:s}", "flag", "optout-email", "address", v->address, "action_id",
				  action, "via", via);
	if (!after)
		return error_set(e, ERR_ENV, "out of memory");
	ret = app_audit(ctx, tx, "optout.link", "customer", v->customer_ref, NULL, after, e);
	json_decref(after);
	return ret;
}

int optout_record(const struct app_ctx *ctx, const char *token, const char *via, struct optout_view *out,
		  struct error *e)
{
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret == 0)
		ret = verify(ctx, tx, token, out, e);
	if (ret == 0 && !out->already) {
		ret = record(ctx, tx, via, out, e);
		if (ret == 0)
			ret = store_tx_commit(tx, e);
		out->recorded = ret == 0;
	}
	store_tx_free(tx);
	return ret;
}
