/*
 * json.c: see json.h.
 */
#include "codec/json.h"

#include <stdlib.h>
#include <string.h>

#include "core/validate.h"

json_t *codec_json_row(const struct record_table *t, const struct codec_row *row)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	/* a value that is not UTF-8 (never stored: import refuses it) is left out, not fatal */
	for (size_t i = 0; i < row->n && i < t->n; i++)
		json_object_set_new(o, t->fields[i].name, json_string(row->value[i]));
	return o;
}

json_t *codec_json_record(const struct record_table *t, const void *rec)
{
	struct codec_row row;

	codec_row_format(&row, t, rec);
	return codec_json_row(t, &row);
}

/* A JSON string as jansson's dump escapes it (no flags): quote, backslash and C0 only. */
static void put_string(FILE *out, const char *s)
{
	static const char hexd[] = "0123456789ABCDEF";
	const char *run = s;

	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		fwrite(run, 1, (size_t)(s - run), out);
		run = s + 1;
		fputc('\\', out);
		switch (c) {
		case '"': fputc('"', out); break;
		case '\\': fputc('\\', out); break;
		case '\b': fputc('b', out); break;
		case '\f': fputc('f', out); break;
		case '\n': fputc('n', out); break;
		case '\r': fputc('r', out); break;
		case '\t': fputc('t', out); break;
		default:
			fputs("u00", out);
			fputc(hexd[c >> 4], out);
			fputc(hexd[c & 15], out);
		}
	}
	fwrite(run, 1, (size_t)(s - run), out);
	fputc('"', out);
}

void codec_json_record_write(FILE *out, const struct record_table *t, const void *rec)
{
	struct codec_row row;
	int first = 1;

	codec_row_format(&row, t, rec);
	fputc('{', out);
	/* a value that is not UTF-8 is left out, as codec_json_row leaves it */
	for (size_t i = 0; i < row.n && i < t->n; i++) {
		if (!validate_utf8(row.value[i], strlen(row.value[i])))
			continue;
		if (!first)
			fputc(',', out);
		first = 0;
		put_string(out, t->fields[i].name);
		fputc(':', out);
		put_string(out, row.value[i]);
	}
	fputc('}', out);
}

int codec_json_write(FILE *out, const json_t *value, size_t flags)
{
	char *text = json_dumps(value, flags);

	if (!text)
		return -1;
	fputs(text, out);
	free(text);
	return 0;
}

int codec_json_write_head(FILE *out, const json_t *object, size_t flags)
{
	char *text = json_dumps(object, flags);
	size_t len;

	if (!text)
		return -1;
	len = strlen(text);
	if (len && text[len - 1] == '}')
		len--;
	fwrite(text, 1, len, out);
	free(text);
	return 0;
}
