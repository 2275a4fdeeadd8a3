/*
 * documents.h: the metadata of the documents attached to customers and
 * invoices (table document; docs/documents.md). The bytes are not here:
 * they live on disk, content-addressed by their sha256 (app/documents.c),
 * so two rows with the same sha256 share one file. A row is written once
 * and never changed.
 */
#ifndef RECOUP_STORE_DOCUMENTS_H
#define RECOUP_STORE_DOCUMENTS_H

#include <stdint.h>

#include "core/dates.h"
#include "core/model.h"
#include "store/store.h"

#define DOCUMENT_KIND_MAX   16
#define DOCUMENT_NAME_MAX   255 /* bytes of UTF-8 */
#define DOCUMENT_TYPE_MAX   32
#define DOCUMENT_SHA256_HEX 64

struct document {
	int64_t id;
	int64_t customer_id;
	int64_t invoice_id;             /* 0: the customer's, no invoice */
	char customer_ref[REF_MAX + 1]; /* read: the customer's and invoice's refs ("" none) */
	char invoice_ref[REF_MAX + 1];
	char kind[DOCUMENT_KIND_MAX + 1]; /* po, delivery_note, signed, contract, receipt, other */
	char file_name[DOCUMENT_NAME_MAX + 1];
	char content_type[DOCUMENT_TYPE_MAX + 1];
	int64_t size; /* bytes, > 0 */
	char sha256[DOCUMENT_SHA256_HEX + 1];
	char uploaded_by[NAME_MAX_LEN + 1];
	timestamp_t uploaded_at;
};

/* Adds a document row (d->id set; the refs are not written). Write. */
int store_document_add(struct store_tx *tx, struct document *d, struct error *e);
/* 1 and *out, or 0 when the tenant has no document `id`. Read. */
int store_document_get(struct store_tx *tx, int64_t id, struct document *out, struct error *e);
/*
 * The documents of a customer (invoice_id 0: all of the customer's; else
 * only that invoice's), newest first (by id descending). Read.
 */
typedef int (*store_document_cb)(void *ctx, const struct document *d);
int store_documents_each(struct store_tx *tx, int64_t customer_id, int64_t invoice_id, store_document_cb cb, void *ctx,
			 struct error *e);
/*
 * The documents of the customers whose id lies in [from_customer,
 * to_customer] (1 and INT64_MAX: every one), by customer id, then newest
 * first as store_documents_each. One statement (streamed on PostgreSQL),
 * for app/migrate's comparison of a whole tenant. Read.
 */
int store_documents_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_document_cb cb,
				void *ctx, struct error *e);

#endif
