/*
 * documents.h: documents attached to customers and invoices, the digital
 * folders (`recoup document add|list|get`, the API's /documents routes;
 * docs/documents.md).
 *
 * A document is a file (PDF, PNG or JPEG) and its metadata. The metadata
 * is a row of the store (store/documents.h); the bytes are a file under
 * the files directory, named by their sha256 ("DIR/ab/abcd...", the first
 * two hex digits a subdirectory so that no directory grows too large).
 * The same bytes are stored once, however many documents name them.
 *
 * Adding: the type is checked by the content's first bytes (magic
 * numbers), not only by the type declared: a declared type that is not
 * allowed, or that the content contradicts, is refused (field
 * "content_type": HTTP 415); a file over the limit is refused (field
 * "size": HTTP 413), as is an empty one (422). The file is written first
 * (a temporary file in the same directory, fsync, rename, fsync of the
 * directory: a crash leaves the old state or the whole file, never half
 * of one), then the row and its audit entry in one transaction. A crash
 * between the two leaves a file that no row names; it is harmless, and
 * the next upload of the same bytes uses it.
 *
 * Reading checks the file's size and sha256 against the row: a file
 * changed or lost on disk is an environment error, never wrong bytes.
 *
 * Errors: -ERR_NOT_FOUND for an unknown customer, invoice or document (or
 * one the caller may not see); -ERR_INPUT (field named) for anything
 * refused, nothing written; -ERR_ENV for the disk or the database.
 */
#ifndef RECOUP_APP_DOCUMENTS_H
#define RECOUP_APP_DOCUMENTS_H

#include <stddef.h>

#include "app/app.h"
#include "app/auth.h"
#include "store/documents.h"

/* The largest document taken when the caller sets no limit: 10 MiB. */
#define DOCUMENTS_MAX_BYTES (10 * 1024 * 1024)
/* The kinds, '|'-joined for messages and usage texts. */
#define DOCUMENTS_KINDS "po|delivery_note|signed|contract|receipt|other"
/* The types taken, as messages name them. */
#define DOCUMENTS_TYPES "application/pdf, image/png, image/jpeg"

/*
 * The files directory when none is set: beside a SQLite database file
 * ("/srv/recoup.db" -> "/srv/recoup.db.files"); "recoup-files" in the
 * current directory for a PostgreSQL URL. Writes into out; returns out.
 */
const char *documents_dir_default(const char *db_url, char *out, size_t size);

/*
 * The file of document d (a row of another database: `recoup migrate`)
 * from the files directory `from` into `to`, unless `to` has it already:
 * read and checked against the row's size and sha256 as documents_get
 * does, written as documents_add does. 0, or -ERR_ENV naming the file
 * (missing, changed on disk, not writable).
 */
int documents_copy_file(const char *from, const char *to, const struct document *d, struct error *e);

struct documents_add_request {
	const char *dir;          /* the files directory (created when missing, not its parents) */
	size_t max_bytes;         /* 0: DOCUMENTS_MAX_BYTES */
	const char *customer_ref; /* required */
	const char *invoice_ref;  /* NULL or "": the customer's own */
	const char *kind;         /* NULL or "": other */
	const char *file_name;    /* required: 1..255 bytes, no '/', '\\' or control character */
	const char *content_type; /* declared; NULL or "": taken from the content */
	const void *data;
	size_t len;
	const char *by; /* NULL: ctx->actor */
};

/* Stores the file and records the document (audited "document.add"); *out (may be NULL) is the row. */
int documents_add(const struct app_ctx *ctx, const struct documents_add_request *rq, struct document *out,
		  struct error *e);

/*
 * The documents of customer `customer_ref` (of one invoice when
 * invoice_ref is set), newest first. `who` (NULL: anyone, the CLI) is the
 * API's caller: a collector sees only the customers assigned to them.
 */
int documents_list(const struct app_ctx *ctx, const struct auth_identity *who, const char *customer_ref,
		   const char *invoice_ref, store_document_cb cb, void *cb_ctx, struct error *e);

/*
 * Document `id`: its row into *out and, when data is not NULL, its bytes
 * into *data (malloc'd, out->size bytes; the caller frees). `who` as above:
 * a document of a customer the caller may not see is -ERR_NOT_FOUND.
 */
int documents_get(const struct app_ctx *ctx, const struct auth_identity *who, const char *dir, int64_t id,
		  struct document *out, char **data, struct error *e);

/* The row as JSON (id, customer_ref, invoice_ref or null, kind, ...). A new reference, NULL out of memory. */
json_t *documents_json(const struct document *d);

#endif
