/*
 * etag.h: optimistic concurrency for the records a manager edits through
 * the API (docs/api.md, "Conditional writes"): a strategy, a contact-rules
 * profile, a template, a customer, a user.
 *
 * A GET answers an ETag, a strong validator: "BLAKE2b-128 of the record's
 * canonical JSON" (the stored strategy's or profile's JSON text, a
 * template's answer, a customer's columns, a user's row), so two reads of
 * an unchanged record give the same tag and any stored change gives
 * another. A write that sends `If-Match` is done only when the record's tag
 * is still one it lists (or, for `*`, when the record exists): the check
 * and the write are one transaction (a batch of the store, store.h, whose
 * first step takes the write lock: BEGIN IMMEDIATE on SQLite, the tenant's
 * lock on PostgreSQL), so no other write comes between them. A write
 * without `If-Match` is as before.
 */
#ifndef RECOUP_HTTP_ETAG_H
#define RECOUP_HTTP_ETAG_H

#include "http/http.h"

#define HTTP_ETAG_MAX 40 /* a quoted 32-digit hex tag and its NUL */

/* The tag of `j` (dumped compact with sorted keys) into out[HTTP_ETAG_MAX]: 0, or -1 out of memory. */
int http_etag_json(const json_t *j, char out[HTTP_ETAG_MAX]);
/* The tag of a text (a stored JSON document) into out. */
void http_etag_text(const char *text, char out[HTTP_ETAG_MAX]);
/* Adds `ETag: tag` to the response (copied to rq->arena). 0, or -1 with rq->fail (500). */
int http_etag_header(struct http_request *rq, struct http_response *rs, const char *tag);

/*
 * The record's current tag for the check: 1 with out filled, 0 when the
 * record does not exist, -1 with rq->fail set (a refusal other than "not
 * there", or the database).
 */
typedef int (*http_etag_fn)(struct http_request *rq, void *ctx, char out[HTTP_ETAG_MAX]);

/*
 * Before a write: with no If-Match header, 0 and *guarded = 0 (nothing
 * opened: the write is as without this). With one, opens the store's batch
 * (the write lock taken), reads the record's tag with `tag`, and 0 with
 * *guarded = 1 when the header lists it (or is `*` and the record exists):
 * the caller then writes and ends with http_if_match_end. Otherwise the
 * batch is rolled back and -1 with rq->fail: 412 precondition_failed
 * naming the record (`entity` `ref`, as the audit trail names it) and
 * who last changed it and when, when the audit trail tells; or 404 when
 * the record is not there, or the tag's own error.
 */
int http_if_match_begin(struct http_request *rq, http_etag_fn tag, void *ctx, const char *entity, const char *ref,
			int *guarded);
/*
 * After the write: ret 0 commits the batch (a failed commit is 503
 * environment, nothing changed), ret < 0 rolls it back. Returns ret or -1.
 * Does nothing when !guarded.
 */
int http_if_match_end(struct http_request *rq, int guarded, int ret);

#endif
