/*
 * csv_import.h: CSV rows to checked fields, the file half of an import
 * (the use case, what each row means to the books, is app/import.c).
 *
 * A record file (customers, contacts, invoices, payments; columns in
 * docs/csv.md) is read row by row: the header is mapped to the kind's
 * columns, which come from the field tables (codec/fields.h); every field of
 * every row goes through the one validation path (valid UTF-8, no control
 * character outside free text, the column's length, dates real and in
 * range) before the caller sees the row; and every bad row is reported as
 * "file:line: column: reason" on the report stream (the first
 * REPORT_ROWS_MAX listed, the rest counted by column and reason) and, when
 * asked, to the rejects CSV (line,column,reason, every row). Nothing here
 * knows the store: it reads a file and reports on it.
 *
 * Ownership: csv_import_open() allocates the reader, csv_import_free()
 * frees it. The options' streams stay the caller's. A field pointer is
 * valid until the next csv_import_next().
 */
#ifndef RECOUP_CSV_IMPORT_H
#define RECOUP_CSV_IMPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/dates.h"
#include "core/error.h"

struct currency;

/*
 * Every date in an imported file lies in 1900-01-01..2199-12-31: wider than
 * any real ledger, narrow enough that a typo (year 1, 9999-12-31, 20266)
 * is refused instead of stored. date_parse() itself accepts years 1..9999;
 * the range is the importer's.
 */
#define IMPORT_YEAR_MIN 1900
#define IMPORT_YEAR_MAX 2199

enum import_kind {
	IMPORT_CUSTOMERS,
	IMPORT_CONTACTS,
	IMPORT_INVOICES,
	IMPORT_PAYMENTS,
	IMPORT_CREDIT_NOTES,
	IMPORT_CONTACT_HISTORY,
	IMPORT_FLAGS,
	IMPORT_KIND_COUNT
};

int import_kind_parse(const char *name, enum import_kind *out);
const char *import_kind_name(enum import_kind kind);

/*
 * The import columns of each kind: its field table's fields but the
 * computed ones, in the table's order (a mismatch stops every import with
 * an internal error). A column added to a table that the importer must act
 * on gets its index here, in the same place.
 */
enum {
	CU_REF,
	CU_NAME,
	CU_KIND,
	CU_COUNTRY,
	CU_TZ,
	CU_LANG,
	CU_CURRENCY,
	CU_CREDIT,
	CU_EMAIL,
	CU_PHONE,
	CU_ADDRESS,
	CU_PROFILE,
	CU_TAGS,
	CU_REGION,
	CU_N
};
enum { CO_REF, CO_CUSTOMER, CO_NAME, CO_ROLE, CO_PHONE, CO_EMAIL, CO_TZ, CO_PAYS, CO_BEST, CO_NOTES, CO_N };
enum {
	IN_REF,
	IN_CUSTOMER,
	IN_ISSUE,
	IN_DUE,
	IN_CURRENCY,
	IN_AMOUNT,
	IN_DESC,
	IN_PO,
	IN_DN,
	IN_SIGNED,
	IN_PRODUCT,
	IN_N
};
enum { PA_REF, PA_CUSTOMER, PA_INVOICE, PA_DATE, PA_AMOUNT, PA_CURRENCY, PA_METHOD, PA_STATUS, PA_RETURNED, PA_N };
enum { CN_REF, CN_CUSTOMER, CN_INVOICE, CN_DATE, CN_AMOUNT, CN_CURRENCY, CN_REASON, CN_N };

enum {
	AT_REF,
	AT_CONTACT,
	AT_AT,
	AT_CHANNEL,
	AT_OUTCOME,
	AT_INVOICE,
	AT_ADDRESS,
	AT_SPOKE_WITH,
	AT_NOTE,
	AT_INBOUND,
	AT_N
};
enum {
	FL_REF,
	FL_CUSTOMER,
	FL_FLAG,
	FL_CONTACT,
	FL_INVOICE,
	FL_ADDRESS,
	FL_DETAIL,
	FL_SET_BY,
	FL_SET_AT,
	FL_REASON,
	FL_CLEARED_AT,
	FL_CLEARED_BY,
	FL_CLEARED_REASON,
	FL_N
};

struct csv_import_options {
	enum import_kind kind;
	const char *path;
	/*
	 * NULL: no rejects file. Else every bad row is written to it as CSV
	 * (line,column,reason, header first).
	 */
	FILE *rejects;
	FILE *report; /* where bad rows are listed (stderr); may be NULL */
	/* the day the file is read for: a "not after today" date column is refused after it */
	date_t today;
	/* added to that refusal: how the caller replays an old file (import_options.replay_hint); may be NULL */
	const char *replay_hint;
	/* called now and then with bytes done / total; may be NULL */
	void (*progress)(void *ctx, long long done, long long total);
	void *progress_ctx;
	/*
	 * Called before a bad row is reported (never from inside itself), so
	 * that a caller holding valid rows back writes them first and their
	 * own problems are reported before this one, in file order. May be
	 * NULL; it keeps its own errors.
	 */
	void (*before_reject)(void *ctx);
	void *hook_ctx;
};

struct csv_import;

/*
 * Opens o->path and writes the rejects header. The options are copied;
 * the path and the streams must outlive the reader.
 * -ERR_INPUT when the file cannot be read, -ERR_ENV for an internal error.
 */
int csv_import_open(const struct csv_import_options *o, struct csv_import **out, struct error *e);
/*
 * The next data row whose every field passed the checks: 1. Rows that fail
 * them are reported and skipped. 0 at the end of the input: after the last
 * row, after a bad header (nothing below it can be read), or after
 * malformed CSV or an empty file, both reported as a bad row. -ERR_ENV when
 * reading failed.
 */
int csv_import_next(struct csv_import *ci, struct error *e);
/*
 * Lists how many bad rows were not listed, by column and reason; call once,
 * at the end, after the caller's last reject.
 */
void csv_import_summary(struct csv_import *ci);
/* Accepts NULL. */
void csv_import_free(struct csv_import *ci);

int64_t csv_import_rows(const struct csv_import *ci);     /* data rows read */
int64_t csv_import_rejected(const struct csv_import *ci); /* bad rows */
void csv_import_position(const struct csv_import *ci, long long *done, long long *total);

/* The current row: a column's field ("" when the file lacks the column), and whether it has the column. */
const char *csv_import_field(const struct csv_import *ci, int col);
int csv_import_has_column(const struct csv_import *ci, int col);
long csv_import_line(const struct csv_import *ci);
/* 1 once the current row was rejected. */
int csv_import_row_bad(const struct csv_import *ci);

/* Rejects the current row for a reason about column `col` (an index above), or the whole row when -1. */
void csv_import_reject(struct csv_import *ci, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * Reports against an earlier row (one held back, written later): makes
 * `line` the current line, not yet bad, until csv_import_restore(saved).
 */
struct csv_import_mark {
	long line;
	int row_bad;
};
void csv_import_at_line(struct csv_import *ci, long line, struct csv_import_mark *saved);
void csv_import_restore(struct csv_import *ci, const struct csv_import_mark *saved);

/*
 * The values of the current row's fields, as records hold them. Each
 * returns 0, or -1 when it rejected the row (the out value is then
 * unspecified).
 *
 * text: copies the field into out (the column's max + 1 bytes); a required
 * column must not be empty, and a value must pass the field's own check
 * (country, zone, language, email, phone, role: codec/fields.c). ref: text
 * that passes validate_ref (no space at an end, no invisible character, NFC).
 * bool: true/yes/1, false/no/0 or empty. date: the date that the checks
 * parsed; empty is refused. currency: an ISO 4217 code. amount: a positive
 * amount (>= 0 when zero_ok, empty then meaning 0) in the currency's minor
 * units.
 */
int csv_import_text(struct csv_import *ci, int col, char *out, size_t size);
int csv_import_ref(struct csv_import *ci, int col, char *out, size_t size);
/*
 * After csv_import_text into the record rec (of the kind's table): the
 * column's stored form (codec_normalise: tags sorted, "CA-ON" -> "ON"),
 * read from the rest of rec. 0, or -1 when it rejected the row.
 */
int csv_import_normalise(struct csv_import *ci, int col, void *rec);
int csv_import_bool(struct csv_import *ci, int col, int *out);
int csv_import_date(struct csv_import *ci, int col, date_t *out);
/* enum: one of the field's names (the first when empty and not required), as its index. */
int csv_import_enum(struct csv_import *ci, int col, int *out);
int csv_import_currency(struct csv_import *ci, int col, struct currency *out);
int csv_import_amount(struct csv_import *ci, int col, const struct currency *cur, int zero_ok, int64_t *out);

#endif
