/*
 * body.h: a JSON request body checked against the fields it may have,
 * before any use case sees it (invariant 5: a bad request changes nothing).
 *
 * The keys of a record are its CSV columns: a body for a record takes its
 * field table (codec/fields.h) and accepts that table's import columns
 * (not the computed ones, not those in `omit`: a ref the path gives), each
 * with its limit and FIELD_REQUIRED, plus the `extra` keys a route adds.
 * Values are JSON strings, as codec/json.h writes records (money keeps its
 * exact decimal text: a JSON number would be a binary fraction); a
 * FIELD_BOOL or BODY_BOOLEAN key also takes true/false; a BODY_STRINGS key
 * takes an array of at most BODY_ITEMS_MAX strings, each checked as a
 * string (a list of refs).
 *
 * Refusals, each naming the key in `field`: not JSON or not an object,
 * 400 malformed; a key the route does not know (or a duplicate), 400
 * unknown_field; a value of the wrong JSON type, 422 wrong_type; a string
 * over its limit, 422 too_long; bad UTF-8 or a control character, 422
 * input; a required key missing or empty, 422 input. What a value means
 * (a date, an amount, a ref that exists) is the use case's to check.
 */
#ifndef RECOUP_HTTP_BODY_H
#define RECOUP_HTTP_BODY_H

#include <jansson.h>

#include "codec/fields.h"
#include "http/http.h"

enum body_type { BODY_STRING, BODY_BOOLEAN, BODY_STRINGS };

#define BODY_ITEMS_MAX 120

struct body_field {
	const char *name;
	enum body_type type;
	size_t max; /* bytes, for a string (each string of BODY_STRINGS) */
	int required;
	int free_text; /* tab and line breaks allowed */
};

struct body_spec {
	const struct record_table *table; /* NULL: extra keys only */
	const char *const *omit;          /* table fields not taken here, NULL-terminated (may be NULL) */
	const struct body_field *extra;
	size_t nextra;
};

/* Parses and checks rq->body: 0 with *out (a new reference), or -1 with rq->fail set. */
int body_object(struct http_request *rq, const struct body_spec *spec, json_t **out);

/* The value of `name` as text ("true"/"false" for a boolean), or NULL when absent or null. */
const char *body_text(const json_t *obj, const char *name);

#endif
