/*
 * run.h: the daily run (`recoup run`): for every account, as known on the
 * as-of date, the step of its strategy now due, recorded once as an action
 * (docs/strategies.md, "The daily run", has the state rules).
 *
 * An account is a customer's open debt in one currency. The run walks the
 * customers in id order, RUN_CHUNK at a time, each chunk in its own write
 * transaction: it reads the chunk's invoices and unapplied credit as of the
 * date, what earlier runs recorded for them, and (only when a step is due)
 * the contact rules' rows; it records what is missing and commits. The
 * keys of action_invoice make every step of every invoice happen once, so
 * a rerun, or a rerun after a crash, records exactly what one clean run
 * would have. Memory is bounded by the chunk, whatever the portfolio.
 *
 * Two runs of one tenant never overlap: the run holds the store's run lock
 * (store_run_lock, released by the system when the process dies) and
 * refuses to start while another process holds it (-ERR_ENV, exit 3).
 * A dry run takes no lock and writes nothing.
 */
#ifndef RECOUP_APP_RUN_H
#define RECOUP_APP_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "app/app.h"
#include "core/profile.h"
#include "core/strategy.h"

/* Customers per chunk (and per write transaction). */
#define RUN_CHUNK 512
/* Chunks per write transaction. */
#define RUN_CHUNKS_PER_TX 8
/* Customers with no holiday calendar listed by name in a summary (all are counted). */
#define RUN_LIST_MAX 20

struct run_options {
	date_t as_of;
	int dry_run;
	/*
	 * 1: record the run even when a run for a later date is recorded (a
	 * replay, on a copy of the book: the messages of steps no run recorded
	 * are scheduled for moments passed). 0: such a run is refused
	 * (run_execute).
	 */
	int replay;
	/* called after each chunk with the customers done so far; may be NULL */
	void (*progress)(void *ctx, long long customers);
	void *progress_ctx;
	/*
	 * The clock read once more when the run is complete, for the moment
	 * recorded as its end (run.finished_at: /metrics shows how long runs
	 * take); NULL records ctx->now, as --now asks.
	 */
	timestamp_t (*clock)(void);
};

struct run_code_count {
	char code[PROFILE_CODE_MAX + 1];
	int64_t n;
};

/*
 * What a run did. For a run that writes, actions, superseded, postponed
 * and refused are read back from what is recorded for the date once the
 * run is complete, and cancelled from run.cancelled, which each transaction
 * that cancels adds to, so a rerun (or the run again after a crash) prints
 * the same figures; the customers without a holiday calendar are what this
 * invocation saw (a rerun schedules nothing new, so it sees none). A dry run
 * gives what its own invocation found.
 */
struct run_summary {
	date_t as_of;
	int dry_run;
	int64_t customers_seen;
	int64_t accounts_seen;         /* customer x currency with a net open balance > 0 */
	int64_t actions[ACTION_COUNT]; /* scheduled or done, by kind */
	int64_t superseded, postponed, cancelled;
	struct run_code_count *refused; /* by code, in byte order */
	size_t n_refused, cap_refused;
	int64_t no_calendar; /* customers scheduled without a holiday calendar */
	char no_calendar_refs[RUN_LIST_MAX][REF_MAX + 1];
	/*
	 * This invocation's: the customers it visited (read and decided on), and
	 * whether it visited the watched ones alone (1) or everyone (0: the first
	 * run, a configuration or strategy changed, a replay, a dry run,
	 * RECOUP_RUN_WATCH=0; docs/strategies.md, "The watch").
	 */
	int64_t visited;
	int watched;
};

/* Runs the day. 0 with *out filled (release it), or -ERR_*. */
int run_execute(const struct app_ctx *ctx, const struct run_options *o, struct run_summary *out, struct error *e);
void run_summary_release(struct run_summary *s);

/*
 * 1 when ledger entries are dated after `as_of` (balances as of it must be
 * rebuilt: store_run_invoices_each's `later`), 0 when not, or -ERR_ENV.
 * Cheap for today (`today`: the caller's) unless a run for a later date
 * posted charges. For the readers of the book as of a date (app/assign).
 */
struct store_tx;
int run_later_entries(struct store_tx *tx, date_t as_of, date_t today, struct error *e);

#endif
