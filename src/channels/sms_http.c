/*
 * sms_http.c: SMS through an HTTP gateway with libcurl (channel.h).
 *
 * A POST to sms.url with a bearer token (sms.token), the body form-encoded
 * or JSON (sms.format). Gateways differ in their field names; these are
 * recoup's (to, text, from, encoding, segments, message_id) and a gateway
 * that wants others sits behind a small adapter. The message id also goes
 * as an Idempotency-Key header: a gateway that honours it drops a repeat.
 *
 * Outcomes: 2xx sent; 429 and 5xx transient (retry later); any other
 * status permanent (the request itself is wrong: 400, 422), and 401, 403,
 * 404, 405, 407 the settings (sms.token, sms.url: channel.h `config`);
 * no status at all (refused connection, time-out) transient.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channels/channel.h"
#include "channels/curl_dl.h"

struct channel_handle {
	CURL *curl;
	const struct channel_config *cfg;
};

static int sms_open(const struct channel_config *cfg, struct channel_handle **out, struct error *e)
{
	*out = NULL;
	if (!cfg->sms_url[0])
		return error_set_field(e, ERR_INPUT, "sms.url",
				       "sms: sms.url is not set (recoup config set sms.url https://gateway/send)");
	if (!cfg->creditor_name[0])
		return error_set_field(e, ERR_INPUT, "creditor.name",
				       "sms: creditor.name is not set (every message names the creditor)");
	int ret = curl_dl_open(e);
	if (ret < 0)
		return ret;
	struct channel_handle *ch = calloc(1, sizeof(*ch));
	if (!ch)
		return error_set(e, ERR_ENV, "sms: out of memory");
	ch->curl = curl_easy_init();
	if (!ch->curl) {
		free(ch);
		return error_set(e, ERR_ENV, "sms: libcurl could not start");
	}
	ch->cfg = cfg;
	*out = ch;
	return 0;
}

static void form_field(CURL *c, char **body, size_t *len, int *oom, const char *key, const char *value)
{
	char *esc = curl_easy_escape(c, value ? value : "", 0);
	size_t need = strlen(key) + (esc ? strlen(esc) : 0) + 3;
	char *p = esc ? realloc(*body, *len + need) : NULL;
	if (!p) {
		*oom = 1;
		curl_free(esc);
		return;
	}
	*body = p;
	*len += (size_t)snprintf(p + *len, need, "%s%s=%s", *len ? "&" : "", key, esc);
	curl_free(esc);
}

char *sms_http_body(const struct channel_config *cfg, const struct outgoing *m)
{
	if (cfg->sms_format == SMS_FORMAT_JSON) {
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "to", m->to, "text", m->text, "from",
				      cfg->sms_from, "encoding", m->encoding ? m->encoding : "", "segments",
				      (json_int_t)m->segments, "message_id", m->message_id);
		char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
		json_decref(o);
		return s;
	}
	if (curl_dl_open(NULL) < 0)
		return NULL;
	CURL *c = curl_easy_init();
	char *body = calloc(1, 1), segs[32];
	size_t len = 0;
	int oom = !c || !body;
	snprintf(segs, sizeof(segs), "%zu", m->segments);
	if (!oom) {
		form_field(c, &body, &len, &oom, "to", m->to);
		form_field(c, &body, &len, &oom, "text", m->text);
		form_field(c, &body, &len, &oom, "from", cfg->sms_from);
		form_field(c, &body, &len, &oom, "encoding", m->encoding);
		form_field(c, &body, &len, &oom, "segments", segs);
		form_field(c, &body, &len, &oom, "message_id", m->message_id);
	}
	curl_easy_cleanup(c);
	if (oom) {
		free(body);
		return NULL;
	}
	return body;
}

static size_t discard(char *p, size_t size, size_t nmemb, void *ctx)
{
	(void)p;
	(void)ctx;
	return size * nmemb;
}

static void sms_send(struct channel_handle *ch, const struct outgoing *m, struct channel_result *res)
{
	const struct channel_config *cfg = ch->cfg;
	char errbuf[CURL_ERROR_SIZE] = "", auth[CHANNEL_SETTING_MAX + 32], idem[256];
	char *body = sms_http_body(cfg, m);
	struct curl_slist *hdr = NULL;
	if (!body) {
		*res = (struct channel_result){ CHANNEL_TRANSIENT, 0, "out of memory", 0, 0, 0 };
		return;
	}
	if (cfg->sms_token[0]) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s", cfg->sms_token);
		hdr = curl_slist_append(hdr, auth);
	}
	hdr = curl_slist_append(hdr, cfg->sms_format == SMS_FORMAT_JSON
					     ? "Content-Type: application/json"
					     : "Content-Type: application/x-www-form-urlencoded");
	snprintf(idem, sizeof(idem), "Idempotency-Key: %s", m->message_id);
	hdr = curl_slist_append(hdr, idem);
	CURL *c = ch->curl;
	curl_easy_setopt(c, CURLOPT_URL, cfg->sms_url);
	curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
	curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, 10L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->timeout > 0 ? cfg->timeout : 60L);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	CURLcode rc = curl_easy_perform(c);
	long status = 0;
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
	res->code = status;
	if (rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL) {
		/* sms.url is one curl cannot use: no message can go until it is mended */
		res->outcome = CHANNEL_PERMANENT;
		res->config = 1;
		snprintf(res->detail, sizeof(res->detail), "%s%s%s", curl_easy_strerror(rc), errbuf[0] ? ": " : "",
			 errbuf);
	} else if (rc != CURLE_OK && status == 0) {
		res->outcome = CHANNEL_TRANSIENT;
		res->unreachable = 1; /* no HTTP status at all: the gateway was not reached or did not answer */
		snprintf(res->detail, sizeof(res->detail), "%s%s%s", curl_easy_strerror(rc), errbuf[0] ? ": " : "",
			 errbuf);
	} else if (status >= 200 && status < 300) {
		res->outcome = CHANNEL_SENT;
		snprintf(res->detail, sizeof(res->detail), "HTTP %ld", status);
	} else {
		res->outcome = (status >= 500 || status == 429) ? CHANNEL_TRANSIENT : CHANNEL_PERMANENT;
		/* the token (401, 403, 407) or the URL (404, 405) the gateway refuses, whatever the message */
		res->config = status == 401 || status == 403 || status == 404 || status == 405 || status == 407;
		snprintf(res->detail, sizeof(res->detail), "HTTP %ld", status);
	}
	res->timed_out = rc == CURLE_OPERATION_TIMEDOUT;
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
	curl_slist_free_all(hdr);
	free(body);
}

static void sms_close(struct channel_handle *ch)
{
	if (!ch)
		return;
	curl_easy_cleanup(ch->curl);
	free(ch);
}

const struct channel_ops sms_http_channel = {
	.name = "sms",
	.open = sms_open,
	.send = sms_send,
	.close = sms_close,
};
