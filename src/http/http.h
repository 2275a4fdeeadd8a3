/*
 * http.h: what a route handler gets and gives (docs/api.md).
 *
 * The server (server.c) reads the whole request, matches it to a route
 * (router.h), signs the caller in (app/auth.h), checks the route's role and
 * the CSRF token of a cookie write, and only then calls the handler with a
 * struct http_request whose `app` is ready for a use case: the thread's own
 * store connection, the caller's tenant, the caller as actor, the clock
 * read once for the request. A handler parses its input, calls app/ and
 * fills the struct http_response; it holds no SQL and no business rule.
 *
 * Errors: a handler returns 0 with the response filled, or the result of
 * http_error() / http_app_error(), which fill rq->fail; the server writes
 * it as {"error":{"code","message","field"}} with its status. Use-case
 * errors map through error_http_status() and error_code_name()
 * (core/error.h): input 422, usage 400, environment 503, not_found 404,
 * conflict 409, forbidden 403. The protocol's own errors have their own
 * codes: malformed 400, unknown_field 400, wrong_type 422, too_long 422,
 * unauthenticated 401, csrf 403, forbidden 403, method_not_allowed 405,
 * precondition_failed 412 (http/etag.h), payload_too_large 413,
 * unsupported_media_type 415, idempotency_mismatch
 * 422, locked 429.
 *
 * Memory: strings in the request (params, query values, the body) live
 * until the request ends; anything a handler allocates for the response
 * comes from rq->arena or is owned by the response (rs->json: one
 * reference, released by the server).
 */
#ifndef RECOUP_HTTP_H
#define RECOUP_HTTP_H

#include <jansson.h>
#include <stddef.h>

#include "app/app.h"
#include "app/auth.h"
#include "core/error.h"
#include "http/arena.h"

#define HTTP_PARAMS_MAX  4
#define HTTP_HEADERS_MAX 6

struct route;

struct http_fail {
	int status; /* 0: no failure */
	const char *code;
	char field[ERROR_FIELD_MAX];
	char message[ERROR_MESSAGE_MAX];
	json_t *rows; /* the bad rows of an upload, under error.rows (owned; the server releases it) */
};

struct http_request {
	const char *method;
	const char *path;       /* percent-decoded */
	const char *route_path; /* the path routed on: path, or one keeping an encoded '/' (server.c) */
	const struct route *route;
	const char *params[HTTP_PARAMS_MAX]; /* the {name} segments of the pattern, decoded, in order */
	size_t nparams;
	const char *body; /* NUL-terminated; "" when none */
	size_t body_len;
	const char *address; /* the client's address as text (behind a trusted proxy, the one it forwarded) */
	int tls;             /* 1 when the client reached us over HTTPS (here, or at a trusted proxy) */
	void *conn;          /* the server's connection (http_query, http_header) */
	struct arena *arena;
	struct app_ctx app; /* store, tenant, actor, now, today: ready for a use case */
	struct auth_identity who;
	struct http_fail fail;
	struct error err; /* scratch for use cases */
	/* the documents' files directory (app/documents.h) */
	const char *files_dir;

	/* the workspace's files (server_options.web_dir), NULL none */
	const char *web_dir;
	int session_idle; /* server_options.session_idle, for a sign-in */
};

struct http_header {
	const char *name, *value;
};

struct http_response {
	int status;
	json_t *json;     /* the body, or NULL */
	const char *text; /* a body that is not JSON (arena or static), when json is NULL */
	size_t text_len;
	const char *content_type; /* of text */
	struct http_header headers[HTTP_HEADERS_MAX];
	size_t nheaders;
};

/* A query-string argument (decoded), or NULL. */
const char *http_query(const struct http_request *rq, const char *name);
/* A request header, or NULL. */
const char *http_header(const struct http_request *rq, const char *name);

/* Fills rq->fail and returns -1 (a handler's `return http_error(...)`). */
/*
 * The id of a path (rq->params[0]): digits only, 1 up to INT64_MAX, else
 * 404 not_found naming `what` and the text as sent (" 1", "+1" and an id
 * past 64 bits are no ids: strtoll had read them as 1 and INT64_MAX).
 */
int http_path_id(struct http_request *rq, const char *what, int64_t *id);
int http_error(struct http_request *rq, int status, const char *code, const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* rq->fail from a use case's error (its code, message and field); returns -1. */
int http_app_error(struct http_request *rq, const struct error *e);

/* Sets the response: status and JSON body (the reference is taken; NULL means out of memory: 500). */
int http_json(struct http_request *rq, struct http_response *rs, int status, json_t *body);
/* Adds a header (name and value must outlive the response: static or rq->arena). 0, or -1 when full. */
int http_add_header(struct http_response *rs, const char *name, const char *value);

/* {"items": items, "next": next or null}: the shape of every list. Takes the reference to items. */
json_t *http_list(json_t *items, const char *next);

/*
 * A JSON string of text that may echo what a client sent (a CSV column
 * name, a value in an error message): as is when it is UTF-8, else with
 * every byte from 0x80 written "\xNN", since jansson refuses (and JSON
 * cannot carry) anything else. NULL only when out of memory.
 */
json_t *http_json_text(const char *s);

#endif
