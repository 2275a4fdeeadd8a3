/*
 * csv.h: the one CSV writer. Quoting is libcsv's (csv_fwrite, csv_write);
 * a field is quoted only when it needs to be (a comma, a quote, a line
 * break, or a leading or trailing space), so plain refs and amounts stay
 * plain and easy to grep. Export, reports, aging and the generator all
 * write through here, so the bytes of every CSV recoup writes agree.
 *
 * A record is written from its field table (codec/fields.h): the header is
 * the table's names, the values codec_format()'s text.
 */
#ifndef RECOUP_CODEC_CSV_H
#define RECOUP_CODEC_CSV_H

#include <stdio.h>

#include "codec/fields.h"
#include "core/money.h"

/* Writes one field, with a leading comma unless `first`. */
void codec_csv_put(FILE *out, const char *field, int first);

/*
 * The same into memory, for writers that buffer a row themselves (the
 * generator): `n` bytes of s at buf, quoted when needed, in at most `room`
 * bytes (2n + 2 always fits). Returns the bytes written, no comma, no NUL.
 */
size_t codec_csv_field_buf(char *buf, size_t room, const char *s, size_t n);

/* The header line of the first `n` fields of t (all of them: t->n). */
void codec_csv_header(FILE *out, const struct record_table *t, size_t n);

/*
 * A record's values, as the export writes them: value[i] is field i of the
 * table as text. Text fields point into the record (no copy), the others
 * into `buf`; a FIELD_NO_OFFSET field is "" for the caller to set.
 * Valid while the record and the row live.
 */
struct codec_row {
	const char *value[CODEC_FIELDS_MAX];
	char buf[CODEC_FIELDS_MAX][MONEY_TEXT_MAX];
	size_t n;
};

void codec_row_format(struct codec_row *row, const struct record_table *t, const void *rec);

/* One line: the row's values, comma-separated, then '\n'. */
void codec_csv_row(FILE *out, const struct codec_row *row);

#endif
