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

/*
 * Limits of the file. A file is read in constant memory whatever it holds:
 * no more than CSV_LINE_MAX bytes of a line are ever read into memory, and
 * a file that breaks a limit is refused at the line where it does
 * (-ERR_INPUT, with the line number and the limit), never truncated. The
 * limits are far above any real row: the longest value recoup stores is
 * 1000 bytes and a row has at most a dozen columns.
 *
 *   CSV_LINE_MAX    bytes of one physical line, its line end included
 *   CSV_ROW_MAX     bytes of one row, which quoted line breaks may spread
 *                   over several lines
 *   CSV_FIELD_MAX   bytes of one field, after unquoting
 *   CSV_FIELDS_MAX  fields in one row
 *
 * The memory of a reader is then a few blocks of rows (see csv_reader.c),
 * each at most CSV_BLOCK_BYTES plus one row: tens of megabytes at worst.
 *
 * Files that are not UTF-8 CSV with LF or CRLF line ends are named as such
 * on the first line instead of being read as garbage: UTF-16 (a FF FE or
 * FE FF byte-order mark, or NUL bytes throughout the first line) and lines
 * ended by CR alone (old Mac OS).
 */
#define CSV_LINE_MAX    (1024 * 1024)
#define CSV_ROW_MAX     (1024 * 1024)
#define CSV_FIELD_MAX   (64 * 1024)
#define CSV_FIELDS_MAX  1024
#define CSV_BLOCK_BYTES (4 * 1024 * 1024)

struct csv_row {
	long line;     /* 1-based line the row starts on */
	size_t n;      /* number of fields */
	char **fields; /* fields[0..n) */
	size_t *lens;  /* byte lengths (fields may hold NUL bytes) */
};

struct csv_reader;

/*
 * Opens `path` for reading; "-" is standard input (the file is read once,
 * front to back, so a pipe does as well as a file; its size, for progress,
 * is then unknown). -ERR_INPUT when it cannot be read.
 */
int csv_reader_open(struct csv_reader **out, const char *path, struct error *e);
/*
 * Reads the next row: 1 when a row was read, 0 at end of file, -ERR_INPUT on
 * malformed CSV (e.g. an unterminated quote), a broken limit or a file that
 * is not UTF-8 CSV: then e holds the reason and *row, with no fields, the
 * line (reading stops there). Rows come in file order; an error comes after
 * every row before it.
 */
int csv_reader_next(struct csv_reader *r, struct csv_row **row, struct error *e);
/* Bytes consumed so far and the file size, for progress. */
void csv_reader_position(const struct csv_reader *r, long long *done, long long *total);
/* Accepts NULL. */
void csv_reader_free(struct csv_reader *r);

#endif
