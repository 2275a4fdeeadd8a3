/*
 * csv_import.c: CSV rows to checked fields. See csv_import.h for the
 * contract and docs/csv.md for the columns and every rejection reason;
 * what a row means (and the transaction) is app/import.c's.
 */
#include "ingest/csv_import.h"

#include <csv.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "codec/fields.h"
#include "core/money.h"
#include "core/validate.h"
#include "ingest/csv_reader.h"

/*
 * A kind's import columns are the first n fields of its table (codec/fields.h):
 * every field but the computed ones, which come last (csv_import_open checks
 * it). check_fields() reads each column's limits straight from its field:
 * `max`, FIELD_FREE_TEXT, FIELD_REQUIRED, FIELD_DATE, FIELD_NOT_AFTER_TODAY.
 */
static const struct {
	const char *name;
	const struct record_table *table;
	size_t n;
} kinds[] = {
	[IMPORT_CUSTOMERS] = { "customers", &codec_customer, CU_N },
	[IMPORT_CONTACTS] = { "contacts", &codec_contact, CO_N },
	[IMPORT_INVOICES] = { "invoices", &codec_invoice, IN_N },
	[IMPORT_PAYMENTS] = { "payments", &codec_payment, PA_N },
	[IMPORT_CREDIT_NOTES] = { "credit-notes", &codec_credit_note, CN_N },
	[IMPORT_CONTACT_HISTORY] = { "contact-history", &codec_attempt, AT_N },
	[IMPORT_FLAGS] = { "flags", &codec_flag, FL_N },
};

_Static_assert(CU_N <= CODEC_FIELDS_MAX && CO_N <= CODEC_FIELDS_MAX && IN_N <= CODEC_FIELDS_MAX &&
		       PA_N <= CODEC_FIELDS_MAX && CN_N <= CODEC_FIELDS_MAX && AT_N <= CODEC_FIELDS_MAX &&
		       FL_N <= CODEC_FIELDS_MAX,
	       "csv_import.map");

/* The enums of csv_import.h index the table: its first n fields are exactly the ones not computed. */
static int columns_match_table(enum import_kind kind)
{
	const struct record_table *t = kinds[kind].table;

	if (kinds[kind].n > t->n)
		return 0;
	for (size_t i = 0; i < t->n; i++)
		if ((i < kinds[kind].n) != !(t->fields[i].flags & FIELD_COMPUTED))
			return 0;
	return 1;
}

int import_kind_parse(const char *name, enum import_kind *out)
{
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		if (!strcmp(name, kinds[i].name)) {
			*out = (enum import_kind)i;
			return 0;
		}
	}
	return -1;
}

const char *import_kind_name(enum import_kind kind)
{
	return kinds[kind].name;
}

/*
 * An import of a file before its customers would print a line for every
 * row: the first REPORT_ROWS_MAX bad rows are listed, the others counted by
 * column and reason pattern (the reason up to its first quoted value) and
 * summed up at the end. The rejects file still gets every row.
 */
#define REPORT_ROWS_MAX    100
#define REPORT_GROUPS_MAX  16
#define REPORT_PATTERN_MAX 96

struct reject_group {
	char column[32];
	char pattern[REPORT_PATTERN_MAX];
	int64_t count;
};

struct csv_import {
	struct csv_import_options o;
	struct csv_reader *reader;
	const struct field *cols; /* the kind's import columns: its table's first n_cols fields */
	size_t n_cols;
	size_t n_header;                   /* fields in the header line */
	int map[CODEC_FIELDS_MAX];         /* column -> field index, or -1 */
	date_t date_val[CODEC_FIELDS_MAX]; /* date columns of the row, parsed by check_fields */
	date_t date_min, date_max;         /* IMPORT_YEAR_MIN-01-01, IMPORT_YEAR_MAX-12-31 */
	/*
	 * The reason a parser gives for a bad value (date, currency, amount),
	 * read only after it failed: one for the import rather than a 1 KiB
	 * ERROR_INIT zeroed on the stack for every value of every row.
	 */
	struct error why;
	struct csv_row *row;
	long line; /* line of the row being reported */
	int row_bad;
	int header_done;
	int at_end;       /* csv_import_next() has returned 0 */
	int in_hook;      /* inside o.before_reject */
	int64_t rows;     /* data rows read */
	int64_t rejected; /* bad rows */

	/* bad rows beyond REPORT_ROWS_MAX: counted by column and reason, not listed */
	struct reject_group groups[REPORT_GROUPS_MAX];
	size_t n_groups;
	int64_t other_reasons; /* reasons beyond REPORT_GROUPS_MAX groups */
};

/* ---- reporting bad rows ---- */

static void vreject(struct csv_import *ci, const char *colname, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

/* The reason up to its first quoted value: "unknown customer 'C9' (...)" -> "unknown customer". */
static void reason_pattern(const char *reason, char *out, size_t size)
{
	const char *quote = strchr(reason, '\'');
	size_t len = quote ? (size_t)(quote - reason) : strlen(reason);

	while (len > 0 && (reason[len - 1] == ' ' || reason[len - 1] == ':'))
		len--;
	if (len == 0) /* it starts with the value: "'x' is not a date" -> "'...' is not a date" */
		snprintf(out, size, "'...'%s", quote && strchr(quote + 1, '\'') ? strchr(quote + 1, '\'') + 1 : "");
	else
		snprintf(out, size, "%.*s", (int)len, reason);
}

static void count_reject(struct csv_import *ci, const char *colname, const char *reason)
{
	char pattern[REPORT_PATTERN_MAX];

	reason_pattern(reason, pattern, sizeof(pattern));
	for (size_t i = 0; i < ci->n_groups; i++) {
		if (!strcmp(ci->groups[i].column, colname) && !strcmp(ci->groups[i].pattern, pattern)) {
			ci->groups[i].count++;
			return;
		}
	}
	if (ci->n_groups == REPORT_GROUPS_MAX) {
		ci->other_reasons++;
		return;
	}
	snprintf(ci->groups[ci->n_groups].column, sizeof(ci->groups[0].column), "%s", colname);
	snprintf(ci->groups[ci->n_groups].pattern, REPORT_PATTERN_MAX, "%s", pattern);
	ci->groups[ci->n_groups].count = 1;
	ci->n_groups++;
}

/* 99900 -> "99,900": counts for people */
static char *group_digits(int64_t n, char *buf, size_t size)
{
	char plain[24];
	size_t len, out = 0;

	snprintf(plain, sizeof(plain), "%lld", (long long)n);
	len = strlen(plain);
	for (size_t i = 0; i < len && out + 2 < size; i++) {
		if (i > 0 && plain[i - 1] != '-' && (len - i) % 3 == 0)
			buf[out++] = ',';
		buf[out++] = plain[i];
	}
	buf[out] = '\0';
	return buf;
}

/* After the first REPORT_ROWS_MAX bad rows: how many more, by column and reason. */
void csv_import_summary(struct csv_import *ci)
{
	char a[32];

	if (!ci->o.report || ci->rejected <= REPORT_ROWS_MAX)
		return;
	fprintf(ci->o.report, "%s: ... and %s more bad %s:", ci->o.path,
		group_digits(ci->rejected - REPORT_ROWS_MAX, a, sizeof(a)),
		ci->rejected - REPORT_ROWS_MAX == 1 ? "row" : "rows");
	for (size_t i = 0; i < ci->n_groups; i++)
		fprintf(ci->o.report, "%s %s %s: %s", i ? ";" : "", group_digits(ci->groups[i].count, a, sizeof(a)),
			ci->groups[i].column, ci->groups[i].pattern);
	if (ci->other_reasons)
		fprintf(ci->o.report, "; %s for other reasons", group_digits(ci->other_reasons, a, sizeof(a)));
	fputc('\n', ci->o.report);
}

/*
 * Text from the file on the report (stderr, often a terminal), as
 * validate_shown writes it: a header's name or an amount's text held an
 * escape sequence or a direction override, written as it came (refs were
 * shown so already). The rejects file keeps the text as it is.
 */
static void put_shown(FILE *f, const char *s)
{
	char shown[ERROR_MESSAGE_MAX * 8];
	validate_shown(s, shown, sizeof(shown));
	fputs(shown, f);
}

static void vreject(struct csv_import *ci, const char *colname, const char *fmt, va_list ap)
{
	char reason[ERROR_MESSAGE_MAX];

	/*
	 * Rows the caller holds back come earlier in the file: it writes them
	 * first so that their own problems (a duplicate, a conflict) are
	 * reported before this one, in file order.
	 */
	if (ci->o.before_reject && !ci->in_hook) {
		ci->in_hook = 1;
		ci->o.before_reject(ci->o.hook_ctx);
		ci->in_hook = 0;
	}
	vsnprintf(reason, sizeof(reason), fmt, ap);
	if (!ci->row_bad)
		ci->rejected++;
	ci->row_bad = 1;
	if (ci->o.report && ci->rejected <= REPORT_ROWS_MAX) {
		fprintf(ci->o.report, "%s:%ld: ", ci->o.path, ci->line);
		put_shown(ci->o.report, colname);
		fputs(": ", ci->o.report);
		put_shown(ci->o.report, reason);
		fputc('\n', ci->o.report);
	} else if (ci->o.report)
		count_reject(ci, colname, reason);
	if (ci->o.rejects) {
		char line[32];
		snprintf(line, sizeof(line), "%ld", ci->line);
		fputs(line, ci->o.rejects);
		fputc(',', ci->o.rejects);
		csv_fwrite(ci->o.rejects, colname, strlen(colname));
		fputc(',', ci->o.rejects);
		csv_fwrite(ci->o.rejects, reason, strlen(reason));
		fputc('\n', ci->o.rejects);
	}
}

void csv_import_reject(struct csv_import *ci, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreject(ci, col >= 0 ? ci->cols[col].name : "row", fmt, ap);
	va_end(ap);
}

/* Same, for a column that is not in the spec (a header problem). */
static void reject_named(struct csv_import *ci, const char *colname, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void reject_named(struct csv_import *ci, const char *colname, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreject(ci, colname, fmt, ap);
	va_end(ap);
}

/* ---- field access and checks ---- */

static const char *field(const struct csv_import *ci, int col)
{
	int i = ci->map[col];
	return i >= 0 && (size_t)i < ci->row->n ? ci->row->fields[i] : "";
}

/*
 * A date column's value: a real date (date_parse), within
 * IMPORT_YEAR_MIN..IMPORT_YEAR_MAX, and, for FIELD_NOT_AFTER_TODAY, not after
 * the import's today. Keeps the date in ci->date_val[col].
 */
static void check_date(struct csv_import *ci, int col, const char *v)
{
	char today[DATE_TEXT_MAX];
	date_t d;

	if (date_parse(v, &d, &ci->why) < 0) {
		csv_import_reject(ci, col, "%s", ci->why.message);
		return;
	}
	if (d < ci->date_min || d > ci->date_max) {
		csv_import_reject(ci, col, "date %s is outside %d-01-01..%d-12-31, the dates recoup accepts", v,
				  IMPORT_YEAR_MIN, IMPORT_YEAR_MAX);
		return;
	}
	if ((ci->cols[col].flags & FIELD_NOT_AFTER_TODAY) && d > ci->o.today) {
		csv_import_reject(ci, col,
				  "date %s is after today (%s): money not yet received cannot be recorded%s%s%s", v,
				  date_format(ci->o.today, today, sizeof(today)),
				  ci->o.replay_hint ? " (to replay an old file, " : "",
				  ci->o.replay_hint ? ci->o.replay_hint : "", ci->o.replay_hint ? ")" : "");
		return;
	}
	ci->date_val[col] = d;
}

/*
 * The one validation path: every field of the row, before any column is
 * parsed, against its field's limits (see kinds[]). Each bad column is
 * reported once. Returns 0, or -1 when the row is rejected; after 0,
 * field() returns text that is valid UTF-8, within the column's length,
 * free of NUL and control characters, and any date column holds a date
 * in range (its value kept in ci->date_val for csv_import_date).
 */
static int check_fields(struct csv_import *ci)
{
	for (size_t col = 0; col < ci->n_cols; col++) {
		const struct field *spec = &ci->cols[col];
		int i = ci->map[col];
		const char *v;
		size_t len;
		char why[128];

		if (i < 0 || (size_t)i >= ci->row->n)
			continue;
		v = ci->row->fields[i];
		len = ci->row->lens[i];
		if (validate_text_n(v, len, spec->max, (spec->flags & FIELD_FREE_TEXT) != 0, why, sizeof(why))) {
			csv_import_reject(ci, (int)col, "%s", why);
		} else if (spec->type == FIELD_DATE && len > 0) {
			check_date(ci, (int)col, v);
		}
	}
	return ci->row_bad ? -1 : 0;
}

/*
 * Copies a text field (already checked by check_fields) into `out`, which
 * holds the column's max + 1 bytes. Returns 0 or -1 (required and empty).
 */
int csv_import_text(struct csv_import *ci, int col, char *out, size_t size)
{
	int i = ci->map[col];
	const char *v = "";
	size_t len = 0;

	if (i >= 0 && (size_t)i < ci->row->n) {
		v = ci->row->fields[i];
		len = ci->row->lens[i];
	}
	if ((ci->cols[col].flags & FIELD_REQUIRED) && len == 0) {
		csv_import_reject(ci, col, "is empty");
		return -1;
	}
	if (len >= size) /* cannot happen after check_fields: the buffers hold max + 1 */
		len = size - 1;
	memcpy(out, v, len);
	out[len] = '\0';
	/* the field's own check (country, zone, email, role...): the one the API and `set` run too */
	if (len && ci->cols[col].check && ci->cols[col].check(out, &ci->why) < 0) {
		csv_import_reject(ci, col, "%s", ci->why.message);
		return -1;
	}
	return 0;
}

int csv_import_normalise(struct csv_import *ci, int col, void *rec)
{
	if (codec_normalise(kinds[ci->o.kind].table, (size_t)col, rec, &ci->why) < 0) {
		csv_import_reject(ci, col, "%s", ci->why.message);
		return -1;
	}
	return 0;
}

int csv_import_ref(struct csv_import *ci, int col, char *out, size_t size)
{
	char why[512];

	if (csv_import_text(ci, col, out, size) < 0)
		return -1;
	if (!validate_ref(out, why, sizeof(why))) {
		csv_import_reject(ci, col, "%s", why);
		return -1;
	}
	return 0;
}

int csv_import_bool(struct csv_import *ci, int col, int *out)
{
	const char *v = field(ci, col);

	*out = codec_parse_bool(v);
	if (*out < 0) {
		csv_import_reject(ci, col, "'%s' is not true or false", v);
		return -1;
	}
	return 0;
}

/* The date of a column that check_fields() found valid; an empty one is refused. */
int csv_import_date(struct csv_import *ci, int col, date_t *out)
{
	if (!*field(ci, col)) {
		csv_import_reject(ci, col, "is empty");
		return -1;
	}
	*out = ci->date_val[col];
	return 0;
}

int csv_import_enum(struct csv_import *ci, int col, int *out)
{
	const struct field *f = &ci->cols[col];
	const char *v = field(ci, col);

	for (int k = 0; f->names[k]; k++) {
		if (!strcmp(v, f->names[k]) || (!*v && k == 0 && !(f->flags & FIELD_REQUIRED))) {
			*out = k;
			return 0;
		}
	}
	csv_import_reject(ci, col, "'%s' is not %s or %s", v, f->names[0], f->names[1]);
	return -1;
}

int csv_import_currency(struct csv_import *ci, int col, struct currency *out)
{
	if (currency_lookup(field(ci, col), out, &ci->why) < 0) {
		csv_import_reject(ci, col, "%s", ci->why.message);
		return -1;
	}
	return 0;
}

/* A positive amount (or >= 0 when zero_ok) in the currency's minor units. */
int csv_import_amount(struct csv_import *ci, int col, const struct currency *cur, int zero_ok, int64_t *out)
{
	const char *v = field(ci, col);

	if (!*v && zero_ok) {
		*out = 0;
		return 0;
	}
	if (money_parse(v, cur->exponent, out, &ci->why) < 0) {
		csv_import_reject(ci, col, "%s (%s)", ci->why.message, cur->code);
		return -1;
	}
	if (*out < 0 || (*out == 0 && !zero_ok)) {
		csv_import_reject(ci, col, "amount '%s' must be %s", v, zero_ok ? "zero or more" : "more than zero");
		return -1;
	}
	return 0;
}

/* ---- the header ---- */

/* Columns that `recoup export` adds and an import ignores. */
static int export_only_column(enum import_kind kind, const char *name)
{
	const struct record_table *t = kinds[kind].table;
	int i = codec_field_index(t, name);
	return i >= 0 && (t->fields[i].flags & FIELD_COMPUTED);
}

/* A header field that is a known column of the kind (or one export adds). */
static int known_column(const struct csv_import *ci, const char *name)
{
	for (size_t c = 0; c < ci->n_cols; c++)
		if (!strcmp(name, ci->cols[c].name))
			return 1;
	return export_only_column(ci->o.kind, name);
}

/*
 * A header without a single known column but with ';' or a tab in it is a
 * file saved with another separator (a spreadsheet in a European locale
 * writes ';'): say so, instead of "unknown column" for the whole line.
 */
static const char *other_separator(const struct csv_import *ci, const struct csv_row *row)
{
	static const struct {
		char c;
		const char *name;
	} seps[] = { { ';', "';'" }, { '\t', "tabs" } };

	for (size_t i = 0; i < row->n; i++)
		if (known_column(ci, row->fields[i]))
			return NULL;
	for (size_t k = 0; k < sizeof(seps) / sizeof(seps[0]); k++)
		for (size_t i = 0; i < row->n; i++)
			if (memchr(row->fields[i], seps[k].c, row->lens[i]))
				return seps[k].name;
	return NULL;
}

static int map_header(struct csv_import *ci, struct csv_row *row)
{
	int bad = 0;
	const char *sep;

	for (size_t c = 0; c < ci->n_cols; c++)
		ci->map[c] = -1;
	ci->n_header = row->n;
	sep = other_separator(ci, row);
	if (sep) {
		csv_import_reject(ci, -1, "'%s' looks separated by %s; recoup reads comma-separated CSV (RFC 4180)",
				  ci->o.path, sep);
		return -1;
	}
	for (size_t i = 0; i < row->n; i++) {
		const char *name = row->fields[i];
		size_t c;
		if (strlen(name) != row->lens[i]) {
			/* "amount<NUL>x" must not pass for "amount" */
			csv_import_reject(ci, -1, "header column %zu contains a NUL byte", i + 1);
			bad = 1;
			continue;
		}
		for (c = 0; c < ci->n_cols; c++)
			if (!strcmp(name, ci->cols[c].name))
				break;
		if (c == ci->n_cols && export_only_column(ci->o.kind, name))
			continue;
		if (c == ci->n_cols) {
			reject_named(ci, name, "unknown column in the header (see docs/csv.md for the %s columns)",
				     import_kind_name(ci->o.kind));
			bad = 1;
		} else if (ci->map[c] >= 0) {
			reject_named(ci, name, "column appears twice in the header");
			bad = 1;
		} else {
			ci->map[c] = (int)i;
		}
	}
	for (size_t c = 0; c < ci->n_cols; c++) {
		if ((ci->cols[c].flags & FIELD_REQUIRED) && ci->map[c] < 0) {
			csv_import_reject(ci, (int)c, "required column is missing from the header");
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

/* ---- reading ---- */

int csv_import_open(const struct csv_import_options *o, struct csv_import **out, struct error *e)
{
	struct csv_import *ci;
	int ret;

	*out = NULL;
	if (!columns_match_table(o->kind))
		return error_set(e, ERR_ENV, "import: the column enums do not match the field tables (codec/fields.c)");
	ci = calloc(1, sizeof(*ci));
	if (!ci)
		return error_set(e, ERR_ENV, "out of memory");
	ci->o = *o;
	ci->cols = kinds[o->kind].table->fields;
	ci->n_cols = kinds[o->kind].n;
	ci->date_min = date_from_ymd(IMPORT_YEAR_MIN, 1, 1);
	ci->date_max = date_from_ymd(IMPORT_YEAR_MAX, 12, 31);
	ret = csv_reader_open(&ci->reader, o->path, e);
	if (ret < 0) {
		free(ci);
		return ret;
	}
	if (o->rejects)
		fputs("line,column,reason\n", o->rejects);
	*out = ci;
	return 0;
}

int csv_import_next(struct csv_import *ci, struct error *e)
{
	struct csv_row *row = NULL;
	long long done, total;
	int ret;

	if (ci->at_end)
		return 0;
	while ((ret = csv_reader_next(ci->reader, &row, e)) == 1) {
		ci->row = row;
		ci->line = row->line;
		ci->row_bad = 0;
		if (!ci->header_done) {
			ci->header_done = 1;
			if (map_header(ci, row) < 0) {
				ci->at_end = 1; /* nothing below can be read without columns */
				return 0;
			}
			continue;
		}
		ci->rows++;
		if (row->n != ci->n_header) {
			/*
			 * A field without a column would be dropped silently, a column
			 * without a field read as empty: refuse the row, and say only
			 * this (its empty columns' complaints, "currency '' is not...",
			 * would hide the cause). All or nothing, as any bad row.
			 */
			csv_import_reject(ci, -1, "has %zu field%s but the header has %zu (%s)", row->n,
					  row->n == 1 ? "" : "s", ci->n_header,
					  row->n > ci->n_header ? "an unquoted comma?"
								: "a field or a comma missing, or the row cut short?");
			continue;
		}
		if (check_fields(ci) < 0)
			continue;
		if (ci->o.progress && (ci->rows & 0x3fff) == 0) {
			csv_reader_position(ci->reader, &done, &total);
			ci->o.progress(ci->o.progress_ctx, done, total);
		}
		return 1;
	}
	ci->at_end = 1;
	if (ret == -ERR_INPUT) {
		/* malformed CSV: a bad row too (reading stopped there), in --rejects as well */
		char reason[ERROR_MESSAGE_MAX];
		snprintf(reason, sizeof(reason), "%s", e->message);
		error_clear(e);
		ci->row = row;
		ci->line = row->line;
		ci->row_bad = 0;
		csv_import_reject(ci, -1, "%s", reason);
		ci->header_done = 1;
	} else if (ret < 0) {
		return ret;
	}
	if (!ci->header_done) {
		ci->row = NULL;
		ci->line = 0;
		csv_import_reject(ci, -1, "the file is empty (a header line is required)");
	}
	return 0;
}

void csv_import_free(struct csv_import *ci)
{
	if (!ci)
		return;
	csv_reader_free(ci->reader);
	free(ci);
}

int64_t csv_import_rows(const struct csv_import *ci)
{
	return ci->rows;
}

int64_t csv_import_rejected(const struct csv_import *ci)
{
	return ci->rejected;
}

void csv_import_position(const struct csv_import *ci, long long *done, long long *total)
{
	csv_reader_position(ci->reader, done, total);
}

const char *csv_import_field(const struct csv_import *ci, int col)
{
	return field(ci, col);
}

int csv_import_has_column(const struct csv_import *ci, int col)
{
	return ci->map[col] >= 0;
}

long csv_import_line(const struct csv_import *ci)
{
	return ci->line;
}

int csv_import_row_bad(const struct csv_import *ci)
{
	return ci->row_bad;
}

void csv_import_at_line(struct csv_import *ci, long line, struct csv_import_mark *saved)
{
	saved->line = ci->line;
	saved->row_bad = ci->row_bad;
	ci->line = line;
	ci->row_bad = 0;
}

void csv_import_restore(struct csv_import *ci, const struct csv_import_mark *saved)
{
	ci->line = saved->line;
	ci->row_bad = saved->row_bad;
}
