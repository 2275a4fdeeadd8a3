/*
 * config.c: see config.h. One table of keys: its checks, whether the value
 * is a secret, and where config_load puts it.
 */
#include "app/config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channels/curl_dl.h"
#include "core/validate.h"
#include "store/channels.h"

typedef int (*check_fn)(const char *key, const char *value, struct error *e);

struct key_def {
	const char *key;
	int secret;
	check_fn check;
	size_t offset; /* OFF(): of the char[] in struct channel_config, plus 1; 0 none */
	const char *help;
};

static int bad(const char *key, const char *value, struct error *e, const char *why)
{
	return error_set_field(e, ERR_INPUT, key, "%s: '%s' %s", key, value, why);
}

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/*
 * A URL libcurl can use (it sends with it: channels/smtp.c, sms_http.c),
 * parsed by libcurl's own URL API: a host and, when given, a port from 1 to
 * 65535 (`smtp://127.0.0.1:99999` used to be stored, and every message of
 * the next send failed on it); no space or control character anywhere.
 */
static int check_url(const char *key, const char *value, struct error *e)
{
	char why[160];
	CURLU *u;
	CURLUcode rc;
	char *port = NULL;

	if (strlen(value) >= CHANNEL_SETTING_MAX) {
		snprintf(why, sizeof(why), "is too long: %zu bytes, at most %d", strlen(value),
			 CHANNEL_SETTING_MAX - 1);
		return bad(key, value, e, why);
	}
	for (const char *p = value; *p; p++) {
		if ((unsigned char)*p <= ' ' || *p == 0x7f) {
			snprintf(why, sizeof(why), "has a space or a control character at byte %zu",
				 (size_t)(p - value) + 1);
			return bad(key, value, e, why);
		}
	}
	if (curl_dl_open(e) < 0)
		return -ERR_ENV;
	u = curl_url();
	if (!u)
		return error_set(e, ERR_ENV, "out of memory");
	rc = curl_url_set(u, CURLUPART_URL, value, CURLU_NON_SUPPORT_SCHEME);
	if (rc == CURLUE_OK && curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK && !strcmp(port, "0"))
		rc = CURLUE_BAD_PORT_NUMBER;
	curl_free(port);
	curl_url_cleanup(u);
	if (rc == CURLUE_BAD_PORT_NUMBER)
		return bad(key, value, e, "has a port that is not a number from 1 to 65535");
	if (rc == CURLUE_NO_HOST)
		return bad(key, value, e, "names no host");
	if (rc != CURLUE_OK) {
		snprintf(why, sizeof(why), "is not a URL (libcurl: %s)", curl_url_strerror(rc));
		return bad(key, value, e, why);
	}
	return 0;
}

static int check_smtp_url(const char *key, const char *value, struct error *e)
{
	if (!(starts(value, "smtp://") || starts(value, "smtps://")) || strlen(value) < 9)
		return bad(key, value, e, "is not smtp://host[:port] or smtps://host[:port]");
	return check_url(key, value, e);
}

static int check_http_url(const char *key, const char *value, struct error *e)
{
	if (!(starts(value, "http://") || starts(value, "https://")) || strlen(value) < 10)
		return bad(key, value, e, "is not an http:// or https:// URL");
	return check_url(key, value, e);
}

/* "a@b.c" or "Name <a@b.c>": one @ with something on both sides, no spaces in the address. */
static int check_line(const char *key, const char *value, struct error *e);

static int check_email(const char *key, const char *value, struct error *e)
{
	/* one line of UTF-8 first: a control character went into the header as it was */
	if (check_line(key, value, e) < 0)
		return -ERR_INPUT;
	const char *lt = strrchr(value, '<');
	const char *addr = lt ? lt + 1 : value;
	size_t n = lt ? strcspn(addr, ">") : strlen(addr);
	const char *at = memchr(addr, '@', n);
	int ok = at && at > addr && at < addr + n - 1 && (!lt || addr[n] == '>');
	for (size_t i = 0; ok && i < n; i++)
		ok = addr[i] != ' ' && addr[i] != ',';
	if (!ok)
		return bad(key, value, e, "is not an email address (a@example.com or Name <a@example.com>)");
	return 0;
}

static int check_one_of(const char *key, const char *value, const char *const *allowed, struct error *e)
{
	char list[128] = "";
	for (size_t i = 0; allowed[i]; i++) {
		if (strcmp(value, allowed[i]) == 0)
			return 0;
		snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "", allowed[i]);
	}
	char why[160];
	snprintf(why, sizeof(why), "is not one of %s", list);
	return bad(key, value, e, why);
}

static int check_sms_format(const char *key, const char *value, struct error *e)
{
	static const char *const v[] = { "form", "json", NULL };
	return check_one_of(key, value, v, e);
}

static int check_tls(const char *key, const char *value, struct error *e)
{
	static const char *const v[] = { "starttls", "try", "none", NULL };
	return check_one_of(key, value, v, e);
}

static int check_lang(const char *key, const char *value, struct error *e)
{
	static const char *const v[] = { "en", "pl", "pt-BR", "de", "fr", NULL };
	return check_one_of(key, value, v, e);
}

/* The keys whose value is a whole number, and the numbers each takes. */
static const struct {
	const char *key;
	long min, max;
} whole_keys[] = {
	{ "send.max_attempts", 1, 20 },
	{ "send.backoff", 1, 86400 },
	{ "send.timeout", 1, 600 },
};

int config_key_range(const char *key, long *min, long *max)
{
	for (size_t i = 0; i < sizeof(whole_keys) / sizeof(whole_keys[0]); i++) {
		if (strcmp(whole_keys[i].key, key) == 0) {
			*min = whole_keys[i].min;
			*max = whole_keys[i].max;
			return 1;
		}
	}
	return 0;
}

/*
 * ASCII digits alone, in the key's range: not strtol's leading spaces and
 * '+', which `config set send.backoff ' 5'` used to store.
 */
static int check_whole(const char *key, const char *value, struct error *e)
{
	char why[96];
	char *end = NULL;
	long min = 0, max = 0, v;

	config_key_range(key, &min, &max);
	if (strspn(value, "0123456789") == strlen(value)) {
		errno = 0;
		v = strtol(value, &end, 10);
		if (errno == 0 && end != value && !*end && v >= min && v <= max)
			return 0;
	}
	snprintf(why, sizeof(why), "is not a whole number from %ld to %ld", min, max);
	return bad(key, value, e, why);
}

/* Free text on one line (a name, a sender id, a password): valid UTF-8, no control characters. */
static int check_line(const char *key, const char *value, struct error *e)
{
	char why[128];
	if (validate_text_n(value, strlen(value), CHANNEL_SETTING_MAX - 1, 0, why, sizeof(why)))
		return error_set_field(e, ERR_INPUT, key, "%s: %s", key, why);
	return 0;
}

/* Text a letter prints in a place of its own: at most `max` bytes, or the letter would refuse it later. */
static int check_text_max(const char *key, const char *value, size_t max, int lines, struct error *e)
{
	char why[128];
	if (validate_text_n(value, strlen(value), max, lines, why, sizeof(why)))
		return error_set_field(e, ERR_INPUT, key, "%s: %s (the letters print it)", key, why);
	return 0;
}

/* The creditor's name: every message names it, and the letterhead prints it. */
static int check_name(const char *key, const char *value, struct error *e)
{
	return check_text_max(key, value, NAME_MAX_LEN, 0, e);
}

/* The creditor's postal address: the letterhead's lines. */
static int check_address(const char *key, const char *value, struct error *e)
{
	return check_text_max(key, value, ADDRESS_MAX, 1, e);
}

/* How to pay: the letters' section and the messages' merge field. */
static int check_instructions(const char *key, const char *value, struct error *e)
{
	return check_text_max(key, value, TEXT_MAX, 1, e);
}

/* The supplier's CNPJ, printed on letters to Brazil: a valid one, or none (""). */
static int check_cnpj(const char *key, const char *value, struct error *e)
{
	char why[128];
	int ret = check_line(key, value, e);

	if (ret == 0 && *value && !validate_cnpj(value, why, sizeof(why)))
		ret = bad(key, value, e, why);
	return ret;
}

/* offset + 1: 0 means the key has no char[] field (its value is read by config_load itself) */
#define OFF(f) (offsetof(struct channel_config, f) + 1)

static const struct key_def keys[] = {
	{ "smtp.url", 0, check_smtp_url, OFF(smtp_url),
	  "the SMTP server: smtp://host:587 (STARTTLS) or smtps://host:465" },
	{ "smtp.user", 0, check_line, OFF(smtp_user), "the SMTP login" },
	{ "smtp.password", 1, check_line, OFF(smtp_password), "the SMTP password (never printed)" },
	{ "smtp.tls", 0, check_tls, 0, "starttls (default: refuse clear text), try, none (a loopback relay)" },
	{ "email.from", 0, check_email, OFF(email_from), "the From of every email: Name <a@example.com>" },
	{ "email.reply_to", 0, check_email, OFF(email_reply_to), "the Reply-To of every email" },
	{ "email.optout_url", 0, check_http_url, OFF(optout_url),
	  "the opt-out page (recoup serve's /optout); ?t=TOKEN is appended" },
	{ "email.optout_email", 0, check_email, OFF(optout_email), "the opt-out mailbox (List-Unsubscribe mailto)" },
	{ "sms.url", 0, check_http_url, OFF(sms_url), "the SMS gateway's URL (POST)" },
	{ "sms.format", 0, check_sms_format, 0, "the gateway's body: form (default) or json" },
	{ "sms.token", 1, check_line, OFF(sms_token), "the gateway's bearer token (never printed)" },
	{ "sms.from", 0, check_line, OFF(sms_from), "the sender id or number" },
	{ "sms.optout", 0, check_line, OFF(sms_optout), "the opt-out line appended to SMS to consumers" },
	{ "letter.sender_address", 0, check_address, OFF(letter_sender_address), "the creditor's postal address" },
	{ "letter.cnpj", 0, check_cnpj, OFF(letter_cnpj),
	  "the supplier's CNPJ, required on letters, emails and texts to Brazil" },
	{ "creditor.name", 0, check_name, OFF(creditor_name), "the creditor's name in every message" },
	{ "creditor.phone", 0, check_line, OFF(creditor_phone), "the number debtors call back" },
	{ "collector.name", 0, check_line, OFF(collector_name), "the name messages are signed with" },
	{ "tenant.language", 0, check_lang, OFF(tenant_language), "the language when the debtor's has no template" },
	{ "payment.instructions", 0, check_instructions, OFF(payment_instructions), "how to pay (bank account, link)" },
	{ "send.max_attempts", 0, check_whole, 0, "attempts per message before it fails (default 5)" },
	{ "send.backoff", 0, check_whole, 0, "seconds before the first retry, doubled each time (default 300)" },
	{ "send.timeout", 0, check_whole, 0, "seconds one hand-over may take (default 60)" },
};

static const struct key_def *find_key(const char *key)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (strcmp(keys[i].key, key) == 0)
			return &keys[i];
	return NULL;
}

int config_set(const struct app_ctx *ctx, const char *key, const char *value, struct error *e)
{
	const struct key_def *k = find_key(key ? key : "");
	struct store_tx *tx = NULL;
	json_t *after = NULL;
	int ret;
	if (!k) {
		char list[1024] = "";
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s", i ? ", " : "", keys[i].key);
		return error_set_field(e, ERR_INPUT, "key", "unknown key '%s' (known: %s)", key ? key : "", list);
	}
	if (value[0]) {
		ret = k->check(key, value, e);
		if (ret < 0)
			return ret;
	}
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_WRITE, &tx, e);
	if (ret < 0)
		return ret;
	ret = store_setting_put(tx, key, value, ctx->now, e);
	if (ret == 0) {
		after = json_pack("{s:s, s:s}", "key", key, "value", k->secret ? (value[0] ? "(set)" : "") : value);
		ret = app_audit(ctx, tx, "config.set", "setting", key, NULL, after, e);
	}
	if (ret == 0)
		ret = store_tx_commit(tx, e);
	json_decref(after);
	store_tx_free(tx);
	return ret;
}

/* The stored settings as {key: {value, at, by}}, for the list and the load. */
static int collect(void *ctx, const char *key, const char *value, timestamp_t at, const char *by)
{
	json_t *o = ctx;
	json_object_set_new(o, key, json_pack("{s:s, s:I, s:s}", "value", value, "at", (json_int_t)at, "by", by));
	return 0;
}

static int read_all(struct store_tx *tx, json_t **out, struct error *e)
{
	*out = json_object();
	if (!*out)
		return error_set(e, ERR_ENV, "config: out of memory");
	int ret = store_settings_each(tx, collect, *out, e);
	if (ret < 0) {
		json_decref(*out);
		*out = NULL;
	}
	return ret;
}

int config_list(const struct app_ctx *ctx, config_entry_cb cb, void *cb_ctx, struct error *e)
{
	struct store_tx *tx = NULL;
	json_t *all = NULL;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret == 0)
		ret = read_all(tx, &all, e);
	for (size_t i = 0; ret == 0 && i < sizeof(keys) / sizeof(keys[0]); i++) {
		const json_t *v = json_object_get(all, keys[i].key);
		const char *value = v ? json_string_value(json_object_get(v, "value")) : "";
		int set = value && value[0];
		struct config_entry c = {
			.key = keys[i].key,
			.value = set ? (keys[i].secret ? "(set)" : value) : "",
			.set = set,
			.secret = keys[i].secret,
			.help = keys[i].help,
			.updated_at = v ? json_integer_value(json_object_get(v, "at")) : 0,
			.updated_by = v ? json_string_value(json_object_get(v, "by")) : "",
		};
		ret = cb(cb_ctx, &c); /* a stop ends the list and is returned */
	}
	json_decref(all);
	store_tx_free(tx);
	return ret;
}

static int int_or(const json_t *all, const char *key, int def)
{
	const char *s = json_string_value(json_object_get(json_object_get(all, key), "value"));
	return s && s[0] ? (int)strtol(s, NULL, 10) : def;
}

int config_load(struct store_tx *tx, struct channel_config *out, struct error *e)
{
	json_t *all = NULL;
	int ret = read_all(tx, &all, e);
	memset(out, 0, sizeof(*out));
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *s = json_string_value(json_object_get(json_object_get(all, keys[i].key), "value"));
		if (keys[i].offset && s)
			snprintf((char *)out + keys[i].offset - 1, CHANNEL_SETTING_MAX, "%s", s);
	}
	const char *tls = json_string_value(json_object_get(json_object_get(all, "smtp.tls"), "value"));
	out->smtp_tls = !tls || !tls[0] || strcmp(tls, "starttls") == 0 ? SMTP_TLS_STARTTLS
			: strcmp(tls, "try") == 0                       ? SMTP_TLS_TRY
									: SMTP_TLS_NONE;
	const char *fmt = json_string_value(json_object_get(json_object_get(all, "sms.format"), "value"));
	out->sms_format = fmt && strcmp(fmt, "json") == 0 ? SMS_FORMAT_JSON : SMS_FORMAT_FORM;
	out->max_attempts = int_or(all, "send.max_attempts", 5);
	out->backoff = int_or(all, "send.backoff", 300);
	out->timeout = int_or(all, "send.timeout", 60);
	if (!out->tenant_language[0])
		snprintf(out->tenant_language, sizeof(out->tenant_language), "en");
	json_decref(all);
	return 0;
}

int config_check(const char *key, const char *value, struct error *e)
{
	const struct key_def *k = find_key(key ? key : "");
	if (!k)
		return error_set_field(e, ERR_INPUT, "key", "unknown key '%s'", key ? key : "");
	return value && value[0] ? k->check(key, value, e) : 0;
}
