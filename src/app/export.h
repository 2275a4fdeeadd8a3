/*
 * export.h: a tenant's customers, contacts, invoices or payments written
 * back as CSV or JSON (`recoup export`, and the API's downloads).
 *
 * The columns are the record's field table (codec/fields.c): the import
 * columns of docs/csv.md, so that a CSV export imports again as it is, then
 * the computed ones (an invoice's balance, a customer's unapplied credit)
 * that the importer accepts and ignores. CSV: a header line, then a line a
 * record (codec/csv.c's quoting); with no record, the header alone. JSON:
 * an array of objects, one record a line, every value a string.
 *
 * The rows are read a page at a time (keyset cursors) inside one read
 * transaction of the call's own: the export is one snapshot, and memory
 * stays flat whatever the number of rows.
 */
#ifndef RECOUP_APP_EXPORT_H
#define RECOUP_APP_EXPORT_H

#include <stdio.h>

#include "app/app.h"
#include "core/error.h"

enum export_record { EXPORT_CUSTOMERS, EXPORT_CONTACTS, EXPORT_INVOICES, EXPORT_PAYMENTS, EXPORT_CREDIT_NOTES };
enum export_format { EXPORT_CSV, EXPORT_JSON };

struct export_options {
	enum export_record record;
	enum export_format format;
	/*
	 * For a spreadsheet (CSV only): text that starts with = + - @ (or a tab
	 * or CR) gets a leading apostrophe, so that it cannot run as a formula
	 * (a plain negative amount is left alone). Such a file is for reading,
	 * not for importing back.
	 */
	int spreadsheet;
	/*
	 * Set by export_run for invoices: 1 when the ledger holds fees,
	 * interest or write-offs, which no export carries: their balances hold
	 * them, a database imported from the files will not (docs/csv.md).
	 */
	int not_carried;
};

/*
 * "customers", "contacts", "invoices", "payments", "credit-notes": 0, else -ERR_USAGE with
 * e saying "'x' is not customers, contacts, invoices, payments or credit-notes".
 */
int export_record_parse(const char *name, enum export_record *out, struct error *e);

/*
 * Writes the records to `out` (the caller's: a file, stdout, a memory
 * stream; not closed here). *rows (may be NULL) is the number of records
 * written. Returns 0, or -ERR_ENV for the database or a failed write (what
 * was written is then incomplete: the caller drops it, as outfile_abort()
 * does).
 */
int export_run(const struct app_ctx *ctx, struct export_options *opts, FILE *out, long long *rows, struct error *e);

#endif
