/*
 * import.h: the import use case: all-or-nothing import of customers,
 * contacts, invoices and payments from CSV (columns in docs/csv.md).
 *
 * The whole file is imported in one write transaction, opened here for
 * ctx->tenant as ctx->actor. Every row is checked; if any row is bad,
 * nothing is written, every bad row is reported as "file:line: column:
 * reason" (and to the rejects CSV when asked), and the call returns
 * -ERR_INPUT. A row whose ref is already stored with the same values is
 * left as it is, so re-importing a file is a no-op (and writes nothing at
 * all, not even an import record: the database stays byte-for-byte the
 * same).
 *
 * Reading the file (header, the checks of every field, reporting bad rows)
 * is ingest/csv_import's; here each row becomes a record, written a batch
 * at a time: customers through parties_add_customers (their primary
 * contacts), payments recorded then posted through ledger_post
 * (allocation, credit, returns), --update through correct_customer_apply.
 *
 * The clock is ctx's: no payment, nor its return, may be dated after
 * ctx->today (the CLI's today, or `import --as-of`); a change made by
 * --update is recorded as by ctx->actor at ctx->now.
 */
#ifndef RECOUP_APP_IMPORT_H
#define RECOUP_APP_IMPORT_H

#include <stdint.h>
#include <stdio.h>

#include "app/app.h"
#include "core/error.h"
#include "ingest/csv_import.h"

/* struct change_record: each change of --update, told to on_change */
#include "store/parties.h"

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
	FILE *report; /* where bad rows are listed (stderr); may be NULL */
	/* called now and then with bytes done / total; may be NULL */
	void (*progress)(void *ctx, long long done, long long total);
	void *progress_ctx;
	/*
	 * customers only: a known customer whose correctable fields differ
	 * is updated (not refused as a conflict); columns the file lacks
	 * keep their stored value; identity (kind, country, currency) still
	 * conflicts. Each change is told to on_change (may be NULL), even if
	 * the import is later rolled back.
	 */
	int update;
	void (*on_change)(void *ctx, const struct change_record *c);
	void *change_ctx;
	/*
	 * How this caller replays an old file, told with a date after today
	 * ("give import --as-of DATE": the CLI's); NULL: the caller has no
	 * way (the API), and the refusal says only why.
	 */
	const char *replay_hint;
};

struct import_result {
	int64_t rows;      /* data rows read */
	int64_t inserted;  /* rows that wrote something */
	int64_t unchanged; /* rows already stored as they are */
	int64_t rejected;  /* bad rows (all-or-nothing: then 0 written) */
	int64_t updated;   /* --update: known rows changed (also counted in inserted) */
};

/*
 * Imports o->path. 0 when committed or when nothing was new (rolled back:
 * r->inserted == 0); -ERR_INPUT with r->rejected bad rows, or the file
 * could not be read; -ERR_ENV when the database failed (nothing written).
 * An import without ctx->today is refused (-ERR_ENV), so that no caller
 * forgets it.
 */
int import_run(const struct app_ctx *ctx, const struct import_options *o, struct import_result *r, struct error *e);

#endif
