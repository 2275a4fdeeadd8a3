/*
 * csv.c: see csv.h.
 */
#include "codec/csv.h"

#include <csv.h>
#include <string.h>

static int needs_quotes(const char *s, size_t n)
{
	if (n && (s[0] == ' ' || s[n - 1] == ' '))
		return 1;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			return 1;
	return 0;
}

void codec_csv_put(FILE *out, const char *field, int first)
{
	size_t len = strlen(field);

	if (!first)
		fputc(',', out);
	if (needs_quotes(field, len))
		csv_fwrite(out, field, len);
	else
		fwrite(field, 1, len, out);
}

size_t codec_csv_field_buf(char *buf, size_t room, const char *s, size_t n)
{
	if (!needs_quotes(s, n)) {
		if (n > room)
			n = room;
		memcpy(buf, s, n);
		return n;
	}
	return csv_write(buf, room, s, n);
}

void codec_csv_header(FILE *out, const struct record_table *t, size_t n)
{
	for (size_t i = 0; i < n && i < t->n; i++)
		codec_csv_put(out, t->fields[i].name, i == 0);
	fputc('\n', out);
}

void codec_row_format(struct codec_row *row, const struct record_table *t, const void *rec)
{
	row->n = t->n;
	for (size_t i = 0; i < t->n; i++)
		row->value[i] = codec_format(t, i, rec, row->buf[i], sizeof(row->buf[i]));
}

void codec_csv_row(FILE *out, const struct codec_row *row)
{
	for (size_t i = 0; i < row->n; i++)
		codec_csv_put(out, row->value[i], i == 0);
	fputc('\n', out);
}
