/*
 * body.c: see body.h.
 */
#include "http/body.h"

#include <string.h>

#include "core/validate.h"

/* What one accepted key allows, from the table or from the extras. */
struct key_rule {
	const char *name;
	int boolean;
	int strings; /* an array of strings */
	size_t max;
	int required;
	int free_text;
};

static int omitted(const struct body_spec *spec, const char *name)
{
	for (const char *const *o = spec->omit; o && *o; o++)
		if (!strcmp(*o, name))
			return 1;
	return 0;
}

/* The rule for key `name`: 1 found, 0 the route takes no such key. */
static int rule_of(const struct body_spec *spec, const char *name, struct key_rule *r)
{
	const struct record_table *t = spec->table;

	for (size_t i = 0; t && i < t->n; i++) {
		const struct field *f = &t->fields[i];
		if (strcmp(f->name, name) || (f->flags & FIELD_COMPUTED) || omitted(spec, name))
			continue;
		*r = (struct key_rule){ f->name,
					f->type == FIELD_BOOL,
					0,
					f->max,
					(f->flags & FIELD_REQUIRED) != 0,
					(f->flags & FIELD_FREE_TEXT) != 0 };
		return 1;
	}
	for (size_t i = 0; i < spec->nextra; i++) {
		const struct body_field *f = &spec->extra[i];
		if (strcmp(f->name, name))
			continue;
		*r = (struct key_rule){
			f->name, f->type == BODY_BOOLEAN, f->type == BODY_STRINGS, f->max, f->required, f->free_text
		};
		return 1;
	}
	return 0;
}

static int check_string(struct http_request *rq, const struct key_rule *r, json_t *v)
{
	char why[160];
	const char *s;
	size_t n;

	if (!json_is_string(v))
		return http_error(rq, 422, "wrong_type", r->name, "%s: must be a string%s", r->name,
				  r->boolean ? " or a boolean" : "");
	s = json_string_value(v);
	n = json_string_length(v);
	if (n > r->max)
		return http_error(rq, 422, "too_long", r->name, "%s: too long: %zu bytes, at most %zu", r->name, n,
				  r->max);
	if (validate_text_n(s, n, r->max, r->free_text, why, sizeof(why)))
		return http_error(rq, 422, "input", r->name, "%s: %s", r->name, why);
	return 0;
}

/* Each item of an array of strings, checked as the key's strings. */
static int check_strings(struct http_request *rq, const struct key_rule *r, json_t *v)
{
	json_t *x;
	size_t i;

	if (!json_is_array(v))
		return http_error(rq, 422, "wrong_type", r->name, "%s: must be an array of strings", r->name);
	if (json_array_size(v) > BODY_ITEMS_MAX)
		return http_error(rq, 422, "too_long", r->name, "%s: %zu items, at most %d", r->name,
				  json_array_size(v), BODY_ITEMS_MAX);
	json_array_foreach(v, i, x)
	{
		if (check_string(rq, r, x) < 0)
			return -1;
	}
	return 0;
}

static int check_value(struct http_request *rq, const struct key_rule *r, json_t *v)
{
	if (json_is_null(v))
		return 0;
	if (r->boolean && json_is_boolean(v))
		return 0;
	if (r->strings)
		return check_strings(rq, r, v);
	return check_string(rq, r, v);
}

/* 1 when the body gives `r`: a non-empty string (or a boolean), or an array (which the use case may find empty). */
static int present(const struct key_rule *r, const json_t *obj)
{
	const char *v;

	if (r->strings)
		return json_is_array(json_object_get(obj, r->name));
	v = body_text(obj, r->name);
	return v && *v;
}

static int check_required(struct http_request *rq, const struct key_rule *r, const json_t *obj)
{
	if (r->required && !present(r, obj))
		return http_error(rq, 422, "input", r->name, "%s: is required", r->name);
	return 0;
}

static int check_all_required(struct http_request *rq, const struct body_spec *spec, const json_t *obj)
{
	struct key_rule r;

	for (size_t i = 0; spec->table && i < spec->table->n; i++)
		if (rule_of(spec, spec->table->fields[i].name, &r) && check_required(rq, &r, obj) < 0)
			return -1;
	for (size_t i = 0; i < spec->nextra; i++)
		if (rule_of(spec, spec->extra[i].name, &r) && check_required(rq, &r, obj) < 0)
			return -1;
	return 0;
}

int body_object(struct http_request *rq, const struct body_spec *spec, json_t **out)
{
	json_error_t jerr;
	json_t *obj, *v;
	const char *key;
	struct key_rule r;

	*out = NULL;
	/* duplicates refused: which of two values a reader takes is not something to leave to chance */
	obj = json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &jerr);
	if (!obj)
		return http_error(rq, 400, "malformed", "", "the body is not JSON: %s (line %d, column %d)", jerr.text,
				  jerr.line, jerr.column);
	if (!json_is_object(obj)) {
		json_decref(obj);
		return http_error(rq, 400, "malformed", "", "the body must be a JSON object");
	}
	json_object_foreach(obj, key, v)
	{
		if (!rule_of(spec, key, &r)) {
			http_error(rq, 400, "unknown_field", key, "'%.64s' is not a field of this request", key);
			json_decref(obj);
			return -1;
		}
		if (check_value(rq, &r, v) < 0) {
			json_decref(obj);
			return -1;
		}
	}
	if (check_all_required(rq, spec, obj) < 0) {
		json_decref(obj);
		return -1;
	}
	*out = obj;
	return 0;
}

int body_moment(struct http_request *rq, const json_t *body, const char *name, int zero_means_none, timestamp_t *out)
{
	const char *v = body_text(body, name);
	timestamp_t t;

	if (!v || !*v)
		return 0;
	if (timestamp_parse(v, &t, &rq->err) < 0)
		return http_error(rq, 422, "input", name, "%s: %s", name, rq->err.message);
	if (zero_means_none && t == 0)
		return http_error(rq, 422, "input", name,
				  "%s '%.32s': the moment 0 (1970-01-01T00:00:00Z) stands for 'not given' here; "
				  "leave %s out or give another moment",
				  name, v, name);
	*out = t;
	return 1;
}

const char *body_text(const json_t *obj, const char *name)
{
	const json_t *v = json_object_get(obj, name);
	if (json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	return json_is_string(v) ? json_string_value(v) : NULL;
}
