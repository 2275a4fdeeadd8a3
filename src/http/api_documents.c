/*
 * api_documents.c: the digital folders (docs/documents.md): uploading a
 * document to a customer (POST /api/v1/customers/{ref}/documents, the raw
 * file as the body), listing a customer's (GET .../documents) and reading
 * one (GET /api/v1/documents/{id}, the bytes). A collector reaches only the
 * customers assigned to them; any other is 404, as an unknown ref.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/documents.h"
#include "http/api.h"

/* A refusal of the use case with its HTTP meaning: too large 413, a type not taken 415, else as mapped. */
static int document_error(struct http_request *rq)
{
	if (rq->err.code == ERR_INPUT && !strcmp(rq->err.field, "size") && rq->err.message[0] &&
	    !strstr(rq->err.message, "is empty"))
		return http_error(rq, 413, "payload_too_large", "size", "%s", rq->err.message);
	if (rq->err.code == ERR_INPUT && !strcmp(rq->err.field, "content_type"))
		return http_error(rq, 415, "unsupported_media_type", "Content-Type", "%s", rq->err.message);
	return http_app_error(rq, &rq->err);
}

int api_document_upload(struct http_request *rq, struct http_response *rs)
{
	struct documents_add_request a = { 0 };
	struct document d;
	int ret = auth_customer_visible(&rq->app, &rq->who, rq->params[0], &rq->err);

	if (ret < 0)
		return http_app_error(rq, &rq->err);
	a.dir = rq->files_dir;
	a.customer_ref = rq->params[0];
	a.invoice_ref = http_query(rq, "invoice");
	if (api_ref_visible(rq, a.invoice_ref, "invoice", "invoice") < 0)
		return -1;
	a.kind = http_query(rq, "kind");
	a.file_name = http_query(rq, "name");
	if (!a.file_name)
		a.file_name = http_header(rq, "X-File-Name");
	if (!a.file_name || !*a.file_name)
		return http_error(rq, 422, "input", "file_name",
				  "a document needs a file name (?name= or the X-File-Name header)");
	a.content_type = http_header(rq, "Content-Type");
	if (!a.content_type || !*a.content_type)
		return http_error(rq, 415, "unsupported_media_type", "Content-Type",
				  "a document needs its Content-Type (" DOCUMENTS_TYPES ")");
	a.data = rq->body;
	a.len = rq->body_len;
	if (documents_add(&rq->app, &a, &d, &rq->err) < 0)
		return document_error(rq);
	return http_json(rq, rs, 201, documents_json(&d));
}

static int add_document(void *ctx, const struct document *d)
{
	return json_array_append_new(ctx, documents_json(d)) < 0 ? -ERR_ENV : 0;
}

int api_documents_list(struct http_request *rq, struct http_response *rs)
{
	json_t *items = json_array();

	if (!items)
		return http_error(rq, 500, "environment", "", "out of memory");
	/* the customer first: an unknown (or not the caller's) customer is 404 naming ref, as before */
	if (auth_customer_visible(&rq->app, &rq->who, rq->params[0], &rq->err) < 0) {
		json_decref(items);
		return http_app_error(rq, &rq->err);
	}
	if (api_ref_visible(rq, http_query(rq, "invoice"), "invoice", "invoice") < 0) {
		json_decref(items);
		return -1;
	}
	if (documents_list(&rq->app, &rq->who, rq->params[0], http_query(rq, "invoice"), add_document, items,
			   &rq->err) < 0) {
		json_decref(items);
		return http_app_error(rq, &rq->err);
	}
	return http_json(rq, rs, 200, http_list(items, NULL));
}

/*
 * Content-Disposition: inline, with the name twice: an ASCII fallback
 * (anything else, and quotes, as '_') and the exact UTF-8 name
 * percent-encoded (RFC 6266, RFC 8187).
 */
static const char *disposition(struct arena *a, const char *name)
{
	static const char hexd[] = "0123456789ABCDEF";
	size_t n = strlen(name), j;
	char *out = arena_alloc(a, n * 4 + 64);

	if (!out)
		return NULL;
	j = (size_t)snprintf(out, 32, "inline; filename=\"");
	for (const char *p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c & 0xc0) == 0x80)
			continue; /* one '_' for a whole UTF-8 character */
		out[j++] = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char)c : '_';
	}
	j += (size_t)snprintf(out + j, 32, "\"; filename*=UTF-8''");
	for (const char *p = name; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    strchr("!#$&+-.^_`|~", c)) {
			out[j++] = (char)c;
		} else {
			out[j++] = '%';
			out[j++] = hexd[c >> 4];
			out[j++] = hexd[c & 15];
		}
	}
	out[j] = '\0';
	return out;
}

int api_document_get(struct http_request *rq, struct http_response *rs)
{
	struct document d;
	char *data = NULL, *copy;
	int64_t id;

	if (http_path_id(rq, "document", &id) < 0)
		return -1;
	if (documents_get(&rq->app, &rq->who, rq->files_dir, id, &d, &data, &rq->err) < 0)
		return http_app_error(rq, &rq->err);
	/* the response outlives the handler: the bytes move to the request's arena */
	copy = arena_alloc(rq->arena, (size_t)d.size);
	if (copy)
		memcpy(copy, data, (size_t)d.size);
	free(data);
	if (!copy)
		return http_error(rq, 500, "environment", "", "out of memory");
	rs->status = 200;
	rs->text = copy;
	rs->text_len = (size_t)d.size;
	rs->content_type = arena_strdup(rq->arena, d.content_type);
	if (http_add_header(rs, "Content-Disposition", disposition(rq->arena, d.file_name)) < 0)
		return http_error(rq, 500, "environment", "", "out of memory");
	return 0;
}
