/*
 * api_audit.c: the audit trail for managers (GET /api/v1/audit): entries
 * in the order they were appended, filtered by moment, user and entity,
 * a page at a time.
 */
#include <stdio.h>

#include "app/audit_read.h"
#include "http/api.h"

/* A JSON text kept by the trail as JSON (null when ""). */
static json_t *kept_json(const char *text)
{
	json_error_t jerr;
	json_t *v = text && *text ? json_loads(text, JSON_DECODE_ANY, &jerr) : NULL;
	return v ? v : (text && *text ? json_string(text) : json_null());
}

static int add_entry(void *ctx, const struct audit_entry *a)
{
	char ts[TIMESTAMP_TEXT_MAX];
	json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:o}", "id", (json_int_t)a->id, "at",
			      timestamp_format(a->at, ts, sizeof(ts)), "actor", a->actor, "origin", a->origin, "action",
			      a->action, "entity", a->entity, "ref", a->ref, "before", kept_json(a->before), "after",
			      kept_json(a->after));
	return json_array_append_new(ctx, o) < 0 ? -ERR_ENV : 0;
}

int api_audit(struct http_request *rq, struct http_response *rs)
{
	struct audit_filter f = { 0 };
	const char *since = http_query(rq, "since");
	int64_t after = 0, limit = 100, next = 0;
	char cursor[24];
	json_t *items;

	if (api_query_number(rq, "after", 0, INT64_MAX / 2, &after) < 0 ||
	    api_query_number(rq, "limit", 100, AUDIT_READ_LIMIT_MAX, &limit) < 0)
		return -1;
	if (since && timestamp_parse(since, &f.since, NULL) < 0) {
		/* a date is its first moment (UTC), as `recoup audit --since DATE` reads it */
		date_t d;
		if (date_parse(since, &d, NULL) < 0)
			return http_error(rq, 400, "usage", "since", "since: '%s' is neither a timestamp nor a date",
					  since);
		f.since = (timestamp_t)d * 86400;
	}
	f.after_id = after;
	f.limit = (int)limit;
	f.actor = http_query(rq, "user");
	f.entity = http_query(rq, "entity");
	items = json_array();
	if (!items)
		return http_error(rq, 500, "environment", "", "out of memory");
	if (audit_read(&rq->app, &f, add_entry, items, &next, &rq->err) < 0) {
		json_decref(items);
		return http_app_error(rq, &rq->err);
	}
	snprintf(cursor, sizeof(cursor), "%lld", (long long)next);
	return http_json(rq, rs, 200, http_list(items, next ? cursor : NULL));
}
