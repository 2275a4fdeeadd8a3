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

	putc_unlocked('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		fwrite(run, 1, (size_t)(s - run), out);
		run = s + 1;
		putc_unlocked('\\', out);
		switch (c) {
		case '"': putc_unlocked('"', out); break;
		case '\\': putc_unlocked('\\', out); break;
		case '\b': putc_unlocked('b', out); break;
		case '\f': putc_unlocked('f', out); break;
		case '\n': putc_unlocked('n', out); break;
		case '\r': putc_unlocked('r', out); break;
		case '\t': putc_unlocked('t', out); break;
		default:
			putc_unlocked('u', out);
			putc_unlocked('0', out);
			putc_unlocked('0', out);
			putc_unlocked(hexd[c >> 4], out);
			putc_unlocked(hexd[c & 15], out);
		}
	}
	fwrite(run, 1, (size_t)(s - run), out);
	putc_unlocked('"', out);
}

void codec_json_record_write(FILE *out, const struct record_table *t, const void *rec)
{
	struct codec_row row;
	int first = 1;

	codec_row_format(&row, t, rec);
	/* one lock for the record: a locked putc per byte was 14% of a customers page's time (bench/serve) */
	flockfile(out);
	putc_unlocked('{', out);
	/* a value that is not UTF-8 is left out, as codec_json_row leaves it */
	for (size_t i = 0; i < row.n && i < t->n; i++) {
		if (!validate_utf8(row.value[i], strlen(row.value[i])))
			continue;
		if (!first)
			putc_unlocked(',', out);
		first = 0;
		put_string(out, t->fields[i].name);
		putc_unlocked(':', out);
		put_string(out, row.value[i]);
	}
	putc_unlocked('}', out);
	funlockfile(out);
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

/* ---- codec_json_dump ---- */

struct jbuf {
	char *p;
	size_t len, cap;
	int oom;
};

static void jb_grow(struct jbuf *b, size_t n)
{
	size_t cap = b->cap ? b->cap : 1024;
	char *p;

	while (cap < b->len + n + 1)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p) {
		b->oom = 1;
		return;
	}
	b->p = p;
	b->cap = cap;
}

static void jb_put(struct jbuf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap)
		jb_grow(b, n);
	if (b->oom)
		return;
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void jb_char(struct jbuf *b, char c)
{
	jb_put(b, &c, 1);
}

/* As jansson escapes without flags: quote, backslash, C0 (\b \f \n \r \t, else \u00XX). */
static void jb_string(struct jbuf *b, const char *s, size_t n)
{
	static const char hexd[] = "0123456789ABCDEF";
	size_t run = 0;

	jb_char(b, '"');
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6] = { '\\', 0 };
		size_t k = 2;
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		jb_put(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hexd[c >> 4];
			esc[5] = hexd[c & 15];
			k = 6;
		}
		jb_put(b, esc, k);
	}
	jb_put(b, s + run, n - run);
	jb_char(b, '"');
}

static void jb_value(struct jbuf *b, const json_t *v)
{
	char num[32];
	const char *key;
	json_t *item;
	size_t i, first = 1;
	int n;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		jb_char(b, '{');
		json_object_foreach((json_t *)v, key, item)
		{
			if (!first)
				jb_char(b, ',');
			first = 0;
			jb_string(b, key, strlen(key));
			jb_char(b, ':');
			jb_value(b, item);
		}
		jb_char(b, '}');
		break;
	case JSON_ARRAY:
		jb_char(b, '[');
		json_array_foreach(v, i, item)
		{
			if (i)
				jb_char(b, ',');
			jb_value(b, item);
		}
		jb_char(b, ']');
		break;
	case JSON_STRING: jb_string(b, json_string_value(v), json_string_length(v)); break;
	case JSON_INTEGER:
		n = snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		jb_put(b, num, (size_t)n);
		break;
	case JSON_TRUE: jb_put(b, "true", 4); break;
	case JSON_FALSE: jb_put(b, "false", 5); break;
	case JSON_NULL: jb_put(b, "null", 4); break;
	default: {
		/* a real: jansson's own digits */
		char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (!text) {
			b->oom = 1;
			return;
		}
		jb_put(b, text, strlen(text));
		free(text);
	}
	}
}

int codec_json_dump(const json_t *value, char **out, size_t *len)
{
	struct jbuf b = { 0 };

	*out = NULL;
	*len = 0;
	jb_grow(&b, 0);
	if (!b.oom)
		jb_value(&b, value);
	if (b.oom) {
		free(b.p);
		return -1;
	}
	b.p[b.len] = '\0';
	*out = b.p;
	*len = b.len;
	return 0;
}
