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

/*
 * A moment (ISO 8601) of the body into *out, left untouched when `name` is
 * absent, null or "": 0 then, 1 when given, -1 with rq->fail (422 naming
 * the field) when it is not a moment. A use case that takes a moment of 0
 * for "not given" (an agreement's `at`: now; a `callback_at`: none) cannot
 * tell 1970-01-01T00:00:00Z from no moment: `zero_means_none` refuses that
 * one moment by name (422) rather than let it pass for absent. Where 0 is
 * a moment like any (a contact attempt's required `at`), pass 0.
 */
int body_moment(struct http_request *rq, const json_t *body, const char *name, int zero_means_none, timestamp_t *out);

#endif
