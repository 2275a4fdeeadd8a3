/*
 * documents.c: forwarders of store/documents.h to the backend.
 */
#include "store/documents.h"

#include "store/store_int.h"

int store_document_add(struct store_tx *tx, struct document *d, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->documents->add(tx, d, e);
}

int store_document_get(struct store_tx *tx, int64_t id, struct document *out, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->documents->get(tx, id, out, e);
}

int store_documents_each(struct store_tx *tx, int64_t customer_id, int64_t invoice_id, store_document_cb cb, void *ctx,
			 struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->documents->each(tx, customer_id, invoice_id, cb, ctx, e);
}

int store_documents_by_customer(struct store_tx *tx, int64_t from_customer, int64_t to_customer, store_document_cb cb,
				void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->documents->by_customer(tx, from_customer, to_customer, cb, ctx, e);
}
