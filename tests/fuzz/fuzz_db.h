/*
 * fuzz_db.h: the database the import fuzz targets (fuzz_csv_import.c,
 * fuzz_csv_upload.c) write into: a real SQLite file in a temporary folder,
 * seeded once with a few customers and invoices so that rows get past
 * "unknown customer" into the parsing of amounts, dates and payments, and
 * put back to the seeded copy after an input that imported something, so
 * that every input meets the same database. Removed at exit.
 */
#ifndef RECOUP_FUZZ_DB_H
#define RECOUP_FUZZ_DB_H

#include <stddef.h>

#include "app/app.h"

/* Opens (the first time: creates and seeds) the database. */
void fuzz_db_setup(void);
/* The use case's context: the store, the tenant, a fixed clock (reproducible runs). */
struct app_ctx fuzz_db_ctx(void);
/* Back to the seeded database (after an input that imported rows). */
void fuzz_db_reset(void);
/* A file of the temporary folder holding these bytes; its path. */
const char *fuzz_db_input(const void *data, size_t len);
/* Aborts the run with a message (a failure of the harness, not of the code under test). */
void fuzz_db_die(const char *what, const struct error *e) __attribute__((noreturn));

#endif
