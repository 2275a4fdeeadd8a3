/*
 * csv_import.h: all-or-nothing import of customers, contacts, invoices and
 * payments from CSV (columns in docs/csv.md).
 *
 * The whole file is imported in one transaction. Every row is checked; if
 * any row is bad, nothing is written, every bad row is reported as
 * "file:line: column: reason" (and to the rejects CSV when asked), and the
 * call returns -ERR_INPUT. A row whose ref is already stored with the same
 * values is left as it is, so re-importing a file is a no-op (and writes
 * nothing at all, not even an import record).
 */
#ifndef RECOUP_CSV_IMPORT_H
#define RECOUP_CSV_IMPORT_H

#include <stdint.h>
#include <stdio.h>

#include "core/dates.h"
#include "core/error.h"

struct store;
struct change_record;

/*
 * Every date in an imported file lies in 1900-01-01..2199-12-31: wider than
 * any real ledger, narrow enough that a typo (year 1, 9999-12-31, 20266)
 * is refused instead of stored. date_parse() itself accepts years 1..9999;
 * the range is the importer's.
 */
#define IMPORT_YEAR_MIN 1900
#define IMPORT_YEAR_MAX 2199

enum import_kind { IMPORT_CUSTOMERS, IMPORT_CONTACTS, IMPORT_INVOICES, IMPORT_PAYMENTS };

struct import_options {
	enum import_kind kind;
	const char *path;
	/*
	 * NULL: no rejects file. Else bad rows are written to it as CSV
	 * (line,column,reason, header first); the caller opens it (through
	 * outfile_open(), so that it is never the input or the database) and
	 * decides whether to keep it: worth keeping when r->rejected > 0.
	 */
	FILE *rejects;
	int64_t tenant;
	/*
	 * The day the import is for (the CLI's today, or `import --as-of`): no
	 * payment, nor its return, may be dated after it. Required: an import
	 * without one is refused (-ERR_ENV), so that no caller forgets it.
	 */
	date_t today;
	FILE *report;                  /* where bad rows are listed (stderr) */
	/* called now and then with bytes done / total; may be NULL */
	void (*progress)(void *ctx, long long done, long long total);
	void *progress_ctx;
	/*
	 * customers only: a known customer whose correctable fields differ
	 * is updated (not refused as a conflict); columns the file lacks
	 * keep their stored value; identity (kind, country, currency) still
	 * conflicts. Each change is recorded as made `by` at `at` and told to
	 * on_change (may be NULL), even if the import is later rolled back.
	 */
	int update;
	const char *by;
	int64_t at;                    /* timestamp_t */
	void (*on_change)(void *ctx, const struct change_record *c);
	void *change_ctx;
};

struct import_result {
	int64_t rows;                  /* data rows read */
	int64_t inserted;              /* rows that wrote something */
	int64_t unchanged;             /* rows already stored as they are */
	int64_t rejected;              /* bad rows (all-or-nothing: then 0 written) */
	int64_t updated;               /* --update: known rows changed (also counted in inserted) */
};

int import_kind_parse(const char *name, enum import_kind *out);
const char *import_kind_name(enum import_kind kind);

int csv_import(struct store *s, const struct import_options *o, struct import_result *r, struct error *e);

#endif
