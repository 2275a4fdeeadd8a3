/*
 * http.c: the helpers of http.h that handlers share.
 */
#include "http/http.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "http/mhd_dl.h"

/* No connection (a fuzz target's request, never the server's): no query, no headers, and libmicrohttpd unopened. */
const char *http_query(const struct http_request *rq, const char *name)
{
	return rq->conn ? MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, name) : NULL;
}

const char *http_header(const struct http_request *rq, const char *name)
{
	return rq->conn ? MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name) : NULL;
}

int http_error(struct http_request *rq, int status, const char *code, const char *field, const char *fmt, ...)
{
	va_list ap;

	rq->fail.status = status;
	rq->fail.code = code;
	snprintf(rq->fail.field, sizeof(rq->fail.field), "%s", field ? field : "");
	va_start(ap, fmt);
	vsnprintf(rq->fail.message, sizeof(rq->fail.message), fmt, ap);
	va_end(ap);
	return -1;
}

/*
 * The command line's options that a use case's message may name, and the
 * body key each stands for in the API: a client of the API never sees
 * "--contact" (docs/api.md, "Conventions": a value is named by its key).
 * The use cases keep the CLI's wording (the CLI's tests and docs quote it);
 * the API says the key instead. Longer phrases first.
 */
static const struct {
	const char *option, *key;
} api_words[] = {
	{ "--request-approval sends it", "\"request_approval\": true sends it" },
	{ "--instalment", "instalments" },
	{ "--count", "count" },
	{ "--first", "first" },
	{ "--contact", "contact_ref" },
	{ "--address", "address" },
	{ "--detail", "detail" },
	{ "--spoke-with", "spoke_with" },
	{ "--left-with", "left_with" },
	{ "--answered-by", "answered_by" },
	{ "--pay", "pay" },
	{ "--waive", "waive" },
};

static int word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/* `message` with each option of api_words (a whole word, after a space or at the start) as its key. */
static void name_keys(char *message, size_t size)
{
	char out[ERROR_MESSAGE_MAX];
	size_t j = 0;
	const char *p = message;

	if (!strstr(message, "--"))
		return;
	while (*p && j + 1 < sizeof(out)) {
		size_t i, n = 0;
		int done = 0;
		if (p[0] == '-' && p[1] == '-' && (p == message || p[-1] == ' ' || p[-1] == '(')) {
			for (i = 0; i < sizeof(api_words) / sizeof(api_words[0]); i++) {
				n = strlen(api_words[i].option);
				if (!strncmp(p, api_words[i].option, n) && !word_char(p[n])) {
					j += (size_t)snprintf(out + j, sizeof(out) - j, "%s", api_words[i].key);
					if (j >= sizeof(out))
						j = sizeof(out) - 1;
					p += n;
					done = 1;
					break;
				}
			}
		}
		if (!done)
			out[j++] = *p++;
	}
	out[j] = '\0';
	snprintf(message, size, "%s", out);
}

int http_app_error(struct http_request *rq, const struct error *e)
{
	int code = e->code ? e->code : ERR_ENV;

	http_error(rq, error_http_status(code), error_code_name(code), e->field, "%s",
		   e->message[0] ? e->message : "internal error");
	name_keys(rq->fail.message, sizeof(rq->fail.message));
	return -1;
}

int http_json(struct http_request *rq, struct http_response *rs, int status, json_t *body)
{
	if (!body)
		return http_error(rq, 500, "environment", "", "out of memory");
	json_decref(rs->json);
	rs->status = status;
	rs->json = body;
	return 0;
}

int http_add_header(struct http_response *rs, const char *name, const char *value)
{
	if (rs->nheaders == HTTP_HEADERS_MAX)
		return -1;
	rs->headers[rs->nheaders].name = name;
	rs->headers[rs->nheaders].value = value;
	rs->nheaders++;
	return 0;
}

json_t *http_list(json_t *items, const char *next)
{
	if (!items)
		return NULL;
	return json_pack("{s:o, s:s?}", "items", items, "next", next);
}

json_t *http_json_text(const char *s)
{
	static const char hexd[] = "0123456789abcdef";
	size_t n = strlen(s), j = 0;
	char *copy;
	json_t *out;

	if (validate_utf8(s, n))
		return json_stringn(s, n);
	copy = malloc(n * 4 + 1);
	if (!copy)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x80) {
			copy[j++] = (char)*p;
			continue;
		}
		copy[j++] = '\\';
		copy[j++] = 'x';
		copy[j++] = hexd[*p >> 4];
		copy[j++] = hexd[*p & 15];
	}
	out = json_stringn(copy, j);
	free(copy);
	return out;
}

int http_path_id(struct http_request *rq, const char *what, int64_t *id)
{
	const char *s = rq->params[0];
	int64_t v = 0;

	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9' || v > (INT64_MAX - 9) / 10)
			return http_error(rq, 404, "not_found", "id", "%s '%.32s' not found", what, s);
		v = v * 10 + (*p - '0');
	}
	if (v < 1)
		return http_error(rq, 404, "not_found", "id", "%s '%.32s' not found", what, s);
	*id = v;
	return 0;
}
