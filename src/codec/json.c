/*
 * json.c: see json.h.
 */
#include "codec/json.h"

#include <stdlib.h>
#include <string.h>

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
