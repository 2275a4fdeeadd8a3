/*
 * imports.c: forwarders of store/imports.h (import batches) to the backend.
 */
#include "store/store_int.h"

int store_import_begin(struct store_tx *tx, const char *kind, const char *file, int64_t *import_id, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->imports->begin(tx, kind, file, import_id, e);
}

int store_import_finish(struct store_tx *tx, int64_t import_id, int64_t rows, struct error *e)
{
	STORE_WRITE_CALL(tx, e);
	return tx->s->ops->imports->finish(tx, import_id, rows, e);
}
