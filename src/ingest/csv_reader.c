#include "ingest/csv_reader.h"

#include <csv.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct csv_reader {
	FILE *fp;
	const char *path;
	struct csv_parser parser;
	char *line;
	size_t line_cap;
	long line_no;             /* last physical line fed */
	long row_start;           /* line the row being parsed started on */
	long long consumed;
	long long size;
	int eof;
	int failed;               /* out of memory in a callback */

	/* the row being assembled */
	struct csv_row row;
	size_t cap;               /* allocated slots in fields/lens */
	size_t *field_caps;
	/* completed rows not yet handed out: one line can complete at most one row */
	int ready;
};

/* libcsv: the parser has not started a row (pstate ROW_NOT_BEGUN). */
#define PARSER_IDLE(p) ((p)->pstate == 0)

static void on_field(void *data, size_t len, void *ctx)
{
	struct csv_reader *r = ctx;
	struct csv_row *row = &r->row;

	if (row->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 16;
		char **f = realloc(row->fields, cap * sizeof(*f));
		size_t *l = f ? realloc(row->lens, cap * sizeof(*l)) : NULL;
		size_t *c = l ? realloc(r->field_caps, cap * sizeof(*c)) : NULL;
		if (f)
			row->fields = f;
		if (l)
			row->lens = l;
		if (c)
			r->field_caps = c;
		if (!f || !l || !c) {
			r->failed = 1;
			return;
		}
		for (size_t i = r->cap; i < cap; i++) {
			row->fields[i] = NULL;
			r->field_caps[i] = 0;
		}
		r->cap = cap;
	}
	if (r->field_caps[row->n] < len + 1) {
		size_t want = len + 1 < 64 ? 64 : len + 1;
		char *b = realloc(row->fields[row->n], want);
		if (!b) {
			r->failed = 1;
			return;
		}
		row->fields[row->n] = b;
		r->field_caps[row->n] = want;
	}
	if (len)
		memcpy(row->fields[row->n], data, len);
	row->fields[row->n][len] = '\0';
	row->lens[row->n] = len;
	row->n++;
}

static void on_row(int c, void *ctx)
{
	struct csv_reader *r = ctx;
	r->row.line = r->row_start;
	r->ready = 1;
}

int csv_reader_open(struct csv_reader **out, const char *path, struct error *e)
{
	struct csv_reader *r = calloc(1, sizeof(*r));
	struct stat st;

	*out = NULL;
	if (!r)
		return error_set(e, ERR_ENV, "out of memory");
	r->path = path;
	r->fp = fopen(path, "rb");
	if (!r->fp) {
		int ret = error_set(e, ERR_INPUT, "cannot read '%s': %s", path, strerror(errno));
		free(r);
		return ret;
	}
	if (fstat(fileno(r->fp), &st) == 0)
		r->size = st.st_size;
	if (csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fclose(r->fp);
		free(r);
		return error_set(e, ERR_ENV, "out of memory");
	}
	*out = r;
	return 0;
}

/* A parse error: *row names the line, e the reason (libcsv's own words are too terse). */
static int malformed(struct csv_reader *r, struct csv_row **row, long line, int at_eof, struct error *e)
{
	int err = csv_error(&r->parser);

	r->eof = 1;
	r->row.n = 0;
	r->row.line = line;
	*row = &r->row;
	if (err != CSV_EPARSE)
		return error_set(e, ERR_ENV, "%s:%ld: %s", r->path, line, csv_strerror(err));
	if (at_eof)
		return error_set(e, ERR_INPUT, "malformed CSV: a quoted field is not closed before the end of the file "
				 "(unterminated quote)");
	return error_set(e, ERR_INPUT, "malformed CSV: a quote inside an unquoted field or text after a closing "
			 "quote (quote the whole field and double the quotes inside)");
}

int csv_reader_next(struct csv_reader *r, struct csv_row **row, struct error *e)
{
	r->row.n = 0;
	r->ready = 0;
	while (!r->ready) {
		ssize_t len;
		const char *p;

		if (r->eof)
			return 0;
		len = getline(&r->line, &r->line_cap, r->fp);
		if (len < 0) {
			r->eof = 1;
			if (csv_fini(&r->parser, on_field, on_row, r) != 0)
				return malformed(r, row, r->row_start, 1, e);
			break;
		}
		r->line_no++;
		r->consumed += len;
		p = r->line;
		if (r->line_no == 1 && len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
			p += 3;
			len -= 3;
		}
		if (PARSER_IDLE(&r->parser))
			r->row_start = r->line_no;
		if (csv_parse(&r->parser, p, (size_t)len, on_field, on_row, r) != (size_t)len)
			return malformed(r, row, r->line_no, 0, e);
		if (r->failed)
			return error_set(e, ERR_ENV, "out of memory reading '%s'", r->path);
	}
	if (!r->ready)
		return 0;
	*row = &r->row;
	return 1;
}

void csv_reader_position(const struct csv_reader *r, long long *done, long long *total)
{
	*done = r->consumed;
	*total = r->size;
}

void csv_reader_free(struct csv_reader *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->cap; i++)
		free(r->row.fields[i]);
	free(r->row.fields);
	free(r->row.lens);
	free(r->field_caps);
	free(r->line);
	csv_free(&r->parser);
	if (r->fp)
		fclose(r->fp);
	free(r);
}
