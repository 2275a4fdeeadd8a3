/*
 * queue.h: the calls a collector may make right now (`recoup queue`,
 * docs/queue.md), best first.
 *
 * A collector's candidates are the accounts (customer x currency) assigned
 * to it (app/assign.h) with a `call` action of the daily run scheduled at
 * or before `now` and still waiting, or whose debtor asked to be called
 * back within the current hour of its local time (a callback logged with
 * `recoup contact log --callback-at` that no later call answered). Each is
 * asked of the contact rules (app/rules_ctx.h) for the action's contact
 * (the callback's), channel call, at `now`, about every open debt: only
 * the allowed ones are listed (window open in the debtor's local time,
 * caps not reached, not stopped). An account with nothing overdue any more
 * is not listed.
 *
 * Ranking: core/queue_score.h, the overdue balance times the chance of
 * payment of the customer's risk band as of today (core/risk.h), raised
 * for broken promises (0 until promises exist), a callback this hour and
 * an invoice about to enter an older bucket. Ties: customer ref, currency.
 *
 * How many: `limit`, by default the collector's capacity less the calls it
 * logged today (UTC date of ctx->today; store_queue_calls_logged).
 *
 * Cost: the customers with a callback near or a promise broken lately are
 * read whole; the collector's other waiting calls are walked best bound
 * first (the bound kept per assignment, store/assignments.h), and only
 * those that could still enter the list are netted, asked of the risk
 * facts and of the rules, so a queue of 40 reads about its 100 best
 * accounts, not the 600 with a call due nor the collector's whole book.
 */
#ifndef RECOUP_APP_QUEUE_H
#define RECOUP_APP_QUEUE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "app/app.h"
#include "core/contact_rules.h"
#include "core/queue_score.h"
#include "store/users.h"

struct queue_options {
	const char *collector; /* NULL: the acting user (ctx->actor) when it is a collector, else every collector */
	int limit;             /* < 0: the collector's capacity less the calls it logged today */
	/*
	 * With no collector named: 1 lists only the acting user's own queue, and
	 * nothing when the actor is not a collector (a collector's API token,
	 * "token:NAME", is no user: it must not fall back to every collector's).
	 */
	int own_only;
};

struct queue_item {
	char collector[USER_NAME_MAX + 1];
	char customer_ref[REF_MAX + 1];
	char name[NAME_MAX_LEN + 1]; /* the customer's, so that a collector sees who, not only a ref */
	char contact_ref[REF_MAX + 1];
	char currency[4];
	int64_t balance; /* overdue, minor units */
	int exponent;
	int dpd;
	char risk_band[2];
	int tier; /* before the score (core/queue_score.h); not in the output */
	int64_t score;
	size_t n_reasons;
	char reasons[QUEUE_REASONS_MAX][QUEUE_REASON_MAX];
	char local_time[VERDICT_LOCAL_MAX]; /* the debtor's, now */
	int64_t action_id;                  /* the waiting call, 0: a callback only */
	timestamp_t due_at;                 /* when the call was scheduled (0: a callback only) */
	timestamp_t callback_at;            /* the callback asked for this hour, 0: none */
};

/* Per collector: what the list was cut to and why. */
struct queue_collector {
	char name[USER_NAME_MAX + 1];
	int capacity;
	int64_t logged_today; /* calls it logged today */
	int limit;
	int64_t candidates; /* accounts due (a call, a callback this hour) netted and found owing: those the walk read */
	int64_t asked;      /* of those, asked of the rules */
	int64_t refused;    /* asked and not allowed now (or not judged) */
};

struct queue_result {
	timestamp_t now;
	/*
	 * The first moment after `now` at which a listed item's verdict could
	 * change with the time alone (the least of their steady_until,
	 * core/contact_rules.h); 0 when nothing is listed. What is not listed
	 * (refused, or not due yet) can only join the list as time passes.
	 */
	timestamp_t steady_until;
	int every;                /* every collector's queue (no collector named or known) */
	struct queue_item *items; /* by collector (name order), then best first */
	size_t n_items, cap_items;
	struct queue_collector *collectors;
	size_t n_collectors, cap_collectors;
};

/*
 * The queue at ctx->now. -ERR_NOT_FOUND for an unknown collector,
 * -ERR_INPUT for a user that is not an enabled collector, -ERR_ENV for the
 * database. *out is filled on success; release it with
 * queue_result_release().
 */
int queue_list(const struct app_ctx *ctx, const struct queue_options *o, struct queue_result *out, struct error *e);
void queue_result_release(struct queue_result *r);

/*
 * The database's stamp (store_data_stamp, store/store.h) as a read
 * transaction of ctx->tenant sees it: for a cache of queues (the server's,
 * http/queue_cache.h). Read it before queue_list: in a unit of work that
 * holds its reads (store_hold_reads), both see one snapshot; otherwise a
 * commit between them only makes the stamp older than the queue, and a
 * later stamp differs. 1 with *domain and out filled, 0 no stamp (do not
 * cache), -ERR_ENV.
 */
int queue_data_stamp(const struct app_ctx *ctx, uint64_t *domain, char *out, size_t size, struct error *e);

/* An item as JSON, for every front end alike (amounts as decimal strings). A new reference. */
json_t *queue_item_json(const struct queue_item *it);

#endif
