/*
 * optout.h: the opt-out link of every email (docs/channels.md, "The opt-out
 * link"), and what following it records.
 *
 * The link is `email.optout_url?t=TOKEN`, both in the body
 * ({{optout_url}}, {{optout_line}}) and in List-Unsubscribe (RFC 8058
 * one-click, with List-Unsubscribe-Post). TOKEN is 75 characters of
 * base64url (no padding) of 56 bytes:
 *
 *   tenant id (8, big-endian) | customer id (8) | action id (8) | tag (32)
 *
 * where tag is libsodium's crypto_auth (HMAC-SHA-512-256) under the
 * tenant's opt-out key, over "recoup-optout-1", those 24 bytes and the
 * address the email went to. So a token names one email to one address
 * and cannot be made or altered without the key: the action ids the old
 * `?m=<action id>` links carried were guessable, and anyone could have
 * stopped anyone's email with them.
 *
 * The key: 32 random bytes per tenant, stored as hex in the tenant's
 * setting `optout.key` (not a `recoup config` key: never listed, never set
 * by hand, never audited or logged), made by the first send that needs it
 * (store_setting_add: whoever comes first wins). Deleting the setting
 * voids every link sent so far.
 *
 * Checking a token: it must decode to 56 bytes (else -ERR_INPUT, 400);
 * the tenant must have a key, the action an email message (the `message`
 * row, written before the hand-over, holds the address it went to), and
 * the tag must verify over that address (else -ERR_NOT_FOUND, 404: a
 * forged or altered token is told nothing more). Nothing is written.
 *
 * Recording (optout_record): an active `optout-email` flag on the
 * customer for that address (core/contact_flags.h: every email to that
 * address stops, whichever contact has it), set by "optout-link", with an
 * audit entry `optout.link` naming the address, the action and how (the
 * page's form, or one-click), from ctx->origin (the peer's address). A
 * second call finds the flag and records nothing (idempotent). The send
 * (app/send.c) asks the contact rules again for every message, so an
 * email not yet handed over is cancelled "optout".
 */
#ifndef RECOUP_APP_OPTOUT_H
#define RECOUP_APP_OPTOUT_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "store/channels.h"

#define OPTOUT_KEY_BYTES 32
#define OPTOUT_TOKEN_MAX 80 /* 75 characters and the NUL */
#define OPTOUT_SETTING   "optout.key"

struct store_tx;

/*
 * The tenant's key into `key`: 1 read (or made, when `create` and none
 * was stored), 0 none stored and not `create`, -ERR_ENV. In `tx` (a write
 * transaction when `create`).
 */
int optout_key(struct store_tx *tx, int create, timestamp_t now, unsigned char key[OPTOUT_KEY_BYTES], struct error *e);

/* The token of one email (out: at least OPTOUT_TOKEN_MAX bytes). */
void optout_token(const unsigned char key[OPTOUT_KEY_BYTES], int64_t tenant, int64_t customer_id, int64_t action_id,
		  const char *address, char *out, size_t size);

/* The tenant a token names, unchecked (to open the right tenant's store): 0, or -ERR_INPUT. */
int optout_token_tenant(const char *token, int64_t *tenant, struct error *e);

/* What the page shows. */
struct optout_view {
	char address[MESSAGE_RECIPIENT_MAX + 1];
	char creditor[SETTING_VALUE_MAX + 1]; /* creditor.name; "" when not set */
	char customer_ref[64];
	char lang[8]; /* the customer's language (en, pl, pt-BR...); "" unknown */
	int already;  /* the address was opted out of email already */
	int recorded; /* optout_record wrote the flag now */
	int64_t action_id;
};

/* Checks a token in ctx's tenant and fills *out. Read only. 0, -ERR_INPUT, -ERR_NOT_FOUND, -ERR_ENV. */
int optout_check(const struct app_ctx *ctx, const char *token, struct optout_view *out, struct error *e);

/* Checks it again and records the opt-out (see above); `via` is "page" or "one-click". */
int optout_record(const struct app_ctx *ctx, const char *token, const char *via, struct optout_view *out,
		  struct error *e);

#endif
