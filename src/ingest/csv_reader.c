#include "ingest/csv_reader.h"

#include <csv.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * Reading and parsing run on a thread of their own, a few blocks of rows
 * ahead of the caller (who spends its time in the database): blocks of
 * BLOCK_ROWS rows, NBLOCKS of them, so memory stays a few hundred rows
 * whatever the size of the file. The end of the file, or the error that
 * stopped reading, travels in the last block, after the rows before it, so
 * the caller sees exactly what a reader without a thread would show.
 */
#define BLOCK_ROWS 256
#define NBLOCKS    4

struct block {
	char *buf; /* the fields, NUL-terminated, one after another */
	size_t len, cap;
	size_t *off, *lens; /* per field: offset in buf, length */
	size_t nf, fcap;
	struct {
		long line;
		size_t first, n; /* its fields: [first, first + n) */
	} rows[BLOCK_ROWS];
	size_t nrows;
	int end;          /* after the rows: 0 more follows, 1 end of file, <0 error */
	struct error err; /* when end < 0 */
	long err_line;
	long long consumed; /* bytes read when the block was handed over */
};

/* read(2)-sized chunks; a line is cut out of them with memchr */
#define IN_BUF (64 * 1024)

struct csv_reader {
	FILE *fp;
	const char *path;
	struct csv_parser parser;
	char *in; /* IN_BUF bytes read ahead, [in_pos, in_len) not yet used */
	size_t in_pos, in_len;
	int in_eof;
	char *line; /* the physical line, never more than CSV_LINE_MAX bytes */
	size_t line_cap;
	size_t row_bytes;   /* bytes of the row being parsed, over its lines */
	int field_too_long; /* set by on_field: a limit broken inside a piece */
	int too_many_fields;
	long line_no;   /* last physical line fed */
	long row_start; /* line the row being parsed started on */
	long long consumed;
	long long size;
	int eof;
	int failed; /* out of memory in a callback */

	/* the row being assembled */
	struct csv_row row;
	size_t cap; /* allocated slots in fields/lens */
	size_t *field_caps;
	/* completed rows not yet handed out: one line can complete at most one row */
	int ready;

	/* hand-over between the reading thread and the caller, under mu */
	pthread_t thread;
	int started;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct block blocks[NBLOCKS];
	size_t full;       /* blocks filled and not yet released by the caller */
	size_t prod, cons; /* next block to fill, next to read */
	int stop;          /* the caller is closing: the thread ends */

	/* the caller's side */
	struct block *cur; /* block being read, or NULL */
	size_t cur_row;
	struct csv_row out; /* the row handed out, pointing into cur */
	size_t out_cap;
	long long done; /* bytes behind the rows handed out, for progress */
};

/* libcsv: the parser has not started a row (pstate ROW_NOT_BEGUN). */
#define PARSER_IDLE(p) ((p)->pstate == 0)

static void on_field(void *data, size_t len, void *ctx)
{
	struct csv_reader *r = ctx;
	struct csv_row *row = &r->row;

	if (len > CSV_FIELD_MAX) {
		r->field_too_long = 1;
		return;
	}
	if (row->n == CSV_FIELDS_MAX) {
		r->too_many_fields = 1;
		return;
	}
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

static void *reading_thread(void *arg);

int csv_reader_open(struct csv_reader **out, const char *path, struct error *e)
{
	struct csv_reader *r = calloc(1, sizeof(*r));
	struct stat st;

	*out = NULL;
	if (!r)
		return error_set(e, ERR_ENV, "out of memory");
	r->path = path;
	if (strcmp(path, "-") == 0) {
		/* standard input: read once, front to back, as every file is (no seek), on a descriptor of our own */
		int fd = dup(STDIN_FILENO);
		r->fp = fd < 0 ? NULL : fdopen(fd, "rb");
		if (!r->fp) {
			int ret = error_set(e, ERR_INPUT, "cannot read '-' (standard input): %s", strerror(errno));
			if (fd >= 0)
				close(fd);
			free(r);
			return ret;
		}
	} else {
		r->fp = fopen(path, "rb");
	}
	if (!r->fp) {
		int ret = error_set(e, ERR_INPUT, "cannot read '%s': %s", path, strerror(errno));
		free(r);
		return ret;
	}
	if (fstat(fileno(r->fp), &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			/* the input named wrong, not a failing disk: refused as such (exit 1) */
			fclose(r->fp);
			free(r);
			return error_set(e, ERR_INPUT, "cannot read '%s': it is a directory, not a file", path);
		}
		r->size = S_ISREG(st.st_mode) ? st.st_size : 0; /* a pipe (standard input) has no size to tell */
	}
	r->in = malloc(IN_BUF);
	if (!r->in || csv_init(&r->parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fclose(r->fp);
		free(r->in);
		free(r);
		return error_set(e, ERR_ENV, "out of memory");
	}
	/*
	 * libcsv grows a field's buffer by this much at a time (128 bytes by
	 * default: a long field was copied over and over); with pieces of
	 * IN_BUF bytes fed at a time a field buffer stays within two blocks.
	 */
	csv_set_blk_size(&r->parser, IN_BUF);
	pthread_mutex_init(&r->mu, NULL);
	pthread_cond_init(&r->cv, NULL);
	if (pthread_create(&r->thread, NULL, reading_thread, r) != 0) {
		csv_reader_free(r);
		return error_set(e, ERR_ENV, "cannot start a thread to read '%s'", path);
	}
	r->started = 1;
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
		return error_set(e, ERR_INPUT,
				 "malformed CSV: a quoted field is not closed before the end of the file "
				 "(unterminated quote)");
	return error_set(e, ERR_INPUT,
			 "malformed CSV: a quote inside an unquoted field or text after a closing "
			 "quote (quote the whole field and double the quotes inside)");
}

/* Refuses the file at `line`: reading stops there. */
static int refuse(struct csv_reader *r, struct csv_row **row, long line, struct error *e, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int refuse(struct csv_reader *r, struct csv_row **row, long line, struct error *e, const char *fmt, ...)
{
	va_list ap;

	r->eof = 1;
	r->row.n = 0;
	r->row.line = line;
	*row = &r->row;
	va_start(ap, fmt);
	error_vset(e, ERR_INPUT, fmt, ap);
	va_end(ap);
	return -ERR_INPUT;
}

/*
 * Reads one physical line into r->line, its LF included: 1, or 0 at the end
 * of the file, -1 when the line is longer than CSV_LINE_MAX (r->line then
 * holds its first CSV_LINE_MAX bytes), -2 on a read error. *len is the
 * length. Never holds more than CSV_LINE_MAX bytes of a line: unlike
 * getline(), /dev/zero or a file without line ends cannot eat the memory.
 */
static int read_line(struct csv_reader *r, size_t *len)
{
	size_t n = 0;

	for (;;) {
		const char *start, *nl;
		size_t avail, take;
		int over;

		if (r->in_pos == r->in_len) {
			size_t got = r->in_eof ? 0 : fread(r->in, 1, IN_BUF, r->fp);
			if (got == 0) {
				r->in_eof = 1;
				*len = n;
				if (ferror(r->fp))
					return -2;
				return n > 0;
			}
			r->in_pos = 0;
			r->in_len = got;
		}
		start = r->in + r->in_pos;
		avail = r->in_len - r->in_pos;
		nl = memchr(start, '\n', avail);
		take = nl ? (size_t)(nl - start) + 1 : avail;
		over = n + take > CSV_LINE_MAX;
		if (over)
			take = CSV_LINE_MAX - n;
		if (n + take + 1 > r->line_cap) {
			size_t cap = r->line_cap ? r->line_cap : 4096;
			char *p;
			while (cap < n + take + 1)
				cap *= 2;
			if (cap > CSV_LINE_MAX + 1)
				cap = CSV_LINE_MAX + 1;
			p = realloc(r->line, cap);
			if (!p)
				return -3;
			r->line = p;
			r->line_cap = cap;
		}
		memcpy(r->line + n, start, take);
		n += take;
		r->in_pos += take;
		if (over) {
			*len = n;
			return -1;
		}
		if (nl) {
			*len = n;
			return 1;
		}
	}
}

static size_t count_nuls(const char *p, size_t len)
{
	size_t nuls = 0;

	for (size_t i = 0; i < len; i++)
		nuls += p[i] == '\0';
	return nuls;
}

/* UTF-16 has a byte-order mark, or a NUL in about every other byte of ASCII text. */
static int looks_utf16(const char *p, size_t len)
{
	size_t nuls = count_nuls(p, len);

	if (len >= 2 && (!memcmp(p, "\xFF\xFE", 2) || !memcmp(p, "\xFE\xFF", 2)))
		return 1;
	return len >= 2 && nuls * 4 >= len && nuls * 4 <= len * 3;
}

/* A CR followed by something else than LF, on a first line that found no LF. */
static int cr_only(const char *p, size_t len)
{
	if (len && p[len - 1] == '\n')
		return 0;
	for (size_t i = 0; i + 1 < len; i++)
		if (p[i] == '\r' && p[i + 1] != '\n')
			return 1;
	return 0;
}

/* Parses the next row into r->row: the reader without its thread. */
static int parse_row(struct csv_reader *r, struct csv_row **row, struct error *e)
{
	r->row.n = 0;
	r->ready = 0;
	while (!r->ready) {
		size_t len;
		const char *p;
		int got;

		if (r->eof)
			return 0;
		got = read_line(r, &len);
		if (got == -2)
			return error_set(e, ERR_ENV, "cannot read '%s': %s", r->path, strerror(errno));
		if (got == -3)
			return error_set(e, ERR_ENV, "out of memory reading '%s'", r->path);
		if (got == 0) {
			r->eof = 1;
			if (csv_fini(&r->parser, on_field, on_row, r) != 0)
				return malformed(r, row, r->row_start, 1, e);
			if (r->field_too_long || r->too_many_fields)
				return refuse(r, row, r->row_start, e,
					      "a field or the row is over its limit (see "
					      "docs/csv.md, \"Limits of the file\")");
			break;
		}
		r->line_no++;
		r->consumed += (long long)len;
		p = r->line;
		if (r->line_no == 1) {
			if (looks_utf16(p, len))
				return refuse(r, row, 1, e, "'%s' is UTF-16; save it as UTF-8", r->path);
			if (len && count_nuls(p, len) * 4 > len * 3)
				return refuse(r, row, 1, e, "'%s' is not a text file (its first line is NUL bytes)",
					      r->path);
			if (cr_only(p, len))
				return refuse(r, row, 1, e,
					      "'%s' ends its lines with CR only (old Mac OS); save it "
					      "with LF or CRLF line ends",
					      r->path);
			if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) {
				p += 3;
				len -= 3;
			}
		}
		if (got < 0)
			return refuse(r, row, r->line_no, e,
				      "line is longer than %d bytes, the limit of a line "
				      "(see docs/csv.md, \"Limits of the file\")",
				      CSV_LINE_MAX);
		if (PARSER_IDLE(&r->parser)) {
			r->row_start = r->line_no;
			r->row_bytes = 0;
		}
		r->row_bytes += len;
		if (r->row_bytes > CSV_ROW_MAX)
			return refuse(r, row, r->row_start, e,
				      "row is longer than %d bytes over its lines, the limit "
				      "of a row (an unterminated quote?)",
				      CSV_ROW_MAX);
		/* in pieces, so that a long field is refused before libcsv holds much of it */
		for (size_t off = 0; off < len;) {
			size_t piece = len - off < IN_BUF ? len - off : IN_BUF;
			if (csv_parse(&r->parser, p + off, piece, on_field, on_row, r) != piece)
				return malformed(r, row, r->line_no, 0, e);
			off += piece;
			if (r->failed)
				return error_set(e, ERR_ENV, "out of memory reading '%s'", r->path);
			if (r->field_too_long || r->parser.entry_pos > CSV_FIELD_MAX)
				return refuse(r, row, r->row_start, e,
					      "a field is longer than %d bytes, the limit of a "
					      "field (see docs/csv.md, \"Limits of the file\")",
					      CSV_FIELD_MAX);
			if (r->too_many_fields)
				return refuse(r, row, r->row_start, e,
					      "row has more than %d fields, the limit of a row", CSV_FIELDS_MAX);
		}
	}
	if (!r->ready)
		return 0;
	*row = &r->row;
	return 1;
}

/* Copies a parsed row into a block; -1 when out of memory. */
static int block_add(struct block *b, const struct csv_row *row)
{
	size_t need = 0;

	for (size_t i = 0; i < row->n; i++)
		need += row->lens[i] + 1;
	if (b->len + need > b->cap) {
		size_t cap = b->cap ? b->cap : 64 * 1024;
		char *n;
		while (cap < b->len + need)
			cap *= 2;
		n = realloc(b->buf, cap);
		if (!n)
			return -1;
		b->buf = n;
		b->cap = cap;
	}
	if (b->nf + row->n > b->fcap) {
		size_t cap = b->fcap ? b->fcap : BLOCK_ROWS * 16;
		size_t *o, *l;
		while (cap < b->nf + row->n)
			cap *= 2;
		o = realloc(b->off, cap * sizeof(*o));
		if (o)
			b->off = o;
		l = o ? realloc(b->lens, cap * sizeof(*l)) : NULL;
		if (!l)
			return -1;
		b->lens = l;
		b->fcap = cap;
	}
	b->rows[b->nrows].line = row->line;
	b->rows[b->nrows].first = b->nf;
	b->rows[b->nrows].n = row->n;
	b->nrows++;
	for (size_t i = 0; i < row->n; i++) {
		memcpy(b->buf + b->len, row->fields[i], row->lens[i] + 1);
		b->off[b->nf] = b->len;
		b->lens[b->nf] = row->lens[i];
		b->nf++;
		b->len += row->lens[i] + 1;
	}
	return 0;
}

static void *reading_thread(void *arg)
{
	struct csv_reader *r = arg;
	int end = 0;

	while (!end) {
		struct block *b;

		pthread_mutex_lock(&r->mu);
		while (r->full == NBLOCKS && !r->stop)
			pthread_cond_wait(&r->cv, &r->mu);
		if (r->stop) {
			pthread_mutex_unlock(&r->mu);
			break;
		}
		b = &r->blocks[r->prod];
		pthread_mutex_unlock(&r->mu);

		/* this block is ours until it is counted in `full` */
		b->len = b->nf = b->nrows = 0;
		b->end = 0;
		while (!b->end && b->nrows < BLOCK_ROWS && b->len < CSV_BLOCK_BYTES) {
			struct csv_row *row = NULL;
			int ret;

			error_clear(&b->err);
			ret = parse_row(r, &row, &b->err);
			if (ret == 1 && block_add(b, row) < 0)
				ret = error_set(&b->err, ERR_ENV, "out of memory reading '%s'", r->path);
			if (ret != 1) {
				b->end = ret == 0 ? 1 : ret;
				b->err_line = r->row.line;
			}
		}
		b->consumed = r->consumed;
		end = b->end;

		pthread_mutex_lock(&r->mu);
		r->full++;
		r->prod = (r->prod + 1) % NBLOCKS;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
	}
	return NULL;
}

int csv_reader_next(struct csv_reader *r, struct csv_row **row, struct error *e)
{
	struct block *b;

	while (!r->cur || r->cur_row == r->cur->nrows) {
		if (r->cur && r->cur->end) {
			/* the end of the file, or the error that stopped reading */
			if (r->cur->end > 0)
				return 0;
			r->out.n = 0;
			r->out.line = r->cur->err_line;
			*row = &r->out;
			error_set(e, r->cur->err.code, "%s", r->cur->err.message);
			return r->cur->end;
		}
		pthread_mutex_lock(&r->mu);
		if (r->cur) {
			r->full--;
			r->cons = (r->cons + 1) % NBLOCKS;
			pthread_cond_broadcast(&r->cv);
		}
		while (r->full == 0)
			pthread_cond_wait(&r->cv, &r->mu);
		r->cur = &r->blocks[r->cons];
		r->cur_row = 0;
		r->done = r->cur->consumed;
		pthread_mutex_unlock(&r->mu);
	}
	b = r->cur;
	if (b->rows[r->cur_row].n > r->out_cap) {
		size_t cap = b->rows[r->cur_row].n * 2;
		char **f = realloc(r->out.fields, cap * sizeof(*f));
		size_t *l = f ? realloc(r->out.lens, cap * sizeof(*l)) : NULL;
		if (f)
			r->out.fields = f;
		if (!l)
			return error_set(e, ERR_ENV, "out of memory reading '%s'", r->path);
		r->out.lens = l;
		r->out_cap = cap;
	}
	r->out.line = b->rows[r->cur_row].line;
	r->out.n = b->rows[r->cur_row].n;
	for (size_t i = 0; i < r->out.n; i++) {
		size_t k = b->rows[r->cur_row].first + i;
		r->out.fields[i] = b->buf + b->off[k];
		r->out.lens[i] = b->lens[k];
	}
	r->cur_row++;
	*row = &r->out;
	return 1;
}

void csv_reader_position(const struct csv_reader *r, long long *done, long long *total)
{
	*done = r->done;
	*total = r->size;
}

void csv_reader_free(struct csv_reader *r)
{
	if (!r)
		return;
	if (r->started) {
		pthread_mutex_lock(&r->mu);
		r->stop = 1;
		pthread_cond_broadcast(&r->cv);
		pthread_mutex_unlock(&r->mu);
		pthread_join(r->thread, NULL);
	}
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->cv);
	for (int i = 0; i < NBLOCKS; i++) {
		free(r->blocks[i].buf);
		free(r->blocks[i].off);
		free(r->blocks[i].lens);
	}
	free(r->out.fields);
	free(r->out.lens);
	for (size_t i = 0; i < r->cap; i++)
		free(r->row.fields[i]);
	free(r->row.fields);
	free(r->row.lens);
	free(r->field_caps);
	free(r->line);
	free(r->in);
	csv_free(&r->parser);
	if (r->fp)
		fclose(r->fp);
	free(r);
}
