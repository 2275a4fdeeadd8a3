/*
 * csv_reader.h: streaming RFC 4180 rows with their line numbers, on libcsv.
 *
 * The file is fed to libcsv one physical line at a time so that every row
 * knows the line it starts on (quoted fields may span lines). A UTF-8 BOM
 * is skipped; LF and CRLF both end a row; blank lines are ignored. Fields
 * are NUL-terminated copies owned by the reader, valid until the next row.
 * A thread of the reader reads and parses a few hundred rows ahead of the
 * caller (see csv_reader.c); memory is those rows, whatever the size of the
 * file. One reader is used by one caller thread.
 */
#ifndef RECOUP_CSV_READER_H
#define RECOUP_CSV_READER_H

#include <stddef.h>
#include <stdio.h>

#include "core/error.h"

struct csv_row {
	long line;              /* 1-based line the row starts on */
	size_t n;               /* number of fields */
	char **fields;          /* fields[0..n) */
	size_t *lens;           /* byte lengths (fields may hold NUL bytes) */
};

struct csv_reader;

/* Opens `path` for reading. -ERR_INPUT when it cannot be read. */
int csv_reader_open(struct csv_reader **out, const char *path, struct error *e);
/*
 * Reads the next row: 1 when a row was read, 0 at end of file, -ERR_INPUT on
 * malformed CSV (e.g. an unterminated quote): then e holds the reason and
 * *row, with no fields, the line (reading stops there).
 */
int csv_reader_next(struct csv_reader *r, struct csv_row **row, struct error *e);
/* Bytes consumed so far and the file size, for progress. */
void csv_reader_position(const struct csv_reader *r, long long *done, long long *total);
/* Accepts NULL. */
void csv_reader_free(struct csv_reader *r);

#endif
