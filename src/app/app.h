/*
 * app.h: what every use case in src/app/ takes from its caller.
 *
 * src/app/ holds the use cases, one per file, prefix = file name
 * (import.c exports import_*, reports.c reports_*, flags.c flags_*). The
 * front ends (src/cli/ today, src/http/ next) only parse their input, call
 * a use case with a `struct app_ctx`, and format what comes back; neither
 * holds SQL, ledger arithmetic or a report loop, and neither begins a
 * transaction: a use case opens its own (store_tx_begin with ctx->tenant and
 * ctx->actor), commits what it wrote, and frees it on every path. So the
 * CLI and an HTTP handler that call the same use case do the same thing,
 * all or nothing.
 *
 * The clock is the caller's: a use case never reads time(NULL). The CLI
 * passes its clock (or --as-of for replay); tests pass fixed moments.
 *
 * Errors: a use case returns 0 or -ERR_* with `e` filled, naming the field
 * when one was wrong (error_set_field); ERR_NOT_FOUND for a ref that does
 * not exist, ERR_CONFLICT for one that differs from what is stored. Each
 * front end maps the code once (error_exit_code, error_http_status).
 *
 * Output: a use case that produces rows hands them to a callback or writes
 * a format it owns (export writes CSV or JSON to a FILE*: a file, stdout, or
 * an HTTP response's memory stream); tables for people stay in the front
 * end.
 */
#ifndef RECOUP_APP_H
#define RECOUP_APP_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/dates.h"
#include "core/error.h"

struct store;

struct app_ctx {
	struct store *store; /* open; the use case begins its own transactions */
	int64_t tenant;      /* the creditor, resolved by the front end (tenants_resolve) */
	const char *actor;   /* who acts: recorded with every change ("alice", "cli") */
	timestamp_t now;     /* the caller's clock */
	date_t today;        /* the caller's today (UTC date of now, or --as-of) */
	const char *origin;  /* where the request came from, for the audit trail: NULL is "cli" */
};

/*
 * Checks shared by the use cases that record what a person typed (app.c).
 * `name` is the field the value came in ("note", "at", "spoke_with"), the
 * API's JSON key: the message begins with it and e->field is set to it
 * (the CLI shows its option instead, cli/main.c). An older "--spoke-with"
 * still gives the field "spoke_with". Both return 0 or -ERR_INPUT.
 *
 * A moment may be ahead of ctx->now by APP_CLOCK_SKEW seconds (the clocks
 * of the machines that record a call drift), no more: nothing is recorded
 * ahead of time.
 */
#define APP_CLOCK_SKEW 300
int app_check_not_future(const struct app_ctx *ctx, const char *name, timestamp_t at, struct error *e);
/*
 * A moment the contact rules are to judge (rules check's "at", the work
 * queue's "now", a logged attempt's "at"): none before 1970-01-01T00:00:00Z,
 * which they cannot (core/contact_rules.h, contact_rules_moment_check).
 */
int app_check_rules_moment(const char *name, timestamp_t at, struct error *e);
/* Valid UTF-8, no control characters, at most `max` bytes (core/validate.h). */
int app_check_text(const char *name, const char *value, size_t max, struct error *e);
/* The same for free text (a note, a reason): tabs and line breaks allowed, as in the CSV's free text (docs/csv.md). */
int app_check_free_text(const char *name, const char *value, size_t max, struct error *e);
/* Sets e->field from a message name as above ("--spoke-with" -> "spoke_with"). */
void app_error_field(struct error *e, const char *name);

/*
 * Appends an entry to the audit trail (store/audit.h) in `tx`, the
 * transaction of the change: who (ctx->actor), when (ctx->now) and from
 * where (ctx->origin) come from the context. `before`/`after` are JSON
 * objects (borrowed; NULL for none) written as compact text. 0 or -ERR_*.
 */
struct store_tx;
int app_audit(const struct app_ctx *ctx, struct store_tx *tx, const char *action, const char *entity, const char *ref,
	      const json_t *before, const json_t *after, struct error *e);

#endif
