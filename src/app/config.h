/*
 * config.h: a tenant's channel settings (docs/channels.md, "Configuration"),
 * `recoup config set KEY VALUE` and `recoup config list`.
 *
 * The keys are a fixed table (config.c): a key not in it, or a value its
 * check refuses, is refused naming the key, and nothing is stored.
 * Secrets (smtp.password, sms.token) are stored but never given back:
 * config_list shows "(set)". An empty value clears a setting.
 */
#ifndef RECOUP_APP_CONFIG_H
#define RECOUP_APP_CONFIG_H

#include "app/app.h"
#include "channels/channel.h"

struct store_tx;

/* Checks and stores one setting (audited, without a secret's value). 0 or -ERR_INPUT / -ERR_ENV. */
int config_set(const struct app_ctx *ctx, const char *key, const char *value, struct error *e);

/*
 * A key whose value is a whole number (send.max_attempts, send.backoff,
 * send.timeout): 1, with the numbers config_set takes in *min and *max;
 * 0 for the others. The command line refuses a value that is no number
 * (`abc`, ` 5`, `+5`) as a usage error before calling config_set, which
 * refuses a number out of the range (-ERR_INPUT).
 */
int config_key_range(const char *key, long *min, long *max);

struct config_entry {
	const char *key;
	const char *value; /* as stored; "(set)" for a secret; "" not set */
	int set;           /* 1 when stored */
	int secret;
	const char *help; /* what the key is for, one line */
	timestamp_t updated_at;
	const char *updated_by; /* "" when not set */
};
typedef int (*config_entry_cb)(void *ctx, const struct config_entry *c);
/* Every known key, in the table's order, with its value when set: 0, the callback's nonzero return, or -ERR_*. */
int config_list(const struct app_ctx *ctx, config_entry_cb cb, void *cb_ctx, struct error *e);

/* Reads the tenant's settings into *out, defaults where not set (the send use case's). */
int config_load(struct store_tx *tx, struct channel_config *out, struct error *e);

/*
 * The check `config set` makes of KEY's VALUE: 0, or -ERR_INPUT naming the
 * key and why; "" (not set) passes. For a value stored before a check was
 * added (the send checks smtp.url and sms.url again before using them).
 */
int config_check(const char *key, const char *value, struct error *e);

#endif
