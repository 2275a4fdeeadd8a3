/*
 * csv_import.c: the importer. See csv_import.h for the contract and
 * docs/csv.md for the columns and every rejection reason.
 *
 * One pass, one transaction: each row is validated and written at once
 * (the database's unique keys find duplicates inside the file without
 * holding the file in memory); at the end the transaction is committed only
 * if no row was bad and something new was written, else rolled back.
 */
#include "ingest/csv_import.h"

#include <errno.h>
#include <csv.h>
#include <pthread.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <unicode/utf8.h>

#include "app/correct.h"
#include "codec/fields.h"
#include "core/array.h"
#include "core/contact_rules.h"
#include "core/ledger.h"
#include "core/model.h"
#include "core/money.h"
#include "core/validate.h"
#include "core/profile.h"
#include "ingest/csv_reader.h"
#include "store/imports.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/rules_config.h"

/*
 * What a column may hold, checked for every field of every row by
 * check_fields() before any column is parsed (so that field() can be
 * trusted): valid UTF-8, no control character (tab, CR and LF allowed in
 * COL_FREE_TEXT only), at most `max` bytes; a COL_DATE is a date within
 * IMPORT_DATE_MIN..IMPORT_DATE_MAX, a COL_NOT_AFTER_TODAY date not after
 * import_options.today.
 */
enum {
	COL_FREE_TEXT = 1 << 0,
	COL_DATE = 1 << 1,
	COL_NOT_AFTER_TODAY = 1 << 2,
};

struct column_spec {
	const char *name;
	int required;
	size_t max;                 /* longest value in bytes */
	unsigned flags;             /* COL_* */
};

#define MAX_COLUMNS 16

/*
 * The columns come from the field tables (codec/fields.h), filled in once
 * by columns_from_tables(): the enums below index a table's import columns
 * (its fields but the computed ones), in the table's order.
 */
enum { CU_REF, CU_NAME, CU_KIND, CU_COUNTRY, CU_TZ, CU_LANG, CU_CURRENCY, CU_CREDIT, CU_EMAIL, CU_PHONE,
       CU_ADDRESS, CU_PROFILE, CU_N };
enum { CO_REF, CO_CUSTOMER, CO_NAME, CO_ROLE, CO_PHONE, CO_EMAIL, CO_TZ, CO_PAYS, CO_BEST, CO_NOTES, CO_N };
enum { IN_REF, IN_CUSTOMER, IN_ISSUE, IN_DUE, IN_CURRENCY, IN_AMOUNT, IN_DESC, IN_PO, IN_DN, IN_SIGNED, IN_N };
enum { PA_REF, PA_CUSTOMER, PA_INVOICE, PA_DATE, PA_AMOUNT, PA_CURRENCY, PA_METHOD, PA_STATUS, PA_RETURNED,
       PA_N };
static struct column_spec customer_cols[CU_N], contact_cols[CO_N], invoice_cols[IN_N], payment_cols[PA_N];

static const struct {
	const char *name;
	const struct record_table *table;
	struct column_spec *cols;
	size_t n;
} kinds[] = {
	[IMPORT_CUSTOMERS] = { "customers", &codec_customer, customer_cols, CU_N },
	[IMPORT_CONTACTS] = { "contacts", &codec_contact, contact_cols, CO_N },
	[IMPORT_INVOICES] = { "invoices", &codec_invoice, invoice_cols, IN_N },
	[IMPORT_PAYMENTS] = { "payments", &codec_payment, payment_cols, PA_N },
};

static pthread_once_t columns_once = PTHREAD_ONCE_INIT;
static int columns_ok;

static void columns_from_tables(void)
{
	columns_ok = 1;
	for (size_t k = 0; k < sizeof(kinds) / sizeof(kinds[0]); k++) {
		const struct record_table *t = kinds[k].table;
		size_t n = 0;

		for (size_t i = 0; i < t->n && n <= kinds[k].n; i++) {
			const struct field *f = &t->fields[i];
			if (f->flags & FIELD_COMPUTED)
				continue;
			if (n == kinds[k].n) {
				n++;
				break;
			}
			kinds[k].cols[n++] = (struct column_spec){
				.name = f->name,
				.required = (f->flags & FIELD_REQUIRED) != 0,
				.max = f->max,
				.flags = (f->flags & FIELD_FREE_TEXT ? COL_FREE_TEXT : 0u) |
					 (f->type == FIELD_DATE ? COL_DATE : 0u) |
					 (f->flags & FIELD_NOT_AFTER_TODAY ? COL_NOT_AFTER_TODAY : 0u),
			};
		}
		if (n != kinds[k].n)
			columns_ok = 0;
	}
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
#define REPORT_ROWS_MAX 100
#define REPORT_GROUPS_MAX 16
#define REPORT_PATTERN_MAX 96

struct reject_group {
	char column[32];
	char pattern[REPORT_PATTERN_MAX];
	int64_t count;
};

/*
 * Invoices handed to store_invoices_add at once: enough for the backend to
 * write them in few statements, few enough that a bad row, which flushes
 * them before it is reported, keeps reports in file order cheaply.
 */
#define PENDING_MAX 64

struct importer {
	struct store_tx *tx;         /* the one write transaction of the import */
	const struct import_options *o;
	struct import_result *r;
	const struct column_spec *cols;
	size_t n_cols;
	size_t n_header;             /* fields in the header line */
	int map[MAX_COLUMNS];        /* spec column -> field index, or -1 */
	date_t date_val[MAX_COLUMNS]; /* date columns of the row, parsed by check_fields */
	struct csv_row *row;
	long line;                   /* line of the row being reported */
	int row_bad;
	FILE *rejects;
	int64_t import_id;
	struct error *e;             /* environment errors end the import */

	/* contact-rules profile names a customer may name: presets, then the tenant's (read once) */
	char (*profiles)[PROFILE_MAX + 1];
	size_t n_profiles, cap_profiles;
	int profiles_loaded;

	struct customer cust;        /* last customer looked up, cached */
	int have_cust;

	struct invoice named;        /* the invoice a payment names, as just read */
	struct payment *returns;     /* returned payments whose reversal waits (see defer_return) */
	size_t n_returns, cap_returns;
	date_t returns_min;          /* the earliest return date waiting */
	struct invoice *open;        /* open invoices for allocation */
	size_t open_n, open_cap;
	size_t alloc_cap;            /* alloc[] holds as many as open[] */
	struct allocation *alloc;

	/*
	 * Valid invoices not yet written, in file order, handed to the store
	 * together when PENDING_MAX have gathered (see flush_invoices).
	 */
	struct invoice *pending;     /* PENDING_MAX of them, allocated on first use */
	long pending_line[PENDING_MAX];
	int pending_exponent[PENDING_MAX];
	unsigned char pending_added[PENDING_MAX];
	size_t pending_n;
	int flushing;                /* inside flush_invoices: no nested flush */
	int flush_ret;               /* an environment error met by a flush from vreject */

	/* bad rows beyond REPORT_ROWS_MAX: counted by column and reason, not listed */
	struct reject_group groups[REPORT_GROUPS_MAX];
	size_t n_groups;
	int64_t other_reasons;       /* reasons beyond REPORT_GROUPS_MAX groups */
};

/* ---- reporting bad rows ---- */

static void vreject(struct importer *im, const char *colname, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));

static int flush_invoices(struct importer *im);

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

static void count_reject(struct importer *im, const char *colname, const char *reason)
{
	char pattern[REPORT_PATTERN_MAX];

	reason_pattern(reason, pattern, sizeof(pattern));
	for (size_t i = 0; i < im->n_groups; i++) {
		if (!strcmp(im->groups[i].column, colname) && !strcmp(im->groups[i].pattern, pattern)) {
			im->groups[i].count++;
			return;
		}
	}
	if (im->n_groups == REPORT_GROUPS_MAX) {
		im->other_reasons++;
		return;
	}
	snprintf(im->groups[im->n_groups].column, sizeof(im->groups[0].column), "%s", colname);
	snprintf(im->groups[im->n_groups].pattern, REPORT_PATTERN_MAX, "%s", pattern);
	im->groups[im->n_groups].count = 1;
	im->n_groups++;
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
static void report_unlisted(struct importer *im)
{
	char a[32];

	if (!im->o->report || im->r->rejected <= REPORT_ROWS_MAX)
		return;
	fprintf(im->o->report, "%s: ... and %s more bad %s:", im->o->path,
		group_digits(im->r->rejected - REPORT_ROWS_MAX, a, sizeof(a)),
		im->r->rejected - REPORT_ROWS_MAX == 1 ? "row" : "rows");
	for (size_t i = 0; i < im->n_groups; i++)
		fprintf(im->o->report, "%s %s %s: %s", i ? ";" : "", group_digits(im->groups[i].count, a, sizeof(a)),
			im->groups[i].column, im->groups[i].pattern);
	if (im->other_reasons)
		fprintf(im->o->report, "; %s for other reasons", group_digits(im->other_reasons, a, sizeof(a)));
	fputc('\n', im->o->report);
}

static void vreject(struct importer *im, const char *colname, const char *fmt, va_list ap)
{
	char reason[ERROR_MESSAGE_MAX];

	/*
	 * Invoices waiting to be written come earlier in the file: write them
	 * first so that their own problems (a duplicate, a conflict) are
	 * reported before this one, in file order.
	 */
	if (im->pending_n && !im->flushing) {
		int ret = flush_invoices(im);
		if (ret < 0 && !im->flush_ret)
			im->flush_ret = ret;
	}
	vsnprintf(reason, sizeof(reason), fmt, ap);
	if (!im->row_bad)
		im->r->rejected++;
	im->row_bad = 1;
	if (im->o->report && im->r->rejected <= REPORT_ROWS_MAX)
		fprintf(im->o->report, "%s:%ld: %s: %s\n", im->o->path, im->line, colname, reason);
	else if (im->o->report)
		count_reject(im, colname, reason);
	if (im->rejects) {
		char line[32];
		snprintf(line, sizeof(line), "%ld", im->line);
		fputs(line, im->rejects);
		fputc(',', im->rejects);
		csv_fwrite(im->rejects, colname, strlen(colname));
		fputc(',', im->rejects);
		csv_fwrite(im->rejects, reason, strlen(reason));
		fputc('\n', im->rejects);
	}
}

/* Rejects the row for a reason about column `col` (a spec index), or the whole row when -1. */
static void reject(struct importer *im, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void reject(struct importer *im, int col, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreject(im, col >= 0 ? im->cols[col].name : "row", fmt, ap);
	va_end(ap);
}

/* Same, for a column that is not in the spec (a header problem). */
static void reject_named(struct importer *im, const char *colname, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void reject_named(struct importer *im, const char *colname, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreject(im, colname, fmt, ap);
	va_end(ap);
}

/* ---- field access and checks ---- */

static const char *field(struct importer *im, int col)
{
	int i = im->map[col];
	return i >= 0 && (size_t)i < im->row->n ? im->row->fields[i] : "";
}

/*
 * A date column's value: a real date (date_parse), within
 * IMPORT_YEAR_MIN..IMPORT_YEAR_MAX, and, for COL_NOT_AFTER_TODAY, not after
 * the import's today. Keeps the date in im->date_val[col].
 */
static void check_date(struct importer *im, int col, const char *v)
{
	struct error e = ERROR_INIT;
	char today[DATE_TEXT_MAX];
	date_t d;

	if (date_parse(v, &d, &e) < 0) {
		reject(im, col, "%s", e.message);
		return;
	}
	if (d < date_from_ymd(IMPORT_YEAR_MIN, 1, 1) || d > date_from_ymd(IMPORT_YEAR_MAX, 12, 31)) {
		reject(im, col, "date %s is outside %d-01-01..%d-12-31, the dates recoup accepts", v, IMPORT_YEAR_MIN,
		       IMPORT_YEAR_MAX);
		return;
	}
	if ((im->cols[col].flags & COL_NOT_AFTER_TODAY) && d > im->o->today) {
		reject(im, col, "date %s is after today (%s): money not yet received cannot be recorded (to replay "
		       "an old file, give import --as-of DATE)", v, date_format(im->o->today, today, sizeof(today)));
		return;
	}
	im->date_val[col] = d;
}

/* text_problem()'s answer for a NUL byte (0 means no problem) */
#define TEXT_NUL 0x110000

/*
 * The first problem of a value as UTF-8 text: -1 invalid UTF-8, else the
 * first control character (C0, DEL or C1, TEXT_NUL for NUL; tab, CR and LF
 * pass when `free_text`), else 0.
 */
static int32_t text_problem(const char *s, size_t len, int free_text)
{
	int32_t i = 0, control = 0;

	while ((size_t)i < len) {
		UChar32 c;
		U8_NEXT(s, i, (int32_t)len, c);
		if (c < 0)
			return -1;
		if (control || !((c < 0x20 && !(free_text && (c == '\t' || c == '\n' || c == '\r'))) ||
				 (c >= 0x7f && c <= 0x9f)))
			continue;
		control = c == 0 ? TEXT_NUL : c;
	}
	return control;
}

/*
 * The one validation path: every field of the row, before any column is
 * parsed, against its column_spec (see there). Each bad column is
 * reported once. Returns 0, or -1 when the row is rejected; after 0,
 * field() returns text that is valid UTF-8, within the column's length,
 * free of NUL and control characters, and any date column holds a date
 * in range (its value kept in im->date_val for take_date).
 */
static int check_fields(struct importer *im)
{
	for (size_t col = 0; col < im->n_cols; col++) {
		const struct column_spec *spec = &im->cols[col];
		int i = im->map[col];
		const char *v;
		size_t len;
		int32_t problem;

		if (i < 0 || (size_t)i >= im->row->n)
			continue;
		v = im->row->fields[i];
		len = im->row->lens[i];
		problem = text_problem(v, len, (spec->flags & COL_FREE_TEXT) != 0);
		if (problem < 0) {
			reject(im, (int)col, "not valid UTF-8");
		} else if (problem == TEXT_NUL) {
			reject(im, (int)col, "contains a NUL byte (byte 0x00)");
		} else if (problem > 0 && problem < 0x80) {
			reject(im, (int)col, "contains a control character (byte 0x%02x)", (unsigned)problem);
		} else if (problem > 0) {
			reject(im, (int)col, "contains a control character (U+%04X)", (unsigned)problem);
		} else if (len > spec->max) {
			reject(im, (int)col, "too long: %zu bytes, at most %zu", len, spec->max);
		} else if ((spec->flags & COL_DATE) && len > 0) {
			check_date(im, (int)col, v);
		}
	}
	return im->row_bad ? -1 : 0;
}

/*
 * Copies a text field (already checked by check_fields) into `out`, which
 * holds the column's max + 1 bytes. Returns 0 or -1 (required and empty).
 */
static int take_text(struct importer *im, int col, char *out, size_t size)
{
	int i = im->map[col];
	const char *v = "";
	size_t len = 0;

	if (i >= 0 && (size_t)i < im->row->n) {
		v = im->row->fields[i];
		len = im->row->lens[i];
	}
	if (im->cols[col].required && len == 0) {
		reject(im, col, "is empty");
		return -1;
	}
	if (len >= size) /* cannot happen after check_fields: the buffers hold max + 1 */
		len = size - 1;
	memcpy(out, v, len);
	out[len] = '\0';
	return 0;
}

static int take_ref(struct importer *im, int col, char *out, size_t size)
{
	if (take_text(im, col, out, size) < 0)
		return -1;
	for (const char *p = out; *p; p++) {
		if (*p == ' ' && (p == out || p[1] == '\0')) {
			reject(im, col, "'%s' has leading or trailing spaces", out);
			return -1;
		}
	}
	return 0;
}

static int take_bool(struct importer *im, int col, int *out)
{
	const char *v = field(im, col);
	if (!*v || !strcasecmp(v, "false") || !strcasecmp(v, "no") || !strcmp(v, "0")) {
		*out = 0;
	} else if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") || !strcmp(v, "1")) {
		*out = 1;
	} else {
		reject(im, col, "'%s' is not true or false", v);
		return -1;
	}
	return 0;
}

/* The date of a column that check_fields() found valid; an empty one is refused. */
static int take_date(struct importer *im, int col, date_t *out)
{
	if (!*field(im, col)) {
		reject(im, col, "date is empty");
		return -1;
	}
	*out = im->date_val[col];
	return 0;
}

static int take_currency(struct importer *im, int col, struct currency *out)
{
	struct error e = ERROR_INIT;
	if (currency_lookup(field(im, col), out, &e) < 0) {
		reject(im, col, "%s", e.message);
		return -1;
	}
	return 0;
}

/* A positive amount (or >= 0 when zero_ok) in the currency's minor units. */
static int take_amount(struct importer *im, int col, const struct currency *cur, int zero_ok, int64_t *out)
{
	struct error e = ERROR_INIT;
	const char *v = field(im, col);
	if (!*v && zero_ok) {
		*out = 0;
		return 0;
	}
	if (money_parse(v, cur->exponent, out, &e) < 0) {
		reject(im, col, "%s (%s)", e.message, cur->code);
		return -1;
	}
	if (*out < 0 || (*out == 0 && !zero_ok)) {
		reject(im, col, "amount '%s' must be %s", v, zero_ok ? "zero or more" : "more than zero");
		return -1;
	}
	return 0;
}

/* ---- lookups shared by the row kinds ---- */

/* Finds the customer of a row (cached: files are usually grouped). 1 found, 0 rejected, <0 env. */
static int find_customer(struct importer *im, int col)
{
	const char *ref = field(im, col);
	int ret;

	if (im->have_cust && !strcmp(im->cust.ref, ref))
		return 1;
	im->have_cust = 0;
	if (!*ref) {
		reject(im, col, "is empty");
		return 0;
	}
	ret = store_customer_find(im->tx, ref, &im->cust, im->e);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		reject(im, col, "unknown customer '%s' (import it in customers.csv first)", ref);
		return 0;
	}
	im->have_cust = 1;
	return 1;
}

/*
 * After an insert found the ref already stored: same values -> unchanged;
 * written earlier by this very import -> duplicate in the file; else a
 * conflict naming the first differing column.
 */
static void existing_row(struct importer *im, int ref_col, const char *ref, const char *what,
			 int64_t existing_import, const char *diff_col, const char *stored, const char *given)
{
	if (existing_import == im->import_id) {
		reject(im, ref_col, "duplicate %s '%s' in this file", what, ref);
		return;
	}
	if (diff_col) {
		reject(im, ref_col, "%s '%s' is already stored with %s '%s', not '%s'", what, ref, diff_col, stored,
		       given);
		return;
	}
	im->r->unchanged++;
}

/*
 * The first column of fields from..to-1 of table t where the stored record
 * and the row differ (codec_diff: the key and computed columns skipped; with
 * `flags`, only columns having them), both values as text in sv and gv;
 * NULL when they agree.
 */
static const char *diff_columns(const struct record_table *t, const void *old, const void *now, size_t from,
				size_t to, unsigned flags, char *sv, char *gv, size_t size)
{
	char buf[MONEY_TEXT_MAX];
	int i = codec_diff(t, old, now, from, to, flags);

	if (i < 0)
		return NULL;
	snprintf(sv, size, "%s", codec_format(t, (size_t)i, old, buf, sizeof(buf)));
	snprintf(gv, size, "%s", codec_format(t, (size_t)i, now, buf, sizeof(buf)));
	return t->fields[i].name;
}

/* ---- customers ---- */

static int add_profile_name(struct importer *im, const char *name)
{
	if (array_grow(&im->profiles, &im->cap_profiles, im->n_profiles, sizeof(*im->profiles)) < 0)
		return error_set(im->e, ERR_ENV, "out of memory");
	snprintf(im->profiles[im->n_profiles++], PROFILE_MAX + 1, "%s", name);
	return 0;
}

static int collect_profile(void *ctx, const char *name, const char *json)
{
	(void)json;
	return add_profile_name(ctx, name);
}

/*
 * A customer's explicit profile must be one that can be loaded later
 * (rules_ctx_profile_load): a preset or one of the tenant's. Else nothing could
 * ever check or contact the customer. 0 checked (row rejected if unknown),
 * <0 environment error.
 */
static int check_profile(struct importer *im, const char *name)
{
	char known[1024] = "";
	size_t used = 0;
	int ret;

	if (!im->profiles_loaded) {
		im->profiles_loaded = 1;
		for (size_t i = 0; profile_preset_names[i]; i++)
			if ((ret = add_profile_name(im, profile_preset_names[i])) < 0)
				return ret;
		ret = store_profiles_each(im->tx, collect_profile, im, im->e);
		if (ret != 0)
			return ret < 0 ? ret : -ret;
	}
	for (size_t i = 0; i < im->n_profiles; i++)
		if (!strcmp(im->profiles[i], name))
			return 0;
	for (size_t i = 0; i < im->n_profiles && used < sizeof(known); i++) {
		int n = snprintf(known + used, sizeof(known) - used, "%s%s", i ? ", " : "", im->profiles[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	reject(im, CU_PROFILE, "unknown profile '%s' (known: %s)", name, known);
	return 0;
}

static int import_customer(struct importer *im)
{
	struct customer c = { 0 };
	struct contact primary = { 0 };
	struct currency cur;
	const char *kind;
	int ret;

	if (take_ref(im, CU_REF, c.ref, sizeof(c.ref)) < 0)
		return 0;
	take_text(im, CU_NAME, c.name, sizeof(c.name));
	kind = field(im, CU_KIND);
	if (!strcmp(kind, "person"))
		c.kind = KIND_PERSON;
	else if (!strcmp(kind, "company"))
		c.kind = KIND_COMPANY;
	else
		reject(im, CU_KIND, "'%s' is not person or company", kind);
	if (take_text(im, CU_COUNTRY, c.country, sizeof(c.country)) == 0 && !validate_country(c.country))
		reject(im, CU_COUNTRY, "'%s' is not an ISO 3166 country code such as US, BR, PL", c.country);
	if (take_text(im, CU_TZ, c.timezone, sizeof(c.timezone)) == 0 && c.timezone[0] && !validate_timezone(c.timezone))
		reject(im, CU_TZ, "'%s' is not an IANA time zone such as America/New_York", c.timezone);
	if (take_text(im, CU_LANG, c.language, sizeof(c.language)) == 0 && c.language[0] && !validate_language(c.language))
		reject(im, CU_LANG, "'%s' is not a BCP 47 language tag such as en, pl, pt-BR", c.language);
	if (take_currency(im, CU_CURRENCY, &cur) == 0) {
		memcpy(c.currency, cur.code, sizeof(c.currency));
		take_amount(im, CU_CREDIT, &cur, 1, &c.credit_limit);
	}
	if (take_text(im, CU_EMAIL, c.email, sizeof(c.email)) == 0 && c.email[0] && !validate_email(c.email))
		reject(im, CU_EMAIL, "'%s' is not an email address", c.email);
	if (take_text(im, CU_PHONE, c.phone, sizeof(c.phone)) == 0 && c.phone[0] && !validate_phone(c.phone))
		reject(im, CU_PHONE, "'%s' is not a phone number", c.phone);
	take_text(im, CU_ADDRESS, c.address, sizeof(c.address));
	if (take_text(im, CU_PROFILE, c.profile, sizeof(c.profile)) == 0 && c.profile[0] &&
	    (ret = check_profile(im, c.profile)) < 0)
		return ret;
	if (im->row_bad)
		return 0;

	ret = store_customer_insert(im->tx, &c, im->import_id, im->e);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		struct customer old;
		int64_t old_import = 0;
		const char *diff = NULL;
		char sv[ADDRESS_MAX + 1], gv[ADDRESS_MAX + 1];

		if ((ret = store_customer_get(im->tx, c.ref, &old, &old_import, im->e)) < 0)
			return ret;
		/*
		 * A column the file does not have says nothing about the stored
		 * value: not a request to blank it (--update), not a conflict
		 * (a re-import of a file with fewer columns).
		 */
		if (im->map[CU_TZ] < 0)
			memcpy(c.timezone, old.timezone, sizeof(c.timezone));
		if (im->map[CU_LANG] < 0)
			memcpy(c.language, old.language, sizeof(c.language));
		if (im->map[CU_CREDIT] < 0)
			c.credit_limit = old.credit_limit;
		if (im->map[CU_EMAIL] < 0)
			memcpy(c.email, old.email, sizeof(c.email));
		if (im->map[CU_PHONE] < 0)
			memcpy(c.phone, old.phone, sizeof(c.phone));
		if (im->map[CU_ADDRESS] < 0)
			memcpy(c.address, old.address, sizeof(c.address));
		if (im->map[CU_PROFILE] < 0)
			memcpy(c.profile, old.profile, sizeof(c.profile));
		if (im->o->update && old_import != im->import_id) {
			struct correct_author who = { im->o->by, im->o->at, im->import_id };
			diff = diff_columns(&codec_customer, &old, &c, 0, codec_customer.n, FIELD_IDENTITY, sv, gv,
					    sizeof(sv));
			if (diff) {
				reject(im, CU_REF, "customer '%s' is stored with %s '%s', not '%s' (%s never changes)",
				       c.ref, diff, sv, gv, diff);
				return 0;
			}
			if (c.profile[0] && strcmp(c.profile, old.profile)) {
				if ((ret = store_profile_exists(im->tx, c.profile, im->e)) < 0)
					return ret;
				if (ret == 0) {
					reject(im, CU_PROFILE, "'%s' is not a preset nor one of the tenant's profiles",
					       c.profile);
					return 0;
				}
			}
			c.id = old.id;
			ret = correct_customer_apply(im->tx, &old, &c, &who, im->o->on_change,
						     im->o->change_ctx, im->e);
			if (ret < 0)
				return ret;
			if (ret == 0) {
				im->r->unchanged++;
			} else {
				im->r->inserted++;
				im->r->updated++;
			}
			return 0;
		}
		diff = diff_columns(&codec_customer, &old, &c, 0, codec_customer.n, 0, sv, gv, sizeof(sv));
		existing_row(im, CU_REF, c.ref, "customer", old_import, diff, sv, gv);
		return 0;
	}
	/* The customer's own phone and email make its primary contact. */
	primary.customer_id = c.id;
	memcpy(primary.ref, c.ref, sizeof(primary.ref));
	memcpy(primary.name, c.name, sizeof(primary.name));
	snprintf(primary.role, sizeof(primary.role), "debtor");
	memcpy(primary.phone, c.phone, sizeof(primary.phone));
	memcpy(primary.email, c.email, sizeof(primary.email));
	memcpy(primary.timezone, c.timezone, sizeof(primary.timezone));
	primary.pays_bills = c.kind == KIND_PERSON;
	ret = store_contact_insert(im->tx, &primary, im->import_id, im->e);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		reject(im, CU_REF, "customer '%s': a contact with this ref already exists", c.ref);
		return 0;
	}
	im->r->inserted++;
	return 0;
}

/* ---- contacts ---- */

static int import_contact(struct importer *im)
{
	struct contact c = { 0 };
	int ret;

	if (take_ref(im, CO_REF, c.ref, sizeof(c.ref)) < 0)
		return 0;
	if ((ret = find_customer(im, CO_CUSTOMER)) < 0)
		return ret;
	if (ret == 1) {
		c.customer_id = im->cust.id;
		memcpy(c.customer_ref, im->cust.ref, sizeof(c.customer_ref));
	}
	take_text(im, CO_NAME, c.name, sizeof(c.name));
	if (take_text(im, CO_ROLE, c.role, sizeof(c.role)) == 0 && !contact_role_known(c.role))
		reject(im, CO_ROLE, "'%s' is not a known role (%s)", c.role, contact_role_names());
	if (take_text(im, CO_PHONE, c.phone, sizeof(c.phone)) == 0 && c.phone[0] && !validate_phone(c.phone))
		reject(im, CO_PHONE, "'%s' is not a phone number", c.phone);
	if (take_text(im, CO_EMAIL, c.email, sizeof(c.email)) == 0 && c.email[0] && !validate_email(c.email))
		reject(im, CO_EMAIL, "'%s' is not an email address", c.email);
	if (take_text(im, CO_TZ, c.timezone, sizeof(c.timezone)) == 0 && c.timezone[0] && !validate_timezone(c.timezone))
		reject(im, CO_TZ, "'%s' is not an IANA time zone such as America/New_York", c.timezone);
	take_bool(im, CO_PAYS, &c.pays_bills);
	take_text(im, CO_BEST, c.best_time, sizeof(c.best_time));
	take_text(im, CO_NOTES, c.notes, sizeof(c.notes));
	if (im->row_bad)
		return 0;

	ret = store_contact_insert(im->tx, &c, im->import_id, im->e);
	if (ret < 0)
		return ret;
	if (ret == 0) {
		struct contact old;
		int64_t old_import = 0;
		const char *diff = NULL;
		char sv[TEXT_MAX + 1], gv[TEXT_MAX + 1];

		if ((ret = store_contact_get(im->tx, c.ref, &old, &old_import, im->e)) < 0)
			return ret;
		diff = diff_columns(&codec_contact, &old, &c, 0, codec_contact.n, 0, sv, gv, sizeof(sv));
		existing_row(im, CO_REF, c.ref, "contact", old_import, diff, sv, gv);
		return 0;
	}
	im->r->inserted++;
	return 0;
}

/* ---- invoices ---- */

static int import_invoice(struct importer *im)
{
	struct invoice inv = { 0 };
	struct currency cur;
	int ret, have_dates = 1, have_cur;

	if (take_ref(im, IN_REF, inv.ref, sizeof(inv.ref)) < 0)
		return 0;
	if ((ret = find_customer(im, IN_CUSTOMER)) < 0)
		return ret;
	if (ret == 1) {
		inv.customer_id = im->cust.id;
		memcpy(inv.customer_ref, im->cust.ref, sizeof(inv.customer_ref));
	}
	have_dates &= take_date(im, IN_ISSUE, &inv.issue_date) == 0;
	have_dates &= take_date(im, IN_DUE, &inv.due_date) == 0;
	if (have_dates && inv.due_date < inv.issue_date)
		reject(im, IN_DUE, "due date %s is before the issue date %s", field(im, IN_DUE), field(im, IN_ISSUE));
	have_cur = take_currency(im, IN_CURRENCY, &cur) == 0;
	if (have_cur) {
		memcpy(inv.currency, cur.code, sizeof(inv.currency));
		take_amount(im, IN_AMOUNT, &cur, 0, &inv.amount);
		if (ret == 1 && strcmp(cur.code, im->cust.currency))
			reject(im, IN_CURRENCY, "currency %s differs from customer '%s''s currency %s", cur.code,
			       im->cust.ref, im->cust.currency);
	}
	take_text(im, IN_DESC, inv.description, sizeof(inv.description));
	take_text(im, IN_PO, inv.po_ref, sizeof(inv.po_ref));
	take_text(im, IN_DN, inv.delivery_note_ref, sizeof(inv.delivery_note_ref));
	take_bool(im, IN_SIGNED, &inv.is_signed);
	if (im->row_bad)
		return 0;

	/*
	 * Written later, many to a statement. Nothing read below depends on
	 * the invoices written before (a customer lookup does not), so a
	 * valid row can wait; a bad row flushes the batch before it is
	 * reported (vreject), so reports stay in file order.
	 */
	if (!im->pending && !(im->pending = malloc(PENDING_MAX * sizeof(*im->pending))))
		return error_set(im->e, ERR_ENV, "out of memory");
	im->pending[im->pending_n] = inv;
	im->pending_line[im->pending_n] = im->line;
	im->pending_exponent[im->pending_n] = cur.exponent;
	if (++im->pending_n == PENDING_MAX)
		return flush_invoices(im);
	return 0;
}

/* An invoice whose ref was already stored: unchanged, a duplicate or a conflict. */
static int existing_invoice(struct importer *im, const struct invoice *inv, int exponent)
{
	int ret;
	{
		struct invoice old;
		int64_t old_import = 0;
		const char *diff = NULL;
		char sv[TEXT_MAX + 1], gv[TEXT_MAX + 1];

		if ((ret = store_invoice_get(im->tx, inv->ref, &old, &old_import, im->e)) < 0)
			return ret;
		/* money in the stored invoice's currency: the same as the row's once currency agrees */
		diff = diff_columns(&codec_invoice, &old, inv, 0, codec_invoice.n, 0, sv, gv, sizeof(sv));
		existing_row(im, IN_REF, inv->ref, "invoice", old_import, diff, sv, gv);
	}
	return 0;
}

/*
 * Writes the pending invoices; the store tells which were new, and each
 * one already stored is then reported as unchanged, a duplicate or a
 * conflict on its own line, in file order.
 */
static int flush_invoices(struct importer *im)
{
	size_t n = im->pending_n;
	long line = im->line;
	int row_bad = im->row_bad, ret;

	if (n == 0)
		return 0;
	im->pending_n = 0;
	ret = store_invoices_add(im->tx, im->pending, n, im->import_id, im->pending_added, im->e);
	if (ret < 0)
		return ret;
	im->r->inserted += ret;
	if ((size_t)ret == n)
		return 0;
	im->flushing = 1;
	ret = 0;
	for (size_t i = 0; i < n && ret >= 0; i++) {
		if (im->pending_added[i])
			continue;
		im->line = im->pending_line[i];
		im->row_bad = 0;
		ret = existing_invoice(im, &im->pending[i], im->pending_exponent[i]);
	}
	im->flushing = 0;
	im->line = line;
	im->row_bad = row_bad;
	return ret;
}

/* ---- payments ---- */

static int collect_open(void *ctx, const struct invoice *inv)
{
	struct importer *im = ctx;
	/* one allocation at most per open invoice */
	if (array_grow(&im->open, &im->open_cap, im->open_n, sizeof(*im->open)) < 0 ||
	    array_grow(&im->alloc, &im->alloc_cap, im->open_n, sizeof(*im->alloc)) < 0)
		return error_set(im->e, ERR_ENV, "out of memory");
	im->open[im->open_n++] = *inv;
	return 0;
}

/* Entries of an allocation carry the payment's date, those of its reversal the return date. */
static int add_entry(struct importer *im, const struct payment *p, int64_t invoice_id, enum ledger_kind kind,
		     int64_t amount)
{
	struct ledger_entry le = { 0 };
	int reversing = kind == LEDGER_REVERSAL || (kind == LEDGER_UNAPPLIED && amount > 0);
	le.customer_id = p->customer_id;
	le.invoice_id = invoice_id;
	le.payment_id = p->id;
	le.kind = kind;
	le.amount = amount;
	memcpy(le.currency, p->currency, sizeof(le.currency));
	le.date = reversing && p->returned_date ? p->returned_date : p->date;
	/* the balance moves now: the next payment reads it */
	return store_ledger_post(im->tx, &le, 1, im->import_id, im->e);
}

/* Spreads a new payment over open invoices; the rest becomes unapplied credit. */
static int allocate_payment(struct importer *im, const struct payment *p)
{
	size_t n;
	int64_t unapplied = 0;
	int ret;

	im->open_n = 0;
	if (p->invoice_id) {
		/* read moments ago by import_payment, in this transaction */
		if ((ret = collect_open(im, &im->named)) < 0)
			return ret;
	} else {
		ret = store_open_invoices_of_customer(im->tx, p->customer_id, p->currency, collect_open,
						      im, im->e);
		if (ret < 0)
			return ret;
		if (ret > 0)
			return -ret;
		/* money cannot pay an invoice not yet issued: those stay open, the rest is credit */
		n = 0;
		for (size_t i = 0; i < im->open_n; i++)
			if (im->open[i].issue_date <= p->date)
				im->open[n++] = im->open[i];
		im->open_n = n;
	}
	if (im->open_n == 0 && (ret = collect_open(im, &(struct invoice){ 0 })) < 0)
		return ret; /* makes sure alloc has room */
	n = ledger_allocate(p->amount, im->open, im->open_n, im->alloc, &unapplied);
	for (size_t i = 0; i < n; i++)
		if ((ret = add_entry(im, p, im->alloc[i].invoice_id, LEDGER_PAYMENT, -im->alloc[i].amount)) < 0)
			return ret;
	if (unapplied > 0 && (ret = add_entry(im, p, 0, LEDGER_UNAPPLIED, -unapplied)) < 0)
		return ret;
	return 0;
}

struct reversal_ctx {
	struct importer *im;
	const struct payment *p;
	struct ledger_entry *entries;
	size_t n, cap;
};

static int collect_entry(void *ctx, const struct ledger_entry *le)
{
	struct reversal_ctx *rc = ctx;
	if (array_grow(&rc->entries, &rc->cap, rc->n, sizeof(*rc->entries)) < 0)
		return error_set(rc->im->e, ERR_ENV, "out of memory");
	rc->entries[rc->n++] = *le;
	return 0;
}

/* A returned payment (NSF): every allocation it made is reversed. */
static int reverse_payment(struct importer *im, const struct payment *p)
{
	struct reversal_ctx rc = { im, p, NULL, 0, 0 };
	int ret = store_ledger_of_payment(im->tx, p->id, collect_entry, &rc, im->e);

	for (size_t i = 0; ret == 0 && i < rc.n; i++) {
		const struct ledger_entry *le = &rc.entries[i];
		if (le->kind == LEDGER_PAYMENT)
			ret = add_entry(im, p, le->invoice_id, LEDGER_REVERSAL, -le->amount);
		else if (le->kind == LEDGER_UNAPPLIED && le->amount < 0)
			ret = add_entry(im, p, 0, LEDGER_UNAPPLIED, -le->amount);
	}
	if (ret == 0)
		ret = store_payment_set_status(im->tx, p->id, PAYMENT_RETURNED, im->e);
	free(rc.entries);
	return ret > 0 ? -ret : ret;
}

/*
 * A return takes effect on its returned_date, not where its row stands: the
 * file is read as a chronology, and a payment dated on or before the return
 * day is applied as if the returned money were still there (it was, when
 * the payment arrived). So a reversal waits until the file reaches a
 * payment dated after the return, or its end. This is what makes an import
 * of an export (payments in recording order, returns with their dates)
 * rebuild the same allocations as the original, and keeps the list short:
 * any later-dated row drains every return before it.
 *
 * The list is bounded (RETURNS_MAX): when full, the oldest waiting return
 * is applied at once, which is what an import without this rule would do.
 */
#define RETURNS_MAX 4096

/* Applies the waiting returns dated before `before` (all of them when `all`), in file order. */
static int apply_returns(struct importer *im, date_t before, int all)
{
	size_t kept = 0;
	int ret = 0;

	if (!im->n_returns || (!all && before <= im->returns_min))
		return 0;
	im->returns_min = INT32_MAX;
	for (size_t i = 0; i < im->n_returns; i++) {
		const struct payment *p = &im->returns[i];
		if (ret == 0 && (all || p->returned_date < before)) {
			ret = reverse_payment(im, p);
			continue;
		}
		if (p->returned_date < im->returns_min)
			im->returns_min = p->returned_date;
		im->returns[kept++] = *p;
	}
	im->n_returns = kept;
	return ret;
}

static int defer_return(struct importer *im, const struct payment *p)
{
	int ret;

	if (im->n_returns == RETURNS_MAX) {
		struct payment oldest = im->returns[0];
		memmove(im->returns, im->returns + 1, (im->n_returns - 1) * sizeof(*im->returns));
		im->n_returns--;
		if ((ret = reverse_payment(im, &oldest)) < 0)
			return ret;
	}
	if (array_grow(&im->returns, &im->cap_returns, im->n_returns, sizeof(*im->returns)) < 0)
		return error_set(im->e, ERR_ENV, "out of memory");
	if (im->n_returns == 0 || p->returned_date < im->returns_min)
		im->returns_min = p->returned_date;
	im->returns[im->n_returns++] = *p;
	/* returned from now on, so that a repeated row cannot return it twice */
	return store_payment_set_status(im->tx, p->id, PAYMENT_RETURNED, im->e);
}

static int import_payment(struct importer *im)
{
	struct payment p = { 0 };
	struct currency cur;
	const char *status;
	int ret;

	if (take_ref(im, PA_REF, p.ref, sizeof(p.ref)) < 0)
		return 0;
	if ((ret = find_customer(im, PA_CUSTOMER)) < 0)
		return ret;
	if (ret == 1) {
		p.customer_id = im->cust.id;
		memcpy(p.customer_ref, im->cust.ref, sizeof(p.customer_ref));
	}
	take_date(im, PA_DATE, &p.date);
	if (take_currency(im, PA_CURRENCY, &cur) == 0) {
		memcpy(p.currency, cur.code, sizeof(p.currency));
		take_amount(im, PA_AMOUNT, &cur, 0, &p.amount);
	}
	take_text(im, PA_METHOD, p.method, sizeof(p.method));
	status = field(im, PA_STATUS);
	if (!*status || !strcmp(status, "cleared"))
		p.status = PAYMENT_CLEARED;
	else if (!strcmp(status, "returned"))
		p.status = PAYMENT_RETURNED;
	else
		reject(im, PA_STATUS, "'%s' is not cleared or returned", status);
	if (*field(im, PA_RETURNED)) {
		if (take_date(im, PA_RETURNED, &p.returned_date) == 0) {
			if (p.status != PAYMENT_RETURNED)
				reject(im, PA_RETURNED, "a returned date is given but the status is not returned");
			else if (p.date && p.returned_date < p.date)
				reject(im, PA_RETURNED, "returned date %s is before the payment date %s",
				       field(im, PA_RETURNED), field(im, PA_DATE));
		}
	} else {
		p.returned_date = p.date;
	}
	if (take_text(im, PA_INVOICE, p.invoice_ref, sizeof(p.invoice_ref)) == 0 && p.invoice_ref[0] && ret == 1) {
		struct invoice *inv = &im->named;
		int found = store_invoice_find(im->tx, p.invoice_ref, inv, im->e);
		if (found < 0)
			return found;
		if (!found) {
			reject(im, PA_INVOICE, "unknown invoice '%s'", p.invoice_ref);
		} else if (inv->customer_id != p.customer_id) {
			/* rare: only now is the owner's ref worth a lookup */
			struct customer owner;
			if ((found = store_customer_by_id(im->tx, inv->customer_id, &owner, im->e)) < 0)
				return found;
			reject(im, PA_INVOICE, "invoice '%s' belongs to customer '%s', not '%s'", p.invoice_ref,
			       found ? owner.ref : "", p.customer_ref);
		} else if (p.date && inv->issue_date > p.date) {
			char issued[DATE_TEXT_MAX];
			reject(im, PA_INVOICE, "invoice '%s' was issued on %s, after the payment's date %s: a payment "
			       "cannot pay an invoice not yet issued", p.invoice_ref,
			       date_format(inv->issue_date, issued, sizeof(issued)), field(im, PA_DATE));
		} else if (p.currency[0] && strcmp(inv->currency, p.currency))
			reject(im, PA_CURRENCY, "currency %s differs from invoice '%s''s currency %s", p.currency,
			       p.invoice_ref, inv->currency);
		else
			p.invoice_id = inv->id;
	} else if (ret == 1 && p.currency[0] && !p.invoice_ref[0] && strcmp(p.currency, im->cust.currency)) {
		reject(im, PA_CURRENCY, "currency %s differs from customer '%s''s currency %s", p.currency,
		       im->cust.ref, im->cust.currency);
	}
	if (im->row_bad)
		return 0;
	/* returns dated before this payment happened before it */
	if ((ret = apply_returns(im, p.date, 0)) < 0)
		return ret;

	ret = store_payment_insert(im->tx, &p, im->import_id, im->e);
	if (ret < 0)
		return ret;
	if (ret == 1) {
		/* Recorded as cleared first so that a bounce shows as applied then reversed. */
		if ((ret = allocate_payment(im, &p)) < 0)
			return ret;
		if (p.status == PAYMENT_RETURNED && (ret = defer_return(im, &p)) < 0)
			return ret;
		im->r->inserted++;
		return 0;
	} else {
		struct payment old;
		int64_t old_import = 0;
		const char *diff = NULL;
		char sv[64], gv[64];

		if ((ret = store_payment_get(im->tx, p.ref, &old, &old_import, im->e)) < 0)
			return ret;
		/*
		 * Up to method, in table order (amount before currency: with the
		 * same customer_ref both payments are in the customer's currency,
		 * so currency never differs there).
		 */
		diff = diff_columns(&codec_payment, &old, &p, 0, PA_STATUS, 0, sv, gv, sizeof(sv));
		if (!diff && old_import != im->import_id && old.status == PAYMENT_CLEARED &&
		    p.status == PAYMENT_RETURNED) {
			/* The bank returned a payment we had as cleared: reverse it now. */
			old.returned_date = p.returned_date;
			if ((ret = defer_return(im, &old)) < 0)
				return ret;
			im->r->inserted++;
			return 0;
		}
		/* status, then returned_date (compared only when both are returned) */
		if (!diff)
			diff = diff_columns(&codec_payment, &old, &p, PA_STATUS, codec_payment.n, 0, sv, gv, sizeof(sv));
		existing_row(im, PA_REF, p.ref, "payment", old_import, diff, sv, gv);
		return 0;
	}
}

/* ---- the driver ---- */

/* Columns that `recoup export` adds and an import ignores. */
static int export_only_column(enum import_kind kind, const char *name)
{
	const struct record_table *t = kinds[kind].table;
	int i = codec_field_index(t, name);
	return i >= 0 && (t->fields[i].flags & FIELD_COMPUTED);
}

/* A header field that is a known column of the kind (or one export adds). */
static int known_column(const struct importer *im, const char *name)
{
	for (size_t c = 0; c < im->n_cols; c++)
		if (!strcmp(name, im->cols[c].name))
			return 1;
	return export_only_column(im->o->kind, name);
}

/*
 * A header without a single known column but with ';' or a tab in it is a
 * file saved with another separator (a spreadsheet in a European locale
 * writes ';'): say so, instead of "unknown column" for the whole line.
 */
static const char *other_separator(const struct importer *im, const struct csv_row *row)
{
	static const struct {
		char c;
		const char *name;
	} seps[] = { { ';', "';'" }, { '\t', "tabs" } };

	for (size_t i = 0; i < row->n; i++)
		if (known_column(im, row->fields[i]))
			return NULL;
	for (size_t k = 0; k < sizeof(seps) / sizeof(seps[0]); k++)
		for (size_t i = 0; i < row->n; i++)
			if (memchr(row->fields[i], seps[k].c, row->lens[i]))
				return seps[k].name;
	return NULL;
}

static int map_header(struct importer *im, struct csv_row *row)
{
	int bad = 0;
	const char *sep;

	for (size_t c = 0; c < im->n_cols; c++)
		im->map[c] = -1;
	im->n_header = row->n;
	if ((sep = other_separator(im, row))) {
		reject(im, -1, "'%s' looks separated by %s; recoup reads comma-separated CSV (RFC 4180)", im->o->path,
		       sep);
		return -1;
	}
	for (size_t i = 0; i < row->n; i++) {
		const char *name = row->fields[i];
		size_t c;
		if (strlen(name) != row->lens[i]) {
			/* "amount<NUL>x" must not pass for "amount" */
			reject(im, -1, "header column %zu contains a NUL byte", i + 1);
			bad = 1;
			continue;
		}
		for (c = 0; c < im->n_cols; c++)
			if (!strcmp(name, im->cols[c].name))
				break;
		if (c == im->n_cols && export_only_column(im->o->kind, name))
			continue;
		if (c == im->n_cols) {
			reject_named(im, name, "unknown column in the header (see docs/csv.md for the %s columns)",
				     import_kind_name(im->o->kind));
			bad = 1;
		} else if (im->map[c] >= 0) {
			reject_named(im, name, "column appears twice in the header");
			bad = 1;
		} else {
			im->map[c] = (int)i;
		}
	}
	for (size_t c = 0; c < im->n_cols; c++) {
		if (im->cols[c].required && im->map[c] < 0) {
			reject(im, (int)c, "required column is missing from the header");
			bad = 1;
		}
	}
	return bad ? -1 : 0;
}

int csv_import(struct store *s, const struct import_options *o, struct import_result *r, struct error *e)
{
	struct importer im = { 0 };
	struct csv_reader *reader = NULL;
	struct csv_row *row;
	int ret, header_done = 0;
	long long done, total;

	memset(r, 0, sizeof(*r));
	im.o = o;
	im.r = r;
	im.e = e;
	im.cols = kinds[o->kind].cols;
	im.n_cols = kinds[o->kind].n;
	pthread_once(&columns_once, columns_from_tables);
	if (!columns_ok)
		return error_set(e, ERR_ENV, "import: the column specs do not match the field tables (codec/fields.c)");

	if (o->today <= 0) {
		ret = error_set(e, ERR_ENV, "import of '%s': no today given (import_options.today)", o->path);
		goto cleanup;
	}
	if ((ret = csv_reader_open(&reader, o->path, e)) < 0)
		goto cleanup;
	if (o->rejects) {
		im.rejects = o->rejects;
		fputs("line,column,reason\n", im.rejects);
	}
	if ((ret = store_tx_begin(s, o->tenant, o->by ? o->by : "cli", STORE_WRITE, &im.tx, e)) < 0)
		goto cleanup;
	if ((ret = store_import_begin(im.tx, kinds[o->kind].name, o->path, &im.import_id, e)) < 0)
		goto cleanup;

	while ((ret = csv_reader_next(reader, &row, e)) == 1) {
		im.row = row;
		im.line = row->line;
		im.row_bad = 0;
		if (!header_done) {
			header_done = 1;
			if (map_header(&im, row) < 0)
				break; /* nothing below can be read without columns */
			continue;
		}
		r->rows++;
		if (row->n > im.n_header) {
			/* a field without a column would be dropped silently: refuse the row */
			reject(&im, -1, "has %zu fields but the header has %zu (an unquoted comma?)", row->n,
			       im.n_header);
			continue;
		}
		if (check_fields(&im) < 0)
			continue;
		switch (o->kind) {
		case IMPORT_CUSTOMERS: ret = import_customer(&im); break;
		case IMPORT_CONTACTS: ret = import_contact(&im); break;
		case IMPORT_INVOICES: ret = import_invoice(&im); break;
		case IMPORT_PAYMENTS: ret = import_payment(&im); break;
		}
		if (ret == 0)
			ret = im.flush_ret;
		if (ret < 0)
			goto cleanup;
		if (o->progress && (r->rows & 0x3fff) == 0) {
			csv_reader_position(reader, &done, &total);
			o->progress(o->progress_ctx, done, total);
		}
	}
	if (ret == -ERR_INPUT) {
		/* malformed CSV: a bad row too (reading stopped there), in --rejects as well */
		char reason[ERROR_MESSAGE_MAX];
		snprintf(reason, sizeof(reason), "%s", e->message);
		error_clear(e);
		im.row = row;
		im.line = row->line;
		im.row_bad = 0;
		reject(&im, -1, "%s", reason);
		header_done = 1;
	} else if (ret < 0) {
		goto cleanup;
	}
	if (!header_done) {
		im.row = NULL;
		im.line = 0;
		reject(&im, -1, "the file is empty (a header line is required)");
	}
	if ((ret = flush_invoices(&im)) < 0 || (ret = im.flush_ret) < 0)
		goto cleanup;
	report_unlisted(&im);
	if (r->rejected) {
		ret = error_set(e, ERR_INPUT, "%s: %lld bad row%s; nothing was imported", o->path,
				(long long)r->rejected, r->rejected == 1 ? "" : "s");
		goto cleanup;
	}
	if (r->inserted == 0) {
		/* Nothing new: leave the database exactly as it was (store_tx_free rolls back). */
		ret = 0;
		goto cleanup;
	}
	if ((ret = apply_returns(&im, 0, 1)) < 0 || 
	    (ret = store_import_finish(im.tx, im.import_id, r->rows, e)) < 0 ||
	    (ret = store_tx_commit(im.tx, e)) < 0)
		goto cleanup;
	if (o->progress) {
		csv_reader_position(reader, &done, &total);
		o->progress(o->progress_ctx, total, total);
	}
cleanup:
	store_tx_free(im.tx);
	if (ret < 0 && r->rejected == 0 && ret != -ERR_INPUT)
		r->inserted = 0;
	csv_reader_free(reader);
	free(im.open);
	free(im.alloc);
	free(im.pending);
	free(im.returns);
	free(im.profiles);
	return ret;
}
