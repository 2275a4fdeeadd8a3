/*
 * imports.h: import batches. Every row an import writes carries the id of
 * its batch, so that a re-import can tell a row of this file (a duplicate)
 * from a row stored before (unchanged or a conflict).
 */
#ifndef RECOUP_STORE_IMPORTS_H
#define RECOUP_STORE_IMPORTS_H

#include "store/store.h"

/* Records an import batch (kind, file name) and returns its id. Write. */
int store_import_begin(struct store_tx *tx, const char *kind, const char *file, int64_t *import_id, struct error *e);
/* Records how many rows the batch read. Write. */
int store_import_finish(struct store_tx *tx, int64_t import_id, int64_t rows, struct error *e);

#endif
