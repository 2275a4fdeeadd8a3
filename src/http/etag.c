/*
 * etag.c: ETag and If-Match for the records a manager edits (etag.h).
 */
#include "http/etag.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/audit_read.h"
#include "core/dates.h"
#include "store/store.h"

static void tag_of(const void *bytes, size_t len, char out[HTTP_ETAG_MAX])
{
	unsigned char h[16];
	char hex[sizeof(h) * 2 + 1];

	crypto_generichash(h, sizeof(h), bytes, len, NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(out, HTTP_ETAG_MAX, "\"%s\"", hex);
}

void http_etag_text(const char *text, char out[HTTP_ETAG_MAX])
{
	tag_of(text, strlen(text), out);
}

int http_etag_json(const json_t *j, char out[HTTP_ETAG_MAX])
{
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS);

	if (!text)
		return -1;
	http_etag_text(text, out);
	free(text);
	return 0;
}

int http_etag_header(struct http_request *rq, struct http_response *rs, const char *tag)
{
	char *copy = arena_alloc(rq->arena, HTTP_ETAG_MAX);

	if (!copy)
		return http_error(rq, 500, "environment", "", "out of memory");
	snprintf(copy, HTTP_ETAG_MAX, "%s", tag);
	if (http_add_header(rs, "ETag", copy) < 0)
		return http_error(rq, 500, "environment", "", "too many response headers");
	return 0;
}

/*
 * 1 when the If-Match value lists `tag` (a list of entity tags separated by
 * commas, compared strongly: a weak "W/" tag never matches), or is "*" and
 * the record exists (`tag` not NULL).
 */
static int listed(const char *list, const char *tag)
{
	const char *p = list;

	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == '*')
		return tag != NULL;
	if (!tag)
		return 0;
	size_t n = strlen(tag);
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (!strncmp(p, tag, n) && (p[n] == '\0' || p[n] == ',' || p[n] == ' ' || p[n] == '\t'))
			return 1;
		while (*p && *p != ',')
			p++;
	}
	return 0;
}

struct last_change {
	char by[128];
	char at[TIMESTAMP_TEXT_MAX];
	int64_t id;
};

static int on_entry(void *ctx, const struct audit_entry *a)
{
	struct last_change *l = ctx;

	snprintf(l->by, sizeof(l->by), "%s", a->actor);
	timestamp_format(a->at, l->at, sizeof(l->at));
	l->id = a->id;
	return 0;
}

/* Who last changed entity `ref` and when, from the audit trail (inside the batch): 1 found, 0 not. */
static int last_change(struct http_request *rq, const char *entity, const char *ref, struct last_change *l)
{
	struct audit_filter f = { 0 };
	struct error e = { 0 };
	int64_t next = 0;

	memset(l, 0, sizeof(*l));
	f.entity = entity;
	f.ref = ref;
	f.limit = AUDIT_READ_LIMIT_MAX;
	do {
		f.after_id = next;
		if (audit_read(&rq->app, &f, on_entry, l, &next, &e) < 0)
			return 0;
	} while (next > 0);
	return l->id > 0;
}

int http_if_match_begin(struct http_request *rq, http_etag_fn tag, void *ctx, const char *entity, const char *ref,
			int *guarded)
{
	const char *match = http_header(rq, "If-Match");
	struct store_tx *tx = NULL;
	struct last_change l;
	char now[HTTP_ETAG_MAX];
	int ret;

	*guarded = 0;
	if (!match)
		return 0;
	if (store_batch_begin(rq->app.store, &rq->err) < 0)
		return http_app_error(rq, &rq->err);
	/* the write lock before the read: on PostgreSQL a write step takes the tenant's lock, held to the batch's end */
	ret = store_tx_begin(rq->app.store, rq->app.tenant, rq->app.actor, STORE_WRITE, &tx, &rq->err);
	if (ret == 0)
		ret = store_tx_commit(tx, &rq->err);
	store_tx_free(tx);
	if (ret < 0) {
		store_batch_rollback(rq->app.store);
		return http_app_error(rq, &rq->err);
	}
	ret = tag(rq, ctx, now);
	if (ret < 0) {
		store_batch_rollback(rq->app.store);
		return -1;
	}
	if (listed(match, ret == 1 ? now : NULL)) {
		*guarded = 1;
		return 0;
	}
	if (ret == 0) {
		store_batch_rollback(rq->app.store);
		return http_error(rq, 412, "precondition_failed", "",
				  "%s '%s' does not exist: If-Match names a record that is not there", entity, ref);
	}
	if (last_change(rq, entity, ref, &l)) {
		store_batch_rollback(rq->app.store);
		return http_error(rq, 412, "precondition_failed", "",
				  "%s '%s' changed since it was read (last changed by %s at %s): nothing was written; "
				  "read it again (its ETag is %s) and send the change with that",
				  entity, ref, l.by, l.at, now);
	}
	store_batch_rollback(rq->app.store);
	return http_error(rq, 412, "precondition_failed", "",
			  "%s '%s' changed since it was read: nothing was written; read it again (its ETag is %s) "
			  "and send the change with that",
			  entity, ref, now);
}

int http_if_match_end(struct http_request *rq, int guarded, int ret)
{
	if (!guarded)
		return ret;
	if (ret < 0) {
		store_batch_rollback(rq->app.store);
		return ret;
	}
	if (store_batch_commit(rq->app.store, &rq->err) < 0)
		return http_error(rq, 503, "environment", "", "%s: nothing was changed", rq->err.message);
	return ret;
}
