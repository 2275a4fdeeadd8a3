/*
 * run.c: the daily run (run.h; the state rules are in docs/strategies.md).
 *
 * Per chunk of customers (one write transaction):
 *   1. read the chunk's invoices and unapplied credit as known at the end
 *      of the as-of date, and what earlier runs recorded for them (for a
 *      run of today, by the probe: each open invoice's latest step due
 *      looked up by key, every recorded step read only for the invoices
 *      where it is missing; do_probe);
 *   2. per account (customer x currency): net it; cancel the waiting
 *      actions whose invoices are all settled; choose the strategy; per
 *      open invoice find the latest step due whose conditions hold and that
 *      is not recorded yet, and mark the earlier unrecorded ones superseded;
 *   3. group what is due per channel into one action listing every
 *      invoice, ask the contact rules when to do it (or why not), post fee
 *      and interest entries;
 *   4. record it all and commit.
 * On SQLite a second thread does step 1 (and the plan of step 2: which
 * customers the rules will be asked about, and their rows) for the next
 * chunks on a connection of its own while the walk does the rest: see
 * "the reader" below.
 * Only the accounts with a step due are put to the contact rules, so a
 * day on which little falls due costs little more than reading the book.
 */
#include "app/run.h"

#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/parties.h"
#include "app/plans.h"
#include "app/credit.h"
#include "app/holds_cancel.h"
#include "app/review.h"
#include "app/rules_ctx.h"
#include "app/day_charges.h"
#include "app/run_snapshot.h"
#include "app/strategies.h"
#include "core/aging.h"
#include "core/array.h"
#include "core/money.h"
#include "core/risk.h"
#include "core/text_copy.h"
#include "core/tz.h"
#include "store/actions.h"
#include "store/history.h"
#include "store/holds.h"
#include "store/ledger.h"
#include "store/parties.h"
#include "store/returned.h"
#include "store/risk.h"
#include "sys/thread.h"

/* The run connection's page cache (store_cache_size), KiB: the reader's size (store_open_reader). */
#define RUN_CACHE_KIB 16384

/* do_customer's third mode, before the plan (1) and the work (0): the probe (do_probe). */
#define PROBE 2

/* A store iteration's result: a callback's stop value may be positive. */
static int iteration(int ret)
{
	return ret > 0 ? -ret : ret;
}

/* ---- the rows of a chunk ---- */

struct inv_row {
	int64_t customer_id, id;
	char currency[4];
	date_t due;
	int64_t amount, balance;
	char product[PRODUCT_MAX + 1]; /* "" none */
	int top;                       /* its latest step now due is recorded (the probe: store_run_steps_recorded) */
};

struct rec_row {
	int64_t customer_id, action_id, invoice_id;
	char state[ACTION_STATE_MAX + 1];
	char strategy[ACTION_NAME_MAX + 1];
	char step[ACTION_NAME_MAX + 1];
	char kind[ACTION_KIND_MAX + 1];
	date_t run_date;
	int64_t contact_id;
	timestamp_t scheduled_at;
};

struct band_row {
	int64_t customer_id;
	int band;
};

/* An open invoice issued after the as-of date (the page passes it over): the watch looks again on its issue date. */
struct late_row {
	int64_t customer_id;
	date_t issued;
};

struct credit_row {
	int64_t customer_id;
	char currency[4];
	int64_t amount;
};

/* An attempt that answered (inbound, a conversation's outcome) or promised, as known at the as-of date. */
struct answer_row {
	int64_t customer_id;
	timestamp_t at;
	date_t promised_until; /* 0: not a promise */
	char currency[4];      /* the promise's currency; "": every account of the customer */
};

/*
 * "Did money come in on the account from `from` to the as-of date?"
 * (store_run_paid_between, for only_if_no_answer), asked by the plan on the
 * reader's side (prefetch_paid) and found there by the work (conditions_hold).
 */
struct paid_row {
	int64_t customer_id;
	date_t from;
	char currency[4];
	int paid;    /* -1 while prefetch_paid has it to ask */
	int by_walk; /* asked by the walk's own prefetch_paid (counted as asked by the walk) */
};

/*
 * An action's moment as previous_moment reads it, for the actions the
 * chunk's questions name (prefetch_paid: one call for them all, one
 * statement on PostgreSQL, where a question was two round trips).
 */
struct moment_row {
	int64_t id;
	timestamp_t at; /* TIMESTAMP_NONE when the action is not scheduled or done, or has no moment */
};

/* A question the plan met (conditions_hold), answered after it (prefetch_paid). */
struct paid_question {
	int64_t customer_id;
	const struct strategy *s;
	const char *currency; /* the account's, in the chunk's invoices */
	int step;
	int64_t invoice;
	size_t r0, r1; /* the customer's recorded steps */
};

/* One invoice's step: what is due, or superseded. */
struct item {
	size_t inv;   /* index into the chunk's invoices */
	int step;     /* index into the strategy's steps */
	int64_t redo; /* the action of that step a hold cancelled, done again (0: a new one) */
};

/* One customer's invoices in one currency, as the run decides for them. */
struct account {
	int64_t customer_id;
	const struct customer *c;      /* NULL in the plan */
	const struct contact *contact; /* NULL: the customer has none */
	const char *currency;
	size_t i0, i1; /* its invoices */
	const struct strategy *s;
	struct account_facts facts;
};

/* A message or call of the chunk a hold cancelled, of a customer one of whose holds has ended (store_run_redo). */
struct redo_row {
	int64_t customer_id, action_id;
	char code[HOLD_KIND_MAX + 1];
};

/* A step the run recorded for the account it is on (recorded() looks at them too). */
struct done_item {
	int64_t invoice;
	int step; /* of done_s */
};

/*
 * Where the walk and the reader spend their time, in seconds (printed with
 * RECOUP_RUN_TIMES=1, "run waits ..."): the one that waits is not the one
 * that sets the run's pace.
 */
struct reader_times {
	double walk_waits;    /* the walk waiting for a chunk */
	size_t takes, waited; /* chunks taken, and of them those the walk waited for */
	double idle;          /* the reader waiting for a free slot (the walk behind) */
	double reading;       /* the reader reading chunks */
	double summing;       /* the reader summing the customers not visited (reader_scan) */
	double walk_summing;  /* the walk summing them instead of waiting for a chunk (reader_take) */
	double end_wait;      /* the walk, done, waiting for the reader's last slices */
};

static double seconds_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct run {
	const struct app_ctx *ctx;
	const struct run_options *o;
	struct run_summary *sum;
	struct error *e;
	struct store_tx *tx;
	struct rules_ctx *rules;
	struct strategies_set set;
	struct aging_config aging;
	int later;            /* ledger entries are dated after as_of: balances are rebuilt (store_run_invoices_each) */
	date_t due_by;        /* no strategy has a step for an invoice due after it (store_run_recorded_due_each) */
	int probe;            /* the recorded steps are read only for the invoices the probe finds behind (do_probe) */
	timestamp_t known_at; /* the end of the as-of date: attempts and flags after it are not known yet */
	timestamp_t flags_at; /* known_at when flags were set or cleared since, else 0: the active flags are those */
	int planning;         /* the first pass over a chunk: the step conditions are taken to hold */
	struct answer_row *answers; /* the asked customers' answers and promises (loaded at the first condition) */
	size_t n_answers, cap_answers;
	int answers_loaded;
	struct paid_row *paids; /* the chunk's "money in since" answered by the plan (prefetch_paid), by customer */
	size_t n_paids, cap_paids;
	struct paid_question *paid_qs; /* the plan's questions, while it runs */
	size_t n_paid_qs, cap_paid_qs;
	struct moment_row *moments; /* the actions the questions name, by id (prefetch_paid; cancel keeps them true) */
	size_t n_moments, cap_moments;
	int moments_loaded;
	size_t paid_found_n, paid_asked_n; /* the work's questions: answered by the plan, asked of the store */
	struct action_record *pend; /* the chunk's actions, recorded at its end in one call (store_actions_add) */
	size_t n_pend, cap_pend, cap_pend_n;
	size_t *pend_n; /* invoices of each */
	struct action_invoice *pend_ai;
	size_t n_pend_ai, cap_pend_ai;

	/* the chunk */
	struct run_customer *customers; /* what picks each account's strategy (store_run_page) */
	size_t n_customers, cap_customers;
	int64_t n_walked; /* the customers read so far, chunk after chunk */
	int64_t counted;  /* the tenant's customers, counted with the last chunk by the reader (reader_read); -1: not */
	int chunk; /* customers a chunk: RUN_CHUNK (RECOUP_RUN_CHUNK in tests, for many chunks of a small book) */
	struct inv_row *invs;
	size_t n_invs, cap_invs;
	int64_t cancelled_flushed; /* of sum->cancelled, what run.cancelled has (flush_cancelled) */
	int64_t *charged; /* per invoice of the chunk (invs): fees and interest posted by this run, for the snapshot */
	size_t cap_charged;
	struct rec_row *recs; /* the steps recorded for the open invoices */
	size_t n_recs, cap_recs;
	struct rec_row *waits; /* the waiting actions, one row per invoice */
	size_t n_waits, cap_waits;
	struct credit_row *credits;
	size_t n_credits, cap_credits;
	/* the fees and interest dated the as-of date (start: day_charges.h); the reader's are a view of the walk's */
	struct day_charges day_chg;
	struct rules_chunk *rules_chunk; /* its memory, reused chunk after chunk */
	int rules_loaded;                /* rules_chunk holds this chunk's rows (loaded at the first question) */
	int64_t *asked_ids;              /* the customers of the chunk the rules will be asked about */
	size_t n_asked_ids, cap_asked_ids;
	struct customer *asked; /* the same, whole (store_run_customers_by_id) */
	size_t n_asked, cap_asked;
	struct customer *page_whole; /* the page's customers whole, where the store gives them (run_page_cb.whole) */
	size_t n_page_whole, cap_page_whole;
	int64_t *flagged; /* the chunk's customers with active flags, in id order */
	size_t n_flagged, cap_flagged;
	struct hold *holds; /* the chunk's current holds (store/holds.h), by customer */
	size_t n_holds, cap_holds;
	int64_t *ended; /* the chunk's customers with a hold ended (not a run of a past date), in id order */
	size_t n_ended, cap_ended;
	struct redo_row *redos; /* their messages and calls a hold cancelled, by customer and id */
	size_t n_redos, cap_redos;
	size_t h0, h1; /* the customer's holds: [h0, h1) */
	int need_risk; /* a candidate's segment names risk bands: the chunk's bands are computed */
	struct band_row *bands;
	size_t n_bands, cap_bands;
	struct run_step_key *keys; /* the probe's: each open invoice's latest step now due */
	size_t n_keys, cap_keys;
	size_t *key_inv; /* the invoice (index into invs) of each key */
	size_t n_key_inv, cap_key_inv;
	unsigned char *found; /* of each key: recorded */
	size_t cap_found;
	struct run_invoice_key
		*behind; /* the invoices whose latest step due is not recorded: their recorded steps are read */
	size_t n_behind, cap_behind;

	/* scratch per account */
	struct done_item *done_now; /* what this run recorded for it, of strategy done_s */
	size_t n_done_now, cap_done_now;
	const struct strategy *done_s;
	struct item *due, *superseded;
	size_t n_due, cap_due, n_sup, cap_sup;
	struct action_invoice *ai;
	size_t cap_ai;
	int64_t *held_ids; /* the account's invoices a current hold covers, left off an action done again */
	size_t cap_held_ids;
	int64_t *ids;
	size_t cap_ids;
	struct ledger_entry *les;
	size_t cap_les;
	struct rules_answer answer;
	const char **products; /* the account's segment facts: its open invoices' products */
	size_t cap_products;

	int64_t last_no_calendar; /* the customer last listed without a holiday calendar */

	struct run_snapshot snap; /* the day's */

	/*
	 * The watch (store_run_watch_*; "the watch" below): a run for today
	 * visits the customers whose outcome can change, and writes for each
	 * customer it visits the first date on which it could.
	 */
	int watch;      /* 1: the customers of watch_ids alone; 0: every one */
	int keep_watch; /* the visits' watch rows are written (not a dry run, not a replay) */
	int64_t *
		watch_ids; /* dirty or due (store_run_watched_each), ascending; the reader's are a view of the walk's */
	size_t n_watch_ids, cap_watch_ids;
	int watch_more;            /* ids remain after the chunk (load_chunk) */
	size_t watch_lo, watch_n;  /* the chunk's ids: watch_ids[watch_lo, watch_lo + watch_n) */
	struct watch_ahead *ahead; /* the watched customers read ahead (watch_ahead_start), or NULL */
	/* store_tx_others_version in start()'s transaction: the reader's first generation (reader_start) */
	int64_t start_version;
	int have_start_version;
	int64_t *cover; /* the chunk's customer ids, for store_run_watch_cover */
	size_t cap_cover;
	struct late_row *lates; /* the chunk's open invoices issued after the date, by customer */
	size_t n_lates, cap_lates;
	size_t l0, l1; /* the customer's: [l0, l1) */
	int *edges;    /* the days past due at which a candidate strategy's segment begins or ends, ascending */
	size_t n_edges, cap_edges;
	char version[96];            /* what the watch rows were computed with (watch_version) */
	date_t w_next;               /* the customer visited: the first date its outcome could change */
	int64_t w_accounts;          /* its accounts owing money */
	int charged_now;             /* the account visited: this run posted fees or interest on it (do_charges) */
	size_t w_snap0;              /* where its share of the snapshot begins in wsnap */
	struct run_watch_row *wrows; /* the chunk's, their snap offsets into wsnap in w_off */
	size_t n_wrows, cap_wrows;
	size_t *w_off;
	size_t cap_w_off;
	char *wsnap;
	size_t n_wsnap, cap_wsnap;
	struct snap_open *sopen; /* the account's open invoices for its share (snap_account) */
	size_t cap_sopen;
	struct run_snapshot scan_snap; /* the customers not visited, summed by the reader (scanned) */
	int64_t scan_accounts;
	int scanned;
	struct reader_times *times; /* the walk's and the reader's waits, RECOUP_RUN_TIMES (reader_times) */
};

static const struct hold *held(const struct run *r, int64_t invoice, const char *currency, const char *strategy);
static int is_flagged(const struct run *r, int64_t customer_id);

static int on_run_customer(void *ctx, const struct run_customer *c)
{
	struct run *r = ctx;
	ARRAY_PUSH(r, customers, n_customers, cap_customers, *c);
	return 0;
}

/* A replay's page of customers (store_customers_list), cut to what picks the strategy. */
static int on_customer(void *ctx, const struct customer *c)
{
	struct run_customer rc = { c->id, c->kind, { 0 }, { 0 } };

	text_copy(rc.country, sizeof(rc.country), c->country);
	text_copy(rc.tags, sizeof(rc.tags), c->tags);
	return on_run_customer(ctx, &rc);
}

/* A customer of the page, whole (PostgreSQL: the page's statement reads whole rows, plan_chunk takes them) */
static int on_page_whole(void *ctx, const struct customer *c)
{
	struct run *r = ctx;
	ARRAY_PUSH(r, page_whole, n_page_whole, cap_page_whole, *c);
	return 0;
}

static int on_asked(void *ctx, const struct customer *c)
{
	struct run *r = ctx;
	ARRAY_PUSH(r, asked, n_asked, cap_asked, *c);
	return 0;
}

/*
 * Store strings go into a row's fields with text_copy (core/text_copy.h):
 * the chunk loaders copy a million short strings a run, for which
 * snprintf's format parsing was 5% of a daily run (at 1,000,000 customers).
 */
static int on_invoice(void *ctx, const struct run_invoice *inv)
{
	struct run *r = ctx;
	struct inv_row row = { inv->customer_id, inv->id, { 0 }, inv->due_date, inv->amount, inv->balance, { 0 }, 0 };
	text_copy(row.currency, sizeof(row.currency), inv->currency);
	text_copy(row.product, sizeof(row.product), inv->product);
	ARRAY_PUSH(r, invs, n_invs, cap_invs, row);
	return 0;
}

static int on_recorded(void *ctx, const struct run_recorded *rec)
{
	struct run *r = ctx;
	struct rec_row row = { rec->customer_id, rec->action_id,  rec->invoice_id,  { 0 }, { 0 }, { 0 }, { 0 },
			       rec->run_date,    rec->contact_id, rec->scheduled_at };
	text_copy(row.strategy, sizeof(row.strategy), rec->strategy);
	text_copy(row.step, sizeof(row.step), rec->step);
	text_copy(row.state, sizeof(row.state), rec->state);
	text_copy(row.kind, sizeof(row.kind), rec->kind);
	ARRAY_PUSH(r, recs, n_recs, cap_recs, row);
	return 0;
}

static int on_waiting(void *ctx, const struct run_recorded *rec)
{
	struct run *r = ctx;
	int ret = on_recorded(ctx, rec);

	/* the same row, moved to the waiting list */
	if (ret == 0)
		ARRAY_PUSH(r, waits, n_waits, cap_waits, r->recs[--r->n_recs]);
	return ret;
}

static int on_issued_later(void *ctx, int64_t customer_id, date_t issued)
{
	struct run *r = ctx;
	struct late_row row = { customer_id, issued };
	ARRAY_PUSH(r, lates, n_lates, cap_lates, row);
	return 0;
}

static int on_credit(void *ctx, int64_t customer_id, const char *currency, int64_t amount)
{
	struct run *r = ctx;
	struct credit_row row = { customer_id, { 0 }, amount };
	text_copy(row.currency, sizeof(row.currency), currency);
	ARRAY_PUSH(r, credits, n_credits, cap_credits, row);
	return 0;
}

/* Where the rows of customer `id` start and end in a customer-ordered array (walked once, in order). */
#define SLICE(arr, n, pos, cid, first, end)                            \
	do {                                                           \
		while ((pos) < (n) && (arr)[pos].customer_id < (cid))  \
			(pos)++;                                       \
		(first) = (pos);                                       \
		while ((pos) < (n) && (arr)[pos].customer_id == (cid)) \
			(pos)++;                                       \
		(end) = (pos);                                         \
	} while (0)

/* ---- counting ---- */

static int count_refused(struct run_summary *s, const char *code, int64_t n, struct error *e)
{
	size_t i = 0;

	while (i < s->n_refused && strcmp(s->refused[i].code, code) < 0)
		i++;
	if (i < s->n_refused && !strcmp(s->refused[i].code, code)) {
		s->refused[i].n += n;
		return 0;
	}
	if (array_grow(&s->refused, &s->cap_refused, s->n_refused, sizeof(*s->refused)) < 0)
		return error_set(e, ERR_ENV, "out of memory");
	memmove(&s->refused[i + 1], &s->refused[i], (s->n_refused - i) * sizeof(*s->refused));
	memset(&s->refused[i], 0, sizeof(s->refused[i]));
	text_copy(s->refused[i].code, sizeof(s->refused[i].code), code);
	s->refused[i].n = n;
	s->n_refused++;
	return 0;
}

static int count_action(struct run_summary *s, const struct action_record *a, struct error *e)
{
	enum step_action k;

	if (!strcmp(a->state, "superseded")) {
		s->superseded++;
		return 0;
	}
	if (!strcmp(a->state, "refused"))
		return count_refused(s, a->reason_code, 1, e);
	if (!strcmp(a->state, "cancelled"))
		return 0;
	if (!strcmp(a->state, "scheduled") && a->reason_code[0])
		s->postponed++;
	if (step_action_parse(a->kind, &k, NULL) == 0)
		s->actions[k]++;
	return 0;
}

/* ---- the snapshot (run_snapshot.c) ---- */

static void watch_note(struct run *r, date_t d);

/*
 * The account's share of the day's snapshot, summed into it, and kept in
 * the customer's watch row, from which a run that does not visit the
 * customer sums it (watch_scan): its open invoices with their due dates,
 * which the scan puts in the buckets of its own day, so that an invoice
 * moving to an older bucket needs no visit (watch-3: on the 1M book's next
 * day those visits were 5,164 of 34,947, and all they changed was the
 * snapshot).
 */
static int snap_account(struct run *r, const char *strategy, size_t i0, size_t i1)
{
	struct snap_account a = SNAP_ACCOUNT_INIT;
	int ret = 0;

	if (r->keep_watch && array_grow(&r->sopen, &r->cap_sopen, i1 - i0 - 1, sizeof(*r->sopen)) < 0)
		return error_set(r->e, ERR_ENV, "out of memory");
	for (size_t i = i0; i < i1; i++) {
		int64_t balance = r->invs[i].balance + (r->charged ? r->charged[i] : 0);
		int dpd = r->o->as_of - r->invs[i].due, b = aging_bucket(&r->aging, dpd);
		run_snapshot_invoice(&a, b, balance);
		if (r->keep_watch)
			r->sopen[i - i0] = (struct snap_open){ r->invs[i].due, balance };
	}
	ret = run_snapshot_account(&r->snap, &a, r->invs[i0].customer_id, r->invs[i0].currency, strategy, r->e);
	if (ret == 0 && r->keep_watch)
		ret = run_snapshot_text(&r->snap, r->sopen, i1 - i0, r->invs[i0].customer_id, r->invs[i0].currency,
					strategy, &r->wsnap, &r->n_wsnap, &r->cap_wsnap, r->e);
	return ret;
}

/* ---- recording ---- */

static void action_init(struct run *r, struct action_record *a, const struct customer *c, const char *currency,
			const struct strategy *s, int step, const char *kind, const char *state)
{
	memset(a, 0, sizeof(*a));
	a->run_date = r->o->as_of;
	a->customer_id = c->id;
	/* text_copy, not snprintf: 14,844 actions begun on the next day at 100,000 customers, 8.7 M instructions */
	text_copy(a->customer_ref, sizeof(a->customer_ref), c->ref);
	text_copy(a->currency, sizeof(a->currency), currency);
	text_copy(a->kind, sizeof(a->kind), kind);
	text_copy(a->strategy, sizeof(a->strategy), s->name);
	text_copy(a->step, sizeof(a->step), s->steps[step].name);
	text_copy(a->state, sizeof(a->state), state);
	a->scheduled_at = TIMESTAMP_NONE; /* set when scheduled or done */
	a->created_at = a->updated_at = r->ctx->now;
}

static int on_redo(void *ctx, const struct run_redo *rd)
{
	struct run *r = ctx;
	struct redo_row row = { rd->customer_id, rd->action_id, { 0 } };

	text_copy(row.code, sizeof(row.code), rd->code);
	ARRAY_PUSH(r, redos, n_redos, cap_redos, row);
	return 0;
}

/* The first of the chunk's redo rows at or after (customer_id, action). */
static size_t redo_lower(const struct run *r, int64_t customer_id, int64_t action)
{
	size_t lo = 0, hi = r->n_redos;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct redo_row *m = &r->redos[mid];
		if (m->customer_id < customer_id || (m->customer_id == customer_id && m->action_id < action))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The customer's action `action` when a hold cancelled it and its step may be done again; NULL otherwise. */
static const struct redo_row *redo_of(const struct run *r, int64_t customer_id, int64_t action)
{
	size_t i = redo_lower(r, customer_id, action);

	return i < r->n_redos && r->redos[i].customer_id == customer_id && r->redos[i].action_id == action
		       ? &r->redos[i]
		       : NULL;
}

/* Whether the customer has such an action (its invoices skip the probe's shortcut: do_probe). */
static int has_redo(const struct run *r, int64_t customer_id)
{
	size_t i = redo_lower(r, customer_id, 0);

	return i < r->n_redos && r->redos[i].customer_id == customer_id;
}

/*
 * The action a hold cancelled, done again as `a` (record): it waits again
 * (or is refused, as the rules now say), its reason saying why, dated the
 * run's day; its step stays. It lists the day's new steps of its kind too,
 * and no longer the invoices a current hold covers (a dispute opened on
 * one of them since), which its amount and its send leave out: their step
 * was not taken, and left recorded on this action it read as done, so
 * that no run took it once their hold ended. Unrecorded, it is due the
 * day that hold ends, and recorded then, once, as any step. One a writer
 * moved meanwhile (it is no longer cancelled: PostgreSQL) is left as it is.
 */
static int record_redo(struct run *r, struct action_record *a, const struct account *ac, const struct item *items,
		       size_t n, int64_t redo)
{
	const struct strategy *s = ac->s;
	const struct redo_row *rd = redo_of(r, a->customer_id, redo);
	char again[ACTION_REASON_MAX];
	size_t more = 0, n_held = 0;
	int ret;

	snprintf(again, sizeof(again), "again: the %s hold that cancelled it has ended", rd ? rd->code : "");
	if (a->reason[0])
		snprintf(a->reason + strlen(a->reason), sizeof(a->reason) - strlen(a->reason), "; %s", again);
	else
		text_copy(a->reason, sizeof(a->reason), again);
	ret = count_action(r->sum, a, r->e);
	if (ret < 0 || r->o->dry_run)
		return ret;
	/* the day's new steps of its kind: listed on it too */
	if (n && array_grow(&r->ai, &r->cap_ai, n - 1, sizeof(*r->ai)) < 0)
		return error_set(r->e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < n; i++)
		if (!items[i].redo) {
			r->ai[more].invoice_id = r->invs[items[i].inv].id;
			text_copy(r->ai[more++].step, sizeof(r->ai->step), s->steps[items[i].step].name);
		}
	/* as find_steps judges them: a held invoice's steps wait for its hold to end */
	for (size_t i = ac->i0; i < ac->i1; i++) {
		if (!held(r, r->invs[i].id, ac->currency, NULL))
			continue;
		if (array_grow(&r->held_ids, &r->cap_held_ids, n_held, sizeof(*r->held_ids)) < 0)
			return error_set(r->e, ERR_ENV, "out of memory");
		r->held_ids[n_held++] = r->invs[i].id;
	}
	ret = store_action_redo(r->tx, redo, a, r->ai, more, r->held_ids, n_held, r->e);
	return ret < 0 ? ret : 0;
}

/* Records an action over the items (their invoices at their steps) of the account. */
static int record(struct run *r, struct action_record *a, const struct account *ac, const struct item *items, size_t n)
{
	const struct strategy *s = ac->s;
	int ret;

	for (size_t i = 0; i < n; i++)
		if (items[i].redo)
			return record_redo(r, a, ac, items, n, items[i].redo);

	if (n && array_grow(&r->ai, &r->cap_ai, n - 1, sizeof(*r->ai)) < 0)
		return error_set(r->e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < n; i++) {
		r->ai[i].invoice_id = r->invs[items[i].inv].id;
		text_copy(r->ai[i].step, sizeof(r->ai[i].step), s->steps[items[i].step].name);
	}
	ret = count_action(r->sum, a, r->e);
	if (ret < 0 || r->o->dry_run)
		return ret;
	/* held until the chunk's end: one store call for all its actions (one statement on PostgreSQL) */
	if (array_grow(&r->pend_n, &r->cap_pend_n, r->n_pend, sizeof(*r->pend_n)) < 0 ||
	    (n && array_grow(&r->pend_ai, &r->cap_pend_ai, r->n_pend_ai + n - 1, sizeof(*r->pend_ai)) < 0))
		return error_set(r->e, ERR_ENV, "out of memory");
	memcpy(r->pend_ai + r->n_pend_ai, r->ai, n * sizeof(*r->ai));
	r->n_pend_ai += n;
	r->pend_n[r->n_pend] = n;
	ARRAY_PUSH(r, pend, n_pend, cap_pend, *a);
	return 0;
}

/* Records the chunk's actions held by record(). */
static int record_held(struct run *r)
{
	int ret = r->n_pend ? store_actions_add(r->tx, r->pend, r->n_pend, r->pend_ai, r->pend_n, r->e) : 0;

	r->n_pend = r->n_pend_ai = 0;
	return ret;
}

/* ---- when, and whether, the contact rules allow it ---- */

static int ask(struct run *r, struct rules_chunk_question *q, timestamp_t at)
{
	q->at = at;
	return rules_ctx_chunk_ask(r->rules, r->rules_chunk, q, &r->answer, r->e);
}

/*
 * Of the profile's preferred windows on the local day of `t`, the first
 * start after `t` at which the rules allow the contact and call it
 * preferred: 1 and r->answer holds that verdict; 0 when none.
 */
static int prefer(struct run *r, struct rules_chunk_question *q, timestamp_t t)
{
	const struct contact_verdict *v = &r->answer.verdict;
	const struct tz_zone *zone = NULL;
	const struct profile_day *day;
	struct tz_local local;
	int ret;

	if (!v->zone[0] || tz_zone_get(v->zone, &zone, NULL) < 0)
		return 0;
	tz_local(zone, t, &local);
	day = &r->answer.profile.preferred[q->channel][local.weekday];
	for (int w = 0; w < day->n; w++) {
		struct tz_moments m;
		if (day->w[w].start <= local.minute || tz_from_local(zone, local.date, day->w[w].start, &m, NULL) < 0)
			continue;
		ret = ask(r, q, m.first);
		if (ret < 0)
			return ret;
		if (r->answer.verdict.allowed && r->answer.verdict.preferred)
			return 1;
	}
	return 0;
}

static int has_warning(const struct contact_verdict *v, const char *code)
{
	for (size_t i = 0; i < v->n_warnings; i++)
		if (!strcmp(v->warnings[i].code, code))
			return 1;
	return 0;
}

static void note_no_calendar(struct run *r, const struct customer *c)
{
	struct run_summary *s = r->sum;

	if (r->last_no_calendar == c->id)
		return; /* one customer, several actions: listed once */
	r->last_no_calendar = c->id;
	if (s->no_calendar < RUN_LIST_MAX)
		text_copy(s->no_calendar_refs[s->no_calendar], sizeof(s->no_calendar_refs[0]), c->ref);
	s->no_calendar++;
}

/* The date of a moment on the debtor's wall clock (a verdict's zone, "" when several), else in UTC. */
static date_t local_date(const char *zone_name, timestamp_t t)
{
	const struct tz_zone *zone = NULL;
	struct tz_local local;

	if (!zone_name[0] || tz_zone_get(zone_name, &zone, NULL) < 0)
		return timestamp_date_utc(t);
	tz_local(zone, t, &local);
	return local.date;
}

/* The reason a verdict at the day's start gives for a later day: the first refusal other than the hour. */
static const struct contact_reason *postponed_by(const struct contact_verdict *v0)
{
	for (size_t i = 0; i < v0->n_reasons; i++)
		if (strcmp(v0->reasons[i].code, "outside_hours"))
			return &v0->reasons[i];
	return v0->n_reasons ? &v0->reasons[0] : NULL;
}

static void refuse(struct action_record *a, const struct contact_verdict *v)
{
	text_copy(a->state, sizeof(a->state), "refused");
	if (v->n_reasons) {
		text_copy(a->reason_code, sizeof(a->reason_code), v->reasons[0].code);
		text_copy(a->reason, sizeof(a->reason), v->reasons[0].message);
	}
	a->next_allowed_at = v->next == NEXT_AT ? v->next_allowed_at : 0;
}

/*
 * What schedule() keeps of a verdict while it asks again: the verdict is
 * 9.7 KB and the answer 17 KB, and copying them whole per action was a
 * tenth of the walk's asking (25,000 actions at 1M).
 */
struct kept_verdict {
	char local_time[VERDICT_LOCAL_MAX];
	char zone[TZ_MAX + 1];
	int no_calendar;
};

static void keep_verdict(struct kept_verdict *k, const struct contact_verdict *v)
{
	text_copy(k->local_time, sizeof(k->local_time), v->local_time);
	text_copy(k->zone, sizeof(k->zone), v->zone);
	k->no_calendar = has_warning(v, "no_holiday_calendar");
}

/*
 * Fills a->scheduled_at, local_time, state and reasons for a contact on a
 * channel: the first moment of the as-of day (or after) the rules allow,
 * moved into a preferred window of that local day when one allows it.
 */
static int schedule(struct run *r, struct action_record *a, struct rules_chunk_question *q, const struct customer *c,
		    const struct contact *k)
{
	struct contact_reason why0; /* when the day's start is refused: why it waits (postponed_by) */
	struct kept_verdict chosen;
	int allowed0, has_why = 0;
	timestamp_t t;
	int ret, tries = 0;

	ret = ask(r, q, rules_ctx_day_start(k, c, r->o->as_of));
	if (ret == -ERR_INPUT) {
		text_copy(a->state, sizeof(a->state), "refused");
		text_copy(a->reason_code, sizeof(a->reason_code), "cannot_judge");
		text_copy(a->reason, sizeof(a->reason), r->e->message);
		*r->e = (struct error)ERROR_INIT;
		return 0;
	}
	if (ret < 0)
		return ret;
	allowed0 = r->answer.verdict.allowed;
	if (!allowed0) {
		const struct contact_reason *why = postponed_by(&r->answer.verdict);
		has_why = why != NULL;
		if (why)
			why0 = *why;
	}
	t = q->at;
	/* the next allowed moment is allowed; a second look only guards against a rule that moves on */
	while (!r->answer.verdict.allowed && r->answer.verdict.next == NEXT_AT && tries++ < 4) {
		t = r->answer.verdict.next_allowed_at;
		ret = ask(r, q, t);
		if (ret < 0)
			return ret;
	}
	if (!r->answer.verdict.allowed) {
		refuse(a, &r->answer.verdict);
		return 0;
	}
	keep_verdict(&chosen, &r->answer.verdict);
	if (!r->answer.verdict.preferred) {
		ret = prefer(r, q, t);
		if (ret < 0)
			return ret;
		if (ret == 1) {
			t = q->at;
			keep_verdict(&chosen, &r->answer.verdict);
		}
	}
	a->scheduled_at = t;
	text_copy(a->local_time, sizeof(a->local_time), chosen.local_time);
	if (chosen.no_calendar)
		note_no_calendar(r, c);
	/* moved to a later day than the as-of date, in the debtor's time (UTC when several zones): postponed, and why */
	if (!allowed0 && has_why && local_date(chosen.zone, t) > r->o->as_of) {
		text_copy(a->reason_code, sizeof(a->reason_code), why0.code);
		snprintf(a->reason, sizeof(a->reason), "postponed: %s", why0.message);
	}
	return 0;
}

/* ---- an account ---- */

/* The contact messages go to: the one who pays the bills, else a payer, else the debtor, else the first. */
static const struct contact *choose_contact(const struct contact *ks, size_t n)
{
	const struct contact *best = NULL;
	int best_rank = 99;

	for (size_t i = 0; i < n; i++) {
		int rank = parties_contact_rank(&ks[i]);
		if (rank < best_rank) {
			best = &ks[i];
			best_rank = rank;
		}
	}
	return best;
}

/* An email or text to a contact without that address goes as a letter. */
static enum step_action effective_action(enum step_action a, const struct contact *k)
{
	if (a == ACTION_EMAIL && k && !k->email[0])
		return ACTION_LETTER;
	if (a == ACTION_SMS && k && !k->phone[0])
		return ACTION_LETTER;
	return a;
}

static int load_rules_chunk(struct run *r)
{
	int ret;

	if (r->rules_loaded)
		return 0;
	ret = rules_ctx_chunk_load_at(r->rules, r->tx, r->asked, r->n_asked, (timestamp_t)r->o->as_of * 86400 - 86400,
				      r->known_at, r->flags_at, &r->rules_chunk, r->e);
	r->rules_loaded = ret == 0;
	return ret;
}

/* The codes that stop ledger postings as well as contacts. */
static int stops_charges(const char *code)
{
	return !strcmp(code, "bankrupt") || !strcmp(code, "deceased") || !strcmp(code, "dispute");
}

/*
 * Fee or interest of one invoice at one step, within the profile's charges;
 * *limited is set to 1 when the profile's limit lowered it.
 */
static int64_t charge(const struct run *r, const struct strategy *s, int step, const struct inv_row *v,
		      const struct profile *p, int *limited)
{
	const struct strategy_step *st = &s->steps[step];
	__int128 amount = 0;

	*limited = 0;
	if (st->action == ACTION_FEE) {
		int bp = st->fee_bp;
		if (st->fee_e4)
			amount = strategy_e4_to_minor(st->fee_e4, currency_exponent(v->currency));
		else
			amount = (__int128)v->balance * bp / 10000;
		if (p && p->has_charges && amount > (__int128)v->amount * p->fee_max_bp / 10000) {
			amount = (__int128)v->amount * p->fee_max_bp / 10000;
			*limited = 1;
		}
	} else {
		int bp = st->interest_monthly_bp, from = 0;
		if (p && p->has_charges && bp > p->interest_monthly_max_bp) {
			bp = p->interest_monthly_max_bp;
			*limited = 1;
		}
		for (int j = step - 1; j >= 0; j--)
			if (s->steps[j].action == ACTION_INTEREST) {
				from = s->steps[j].offset_days;
				break;
			}
		if (from < 0)
			from = 0;
		amount = (__int128)v->balance * bp * (r->o->as_of - v->due - from) / (30 * 10000);
	}
	if (amount < 0)
		amount = 0;
	return amount > INT64_MAX ? INT64_MAX : (int64_t)amount;
}

/*
 * ---- the watch ----
 *
 * A next day changes about 7% of the open accounts (docs/strategies.md,
 * "The way to 3x"): a run for today visits only the customers whose
 * outcome can differ from "nothing new" since the last run. Each visit
 * writes the customer's watch row (store_run_watch_put, in the chunk's
 * transaction, after its actions): the first date on which what a run
 * decides for it, or its share of the snapshot, could change if nothing
 * were written (watch_note, the earliest of the candidates below), how
 * many of its accounts owe money, and its share of the snapshot (summed
 * from every row by finish()). Every write to what a run reads for a
 * customer marks it dirty (triggers: store/actions.h), and a write to the
 * tenant's configuration drops the watch state, so the next run visits
 * everyone; so does a change of the strategies as this binary loads them
 * (presets included: watch_version). The candidates, conservative by
 * construction (a doubt is the next day):
 *   - the day the next step of an open invoice of an account owing money
 *     falls due (watch_account), and the day after a hold of the customer
 *     ends (watch_begin);
 *   - the day the account's days past due cross an edge of a candidate
 *     strategy's segment (its strategy could change: watch_account);
 *   - the next day when a step due was passed over for its conditions (a
 *     promise ends, an answer ages: find_steps), when the fees and interest
 *     dated today make tomorrow's pick another strategy (watch_pick), when
 *     a candidate's segment names risk bands (they move with time), or when
 *     the customer has status flags (watch_begin);
 *   - the day an assignment of the customer begins (its collector in the
 *     snapshot: run_snapshot_next_assignment).
 * RECOUP_RUN_WATCH=0 visits everyone (the tests compare both ways, t0985).
 */

/*
 * Bump when a change to recoup changes when an account's outcome can change
 * (the candidates above), or what a watch row holds (watch-2: its snapshot
 * share names the strategy by its place among the run's, run_snapshot_text;
 * watch-3: it keeps each open invoice's due date, not its bucket, and the
 * day an invoice moves to an older bucket is no longer a candidate).
 */
#define RUN_WATCH_VERSION "watch-3"

/* The customer visited can change on `d` (the day after the as-of date at the earliest). */
static void watch_note(struct run *r, date_t d)
{
	if (d <= r->o->as_of)
		d = r->o->as_of + 1;
	if (d < r->w_next)
		r->w_next = d;
}

/*
 * Tomorrow's pick of the account's strategy, from its balance as it is
 * (`net`, with the fees and interest dated today, which the pick of today
 * leaves out: day_charges.h): the watch looks at the account again the
 * next day only when that pick is another strategy. The pick's other facts
 * are tomorrow's too, or watch_account noted the day one changes (an edge
 * of days past due); the steps' dates do not move with the balance, and
 * their conditions read it as it is, charges included, the same day
 * (do_customer's passes). The next day after every charge was the rule
 * before: on the bench book's next day 4,392 of 29,783 visits were that
 * alone (the first run's charges), and most recorded nothing.
 */
static void watch_pick(struct run *r, const struct account *ac, int64_t net)
{
	struct account_facts f = ac->facts;

	f.balance = net;
	if (strategies_for(&r->set, &f) != ac->s)
		watch_note(r, r->o->as_of + 1);
}

/* Before a customer's visit (the work pass): what of it can change with time alone, but its accounts. */
static void watch_begin(struct run *r, const struct run_customer *c)
{
	date_t since;

	r->w_next = DATE_NEVER;
	r->w_accounts = 0;
	r->w_snap0 = r->n_wsnap;
	if (!r->keep_watch)
		return;
	if (r->need_risk || is_flagged(r, c->id))
		watch_note(r, r->o->as_of + 1);
	for (size_t i = r->h0; i < r->h1; i++) {
		if (r->holds[i].until)
			watch_note(r, r->holds[i].until + 1);
		/*
		 * current as of this run, ended at a later moment (a run of an earlier
		 * day made after the end was written): the day it ends. The end's own
		 * write marked the customer before this run, which took the mark.
		 */
		if (r->holds[i].ended_at)
			watch_note(r, timestamp_date_utc(r->holds[i].ended_at));
	}
	for (size_t i = r->l0; i < r->l1; i++)
		watch_note(r, r->lates[i].issued);
	since = run_snapshot_next_assignment(&r->snap, c->id);
	if (since)
		watch_note(r, since);
}

/* After a customer's visit: its watch row, written at the chunk's end (watch_flush). */
static int watch_end(struct run *r, const struct run_customer *c)
{
	struct run_watch_row row = { c->id, r->w_next, r->w_accounts, NULL };

	if (!r->keep_watch)
		return 0;
	if (array_grow(&r->wsnap, &r->cap_wsnap, r->n_wsnap, 1) < 0 ||
	    array_grow(&r->w_off, &r->cap_w_off, r->n_wrows, sizeof(*r->w_off)) < 0)
		return error_set(r->e, ERR_ENV, "out of memory");
	r->wsnap[r->n_wsnap++] = '\0';
	r->w_off[r->n_wrows] = r->w_snap0;
	ARRAY_PUSH(r, wrows, n_wrows, cap_wrows, row);
	return 0;
}

/* The chunk's watch rows, after its actions (whose writes marked their customers dirty). */
static int watch_flush(struct run *r)
{
	size_t k = 0, n = r->n_wrows;
	int ret = 0;

	/*
	 * An id of the chunk that names no customer (one deleted since it was
	 * marked) gets an empty row, which clears its mark: else it is listed
	 * every day. The rows are in id order, as the chunk's ids.
	 */
	for (size_t i = 0; r->watch && r->keep_watch && i < r->watch_n; i++) {
		int64_t id = r->watch_ids[r->watch_lo + i];
		while (k < n && r->wrows[k].customer_id < id)
			k++;
		if (k < n && r->wrows[k].customer_id == id)
			continue;
		struct run_watch_row gone = { id, DATE_NEVER, 0, NULL };
		if (array_grow(&r->w_off, &r->cap_w_off, r->n_wrows, sizeof(*r->w_off)) < 0 ||
		    array_grow(&r->wsnap, &r->cap_wsnap, r->n_wsnap, 1) < 0)
			return error_set(r->e, ERR_ENV, "out of memory");
		r->w_off[r->n_wrows] = r->n_wsnap;
		r->wsnap[r->n_wsnap++] = '\0';
		ARRAY_PUSH(r, wrows, n_wrows, cap_wrows, gone);
	}

	for (size_t i = 0; i < r->n_wrows; i++)
		r->wrows[i].snap = r->wsnap + r->w_off[i];
	if (r->keep_watch && !r->o->dry_run)
		ret = store_run_watch_put(r->tx, r->wrows, r->n_wrows, r->e);
	r->n_wrows = r->n_wsnap = 0;
	return ret;
}

/*
 * An account's candidates: the next edge of a candidate segment's days
 * past due (its strategy could change), and when it owes money, the next
 * step of each open invoice not held.
 */
static void watch_account(struct run *r, const struct account *ac, date_t oldest, int64_t net)
{
	int dpd = r->o->as_of - oldest;

	for (size_t i = 0; i < r->n_edges; i++)
		if (r->edges[i] > dpd) {
			watch_note(r, oldest + r->edges[i]);
			break;
		}
	if (net <= 0)
		return;
	for (size_t i = ac->i0; i < ac->i1; i++) {
		const struct inv_row *v = &r->invs[i];
		int days = r->o->as_of - v->due;
		if (v->balance <= 0 || held(r, v->id, ac->currency, NULL))
			continue;
		for (size_t k = 0; k < ac->s->n_steps; k++)
			if (ac->s->steps[k].offset_days > days) {
				watch_note(r, v->due + ac->s->steps[k].offset_days);
				break;
			}
	}
}

static int by_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* The candidates' days-past-due edges: where dpd_min begins a segment and dpd_max + 1 ends it. */
static int watch_edges(struct run *r)
{
	for (size_t i = 0; i < r->set.n_candidates; i++) {
		const struct segment *g = &r->set.candidates[i]->segment;
		int e[2];
		size_t n = 0;
		if (g->has_dpd_min)
			e[n++] = g->dpd_min;
		if (g->has_dpd_max && g->dpd_max < INT32_MAX)
			e[n++] = g->dpd_max + 1;
		for (size_t k = 0; k < n; k++)
			ARRAY_PUSH(r, edges, n_edges, cap_edges, e[k]);
	}
	if (r->n_edges > 1)
		qsort(r->edges, r->n_edges, sizeof(*r->edges), by_int);
	return 0;
}

static uint64_t fnv(uint64_t h, const char *p)
{
	for (; *p; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ull;
	return (h ^ 0xff) * 1099511628211ull;
}

/*
 * What the watch rows are computed with: RUN_WATCH_VERSION and a hash of
 * the strategies as loaded (the tenant's and this binary's presets, the
 * candidates' order, the defaults) and of the aging buckets. A run that
 * finds another visits everyone.
 */
static int watch_version(struct run *r)
{
	uint64_t h = 14695981039346656037ull;
	char num[16];

	for (size_t i = 0; i < r->set.n_all; i++) {
		char *json = strategy_to_json(&r->set.all[i]);
		if (!json)
			return error_set(r->e, ERR_ENV, "out of memory");
		h = fnv(h, json);
		free(json);
	}
	for (size_t i = 0; i < r->set.n_candidates; i++)
		h = fnv(h, r->set.candidates[i]->name);
	for (size_t i = 0; i < 2; i++)
		h = fnv(h, r->set.defaults[i] ? r->set.defaults[i]->name : "");
	for (int i = 0; i < r->aging.n - 1; i++) {
		snprintf(num, sizeof(num), "%d", r->aging.upper[i]);
		h = fnv(h, num);
	}
	snprintf(r->version, sizeof(r->version), "%s %016llx", RUN_WATCH_VERSION, (unsigned long long)h);
	return 0;
}

static int on_watched(void *ctx, int64_t id)
{
	struct run *r = ctx;
	ARRAY_PUSH(r, watch_ids, n_watch_ids, cap_watch_ids, id);
	return 0;
}

/*
 * The watched customers read ahead, on a connection and thread of their own,
 * while the run's first writes (the agreements' reviews, 18 ms at 1M the
 * next day) go on: the scan of every watch row for the due ones was the
 * start's 20 ms, before the walk's first chunk. Only a run writes watch rows
 * and deletes marks, under the run lock the run holds by then, so the due
 * ones are the same at the start, and the marks read ahead are among those
 * of the start, which watch_start reads again (store_run_dirty_each, a few
 * rows) and adds. A configuration written meanwhile drops the watch's state
 * and the run visits everyone: what was read ahead is then not used.
 * RECOUP_RUN_AHEAD=0 reads them in the start's transaction as before;
 * =wait (tests) has the read ahead done before the reviews begin, so that
 * every mark a review writes comes after it and must be added.
 */
struct watch_ahead {
	/*
	 * The second connection, opened by the thread (ahead_main): the main
	 * thread reads it once the thread is joined. NULL: none (a database in
	 * memory, a dry run, no connection to be had).
	 */
	struct store *store;
	struct store *main_store; /* what it is opened beside (store_open_reader) */
	int running;              /* the thread was started (watch_ahead_start) */
	pthread_t thread;
	int64_t tenant;
	const char *actor;
	date_t as_of;
	struct run_ids {
		int64_t *v;
		size_t n, cap;
		struct error *e;
	} ids;               /* the read ahead's, ascending */
	struct run_ids tail; /* the start's (watch_ahead_meet), descending: the due ones from the last down */
	/* where the two are: the read ahead's last id taken, the start's (INT64_MAX: none yet) */
	_Atomic int64_t high, low;
	/* RECOUP_RUN_AHEAD=split:K (tests): the read ahead begins once the start has taken K ids from the end */
	long split;
	int go;     /* under lock: the start let the read ahead begin */
	int inited; /* lock and cond made (watch_ahead_start) */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	int ret;
	struct error err;
	int thread_done; /* joined already (watch_ahead_join, or RECOUP_RUN_AHEAD=wait) */
	/* RECOUP_RUN_TIMES: seconds since the start of the run's process clock (seconds_now) */
	double started, opened, read, joined, waited;
};

static int on_ahead(void *ctx, int64_t id)
{
	struct run_ids *l = ctx;
	ARRAY_PUSH(l, v, n, cap, id);
	return 0;
}

/* The read ahead's ids, up to where the start's from the end begin (watch_ahead_meet): 1 there, to stop. */
static int on_ahead_up(void *ctx, int64_t id)
{
	struct watch_ahead *w = ctx;
	int ret;

	if (id >= atomic_load(&w->low))
		return 1;
	ret = on_ahead(&w->ids, id);
	atomic_store(&w->high, id);
	return ret;
}

static void *ahead_main(void *arg)
{
	struct watch_ahead *w = arg;
	struct error ignored = ERROR_INIT;
	struct store_tx *tx = NULL;
	int ret;

	/*
	 * Opened here, not on the main thread, which meanwhile settles the
	 * agreements: on PostgreSQL a connection is a new server process, about
	 * 2 ms. Without one, the start reads every due id itself: stopped at
	 * once (high past every id: on_due_down).
	 */
	if (store_open_reader(w->main_store, &w->store, &ignored) <= 0) {
		w->store = NULL;
		atomic_store(&w->high, INT64_MAX);
		w->read = seconds_now();
		return NULL;
	}
	w->opened = seconds_now();
	if (w->split) {
		pthread_mutex_lock(&w->lock);
		while (!w->go)
			pthread_cond_wait(&w->cond, &w->lock);
		pthread_mutex_unlock(&w->lock);
	}
	ret = store_tx_begin(w->store, w->tenant, w->actor, STORE_READ, &tx, &w->err);
	if (ret == 0) {
		ret = store_run_watched_each(tx, w->as_of, on_ahead_up, w, &w->err);
		ret = ret == 1 ? 0 : iteration(ret); /* 1: met the start's ids */
	}
	if (tx) {
		int c = store_tx_commit(tx, &w->err);
		ret = ret == 0 && c < 0 ? c : ret;
		store_tx_free(tx);
	}
	w->ret = ret;
	w->read = seconds_now();
	return NULL;
}

/* Starts the read ahead; its thread opens the second connection, if the store offers one (else w->store stays NULL). */
static void watch_ahead_start(struct watch_ahead *w, const struct app_ctx *ctx, date_t as_of)
{
	const char *env = getenv("RECOUP_RUN_AHEAD");

	memset(w, 0, sizeof(*w));
	w->tenant = ctx->tenant;
	w->actor = ctx->actor;
	w->as_of = as_of;
	w->ids.e = &w->err;
	atomic_init(&w->high, INT64_MIN);
	atomic_init(&w->low, INT64_MAX);
	if (env && !strncmp(env, "split:", 6)) {
		long k = strtol(env + 6, NULL, 10);
		w->split = k > 0 ? k : 1;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->inited = 1;
	w->ret = -1;
	w->main_store = ctx->store;
	w->started = seconds_now();
	w->running = sys_thread_start(&w->thread, ahead_main, w) == 0;
}

/*
 * Waits for it: 1 and its ids in w->ids when it read them, 0 when there is
 * none or it failed. Its session stays open, idle, for the reader
 * (watch_ahead_session), else until watch_ahead_release.
 */
static int watch_ahead_join(struct watch_ahead *w)
{
	if (!w->running)
		return 0;
	if (!w->thread_done) {
		w->joined = seconds_now();
		pthread_join(w->thread, NULL);
		w->waited = seconds_now() - w->joined;
		w->thread_done = 1;
	}
	return w->ret == 0;
}

static void watch_ahead_go(struct watch_ahead *w)
{
	pthread_mutex_lock(&w->lock);
	w->go = 1;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->lock);
}

/* Its thread ended: let go when it waits for the meet (a run that did not meet it), then joined. */
static void watch_ahead_end(struct watch_ahead *w)
{
	if (w->running && !w->thread_done)
		watch_ahead_go(w);
	(void)watch_ahead_join(w);
}

/*
 * The read ahead's session, handed on to the run's reader (reader_start),
 * which would otherwise open one of its own (on PostgreSQL a connection is
 * a new server process, about 2 ms of the run's main thread), in a run that
 * visits everyone too, whose start did not wait for the read ahead: so a
 * run holds two sessions, not a third idle to its end. NULL when there is
 * none, or its read failed (then closed).
 */
static struct store *watch_ahead_session(struct watch_ahead *w)
{
	struct store *s;

	if (!w)
		return NULL;
	watch_ahead_end(w);
	s = w->store;
	w->store = NULL;
	if (s && w->ret != 0) {
		store_close(s);
		s = NULL;
	}
	return s;
}

static void watch_ahead_release(struct watch_ahead *w)
{
	watch_ahead_end(w); /* a run that failed before the meet: the read ahead may wait for it */
	store_close(w->store);
	w->store = NULL;
	free(w->ids.v);
	free(w->tail.v);
	memset(&w->ids, 0, sizeof(w->ids));
	memset(&w->tail, 0, sizeof(w->tail));
	if (w->inited) {
		pthread_cond_destroy(&w->cond);
		pthread_mutex_destroy(&w->lock);
		w->inited = 0;
	}
}

/* The start's ids from the end, down to the read ahead's: 1 there, to stop. */
static int on_due_down(void *ctx, int64_t id)
{
	struct watch_ahead *w = ctx;
	int ret;

	if (id <= atomic_load(&w->high) || (w->split && (long)w->tail.n >= w->split))
		return 1;
	ret = on_ahead(&w->tail, id);
	atomic_store(&w->low, id);
	return ret;
}

/*
 * While the read ahead reads the watched customers from the first up, the
 * start, done with its own work, reads the due ones from the last down (the
 * marks are merged after: watched_merge) until it meets what the read ahead
 * has taken; the read ahead stops where the start's began. Each takes every
 * id on its way until it stops, so between them they have every due one,
 * some perhaps twice (both checked the other's place before the other moved
 * it), which the merge drops. The start otherwise waited about 20 ms for the
 * read ahead's scan (the next day at 1M). Only a run writes watch rows, under
 * the run lock: the two transactions read the same rows.
 */
static int watch_ahead_meet(struct watch_ahead *w, struct store_tx *tx, struct error *e)
{
	int ret;

	if (!w->running || w->thread_done)
		return 0;
	w->tail.e = e;
	ret = store_run_due_desc_each(tx, w->as_of, on_due_down, w, e);
	if (w->split)
		watch_ahead_go(w);
	return ret == 1 ? 0 : iteration(ret);
}

/* r->watch_ids: the ids read ahead, the start's from the end and the marks of now, ascending, each once. */
static int watched_merge(struct run *r, struct watch_ahead *w)
{
	struct run_ids marks = { NULL, 0, 0, r->e };
	size_t i = 0, j = 0, k = w->tail.n;
	int ret = iteration(store_run_dirty_each(r->tx, on_ahead, &marks, r->e));

	/* three ascending lists (the tail read backwards): the least of their heads, each id once */
	while (ret == 0 && (i < w->ids.n || j < marks.n || k > 0)) {
		int64_t id = INT64_MAX;
		if (i < w->ids.n && w->ids.v[i] < id)
			id = w->ids.v[i];
		if (j < marks.n && marks.v[j] < id)
			id = marks.v[j];
		if (k > 0 && w->tail.v[k - 1] < id)
			id = w->tail.v[k - 1];
		while (i < w->ids.n && w->ids.v[i] == id)
			i++;
		while (j < marks.n && marks.v[j] == id)
			j++;
		while (k > 0 && w->tail.v[k - 1] == id)
			k--;
		ret = on_watched(r, id);
	}
	free(marks.v);
	return ret;
}

/*
 * In the first transaction: whether the run visits the watched customers
 * alone (the state the last complete run left is this binary's and this
 * configuration's, for a day not after this one) and which they are, or
 * everyone (the watch rows dropped, written again visit by visit). A dry
 * run neither reads nor writes them; a replay of a past day drops them, as
 * its rows would be of that day.
 */
static int watch_start(struct run *r)
{
	const char *env = getenv("RECOUP_RUN_WATCH");
	char state[sizeof(r->version) + DATE_TEXT_MAX + 2], day[DATE_TEXT_MAX];
	size_t n;
	date_t was;
	int ret;

	if (r->o->dry_run)
		return 0;
	if (r->later || r->o->replay)
		return store_run_watch_reset(r->tx, r->e);
	r->keep_watch = 1;
	ret = watch_edges(r);
	if (ret == 0)
		ret = watch_version(r);
	n = strlen(r->version);
	if (ret == 0)
		ret = store_run_watch_state_get(r->tx, state, sizeof(state), r->e);
	if (ret < 0)
		return ret;
	if (ret == 1 && !(env && !strcmp(env, "0")) && !strncmp(state, r->version, n) && state[n] == ' ' &&
	    snprintf(day, sizeof(day), "%s", state + n + 1) < (int)sizeof(day) && date_parse(day, &was, NULL) == 0 &&
	    was <= r->o->as_of) {
		r->watch = 1;
		r->sum->watched = 1;
		if (r->ahead) {
			int met = watch_ahead_meet(r->ahead, r->tx, r->e);
			if (met < 0)
				return met;
		}
		if (r->ahead && watch_ahead_join(r->ahead))
			return watched_merge(r, r->ahead);
		return iteration(store_run_watched_each(r->tx, r->o->as_of, on_watched, r, r->e));
	}
	return store_run_watch_reset(r->tx, r->e);
}

/*
 * The customers a watched run does not visit: their shares of the day's
 * snapshot and their owing accounts, summed from their watch rows (the
 * visited ones are summed as they are visited). Only a run writes watch
 * rows, under the run lock, and the rows of the customers not visited are
 * not written by this one: the sum is the same whenever it is taken, and
 * in whatever slices: by the reader beside the walk, a slice at a time
 * while it waits for the walk (reader_scan), or by the walk at its end.
 */
struct watch_scan {
	const int64_t *skip; /* the visited, ascending */
	size_t n_skip;
	struct run_snapshot *snap;
	int64_t accounts;
	struct error *e;
	/* where the slices are: */
	int64_t after;    /* the last customer id read */
	size_t next_skip; /* skip[next_skip] is the first visited id after `after` */
	size_t seen;      /* rows read by the slice */
	int done;         /* every row read */
};

static int on_watch_row(void *ctx, const struct run_watch_row *row)
{
	struct watch_scan *w = ctx;

	/* the rows come by id, as the skipped ids are */
	w->after = row->customer_id;
	w->seen++;
	while (w->next_skip < w->n_skip && w->skip[w->next_skip] < row->customer_id)
		w->next_skip++;
	if (w->next_skip < w->n_skip && w->skip[w->next_skip] == row->customer_id)
		return 0;
	w->accounts += row->accounts;
	return run_snapshot_add_text(w->snap, row->snap, w->e);
}

/* The next `limit` rows (0: all that are left); w->done once every row is read. */
static int watch_scan(struct store_tx *tx, struct watch_scan *w, size_t limit)
{
	int ret;

	w->seen = 0;
	ret = iteration(store_run_watch_each(tx, w->after, limit, on_watch_row, w, w->e));
	if (ret == 0 && (!limit || w->seen < limit))
		w->done = 1;
	return ret;
}

/*
 * In the last transaction: the customers not visited added to the day's
 * snapshot and accounts (`scanned` when the reader summed them already),
 * and the state for the next run.
 */
static int watch_finish(struct run *r, const struct watch_scan *scanned)
{
	char state[sizeof(r->version) + DATE_TEXT_MAX + 2], day[DATE_TEXT_MAX];
	int ret = 0;

	if (!r->keep_watch)
		return 0;
	if (r->watch && scanned) {
		ret = run_snapshot_merge(&r->snap, scanned->snap, r->e);
		r->sum->accounts_seen += scanned->accounts;
	} else if (r->watch) {
		struct watch_scan w = { r->watch_ids, r->n_watch_ids, &r->snap, 0, r->e, 0, 0, 0, 0 };
		ret = watch_scan(r->tx, &w, 0);
		r->sum->accounts_seen += w.accounts;
	}
	snprintf(state, sizeof(state), "%s %s", r->version, date_format(r->o->as_of, day, sizeof(day)));
	return ret < 0 ? ret : store_run_watch_state_put(r->tx, state, r->e);
}

/* The question about a group of items: the customer, its contact and their invoices. */
static int question(struct run *r, const struct account *ac, const struct item *items, size_t n, enum channel ch,
		    struct rules_chunk_question *q)
{
	if (n && array_grow(&r->ids, &r->cap_ids, n - 1, sizeof(*r->ids)) < 0)
		return error_set(r->e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < n; i++)
		r->ids[i] = r->invs[items[i].inv].id;
	memset(q, 0, sizeof(*q));
	q->customer_id = ac->c->id;
	q->contact_id = ac->contact ? ac->contact->id : 0;
	q->invoice_ids = r->ids;
	q->n_invoices = n;
	q->channel = ch;
	return 0;
}

/*
 * Why the profile's charges lowered a fee or interest step (none: nothing
 * posted, the action refused; else capped, the action done): reason_code
 * charge_limit and a sentence naming the profile and its limit.
 */
static void charge_limited(struct action_record *a, const struct profile *p, enum ledger_kind kind, size_t posted)
{
	int bp = kind == LEDGER_FEE ? p->fee_max_bp : p->interest_monthly_max_bp;
	const char *field = kind == LEDGER_FEE ? "fee_max_bp" : "interest_monthly_max_bp";

	text_copy(a->reason_code, sizeof(a->reason_code), "charge_limit");
	if (!posted && bp == 0) {
		text_copy(a->state, sizeof(a->state), "refused");
		a->scheduled_at = TIMESTAMP_NONE;
		snprintf(a->reason, sizeof(a->reason),
			 "profile '%s' allows no %s (charges.%s 0): nothing posted, the step is recorded", p->name,
			 kind == LEDGER_FEE ? "fee" : "interest", field);
	} else if (!posted && kind == LEDGER_FEE) {
		text_copy(a->state, sizeof(a->state), "refused");
		a->scheduled_at = TIMESTAMP_NONE;
		snprintf(a->reason, sizeof(a->reason),
			 "profile '%s' allows fees of at most %d.%02d%% of an invoice's amount in all (charges.%s %d), "
			 "already charged: nothing posted, the step is recorded",
			 p->name, bp / 100, bp % 100, field, bp);
	} else if (kind == LEDGER_FEE) {
		snprintf(a->reason, sizeof(a->reason),
			 "capped by profile '%s': a fee of at most %d.%02d%% of an invoice's amount (charges.%s %d)",
			 p->name, bp / 100, bp % 100, field, bp);
	} else {
		snprintf(a->reason, sizeof(a->reason),
			 "capped by profile '%s': interest of at most %d.%02d%% a month (charges.%s %d)", p->name,
			 bp / 100, bp % 100, field, bp);
	}
}

/*
 * The charges not posted for the ledger's limit: an invoice's balance stays
 * within MONEY_AMOUNT_MAX (core/money.h, the largest amount recoup takes in
 * a file or on the command line). Interest at 10% a month since a due date
 * decades back (a mistyped year, most often) came to 8.4e16 minor units on
 * one invoice of 9e14, posted as such: a balance no input could hold, and
 * sums of such balances near INT64_MAX. Such a charge is not posted, rather
 * than capped at the limit (a capped figure is one no contract or profile
 * gives): the step says so, reason_code amount_limit, and a person decides
 * (docs/strategies.md, "Fees and interest").
 */
struct over_limit {
	size_t n;       /* invoices whose charge was not posted */
	date_t due;     /* the first one's due date */
	int64_t amount; /* its charge, as computed (INT64_MAX: more than int64 holds) */
};

/* Whether `amount` on an invoice of `balance`, added to an action's `*total`, stays within the limits. */
static int within_limit(int64_t balance, int64_t amount, int64_t *total)
{
	int64_t sum;

	if (amount > MONEY_AMOUNT_MAX - (balance > 0 ? balance : 0) || __builtin_add_overflow(*total, amount, &sum))
		return 0;
	*total = sum;
	return 1;
}

/*
 * The step's state and reason for the charges not posted: refused when
 * none of the group's was (the step recorded, not tried again), else done
 * for the others; amount_limit either way, over a profile's charge_limit.
 */
static void amount_limited(struct action_record *a, enum ledger_kind kind, const struct over_limit *o, size_t posted)
{
	const char *what = kind == LEDGER_FEE ? "a fee" : "interest";
	int exp = currency_exponent(a->currency);
	char amount[MONEY_TEXT_MAX], max[MONEY_TEXT_MAX], due[DATE_TEXT_MAX];

	money_format(o->amount, exp, amount, sizeof(amount));
	money_format(MONEY_AMOUNT_MAX, exp, max, sizeof(max));
	date_format(o->due, due, sizeof(due));
	text_copy(a->reason_code, sizeof(a->reason_code), "amount_limit");
	if (!posted) {
		text_copy(a->state, sizeof(a->state), "refused");
		a->scheduled_at = TIMESTAMP_NONE;
	}
	if (o->n == 1)
		snprintf(a->reason, sizeof(a->reason),
			 "%s of %s%s %s on the invoice due %s would take its balance beyond %s %s, the largest "
			 "amount recoup keeps: not posted (a mistyped due date or amount?)",
			 what, o->amount == INT64_MAX ? "more than " : "", amount, a->currency, due, max, a->currency);
	else
		snprintf(a->reason, sizeof(a->reason),
			 "%s on %zu invoices (the first due %s: %s%s %s) would take their balances beyond %s %s, "
			 "the largest amount recoup keeps: not posted on them",
			 what, o->n, due, o->amount == INT64_MAX ? "more than " : "", amount, a->currency, max,
			 a->currency);
}

struct fees_posted {
	date_t upto;
	__int128 sum;
};

static int on_fee_entry(void *ctx, const struct ledger_entry *le)
{
	struct fees_posted *f = ctx;
	if (le->kind == LEDGER_FEE && le->date <= f->upto)
		f->sum += le->amount;
	return 0;
}

/*
 * A fee within what the profile leaves of its cap on the invoice: the cap
 * (charges.fee_max_bp of the invoice's amount) is one for all the fees of
 * the invoice, as a fine is (br-consumer: 2%, CDC art. 52 s1), not one for
 * each fee step: a strategy with two fee steps charged a Brazilian consumer
 * 4%. The fees already posted on it, dated up to the run's date, from any
 * step or source, are read here (through the entries' invoice index), only
 * for a profile with a fee cap. *amount lowered, *limited set when it was.
 */
static int fee_within_cap(struct run *r, const struct inv_row *v, const struct profile *p, int64_t *amount,
			  int *limited)
{
	struct fees_posted posted = { r->o->as_of, 0 };
	__int128 cap;
	int ret;

	if (!p || !p->has_charges || p->fee_max_bp <= 0 || *amount <= 0)
		return 0;
	ret = store_ledger_of_invoice(r->tx, v->id, on_fee_entry, &posted, r->e);
	if (ret < 0)
		return ret;
	cap = (__int128)v->amount * p->fee_max_bp / 10000 - posted.sum;
	if (cap < 0)
		cap = 0;
	if (*amount > cap) {
		*amount = (int64_t)cap;
		*limited = 1;
	}
	return 0;
}

/* Fee or interest: posted per invoice, one action for the group. */
static int do_charges(struct run *r, const struct account *ac, struct action_record *a, const struct item *items,
		      size_t n)
{
	const struct profile *p = NULL;
	enum ledger_kind kind = !strcmp(a->kind, "fee") ? LEDGER_FEE : LEDGER_INTEREST;
	struct over_limit over = { 0 };
	int64_t total = 0; /* what the action posts: a->amount */
	size_t m = 0;
	int ret, limited = 0;

	if (rules_ctx_customer_profile(r->rules, ac->c, &p, NULL) < 0)
		p = NULL;
	if (ac->contact) {
		struct rules_chunk_question q;
		ret = question(r, ac, items, n, CHANNEL_LETTER, &q);
		if (ret == 0)
			ret = ask(r, &q, rules_ctx_day_start(ac->contact, ac->c, r->o->as_of));
		if (ret < 0 && ret != -ERR_INPUT)
			return ret;
		*r->e = (struct error)ERROR_INIT;
		if (ret == 0 && r->answer.verdict.next == NEXT_NEVER && r->answer.verdict.n_reasons &&
		    stops_charges(r->answer.verdict.reasons[0].code)) {
			refuse(a, &r->answer.verdict);
			return record(r, a, ac, items, n);
		}
	}
	if (array_grow(&r->les, &r->cap_les, n - 1, sizeof(*r->les)) < 0)
		return error_set(r->e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct inv_row *v = &r->invs[items[i].inv];
		int lowered;
		int64_t amount = charge(r, ac->s, items[i].step, v, p, &lowered);
		if (kind == LEDGER_FEE) {
			ret = fee_within_cap(r, v, p, &amount, &lowered);
			if (ret < 0)
				return ret;
		}
		limited |= lowered;
		if (amount <= 0)
			continue;
		if (!within_limit(v->balance, amount, &total)) {
			if (over.n++ == 0) {
				over.due = v->due;
				over.amount = amount;
			}
			continue;
		}
		memset(&r->les[m], 0, sizeof(r->les[m]));
		r->les[m].customer_id = ac->c->id;
		r->les[m].invoice_id = v->id;
		r->les[m].kind = kind;
		r->les[m].amount = amount;
		text_copy(r->les[m].currency, sizeof(r->les[m].currency), v->currency);
		r->les[m].date = r->o->as_of;
		a->amount = total;
		if (r->charged)
			r->charged[items[i].inv] += amount; /* for the snapshot, taken after (do_customer) */
		m++;
	}
	text_copy(a->state, sizeof(a->state), "done");
	a->scheduled_at = (timestamp_t)r->o->as_of * 86400;
	if (over.n)
		amount_limited(a, kind, &over, m);
	else if (limited)
		charge_limited(a, p, kind, m);
	if (m)
		r->charged_now = 1; /* its balance moved: tomorrow's pick is looked at after the visit (watch_pick) */
	if (m && !r->o->dry_run) {
		ret = store_ledger_post(r->tx, r->les, m, 0, r->e);
		if (ret < 0)
			return ret;
	}
	return record(r, a, ac, items, n);
}

/* One action for the items due on one (effective) action kind. */
static int do_group(struct run *r, const struct account *ac, enum step_action kind, const struct item *items, size_t n)
{
	struct action_record a;
	struct rules_chunk_question q;
	enum channel ch;
	int last = 0, ret;

	for (size_t i = 0; i < n; i++)
		if (items[i].step > last)
			last = items[i].step;
	action_init(r, &a, ac->c, ac->currency, ac->s, last, step_action_name(kind), "scheduled");
	if (kind != ACTION_FEE && kind != ACTION_INTEREST) {
		for (size_t i = 0; i < n; i++)
			a.amount += r->invs[items[i].inv].balance;
		/* netted: what the customer owes in that currency, not more (credit or unapplied cash count) */
		if (a.amount > ac->facts.balance)
			a.amount = ac->facts.balance;
	}
	ret = load_rules_chunk(r);
	if (ret < 0)
		return ret;
	if (kind == ACTION_FEE || kind == ACTION_INTEREST)
		return do_charges(r, ac, &a, items, n);
	if (!ac->contact) {
		text_copy(a.state, sizeof(a.state), "refused");
		text_copy(a.reason_code, sizeof(a.reason_code), "no_contact");
		snprintf(a.reason, sizeof(a.reason), "customer '%s' has no contact to reach", ac->c->ref);
		return record(r, &a, ac, items, n);
	}
	a.contact_id = ac->contact->id;
	text_copy(a.contact_ref, sizeof(a.contact_ref), ac->contact->ref);
	/* a task that reaches no one still stops where contact must: asked as a letter, only a permanent stop counts */
	ret = question(r, ac, items, n, step_action_channel(kind, &ch) ? ch : CHANNEL_LETTER, &q);
	if (ret < 0)
		return ret;
	if (step_action_channel(kind, &ch)) {
		ret = schedule(r, &a, &q, ac->c, ac->contact);
	} else {
		ret = ask(r, &q, rules_ctx_day_start(ac->contact, ac->c, r->o->as_of));
		if (ret == 0 && !r->answer.verdict.allowed && r->answer.verdict.next == NEXT_NEVER) {
			refuse(&a, &r->answer.verdict);
		} else if (ret == 0 || ret == -ERR_INPUT) {
			a.scheduled_at = q.at;
			snprintf(a.local_time, sizeof(a.local_time), "%s",
				 ret == 0 ? r->answer.verdict.local_time : "");
			*r->e = (struct error)ERROR_INIT;
			ret = 0;
		}
	}
	if (ret < 0)
		return ret;
	return record(r, &a, ac, items, n);
}

/*
 * Until when a promise attempt holds (docs/strategies.md): its note reads
 * "promised 1234.50 USD by 2026-11-30", as `recoup generate` and
 * docs/csv.md write it; without a date, 14 days from the attempt. The
 * currency named, if any, is the account it is about.
 */
static date_t promise_until(const struct run_answer *a, char *currency, size_t size)
{
	const char *p = a->note ? a->note : "", *by = strstr(p, " by ");
	char day[11] = "";
	date_t until = 0;

	currency[0] = 0;
	if (!strncmp(p, "promised ", 9)) {
		const char *cur = strchr(p + 9, ' ');
		if (cur && strlen(cur) >= 4 && (cur[4] == ' ' || cur[4] == 0))
			snprintf(currency, size, "%.3s", cur + 1);
	}
	/* the date alone: a note may go on after it ("by 2026-11-30, by transfer") */
	if (by)
		text_copy(day, sizeof(day), by + 4);
	if (!by || date_parse(day, &until, NULL) < 0)
		until = timestamp_date_utc(a->at) + 14;
	return until;
}

static int on_answer(void *ctx, const struct run_answer *a)
{
	struct run *r = ctx;
	struct answer_row row = { a->customer_id, a->at, 0, { 0 } };

	/*
	 * a promise recorded with `promise add` holds its invoices itself (a hold,
	 * ended by its review); only history that says what was promised ("promised
	 * ..." notes: imports, generate) is read here, so a promise outcome logged
	 * beside its record does not hold the account 14 days after it broke
	 */
	if (!strcmp(a->outcome, "promise") && a->note && !strncmp(a->note, "promised ", 9))
		row.promised_until = promise_until(a, row.currency, sizeof(row.currency));
	ARRAY_PUSH(r, answers, n_answers, cap_answers, row);
	return 0;
}

/*
 * The asked customers' answers: by range, or by their ids when they lie far
 * apart (as rules_ctx_chunk_load; one statement for them all on PostgreSQL).
 */
static int load_answers(struct run *r)
{
	int64_t lo, hi;

	if (r->answers_loaded)
		return 0;
	r->n_answers = 0;
	r->answers_loaded = 1;
	if (r->n_asked == 0)
		return 0;
	lo = r->asked[0].id;
	hi = r->asked[r->n_asked - 1].id;
	if ((uint64_t)(hi - lo) < (uint64_t)r->n_asked * 8)
		return iteration(store_run_answers_each(r->tx, lo, hi, r->known_at, on_answer, r, r->e));
	return iteration(store_run_answers_of(r->tx, r->asked_ids, r->n_asked_ids, r->known_at, on_answer, r, r->e));
}

/* The action's moment read by prefetch_paid, or NULL (not read: ask the store). */
static struct moment_row *moment_of(struct run *r, int64_t id)
{
	size_t lo = 0, hi = r->n_moments;

	if (!r->moments_loaded)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->moments[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n_moments && r->moments[lo].id == id ? &r->moments[lo] : NULL;
}

static int on_moment(void *ctx, int64_t id, const char *state, timestamp_t at)
{
	struct run *r = ctx;
	/* the ids asked were put in first, ascending, with no moment: this one's replaces it */
	struct moment_row *m = moment_of(r, id);

	if (m)
		m->at = at != TIMESTAMP_NONE && (!strcmp(state, "scheduled") || !strcmp(state, "done"))
				? at
				: TIMESTAMP_NONE;
	return 0;
}

/*
 * The moments of every action the questions may look at (their invoice's
 * recorded steps), in one call; an id that is no action keeps no moment,
 * as store_run_action_moment's 0 does.
 */
static int load_moments(struct run *r)
{
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	int ret = 0;

	r->n_moments = 0;
	r->moments_loaded = 0;
	for (size_t q = 0; q < r->n_paid_qs; q++) {
		const struct paid_question *pq = &r->paid_qs[q];
		for (size_t i = pq->r0; i < pq->r1; i++) {
			if (r->recs[i].invoice_id != pq->invoice)
				continue;
			if (array_grow(&ids, &cap, n, sizeof(*ids)) < 0) {
				free(ids);
				return error_set(r->e, ERR_ENV, "out of memory");
			}
			ids[n++] = r->recs[i].action_id;
		}
	}
	if (n == 0) {
		free(ids);
		return 0;
	}
	n = array_sort_unique_int64(ids, n);
	for (size_t i = 0; i < n; i++) {
		struct moment_row m = { ids[i], TIMESTAMP_NONE };
		if (array_grow(&r->moments, &r->cap_moments, r->n_moments, sizeof(*r->moments)) < 0) {
			free(ids);
			return error_set(r->e, ERR_ENV, "out of memory");
		}
		r->moments[r->n_moments++] = m;
	}
	r->moments_loaded = 1;
	ret = iteration(store_run_action_moments(r->tx, ids, n, on_moment, r, r->e));
	free(ids);
	if (ret < 0)
		r->moments_loaded = 0;
	return ret;
}

/* The moment the last earlier step of the invoice that went out was scheduled: 0 when none did. */
static int previous_moment(struct run *r, const struct account *ac, int k, int64_t invoice, size_t r0, size_t r1,
			   timestamp_t *at)
{
	const struct strategy *s = ac->s;

	*at = 0;
	for (int j = k - 1; j >= 0; j--)
		for (size_t i = r0; i < r1; i++) {
			char state[ACTION_STATE_MAX + 1] = "";
			timestamp_t t = 0;
			const struct moment_row *m;
			int ret;
			if (r->recs[i].invoice_id != invoice || strcmp(r->recs[i].step, s->steps[j].name) ||
			    strcmp(r->recs[i].strategy, s->name))
				continue;
			m = moment_of(r, r->recs[i].action_id);
			if (m) {
				if (m->at != TIMESTAMP_NONE) {
					*at = m->at;
					return 0;
				}
				continue;
			}
			ret = store_run_action_moment(r->tx, r->recs[i].action_id, state, sizeof(state), &t, r->e);
			if (ret < 0)
				return ret;
			if (ret == 1 && t != TIMESTAMP_NONE &&
			    (!strcmp(state, "scheduled") || !strcmp(state, "done"))) {
				*at = t;
				return 0;
			}
		}
	return 0;
}

/* The chunk's question (customer, currency, from) among those put (prefetch_paid; paid -1 while to ask), or NULL. */
static const struct paid_row *paid_row_of(const struct run *r, int64_t customer_id, const char *currency, date_t from)
{
	for (size_t i = 0; i < r->n_paids; i++)
		if (r->paids[i].customer_id == customer_id && r->paids[i].from == from &&
		    !strcmp(r->paids[i].currency, currency))
			return &r->paids[i];
	return NULL;
}

/* Whether one of the customer's answers [a0, a1) came at or after `since`. */
static int answered_since(const struct run *r, size_t a0, size_t a1, timestamp_t since)
{
	for (size_t i = a0; i < a1; i++)
		if (r->answers[i].at >= since)
			return 1;
	return 0;
}

/*
 * The step conditions that depend on what the debtor did (docs/strategies.md):
 * not_while_promise fails while a promise on the account is current;
 * only_if_no_answer fails when, since the last earlier step of the invoice
 * was scheduled, the debtor answered (an inbound contact, a conversation
 * with an outcome) or money came in on the account. 1: they hold.
 */
static int conditions_hold(struct run *r, const struct account *ac, int k, int64_t invoice, size_t r0, size_t r1)
{
	const struct step_conditions *cond = &ac->s->steps[k].cond;
	size_t a0, a1, pos = 0;
	timestamp_t since;
	date_t from;
	const struct paid_row *paid;
	int ret;

	if (r->planning == 1 && cond->only_if_no_answer) {
		/* asked after the plan, on its side (prefetch_paid); the plan takes the conditions to hold */
		struct paid_question q = { ac->customer_id, ac->s, ac->currency, k, invoice, r0, r1 };
		ARRAY_PUSH(r, paid_qs, n_paid_qs, cap_paid_qs, q);
	}
	if (r->planning || (!cond->not_while_promise && !cond->only_if_no_answer))
		return 1;
	ret = load_answers(r);
	if (ret < 0)
		return ret;
	SLICE(r->answers, r->n_answers, pos, ac->customer_id, a0, a1);
	for (size_t i = a0; i < a1; i++)
		if (cond->not_while_promise && r->answers[i].promised_until >= r->o->as_of &&
		    (!r->answers[i].currency[0] || !strcmp(r->answers[i].currency, ac->currency)))
			return 0;
	if (!cond->only_if_no_answer)
		return 1;
	ret = previous_moment(r, ac, k, invoice, r0, r1, &since);
	if (ret < 0 || !since)
		return ret < 0 ? ret : 1;
	if (answered_since(r, a0, a1, since))
		return 0;
	from = timestamp_date_utc(since);
	/* answered by the plan's questions (prefetch_paid: the reader's, or the walk's own), else asked now */
	paid = paid_row_of(r, ac->customer_id, ac->currency, from);
	if (paid && paid->by_walk)
		r->paid_asked_n++;
	else if (paid)
		r->paid_found_n++;
	else
		r->paid_asked_n++;
	ret = paid ? paid->paid : store_run_paid_between(r->tx, ac->customer_id, ac->currency, from, r->o->as_of, r->e);
	return ret < 0 ? ret : !ret;
}

/*
 * The "money in since" questions the plan met, answered on the reader's
 * connection beside the walk when the reader is ahead (reader_read, as the
 * contact rules' rows): a question reads every invoice of the customer and
 * its ledger rows (934 of them the next day at 1M, 35 us each, 6% of the
 * walk's time). The work finds the answer (paid_row_of) when it asks the
 * same question, as it does unless a write of its own moved the step's
 * previous moment (a waiting action it cancelled) or it looks at an
 * earlier step; then it asks the store. The plan's rows are those of the
 * walk's transaction: the walk writes no payment, credit note or contact
 * attempt, and a chunk read before another connection's commit is read
 * again (reader_take).
 */
static int prefetch_paid(struct run *r, int by_walk)
{
	int64_t *customers = NULL;
	const char **currencies = NULL;
	date_t *froms = NULL;
	int *out = NULL;
	size_t n;
	int ret = 0;

	r->n_paids = 0;
	if (r->n_paid_qs == 0)
		return 0;
	ret = load_answers(r);
	if (ret == 0)
		ret = load_moments(r);
	for (size_t i = 0; i < r->n_paid_qs && ret >= 0; i++) {
		const struct paid_question *q = &r->paid_qs[i];
		struct account ac = { 0 };
		struct paid_row row = { q->customer_id, 0, "", -1, by_walk };
		timestamp_t since;
		size_t a0, a1, pos = 0;

		ac.customer_id = q->customer_id;
		ac.s = q->s;
		ac.currency = q->currency;
		ret = previous_moment(r, &ac, q->step, q->invoice, q->r0, q->r1, &since);
		if (ret < 0 || !since)
			continue;
		SLICE(r->answers, r->n_answers, pos, q->customer_id, a0, a1);
		row.from = timestamp_date_utc(since);
		if (answered_since(r, a0, a1, since) || paid_row_of(r, q->customer_id, q->currency, row.from))
			continue;
		text_copy(row.currency, sizeof(row.currency), q->currency);
		ARRAY_PUSH(r, paids, n_paids, cap_paids, row);
	}
	r->n_paid_qs = 0;
	/* every question put, in one call (one statement on PostgreSQL) */
	n = r->n_paids;
	if (ret >= 0 && n) {
		customers = malloc(n * sizeof(*customers));
		currencies = malloc(n * sizeof(*currencies));
		froms = malloc(n * sizeof(*froms));
		out = malloc(n * sizeof(*out));
		if (!customers || !currencies || !froms || !out)
			ret = error_set(r->e, ERR_ENV, "out of memory");
		for (size_t i = 0; i < n && ret >= 0; i++) {
			customers[i] = r->paids[i].customer_id;
			currencies[i] = r->paids[i].currency;
			froms[i] = r->paids[i].from;
		}
		if (ret >= 0)
			ret = store_run_paid_between_each(r->tx, customers, currencies, froms, n, r->o->as_of, out,
							  r->e);
		for (size_t i = 0; i < n && ret >= 0; i++)
			r->paids[i].paid = out[i];
		free(customers);
		free(currencies);
		free(froms);
		free(out);
	}
	if (ret < 0)
		r->n_paids = 0;
	return ret < 0 ? ret : 0;
}

/*
 * Whether (invoice, strategy, step) is recorded in the customer's rows
 * [r0, r1): the action that took it (> 0), -1 when this run did (done_now),
 * 0 when not.
 */
static int64_t recorded_by(const struct run *r, size_t r0, size_t r1, int64_t invoice, const char *strategy,
			   const char *step)
{
	for (size_t i = r0; i < r1; i++)
		if (r->recs[i].invoice_id == invoice && !strcmp(r->recs[i].step, step) &&
		    !strcmp(r->recs[i].strategy, strategy))
			return r->recs[i].action_id;
	for (size_t i = 0; i < r->n_done_now; i++)
		if (r->done_now[i].invoice == invoice && !strcmp(r->done_s->steps[r->done_now[i].step].name, step) &&
		    !strcmp(r->done_s->name, strategy))
			return -1;
	return 0;
}

/* 1 when (invoice, strategy, step) is recorded in the customer's rows [r0, r1). */
static int recorded(const struct run *r, size_t r0, size_t r1, int64_t invoice, const char *strategy, const char *step)
{
	return recorded_by(r, r0, r1, invoice, strategy, step) != 0;
}

/* The items find_steps found, as recorded for the account (done_now), before they are recorded. */
static int note_done(struct run *r)
{
	const struct item *lists[] = { r->due, r->superseded };
	size_t n[] = { r->n_due, r->n_sup };

	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < n[k]; i++) {
			struct done_item d = { r->invs[lists[k][i].inv].id, lists[k][i].step };
			ARRAY_PUSH(r, done_now, n_done_now, cap_done_now, d);
		}
	return 0;
}

/*
 * The fees and interest this run posted on the account's invoices, moved
 * into their balances (what a run of the same day again reads): 1 when
 * there were any.
 */
static int fold_charges(struct run *r, size_t i0, size_t i1)
{
	int any = 0;

	for (size_t i = i0; r->charged && i < i1; i++)
		if (r->charged[i]) {
			r->invs[i].balance += r->charged[i];
			r->charged[i] = 0;
			any = 1;
		}
	return any;
}

/* Finds, per open invoice, the step now due and the earlier ones it supersedes. */
static int find_steps(struct run *r, const struct account *ac, size_t r0, size_t r1)
{
	const struct strategy *s = ac->s;

	r->n_due = r->n_sup = 0;
	for (size_t i = ac->i0; i < ac->i1; i++) {
		const struct inv_row *v = &r->invs[i];
		if (v->top)
			continue; /* the latest step due is done (the probe found it): nothing new */
		/* a held invoice waits: its steps are neither due nor superseded until the hold ends */
		int k = v->balance > 0 && !held(r, v->id, ac->currency, NULL)
				? strategy_step_due(s, r->o->as_of - v->due)
				: -1;
		int64_t redo = 0;
		for (; k >= 0; k--) {
			int64_t by = recorded_by(r, r0, r1, v->id, s->name, s->steps[k].name);
			/* done, unless a hold cancelled it before it was made and has ended: then done again */
			redo = by > 0 && redo_of(r, v->customer_id, by) ? by : 0;
			if (by && !redo) {
				k = -1; /* the latest step due is done: nothing new */
				break;
			}
			if (step_balance_met(&s->steps[k].cond, &ac->facts)) {
				int hold = conditions_hold(r, ac, k, v->id, r0, r1);
				if (hold < 0)
					return hold;
				if (hold)
					break;
			}
			/* a step due whose conditions fail now may hold tomorrow (a promise ends...) */
			if (!r->planning)
				watch_note(r, r->o->as_of + 1);
			if (redo) {
				k = -1; /* the steps before it were done or passed over when it was first recorded */
				break;
			}
		}
		if (k < 0)
			continue;
		struct item it = { i, k, redo };
		ARRAY_PUSH(r, due, n_due, cap_due, it);
		for (int j = 0; j < k; j++) {
			struct item sup = { i, j, 0 };
			if (recorded(r, r0, r1, v->id, s->name, s->steps[j].name))
				continue;
			ARRAY_PUSH(r, superseded, n_sup, cap_sup, sup);
		}
	}
	return 0;
}

/* Records the superseded steps: one action per step of the account. */
static int do_superseded(struct run *r, const struct account *ac)
{
	int ret = 0;

	for (size_t i = 0; i < r->n_sup && ret == 0; i++) {
		struct action_record a;
		size_t n = 0;
		int step = r->superseded[i].step;
		if (step < 0)
			continue;
		/* gather this step's items at the front of the tail */
		for (size_t j = i; j < r->n_sup; j++)
			if (r->superseded[j].step == step) {
				struct item t = r->superseded[i + n];
				r->superseded[i + n] = r->superseded[j];
				r->superseded[j] = t;
				n++;
			}
		action_init(r, &a, ac->c, ac->currency, ac->s, step, step_action_name(ac->s->steps[step].action),
			    "superseded");
		text_copy(a.reason_code, sizeof(a.reason_code), "superseded");
		snprintf(a.reason, sizeof(a.reason), "a later step of the strategy was due on %s",
			 date_format(r->o->as_of, (char[DATE_TEXT_MAX]){ 0 }, DATE_TEXT_MAX));
		for (size_t j = i; j < i + n; j++)
			a.amount += r->invs[r->superseded[j].inv].balance;
		ret = record(r, &a, ac, r->superseded + i, n);
		i += n - 1;
	}
	return ret;
}

/*
 * The due items, grouped by the action they take for this contact. A step
 * a hold had cancelled is done again by that action (item.redo), and the
 * day's new steps of the same kind join it (one message per customer and
 * channel); a second such action of the kind is done again on its own.
 */
static int do_due(struct run *r, const struct account *ac)
{
	for (int kind = 0; kind < ACTION_COUNT; kind++) {
		for (;;) {
			int64_t redo = 0;
			size_t n = 0, of_kind = 0;
			for (size_t i = 0; i < r->n_due; i++)
				if ((int)effective_action(ac->s->steps[r->due[i].step].action, ac->contact) == kind) {
					of_kind++;
					if (!redo)
						redo = r->due[i].redo;
				}
			if (!of_kind)
				break;
			for (size_t i = 0; i < r->n_due; i++) {
				enum step_action a = effective_action(ac->s->steps[r->due[i].step].action, ac->contact);
				if ((int)a == kind && (r->due[i].redo == redo || !r->due[i].redo)) {
					struct item t = r->due[n];
					r->due[n] = r->due[i];
					r->due[i] = t;
					n++;
				}
			}
			int ret = do_group(r, ac, (enum step_action)kind, r->due, n);
			if (ret < 0)
				return ret;
			/* drop the group done: the rest moves to the front */
			memmove(r->due, r->due + n, (r->n_due - n) * sizeof(*r->due));
			r->n_due -= n;
		}
	}
	return 0;
}

/* The balance of an invoice as of the date, 0 when it is not open. */
static int64_t open_balance(const struct run *r, size_t i0, size_t i1, int64_t invoice, const char **currency)
{
	for (size_t i = i0; i < i1; i++)
		if (r->invs[i].id == invoice) {
			*currency = r->invs[i].currency;
			return r->invs[i].balance;
		}
	*currency = NULL;
	return 0;
}

static int on_overflow_customer(void *ctx, const struct customer *c)
{
	text_copy((char *)ctx, REF_MAX + 1, c->ref);
	return 0;
}

/*
 * An account whose open invoices and credit do not add up within 64 bits
 * (amounts are at most 10^15 each, so only thousands of the largest): the run
 * stops there, naming it, as recoup aging and kpi refuse such a book; it
 * passed over the account silently, and the snapshot with it.
 */
static int net_overflow(struct run *r, int64_t customer_id, const char *currency)
{
	char ref[REF_MAX + 1] = "";
	struct error e = ERROR_INIT;

	if (store_run_customers_by_id(r->tx, &customer_id, 1, on_overflow_customer, ref, &e) < 0 || !ref[0])
		snprintf(ref, sizeof(ref), "#%lld", (long long)customer_id);
	return error_set(r->e, ERR_INPUT,
			 "customer %s: its open invoices and credit in %s add up to more than recoup can count "
			 "(9223372036854775807 minor units); the run stops here (what it recorded before stands): "
			 "correct the account, then run again",
			 ref, currency);
}

/* The account's net in `currency`: 0, or -ERR_INPUT when it does not fit (net_overflow). */
static int account_net(struct run *r, int64_t customer_id, size_t i0, size_t i1, size_t c0, size_t c1,
		       const char *currency, int64_t *net)
{
	int64_t n = 0;

	for (size_t i = i0; i < i1; i++)
		if (!strcmp(r->invs[i].currency, currency) && __builtin_add_overflow(n, r->invs[i].balance, &n))
			return net_overflow(r, customer_id, currency);
	for (size_t i = c0; i < c1; i++)
		if (!strcmp(r->credits[i].currency, currency) && __builtin_sub_overflow(n, r->credits[i].amount, &n))
			return net_overflow(r, customer_id, currency);
	*net = n;
	return 0;
}

static int cancel(struct run *r, int64_t action, const char *code, const char *reason)
{
	/* the moment prefetch_paid read stays what the store would now say: cancelled, none */
	struct moment_row *m = moment_of(r, action);

	r->sum->cancelled++;
	if (r->o->dry_run)
		return 0;
	if (m)
		m->at = TIMESTAMP_NONE;
	return store_action_set_state(r->tx, action, "cancelled", code, reason, r->ctx->now, r->e);
}

static int load_rules_chunk(struct run *r);
static int is_flagged(const struct run *r, int64_t customer_id);

/*
 * A waiting message or call of a customer with status flags: cancelled
 * when the rules now stop it for good (a cease, a bankruptcy... set since
 * it was scheduled), with the rule's code and sentence.
 */
static int review_stopped(struct run *r, const struct rec_row *rec, size_t n, int *cancelled)
{
	struct rules_chunk_question q = { 0 };
	enum step_action kind;
	enum channel ch;
	int ret;

	*cancelled = 0;
	if (!rec->contact_id || !is_flagged(r, rec->customer_id) || step_action_parse(rec->kind, &kind, NULL) < 0 ||
	    !step_action_channel(kind, &ch))
		return 0;
	ret = load_rules_chunk(r);
	if (ret < 0 || rules_chunk_flags(r->rules_chunk, rec->customer_id) == 0)
		return ret;
	if (array_grow(&r->ids, &r->cap_ids, n - 1, sizeof(*r->ids)) < 0)
		return error_set(r->e, ERR_ENV, "out of memory");
	for (size_t i = 0; i < n; i++)
		r->ids[i] = rec[i].invoice_id;
	q.customer_id = rec->customer_id;
	q.contact_id = rec->contact_id;
	q.invoice_ids = r->ids;
	q.n_invoices = n;
	q.channel = ch;
	q.at = rec->scheduled_at;
	ret = rules_ctx_chunk_ask(r->rules, r->rules_chunk, &q, &r->answer, r->e);
	if (ret == -ERR_INPUT) {
		*r->e = (struct error)ERROR_INIT;
		return 0;
	}
	if (ret < 0 || r->answer.verdict.allowed || r->answer.verdict.next != NEXT_NEVER ||
	    !r->answer.verdict.n_reasons)
		return ret;
	*cancelled = 1;
	return cancel(r, rec->action_id, r->answer.verdict.reasons[0].code, r->answer.verdict.reasons[0].message);
}

/*
 * Reviews the customer's waiting actions (scheduled, recorded on or before
 * the as-of date): cancelled when their invoices are all settled (paid,
 * credited, or netted by credit in their currency), or when the contact
 * rules now stop them for good.
 */
static int review_waiting(struct run *r, size_t i0, size_t i1, size_t c0, size_t c1, size_t w0, size_t w1)
{
	for (size_t i = w0; i < w1;) {
		int64_t action = r->waits[i].action_id;
		int waiting = !strcmp(r->waits[i].state, "scheduled") && r->waits[i].run_date <= r->o->as_of;
		int settled = 1, stopped = 0, ret = 0;
		const struct hold *hold = NULL; /* the first hold on its open invoices */
		int all_held = 1;
		size_t j = i;
		for (; j < w1 && r->waits[j].action_id == action; j++) {
			const char *currency;
			int64_t bal = open_balance(r, i0, i1, r->waits[j].invoice_id, &currency);
			/* every hold of the invoice is looked at: a plan's spares its own reminder, a promise does not */
			const struct hold *h = bal > 0 ? held(r, r->waits[j].invoice_id, currency, r->waits[j].strategy)
						       : NULL;
			int64_t net = 0;
			if (bal > 0 && account_net(r, r->waits[j].customer_id, i0, i1, c0, c1, currency, &net) < 0)
				return -ERR_INPUT;
			if (bal > 0 && net > 0)
				settled = 0;
			if (bal > 0 && !h)
				all_held = 0;
			if (h && !hold)
				hold = h;
		}
		/* held: every open invoice it lists is held */
		if (!all_held)
			hold = NULL;
		if (waiting && settled)
			ret = cancel(r, action, "settled", "every invoice it listed is paid or credited");
		else if (waiting && hold) {
			char why[HOLD_REASON_TEXT_MAX];
			ret = cancel(r, action, hold->kind, holds_cancel_reason(hold->kind, why, sizeof(why)));
			stopped = 1;
		} else if (waiting && !stopped)
			ret = review_stopped(r, &r->waits[i], j - i, &stopped);
		if (ret < 0)
			return ret;
		/* a cancelled action no longer waits: its steps stay recorded, so none is redone */
		for (size_t k = i; k < j && (settled || stopped) && waiting; k++)
			text_copy(r->waits[k].state, sizeof(r->waits[k].state), "cancelled");
		i = j;
	}
	return 0;
}

/* A strategy of the set an account can follow (not a plan's or a returned payment's own). */
static int is_segment_strategy(const struct run *r, const char *name)
{
	if (!strncmp(name, PLAN_STRATEGY_PREFIX, strlen(PLAN_STRATEGY_PREFIX)) ||
	    !strncmp(name, RETURNED_STRATEGY_PREFIX, strlen(RETURNED_STRATEGY_PREFIX)))
		return 0;
	for (size_t i = 0; i < r->set.n_all; i++)
		if (!strcmp(r->set.all[i].name, name))
			return 1;
	return 0;
}

/*
 * An account follows one strategy. A message or call still waiting that
 * another strategy of the set decided for its invoices (the account has
 * crossed into another segment since: its balance, days past due, risk
 * band, tags, or a strategy the tenant stored) is cancelled, code
 * `strategy_changed`: else the new strategy's step and the old one's could
 * reach the debtor at the same moment, about the same invoice.
 */
static int review_strategy(struct run *r, const struct account *ac, size_t w0, size_t w1)
{
	for (size_t i = w0; i < w1;) {
		int64_t action = r->waits[i].action_id;
		const struct rec_row *w = &r->waits[i];
		enum step_action kind;
		enum channel ch;
		int mine = 0, ret = 0;
		size_t j = i;
		for (; j < w1 && r->waits[j].action_id == action; j++) {
			const char *currency;
			if (open_balance(r, ac->i0, ac->i1, r->waits[j].invoice_id, &currency) > 0)
				mine = 1;
		}
		if (mine && !strcmp(w->state, "scheduled") && w->run_date <= r->o->as_of &&
		    strcmp(w->strategy, ac->s->name) != 0 && step_action_parse(w->kind, &kind, NULL) == 0 &&
		    step_action_channel(kind, &ch) && is_segment_strategy(r, w->strategy)) {
			char why[128];
			snprintf(why, sizeof(why), "the account follows strategy %s now", ac->s->name);
			ret = cancel(r, action, "strategy_changed", why);
			for (size_t k = i; k < j && ret == 0; k++)
				text_copy(r->waits[k].state, sizeof(r->waits[k].state), "cancelled");
		}
		if (ret < 0)
			return ret;
		i = j;
	}
	return 0;
}

/* The chunk's risk bands (core/risk.h), from the facts of its customers as of the date. */
static int on_risk(void *ctx, const struct risk_facts *f)
{
	struct run *r = ctx;
	struct risk_result res;
	struct band_row b;

	risk_assess(f, &res);
	b.customer_id = f->customer_id;
	b.band = (int)res.band;
	ARRAY_PUSH(r, bands, n_bands, cap_bands, b);
	return 0;
}

/*
 * The customer's risk band for segments: computed only when a candidate
 * strategy's segment names bands (the facts cost a few statements per
 * chunk); -1 (unknown) otherwise, which such a segment does not match.
 */
static int risk_band_of(const struct run *r, int64_t customer_id)
{
	size_t lo = 0, hi = r->n_bands;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->bands[mid].customer_id < customer_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n_bands && r->bands[lo].customer_id == customer_id ? r->bands[lo].band : -1;
}

static int is_flagged(const struct run *r, int64_t customer_id)
{
	size_t lo = 0, hi = r->n_flagged;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->flagged[mid] < customer_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < r->n_flagged && r->flagged[lo] == customer_id;
}

static int on_hold(void *ctx, const struct hold *h)
{
	struct run *r = ctx;

	if (hold_current(h, r->known_at, r->o->as_of)) {
		ARRAY_PUSH(r, holds, n_holds, cap_holds, *h);
	} else if (!r->later && (!r->n_ended || r->ended[r->n_ended - 1] != h->customer_id)) {
		/* ended: what it cancelled may be done again (find_steps); a run of a past date does nothing again */
		ARRAY_PUSH(r, ended, n_ended, cap_ended, h->customer_id);
	}
	return 0;
}

/*
 * The first hold that keeps the strategy off the customer's invoice
 * `invoice` in `currency` (store/holds.h): one on the invoice, or on the
 * whole account in that currency or in every currency. With `strategy`
 * (a waiting action's), a hold that spares it (a plan's own courtesy
 * reminder, plans_spares) is passed over and the next one looked at: a
 * promise made since on the same invoice still holds the reminder, as
 * `recoup send` (drop_held) and holds_cancel_waiting judge it. NULL when
 * none does.
 */
static const struct hold *held(const struct run *r, int64_t invoice, const char *currency, const char *strategy)
{
	for (size_t i = r->h0; i < r->h1; i++) {
		const struct hold *h = &r->holds[i];
		if (h->invoice_id ? h->invoice_id != invoice : !hold_in_currency(h, currency))
			continue;
		if (!plans_spares(h, strategy))
			return h;
	}
	return NULL;
}

/* 1 when a waiting message or call of the customer may have to be reviewed against its flags. */
static int waiting_contact(const struct run *r, size_t w0, size_t w1)
{
	for (size_t i = w0; i < w1; i++) {
		enum step_action k;
		enum channel ch;
		if (!strcmp(r->waits[i].state, "scheduled") && step_action_parse(r->waits[i].kind, &k, NULL) == 0 &&
		    step_action_channel(k, &ch))
			return 1;
	}
	return 0;
}

/*
 * One customer. With `plan`, only finds out whether the contact rules will
 * be asked about it (*asks): a step is due, or a waiting message of a
 * flagged customer is to be reviewed; nothing is counted or recorded.
 */
/* The products of the account's open invoices (its facts, for a segment naming products). */
static int account_products(struct run *r, struct account *ac)
{
	size_t n = 0;

	for (size_t i = ac->i0; i < ac->i1; i++) {
		if (r->invs[i].balance <= 0 || !r->invs[i].product[0])
			continue;
		if (array_grow(&r->products, &r->cap_products, n, sizeof(*r->products)) < 0)
			return error_set(r->e, ERR_ENV, "out of memory");
		r->products[n++] = r->invs[i].product;
	}
	ac->facts.products = r->products;
	ac->facts.n_products = n;
	return 0;
}

/*
 * The probe (do_probe): the latest step now due of each open invoice of
 * the account, as find_steps finds it first, to be looked up by key.
 */
static int probe_account(struct run *r, const struct account *ac)
{
	const struct strategy *s = ac->s;

	for (size_t i = ac->i0; i < ac->i1; i++) {
		const struct inv_row *v = &r->invs[i];
		int k = v->balance > 0 && !held(r, v->id, ac->currency, NULL)
				? strategy_step_due(s, r->o->as_of - v->due)
				: -1;
		struct run_step_key key = { v->id, s->name, NULL };
		if (k < 0)
			continue;
		key.step = s->steps[k].name;
		ARRAY_PUSH(r, keys, n_keys, cap_keys, key);
		ARRAY_PUSH(r, key_inv, n_key_inv, cap_key_inv, i);
	}
	return 0;
}

/*
 * `c` is what picks the strategy; `whole` the customer's row, read for the
 * customers the plan found the rules will be asked about (NULL otherwise,
 * and in the plan), which alone get actions.
 */
static int do_customer(struct run *r, const struct run_customer *c, const struct customer *whole, size_t i0, size_t i1,
		       size_t c0, size_t c1, size_t r0, size_t r1, size_t w0, size_t w1, int plan, int *asks)
{
	const struct contact *contacts = NULL, *contact = NULL;
	int ret;

	if (plan == 1 && is_flagged(r, c->id) && waiting_contact(r, w0, w1)) {
		*asks = 1;
		return 0;
	}
	if (!plan) {
		r->sum->customers_seen++;
		ret = review_waiting(r, i0, i1, c0, c1, w0, w1);
		if (ret < 0)
			return ret;
	}
	for (size_t a0 = i0; a0 < i1;) {
		struct account ac = { 0 };
		size_t a1 = a0;
		int64_t net;
		date_t oldest = 0;
		while (a1 < i1 && !strcmp(r->invs[a1].currency, r->invs[a0].currency))
			a1++;
		ac.customer_id = c->id;
		ac.c = whole;
		ac.currency = r->invs[a0].currency;
		ac.i0 = a0;
		ac.i1 = a1;
		ret = account_net(r, c->id, i0, i1, c0, c1, ac.currency, &net);
		if (ret < 0)
			return ret;
		for (size_t i = a0; i < a1; i++)
			if (r->invs[i].balance > 0 && (!oldest || r->invs[i].due < oldest))
				oldest = r->invs[i].due;
		a0 = a1;
		if (!oldest || (net <= 0 && plan))
			continue; /* netting first: nothing is owed in this currency */
		ac.facts.kind = c->kind;
		ac.facts.country = c->country;
		ac.facts.currency = ac.currency;
		ac.facts.exponent = currency_exponent(ac.currency);
		ac.facts.balance = net;
		ac.facts.dpd = r->o->as_of - oldest;
		ac.facts.risk_band = risk_band_of(r, c->id);
		ac.facts.tags = c->tags;
		ret = account_products(r, &ac);
		if (ret < 0)
			return ret;
		ac.facts.balance = day_charges_pick_balance(&r->day_chg, c->id, ac.currency, net);
		ac.s = strategies_for(&r->set, &ac.facts);
		/*
		 * The day's charges count in tomorrow's pick: the watch looks again
		 * then. do_charges says so when this run posts them, but a run of
		 * the day again posts none (t0995: a same-day rerun left the
		 * account in its strategy of the day until something else came).
		 */
		if (!plan && ac.facts.balance != net)
			watch_pick(r, &ac, net);
		ac.facts.balance = net; /* the steps' conditions: the balance as it is */
		if (!plan && r->keep_watch)
			watch_account(r, &ac, oldest, net);
		if (net <= 0) {
			/*
			 * Nothing is owed in this currency: no step, but its open
			 * invoices are still the book's (the snapshot is the aging's
			 * gross figures, beside which the aging shows the credit).
			 */
			ret = snap_account(r, ac.s->name, ac.i0, ac.i1);
			if (ret < 0)
				return ret;
			continue;
		}
		if (plan == PROBE) {
			ret = probe_account(r, &ac);
			if (ret < 0)
				return ret;
			continue;
		}
		if (!plan) {
			r->sum->accounts_seen++;
			r->w_accounts++;
			ret = review_strategy(r, &ac, w0, w1);
			if (ret < 0)
				return ret;
		}
		ret = find_steps(r, &ac, r0, r1);
		if (ret == 0 && r->n_due == 0 && !plan)
			ret = snap_account(r, ac.s->name, ac.i0, ac.i1);
		if (ret < 0)
			return ret;
		if (r->n_due == 0)
			continue;
		if (plan) {
			*asks = 1;
			return 0;
		}
		if (!whole)
			return error_set(r->e, ERR_ENV, "run: customer %lld has a step due but was not planned",
					 (long long)c->id);
		ret = load_rules_chunk(r);
		if (ret < 0)
			return ret;
		if (!contact)
			contact = choose_contact(contacts, rules_chunk_contacts(r->rules_chunk, c->id, &contacts));
		ac.contact = contact;
		/*
		 * A fee or interest posted raises the balance, and with it a later
		 * step due whose condition is a minimum balance may hold: a run of
		 * the same day again, reading the balance with the charge, recorded
		 * that step (a second run created an action). The account is looked
		 * at again with its charges, as that run would, until nothing more is
		 * due (the steps recorded meanwhile count as recorded), in the same
		 * strategy: that run too picks it from the balance before the day's
		 * charges (day_charges_pick_balance). One whose charges move it to another
		 * strategy follows it from the next day (its watch looks again
		 * then: do_charges).
		 */
		r->n_done_now = 0;
		r->done_s = ac.s;
		r->charged_now = 0;
		for (size_t pass = 0;; pass++) {
			ret = note_done(r);
			if (ret == 0)
				ret = do_superseded(r, &ac);
			if (ret == 0)
				ret = do_due(r, &ac);
			if (ret < 0 || pass >= STRATEGY_STEPS_MAX || !fold_charges(r, ac.i0, ac.i1))
				break;
			ret = account_net(r, c->id, i0, i1, c0, c1, ac.currency, &net);
			if (ret < 0)
				break;
			ac.facts.balance = net;
			if (net <= 0)
				break;
			ret = find_steps(r, &ac, r0, r1);
			if (ret < 0 || r->n_due == 0)
				break;
		}
		r->n_done_now = 0;
		/* the charges posted count in tomorrow's pick (the passes may have stopped before folding the last) */
		if (ret == 0 && r->charged_now) {
			fold_charges(r, ac.i0, ac.i1);
			ret = account_net(r, c->id, i0, i1, c0, c1, ac.currency, &net);
			if (ret == 0)
				watch_pick(r, &ac, net);
		}
		/*
		 * After the day's fees and interest (do_charges adds them to the
		 * balances it read): a run of the same day again reads them from
		 * the ledger, and its snapshot is then this one.
		 */
		if (ret == 0)
			ret = snap_account(r, ac.s->name, ac.i0, ac.i1);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/*
 * The probe, before the plan: each open invoice's latest step now due
 * looked up by key (one statement a chunk on PostgreSQL); every recorded
 * step is then read only for the invoices whose latest step due is not
 * recorded, the only ones find_steps looks further at (recorded() and
 * previous_moment look at an invoice's own rows alone); the others are
 * marked `top`. The next day most accounts have nothing new: reading every
 * recorded step of every open invoice due was a fifth of the run.
 */
static int do_probe(struct run *r)
{
	size_t ip = 0, cp = 0, hp = 0;
	int ret = 0;

	r->n_keys = r->n_key_inv = r->n_behind = 0;
	r->planning = PROBE;
	for (size_t i = 0; i < r->n_customers && ret == 0; i++) {
		const struct run_customer *c = &r->customers[i];
		size_t i0, i1, c0, c1;
		int asks = 0;
		SLICE(r->invs, r->n_invs, ip, c->id, i0, i1);
		SLICE(r->credits, r->n_credits, cp, c->id, c0, c1);
		SLICE(r->holds, r->n_holds, hp, c->id, r->h0, r->h1);
		ret = do_customer(r, c, NULL, i0, i1, c0, c1, 0, 0, 0, 0, PROBE, &asks);
	}
	if (ret < 0 || r->n_keys == 0)
		return ret;
	if (array_grow(&r->found, &r->cap_found, r->n_keys - 1, sizeof(*r->found)) < 0)
		return error_set(r->e, ERR_ENV, "out of memory");
	ret = store_run_steps_recorded(r->tx, r->keys, r->n_keys, r->found, r->e);
	if (ret < 0)
		return ret;
	for (size_t i = 0; i < r->n_keys; i++) {
		struct inv_row *v = &r->invs[r->key_inv[i]];
		struct run_invoice_key k = { v->customer_id, v->id };
		if (r->found[i] && !has_redo(r, v->customer_id))
			v->top = 1;
		else
			ARRAY_PUSH(r, behind, n_behind, cap_behind, k);
	}
	return iteration(store_run_recorded_of(r->tx, r->behind, r->n_behind, on_recorded, r, r->e));
}

static int on_flagged(void *ctx, const struct flag_record *f)
{
	struct run *r = ctx;
	if (r->n_flagged && r->flagged[r->n_flagged - 1] == f->customer_id)
		return 0;
	ARRAY_PUSH(r, flagged, n_flagged, cap_flagged, f->customer_id);
	return 0;
}

/* ---- chunks ---- */

static int plan_chunk(struct run *r);

/*
 * The chunk's reads after its page (load_chunk), the probe and the plan:
 * all that the work reads of the store but the snapshot's rows, the
 * contact rules' rows of the asked customers (load_rules_chunk) and the
 * answers a step condition asks for (load_answers), so that a reader
 * thread can run it on its own connection for the next chunks while
 * act_chunk works on this one (walk).
 */
static int gather_chunk(struct run *r)
{
	int64_t lo = r->customers[0].id, hi = r->customers[r->n_customers - 1].id;
	int ret;

	/* a run for today has its open invoices and waiting actions with its page (load_chunk) */
	r->n_credits = 0;
	ret = r->later ? iteration(store_run_invoices_each(r->tx, lo, hi, r->o->as_of, 1, on_invoice, r, r->e)) : 0;
	if (ret == 0)
		ret = iteration(r->watch ? store_run_credit_of(r->tx, r->watch_ids + r->watch_lo, r->watch_n,
							       r->o->as_of, on_credit, r, r->e)
					 : store_run_credit_each(r->tx, lo, hi, r->o->as_of, on_credit, r, r->e));
	if (ret == -ERR_INPUT) {
		/* a customer's credit beyond int64 (store/ledger.h): the run stops there, as at net_overflow */
		char why[ERROR_MESSAGE_MAX];
		text_copy(why, sizeof(why), r->e->message);
		ret = error_set(r->e, ERR_INPUT,
				"%s; the run stops here (what it recorded before stands): correct the account, then "
				"run again",
				why);
	}
	if (ret == 0 && r->later)
		ret = iteration(store_run_recorded_each(r->tx, lo, hi, 1, on_recorded, r, r->e));
	else if (ret == 0 && !r->probe)
		ret = iteration(store_run_recorded_due_each(r->tx, lo, hi, r->due_by, on_recorded, r, r->e));
	if (ret == 0 && r->later)
		ret = iteration(store_run_waiting_each(r->tx, lo, hi, (timestamp_t)r->o->as_of * 86400 - 86400,
						       on_waiting, r, r->e));
	r->n_flagged = r->n_bands = r->n_holds = r->n_ended = r->n_redos = 0;
	if (ret == 0)
		ret = iteration(store_run_holds_each(r->tx, lo, hi, r->known_at, on_hold, r, r->e));
	if (ret == 0)
		ret = iteration(store_run_hold_cancelled_of(r->tx, r->ended, r->n_ended, on_redo, r, r->e));
	if (ret == 0 && r->need_risk)
		ret = iteration(store_risk_facts(r->tx, r->o->as_of, lo, hi, on_risk, r, r->e));
	if (ret == 0 && r->flags_at)
		ret = iteration(store_flags_by_customer_at(r->tx, lo, hi, r->flags_at, on_flagged, r, r->e));
	else if (ret == 0)
		ret = iteration(store_flags_by_customer(r->tx, lo, hi, on_flagged, r, r->e));
	if (ret == 0 && r->probe)
		ret = do_probe(r);
	if (ret == 0)
		ret = plan_chunk(r);
	return ret;
}

/*
 * A pass over the chunk's customers: the plan (1: which customers the
 * rules will be asked about; their rows are then read once, whole: they
 * alone get actions) or the work (0).
 */
static int chunk_pass(struct run *r, int plan)
{
	size_t ip = 0, cp = 0, rp = 0, wp = 0, hp = 0, ap = 0, lp = 0;
	int ret = 0;

	r->planning = plan;
	for (size_t i = 0; i < r->n_customers && ret == 0; i++) {
		const struct run_customer *c = &r->customers[i];
		const struct customer *whole = NULL;
		size_t i0, i1, c0, c1, r0, r1, w0, w1;
		int asks = 0;
		SLICE(r->invs, r->n_invs, ip, c->id, i0, i1);
		SLICE(r->credits, r->n_credits, cp, c->id, c0, c1);
		SLICE(r->recs, r->n_recs, rp, c->id, r0, r1);
		SLICE(r->waits, r->n_waits, wp, c->id, w0, w1);
		SLICE(r->holds, r->n_holds, hp, c->id, r->h0, r->h1);
		SLICE(r->lates, r->n_lates, lp, c->id, r->l0, r->l1);
		while (ap < r->n_asked && r->asked[ap].id < c->id)
			ap++;
		if (ap < r->n_asked && r->asked[ap].id == c->id)
			whole = &r->asked[ap];
		if (!plan)
			watch_begin(r, c);
		ret = do_customer(r, c, whole, i0, i1, c0, c1, r0, r1, w0, w1, plan, &asks);
		if (ret == 0 && !plan)
			ret = watch_end(r, c);
		if (ret == 0 && asks)
			ARRAY_PUSH(r, asked_ids, n_asked_ids, cap_asked_ids, c->id);
	}
	return ret;
}

/*
 * The plan, and the rows of the customers it asks about (gather_chunk). The
 * contact rules' rows of them are read by the work, at the first question
 * (load_rules_chunk): read here, by the reader, they made it the slower of
 * the two threads (at 1M, 2.2 s of reading against 1.8 s of work).
 */
/*
 * The asked customers' whole rows from the page's (load_chunk, where the
 * store gave them: PostgreSQL), both in id order: the statement that read
 * the page's customers for their strategies read them whole, where a
 * second one read the asked ones again (1 ms a chunk of 430 at 100,000
 * customers). An asked id the page did not have reads them all again.
 */
static int asked_of_page(struct run *r)
{
	size_t k = 0;

	for (size_t i = 0; i < r->n_asked_ids; i++) {
		while (k < r->n_page_whole && r->page_whole[k].id < r->asked_ids[i])
			k++;
		if (k == r->n_page_whole || r->page_whole[k].id != r->asked_ids[i]) {
			r->n_asked = 0;
			return iteration(
				store_run_customers_by_id(r->tx, r->asked_ids, r->n_asked_ids, on_asked, r, r->e));
		}
		ARRAY_PUSH(r, asked, n_asked, cap_asked, r->page_whole[k]);
	}
	return 0;
}

static int plan_chunk(struct run *r)
{
	int ret;

	r->n_asked = r->n_asked_ids = 0;
	r->n_paid_qs = r->n_paids = 0; /* the questions are answered by the reader when it has the time (reader_read) */
	r->n_moments = 0;
	r->moments_loaded = 0;
	ret = chunk_pass(r, 1);
	if (ret == 0 && r->n_page_whole == r->n_customers && r->n_customers > 0)
		ret = asked_of_page(r);
	else if (ret == 0)
		ret = iteration(store_run_customers_by_id(r->tx, r->asked_ids, r->n_asked_ids, on_asked, r, r->e));
	return ret;
}

/* The chunk's snapshot and work, on what gather_chunk read; its actions recorded. */
static int act_chunk(struct run *r)
{
	int64_t lo = r->customers[0].id, hi = r->customers[r->n_customers - 1].id;
	int ret = run_snapshot_chunk(&r->snap, r->tx, lo, hi, r->e);

	if (ret == 0 && r->n_invs) {
		if (array_grow(&r->charged, &r->cap_charged, r->n_invs - 1, sizeof(*r->charged)) < 0)
			return error_set(r->e, ERR_ENV, "out of memory");
		memset(r->charged, 0, r->n_invs * sizeof(*r->charged));
	}

	/* every customer of the chunk gets its watch row in this transaction (watch_end, watch_flush) */
	if (ret == 0 && r->keep_watch && !r->o->dry_run && r->n_customers) {
		if (array_grow(&r->cover, &r->cap_cover, r->n_customers - 1, sizeof(*r->cover)) < 0)
			return error_set(r->e, ERR_ENV, "out of memory");
		for (size_t i = 0; i < r->n_customers; i++)
			r->cover[i] = r->customers[i].id;
		ret = store_run_watch_cover(r->tx, r->cover, r->n_customers, r->e);
	}
	/*
	 * The plan's questions of money in that the reader did not answer (it
	 * had no time, or the walk read the chunk itself): asked here, all in
	 * one call before the work (on PostgreSQL two statements where each was
	 * two round trips; counted as asked by the walk).
	 */
	if (ret == 0 && r->n_paid_qs)
		ret = prefetch_paid(r, 1);
	if (ret == 0)
		ret = chunk_pass(r, 0);
	r->rules_loaded = 0;
	r->answers_loaded = 0;
	r->moments_loaded = 0;
	if (ret == 0)
		ret = record_held(r);
	r->n_pend = r->n_pend_ai = 0;
	if (ret == 0)
		ret = watch_flush(r);
	r->n_wrows = r->n_wsnap = 0;
	if (ret == 0 && r->keep_watch && !r->o->dry_run)
		ret = store_run_watch_cover(r->tx, NULL, 0, r->e);
	return ret;
}

/*
 * Adds what the walk cancelled since the last flush to run.cancelled, in the
 * transaction that cancelled it (before its commit): a crash loses neither
 * the cancellations nor their count, and a rerun adds only its own. *total
 * (may be NULL): the date's count so far.
 */
static int flush_cancelled(struct run *r, int64_t *total)
{
	int64_t delta = r->sum->cancelled - r->cancelled_flushed;
	int ret;

	if (r->o->dry_run || (delta == 0 && !total))
		return 0;
	ret = store_run_cancelled_add(r->tx, r->o->as_of, delta, total, r->e);
	if (ret == 0)
		r->cancelled_flushed = r->sum->cancelled;
	return ret;
}

static int begin(struct run *r)
{
	return store_tx_begin(r->ctx->store, r->ctx->tenant, r->ctx->actor, r->o->dry_run ? STORE_READ : STORE_WRITE,
			      &r->tx, r->e);
}

static int end(struct run *r)
{
	int ret = r->o->dry_run ? 0 : store_tx_commit(r->tx, r->e);

	store_tx_free(r->tx);
	r->tx = NULL;
	return ret;
}

/*
 * Whether ledger entries are dated after the as-of date (run.h). Imports
 * refuse money dated after today, so for today or a later date only a run
 * for a later date can have posted any (its fees, dated with its date):
 * the ledger is scanned only for a past date or after such a run.
 */
int run_later_entries(struct store_tx *tx, date_t as_of, date_t today, struct error *e)
{
	int ret = 1;

	if (as_of >= today)
		ret = store_run_after(tx, as_of, e);
	if (ret == 1)
		ret = store_run_later(tx, as_of, e);
	return ret;
}

/*
 * The last due date for which any strategy the run may choose has a step
 * due as of `as_of`: as_of less the earliest first step's offset (steps
 * are in offset order; strategy_step_due). An invoice due after it has no
 * step due whichever strategy its account gets, so what is recorded for it
 * is never looked at.
 */
static date_t run_due_by(const struct strategies_set *set, date_t as_of)
{
	const struct strategy *const *all[] = { set->candidates, set->defaults };
	size_t n[] = { set->n_candidates, 2 };
	int earliest = 0;

	for (size_t k = 0; k < 2; k++)
		for (size_t i = 0; i < n[k]; i++)
			if (all[k][i] && all[k][i]->n_steps && all[k][i]->steps[0].offset_days < earliest)
				earliest = all[k][i]->steps[0].offset_days;
	return as_of - earliest;
}

/* The first transaction: the configuration, loaded once for the whole run, and the run recorded as started. */
static int start(struct run *r)
{
	const char *full;
	char state[16] = "";
	int ret = begin(r);

	if (ret == 0) {
		ret = run_later_entries(r->tx, r->o->as_of, r->ctx->today, r->e);
		r->later = ret == 1;
	}
	/* as known at the end of the as-of date: flags read as of then only when one changed since */
	r->known_at = (timestamp_t)(r->o->as_of + 1) * 86400 - 1;
	if (ret >= 0)
		ret = store_flags_changed_after(r->tx, r->known_at, r->e);
	if (ret >= 0)
		r->flags_at = ret == 1 ? r->known_at : 0;
	if (ret >= 0)
		ret = strategies_load(r->tx, &r->set, r->e);
	if (ret == 0) /* the watch rows name a strategy by its place in set.all */
		run_snapshot_strategies(&r->snap, r->set.all, r->set.n_all);
	run_snapshot_aging(&r->snap, &r->aging);
	for (size_t i = 0; ret == 0 && i < r->set.n_candidates; i++)
		r->need_risk |= r->set.candidates[i]->segment.risk_bands != 0;
	if (ret == 0)
		r->due_by = run_due_by(&r->set, r->o->as_of);
	/* the day's fees and interest, which the strategies' pick leaves out (day_charges.h) */
	if (ret == 0)
		ret = day_charges_load(r->tx, r->o->as_of, &r->day_chg, r->e);
	/* RECOUP_RUN_FULL=1: every recorded step of every open invoice read, as before the probe (tests compare) */
	full = getenv("RECOUP_RUN_FULL");
	r->probe = !r->later && !(full && full[0] && strcmp(full, "0"));
	if (ret == 0)
		ret = rules_ctx_load(r->tx, &r->rules, r->e);
	if (ret == 0)
		ret = run_snapshot_users(&r->snap, r->tx, r->o->as_of, r->e);
	if (ret == 0)
		ret = watch_start(r);
	if (ret == 0 && !r->o->dry_run)
		ret = store_run_start(r->tx, r->o->as_of, r->ctx->now, state, sizeof(state), r->e);
	/* what another connection commits from here on makes a chunk the reader reads now stale (reader_start) */
	if (ret == 0 && !r->o->dry_run) {
		ret = store_tx_others_version(r->tx, &r->start_version, r->e);
		r->have_start_version = ret == 1;
		ret = ret < 0 ? ret : 0;
	}
	if (ret == 0)
		ret = end(r);
	return ret;
}

static int on_count(void *ctx, const char *kind, const char *state, const char *reason_code, int64_t n)
{
	struct run *r = ctx;
	struct action_record a = { 0 };

	text_copy(a.kind, sizeof(a.kind), kind);
	text_copy(a.state, sizeof(a.state), state);
	text_copy(a.reason_code, sizeof(a.reason_code), reason_code);
	for (int64_t i = 0; i < n; i++) {
		int ret = count_action(r->sum, &a, r->e);
		if (ret < 0)
			return ret;
	}
	return 0;
}

/* The figures stored with the run (run.summary), as the JSON summary of `recoup run` has them. */
static char *summary_text(const struct run_summary *s)
{
	json_t *o = json_object(), *actions = json_object(), *refused = json_object();
	char day[DATE_TEXT_MAX];
	char *text;

	json_object_set_new(o, "as_of", json_string(date_format(s->as_of, day, sizeof(day))));
	json_object_set_new(o, "accounts_seen", json_integer(s->accounts_seen));
	for (int k = 0; k < ACTION_COUNT; k++)
		json_object_set_new(actions, step_action_name((enum step_action)k), json_integer(s->actions[k]));
	json_object_set_new(o, "actions", actions);
	json_object_set_new(o, "superseded", json_integer(s->superseded));
	json_object_set_new(o, "postponed", json_integer(s->postponed));
	for (size_t i = 0; i < s->n_refused; i++)
		json_object_set_new(refused, s->refused[i].code, json_integer(s->refused[i].n));
	json_object_set_new(o, "refused", refused);
	json_object_set_new(o, "cancelled", json_integer(s->cancelled));
	text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	json_decref(o);
	return text;
}

/* The last transaction: the day's snapshot and the run's figures, read back from what is recorded. */
static int finish(struct run *r)
{
	struct run_summary *s = r->sum;
	char *summary = NULL;
	int ret;

	if (r->o->dry_run)
		return 0;
	ret = begin(r);
	if (ret < 0)
		return ret;
	{
		struct watch_scan w = { NULL, 0, &r->scan_snap, r->scan_accounts, r->e, 0, 0, 0, 1 };
		ret = watch_finish(r, r->scanned ? &w : NULL);
	}
	if (ret == 0)
		ret = run_snapshot_put(&r->snap, r->tx, r->o->as_of, &r->aging, r->e);
	if (ret == 0)
		ret = flush_cancelled(r, &s->cancelled); /* the date's, every run of it */
	if (ret < 0)
		goto cleanup;
	memset(s->actions, 0, sizeof(s->actions));
	s->superseded = s->postponed = 0;
	s->n_refused = 0;
	ret = iteration(store_run_counts_each(r->tx, r->o->as_of, on_count, r, r->e));
	if (ret < 0)
		goto cleanup;
	summary = summary_text(s);
	if (!summary) {
		ret = error_set(r->e, ERR_ENV, "out of memory");
		goto cleanup;
	}
	ret = store_run_finish(r->tx, r->o->as_of, r->o->clock ? r->o->clock() : r->ctx->now, summary, r->e);
	if (ret == 0)
		ret = end(r);
cleanup:
	store_tx_free(r->tx);
	r->tx = NULL;
	free(summary);
	return ret;
}

/*
 * A page of customers in id order: the chunk and its range of ids. A run
 * for today reads only the customers with an open invoice or a waiting
 * action, and with them their open invoices and waiting actions
 * (store_run_page: on SQLite each index walked once, where reading the
 * page first and then the chunk's rows walked both twice): the others have
 * nothing to net and nothing due, and do_customer would pass over them. A
 * replay of a past date reads every customer, since an invoice settled
 * since was open then, and do_chunk reads their rows.
 */
static void run_release(struct run *r);

static int load_chunk(struct run *r, struct store_cursor *cur)
{
	/* waiting: scheduled from the day before on (what was due earlier has gone to its channel) */
	struct run_page_cb cb = { on_run_customer, on_invoice, on_waiting, r, on_issued_later, on_page_whole };

	r->n_invs = r->n_recs = r->n_waits = r->n_lates = 0;
	r->n_page_whole = 0;
	if (r->later)
		return store_customers_list(r->tx, cur, on_customer, r, r->e);
	if (r->watch) {
		/* the next ids of the watched customers after the cursor */
		size_t lo = 0, hi = r->n_watch_ids, n;
		int ret;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (r->watch_ids[mid] <= cur->after)
				lo = mid + 1;
			else
				hi = mid;
		}
		n = r->n_watch_ids - lo < (size_t)r->chunk ? r->n_watch_ids - lo : (size_t)r->chunk;
		r->watch_more = lo + n < r->n_watch_ids;
		r->watch_lo = lo;
		r->watch_n = n;
		if (n == 0)
			return 0;
		ret = store_run_page_of(r->tx, r->watch_ids + lo, n, r->o->as_of,
					(timestamp_t)r->o->as_of * 86400 - 86400, &cb, r->e);
		if (ret >= 0)
			cur->after = r->watch_ids[lo + n - 1];
		return ret;
	}
	return store_run_page(r->tx, cur, r->o->as_of, (timestamp_t)r->o->as_of * 86400 - 86400, &cb, r->e);
}

/* Whether customers remain after the chunk load_chunk read. */
/* Where the walk, and the reader with it, begin: the first chunk of customers. */
static struct store_cursor first_chunk(const struct run *r)
{
	return (struct store_cursor){ 0, r->chunk };
}

static int chunk_more(const struct run *r)
{
	return r->watch ? r->watch_more : r->n_customers == (size_t)r->chunk;
}

/* The customers passed over still count as seen, as they do in a replay. */
static int count_customers(struct run *r)
{
	int64_t n;

	if (r->later)
		return 0;
	n = r->counted >= 0 ? r->counted : store_run_customers_count(r->tx, r->e);
	if (n < 0)
		return (int)n;
	r->sum->customers_seen += n - r->n_walked;
	return 0;
}

/*
 * ---- the reader: the next chunk read beside this chunk's work ----
 *
 * A run for today on a backend that offers a second connection
 * (store_open_reader: SQLite, PostgreSQL) reads each chunk's page and what
 * gather_chunk reads on a thread of its own, in read transactions of its
 * own, while the walk plans, asks, records and commits the chunk before:
 * the reads were half of the run, and a machine has a second core. It
 * reads only what the run's own writes do not change: a chunk's writes
 * touch its own customers' rows, and the next chunk's page is other
 * customers'. What another connection or process commits can change them,
 * though, and the run's answer must be what it would be if each chunk were
 * read in the write transaction that records it (as the walk alone does).
 * Another connection can commit only between two of the walk's write
 * transactions; at the start of each, the walk asks the store whether one
 * did (store_tx_others_version), and if so counts a new generation. The
 * reader notes the generation before it begins to read a chunk; a chunk
 * read in an earlier generation is read again by the walk in its own
 * transaction. RECOUP_RUN_READER=0 turns the reader off (the tests compare
 * the two).
 */
/* Chunks the reader may read ahead of the walk: one was not enough, as chunks differ in what they cost each side. */
#define READER_AHEAD 3

struct reader_slot {
	struct run rr; /* the chunk's rows, read with rr.tx, errors in err */
	struct error err;
	struct store_cursor cur; /* after the chunk */
	unsigned gen;            /* the walk's generation when its reading began */
	int ret;                 /* load_chunk's count (0: no more), or -ERR_* with err filled */
};

struct reader {
	struct reader_slot slot[READER_AHEAD];
	struct run_summary sum; /* the slots' runs': the reads count nothing, but do_customer has one */
	struct store *store;    /* the second connection */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	/* under lock: */
	size_t head, count;       /* the slots read and not yet taken: [head, head + count) in the ring */
	struct store_cursor next; /* where the reader reads from next */
	int more;                 /* the reader is to read on (not past the last chunk, not reset, not stopped) */
	int going;                /* set going by reader_start, from the first chunk (else by the walk: next_chunk) */
	int stop;
	unsigned gen;   /* the walk's generation (a commit of another connection seen) */
	unsigned epoch; /* counts the resets: a chunk read across one is dropped */
	/* the walk's own: */
	int64_t version; /* store_tx_others_version at its last write transaction */
	int have_version;
	int always_stale; /* RECOUP_RUN_READER_STALE=1 (tests): as if another connection committed before each transaction */
	/*
	 * The watch's scan of the customers not visited (watch_scan), by the
	 * reader a slice at a time whenever it has no chunk to read (READER_SLICE):
	 */
	int scan; /* under lock: 0 none (or left to the walk), 1 wanted (slices left), 3 a slice running, 2 done */
	int reached_end; /* under lock: the reader read the last chunk */
	int scan_ret;
	struct error scan_err;
	struct run_snapshot scan_snap;
	struct watch_scan scan_w; /* the reader's alone while scan is 3 */
	size_t slice;             /* rows a slice: READER_SLICE, or RECOUP_RUN_READER_SLICE (tests) */
	int rules_mode; /* RECOUP_RUN_READER_RULES (tests): 1 the reader reads every chunk's rules rows, 0 none, -1 (unset) as it has time: reader_takes_rules */
	struct reader_times t; /* under lock */
};

#define SWAP_FIELD(a, b, f)                     \
	do {                                    \
		__typeof__((a)->f) t_ = (a)->f; \
		(a)->f = (b)->f;                \
		(b)->f = t_;                    \
	} while (0)
#define SWAP_ROWS(a, b, arr, n, cap)   \
	do {                           \
		SWAP_FIELD(a, b, arr); \
		SWAP_FIELD(a, b, n);   \
		SWAP_FIELD(a, b, cap); \
	} while (0)

/* What gather_chunk and load_chunk fill, handed from one side to the other (each keeps the other's memory). */
static void swap_chunk(struct run *a, struct run *b)
{
	SWAP_ROWS(a, b, customers, n_customers, cap_customers);
	SWAP_ROWS(a, b, invs, n_invs, cap_invs);
	SWAP_ROWS(a, b, recs, n_recs, cap_recs);
	SWAP_ROWS(a, b, waits, n_waits, cap_waits);
	SWAP_ROWS(a, b, credits, n_credits, cap_credits);
	SWAP_ROWS(a, b, holds, n_holds, cap_holds);
	SWAP_ROWS(a, b, ended, n_ended, cap_ended);
	SWAP_ROWS(a, b, redos, n_redos, cap_redos);
	SWAP_ROWS(a, b, flagged, n_flagged, cap_flagged);
	SWAP_ROWS(a, b, bands, n_bands, cap_bands);
	SWAP_ROWS(a, b, asked, n_asked, cap_asked);
	SWAP_ROWS(a, b, asked_ids, n_asked_ids, cap_asked_ids);
	SWAP_FIELD(a, b, rules_chunk);
	SWAP_FIELD(a, b, rules_loaded);
	SWAP_ROWS(a, b, answers, n_answers, cap_answers);
	SWAP_FIELD(a, b, answers_loaded);
	SWAP_ROWS(a, b, paids, n_paids, cap_paids);
	SWAP_ROWS(a, b, paid_qs, n_paid_qs, cap_paid_qs);
	SWAP_ROWS(a, b, moments, n_moments, cap_moments);
	SWAP_FIELD(a, b, moments_loaded);
	SWAP_FIELD(a, b, watch_more);
	SWAP_FIELD(a, b, watch_lo);
	SWAP_FIELD(a, b, watch_n);
	SWAP_ROWS(a, b, lates, n_lates, cap_lates);
	SWAP_FIELD(a, b, counted);
}

/* Whether chunks the reader read wait for the walk: the walk is the slower side now. */
static int reader_ahead(struct reader *p)
{
	size_t waiting;

	pthread_mutex_lock(&p->lock);
	waiting = p->count;
	pthread_mutex_unlock(&p->lock);
	return waiting > 0;
}

/*
 * Whether the reader reads the contact rules' rows of the chunk's asked
 * customers too (load_rules_chunk, else the walk does at its first
 * question): when chunks it read already wait for the walk, the walk is
 * the slower side, so the reader takes that part of its work. Each side
 * was the slower one on some book or moment (the reader reading them all:
 * at 1M, 2.2 s of reading against 1.8 s of work; the walk reading them
 * all: 1.75-2.35 s of the walk's CPU against 1.4-2.0 s of the reader's);
 * deciding chunk by chunk keeps them even (1.5-2.2 s each, same runs).
 */
static int reader_takes_rules(struct reader *p)
{
	if (p->rules_mode >= 0)
		return p->rules_mode;
	return reader_ahead(p);
}

/* A chunk, page and gather_chunk, in a read transaction of the reader's connection. */
static int reader_read(struct reader *p, struct run *rr, struct store_cursor *cur)
{
	int ret = store_tx_begin(p->store, rr->ctx->tenant, rr->ctx->actor, STORE_READ, &rr->tx, rr->e);

	rr->n_customers = 0;
	rr->rules_loaded = 0; /* a chunk dropped (stale) may have left its own */
	rr->answers_loaded = 0;
	rr->counted = -1;
	if (ret == 0)
		ret = load_chunk(rr, cur);
	/*
	 * With the last chunk, the tenant's customers counted for the summary
	 * (count_customers) when the walk is the slower side (chunks read wait
	 * for it): on PostgreSQL at 100,000 customers 4-5 ms (an index-only
	 * scan of them all) that the walk's last transaction spent after its
	 * work; on SQLite the reader is the slower side, and the walk counts.
	 * Read in the chunk's transaction, it goes stale with it.
	 */
	if (ret >= 0 && !chunk_more(rr) && !rr->later && reader_ahead(p)) {
		int64_t n = store_run_customers_count(rr->tx, rr->e);
		rr->counted = n;
		ret = n < 0 ? (int)n : ret;
	}
	if (ret > 0) {
		int g = gather_chunk(rr);
		int takes = g == 0 && rr->n_asked && reader_takes_rules(p);
		/* rules_loaded goes with the chunk to the walk (swap_chunk), which then reads nothing more */
		if (takes)
			g = load_rules_chunk(rr);
		/* the answers go with it too (prefetch_paid) */
		if (takes && g == 0)
			g = prefetch_paid(rr, 0);
		ret = g < 0 ? g : ret;
	}
	if (rr->tx) {
		int c = store_tx_commit(rr->tx, rr->e);
		ret = ret >= 0 && c < 0 ? c : ret;
		store_tx_free(rr->tx);
		rr->tx = NULL;
	}
	return ret;
}

/*
 * A slice of the watch's scan (watch_scan), in a read transaction of the
 * reader's connection: rows enough for a few milliseconds, so that a chunk
 * the walk wants waits no longer than that (at 1M the next day, 8,192 of
 * 337,000 rows: about 4 ms).
 */
#define READER_SLICE 8192

static int reader_scan(struct reader *p)
{
	const struct run *rr = &p->slot[0].rr;
	struct store_tx *tx = NULL;
	int ret = store_tx_begin(p->store, rr->ctx->tenant, rr->ctx->actor, STORE_READ, &tx, &p->scan_err);

	if (ret == 0)
		ret = watch_scan(tx, &p->scan_w, p->slice);
	if (tx) {
		int c = store_tx_commit(tx, &p->scan_err);
		ret = ret == 0 && c < 0 ? c : ret;
		store_tx_free(tx);
	}
	return ret;
}

/*
 * A slice of the scan, the lock held (released while it runs): on `tx` (the
 * walk's, a quarter of the reader's slice), or in a read transaction of the
 * reader's connection when NULL. Its time added to *spent.
 */
static void scan_slice(struct reader *p, struct store_tx *tx, double *spent)
{
	double t0 = seconds_now();
	int ret;

	p->scan = 3;
	pthread_mutex_unlock(&p->lock);
	ret = tx ? watch_scan(tx, &p->scan_w, p->slice / 4 ? p->slice / 4 : 1) : reader_scan(p);
	pthread_mutex_lock(&p->lock);
	*spent += seconds_now() - t0;
	p->scan_ret = ret;
	p->scan = ret < 0 || p->scan_w.done ? 2 : 1;
	pthread_cond_broadcast(&p->cond);
}

static void *reader_main(void *arg)
{
	struct reader *p = arg;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		double t0 = seconds_now();
		while (!p->stop && !(p->more && p->count < READER_AHEAD) && p->scan != 1)
			pthread_cond_wait(&p->cond, &p->lock);
		p->t.idle += seconds_now() - t0;
		if (p->stop)
			break;
		if (!(p->more && p->count < READER_AHEAD)) {
			/*
			 * No chunk to read (the walk has READER_AHEAD waiting, or
			 * every chunk is read): a slice of the customers not
			 * visited, summed while the walk works. Once every chunk
			 * was read, only at the end: the walk then waited for the
			 * whole scan (at 1M the next day, 30-50 ms).
			 */
			scan_slice(p, NULL, &p->t.summing);
			continue;
		}
		struct reader_slot *sl = &p->slot[(p->head + p->count) % READER_AHEAD];
		struct store_cursor cur = p->next;
		unsigned gen = p->gen, epoch = p->epoch;
		pthread_mutex_unlock(&p->lock);
		t0 = seconds_now();
		int ret = reader_read(p, &sl->rr, &cur);
		pthread_mutex_lock(&p->lock);
		p->t.reading += seconds_now() - t0;
		if (epoch != p->epoch)
			continue; /* the walk reset the reader meanwhile: this chunk is not wanted */
		sl->cur = cur;
		sl->gen = gen;
		sl->ret = ret;
		p->count++;
		p->next = cur;
		p->more = ret >= 0 && chunk_more(&sl->rr);
		if (ret >= 0 && !chunk_more(&sl->rr))
			p->reached_end = 1;
		pthread_cond_broadcast(&p->cond);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* The reader reads from `from` on (after a reset, or at the start). */
static void reader_go(struct reader *p, struct store_cursor from)
{
	pthread_mutex_lock(&p->lock);
	p->next = from;
	p->more = 1;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
}

/*
 * The next chunk read, its rows handed to r: its count (0: no more
 * customers) or -ERR_*; *stale when its reading began in an earlier
 * generation, and then the reader is stopped and what it read dropped.
 */
static int reader_take(struct reader *p, struct run *r, struct store_cursor *cur, int *stale)
{
	struct reader_slot *sl;
	int ret;

	pthread_mutex_lock(&p->lock);
	double t0 = seconds_now();
	p->t.takes++;
	p->t.waited += p->count == 0;
	while (p->count == 0) {
		/*
		 * Rather than wait for the first chunk, slices of the customers
		 * not visited, on the walk's transaction (their watch rows are
		 * the same in every transaction of the run: watch_scan), each a
		 * quarter of the reader's so that the chunk, once read, waits
		 * no longer than that: what the reader summed at its end, after
		 * its last chunk. The walk is idle only then (PostgreSQL at
		 * 100,000: 24 ms, all of the summing; the next day 0.203 s
		 * against 0.212, medians of seven); summing at every wait, on
		 * SQLite at 1M, took the cores the reader's reads wanted (0.585
		 * s against 0.57).
		 */
		if (p->scan == 1 && r->tx && p->t.takes == 1) {
			scan_slice(p, r->tx, &p->t.walk_summing);
			/* failed on the walk's transaction, which is then of no more use (PostgreSQL aborts it) */
			if (p->scan_ret < 0) {
				*r->e = p->scan_err;
				pthread_mutex_unlock(&p->lock);
				return p->scan_ret;
			}
			continue;
		}
		pthread_cond_wait(&p->cond, &p->lock);
	}
	p->t.walk_waits += seconds_now() - t0;
	sl = &p->slot[p->head];
	ret = sl->ret;
	*cur = sl->cur;
	*stale = sl->gen != p->gen;
	if (*stale) {
		p->epoch++;
		p->count = 0;
		p->more = 0;
		ret = 0;
	} else {
		/* under the lock: once taken, the slot is the reader's to fill again */
		if (ret < 0)
			*r->e = sl->err;
		else
			swap_chunk(r, &sl->rr);
		p->head = (p->head + 1) % READER_AHEAD;
		p->count--;
	}
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	return ret;
}

/* The walk's write transaction; a new generation when another connection committed since its last one. */
static int begin_beside(struct run *r, struct reader *p)
{
	int64_t v = 0;
	int ret = begin(r);

	if (ret == 0)
		ret = store_tx_others_version(r->tx, &v, r->e);
	if (ret < 0)
		return ret;
	if (p->have_version && (v != p->version || p->always_stale)) {
		pthread_mutex_lock(&p->lock);
		p->gen++;
		pthread_mutex_unlock(&p->lock);
	}
	p->version = v;
	p->have_version = 1;
	return 0;
}

static void reader_stop(struct reader *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	p->stop = 1;
	pthread_cond_broadcast(&p->cond);
	pthread_mutex_unlock(&p->lock);
	pthread_join(p->thread, NULL);
	pthread_cond_destroy(&p->cond);
	pthread_mutex_destroy(&p->lock);
	store_close(p->store);
	run_snapshot_release(&p->scan_snap);
	for (size_t i = 0; i < READER_AHEAD; i++) {
		/* the walk's: not released here */
		memset(&p->slot[i].rr.set, 0, sizeof(p->slot[i].rr.set));
		p->slot[i].rr.rules = NULL;
		p->slot[i].rr.watch_ids = NULL;
		memset(&p->slot[i].rr.day_chg, 0, sizeof(p->slot[i].rr.day_chg));
		run_release(&p->slot[i].rr);
	}
	free(p);
}

/* *out NULL when the walk reads alone: a replay, a dry run, RECOUP_RUN_READER=0, or no second connection. */
static int reader_start(struct run *r, struct reader **out)
{
	const char *env = getenv("RECOUP_RUN_READER");
	struct reader *p;
	int ret;

	*out = NULL;
	if (r->later || !r->probe || r->o->dry_run || (env && !strcmp(env, "0"))) {
		store_close(watch_ahead_session(r->ahead)); /* no reader to hand it to: one session from here */
		return 0;
	}
	p = calloc(1, sizeof(*p));
	if (!p)
		return error_set(r->e, ERR_ENV, "out of memory");
	p->store = watch_ahead_session(r->ahead);
	ret = p->store ? 1 : store_open_reader(r->ctx->store, &p->store, r->e);
	if (ret <= 0) {
		free(p);
		return ret;
	}
	for (size_t i = 0; i < READER_AHEAD; i++) {
		struct run *rr = &p->slot[i].rr;
		rr->ctx = r->ctx;
		rr->o = r->o;
		rr->sum = &p->sum;
		rr->e = &p->slot[i].err;
		rr->set = r->set; /* a view of the walk's strategies, read only (released by the walk alone) */
		rr->aging = r->aging;
		rr->later = r->later;
		rr->due_by = r->due_by;
		rr->probe = r->probe;
		rr->known_at = r->known_at;
		rr->flags_at = r->flags_at;
		rr->need_risk = r->need_risk;
		rr->chunk = r->chunk;
		rr->rules = r->rules; /* read only: the walk's, released by it alone */
		rr->watch = r->watch;
		rr->watch_ids = r->watch_ids; /* read only: the walk's, released by it alone */
		rr->n_watch_ids = r->n_watch_ids;
		rr->day_chg = r->day_chg; /* read only: the walk's, released by it alone */
	}
	if (r->watch && r->keep_watch) {
		ret = run_snapshot_users_copy(&p->scan_snap, &r->snap, r->e);
		if (ret < 0) {
			store_close(p->store);
			free(p);
			return ret;
		}
		p->scan = 1;
		p->scan_w.skip = r->watch_ids;
		p->scan_w.n_skip = r->n_watch_ids;
		p->scan_w.snap = &p->scan_snap;
		p->scan_w.e = &p->scan_err;
	}
	env = getenv("RECOUP_RUN_READER_SLICE");
	{
		long n = env ? strtol(env, NULL, 10) : 0;
		p->slice = n >= 1 && n <= READER_SLICE ? (size_t)n : READER_SLICE;
	}
	env = getenv("RECOUP_RUN_READER_STALE");
	p->always_stale = env && !strcmp(env, "1");
	env = getenv("RECOUP_RUN_READER_RULES");
	p->rules_mode = env && !strcmp(env, "1") ? 1 : env && !strcmp(env, "0") ? 0 : -1;
	/*
	 * A watched run on SQLite reads a tenth of the book, and its reader is
	 * done long before the walk, which records and commits: the reader reads
	 * every chunk's rules rows then (the walk read half of them, 8% of the
	 * run at 1,000,000 customers). On PostgreSQL the reads are the slower
	 * side (the next day at 100,000: the reader's statements 307 ms against
	 * the walk's 188 ms, the walk waiting for 5 of 6 chunks): as it has time.
	 */
	if (p->rules_mode < 0 && r->watch && !strcmp(store_backend_name(r->ctx->store), "sqlite"))
		p->rules_mode = 1;
	/*
	 * Reading from the first chunk on at once, in the generation of the
	 * start's transaction (committed by now): what another connection
	 * commits after it makes what is read now stale at the walk's first
	 * transaction (begin_beside). The walk otherwise began its transaction
	 * before the reader began to read, and waited for the whole first
	 * chunk's read.
	 */
	if (r->have_start_version) {
		p->version = r->start_version;
		p->have_version = 1;
		p->next = first_chunk(r);
		p->more = 1;
		p->going = 1;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->cond, NULL);
	ret = sys_thread_start(&p->thread, reader_main, p);
	if (ret != 0) {
		pthread_cond_destroy(&p->cond);
		pthread_mutex_destroy(&p->lock);
		store_close(p->store);
		free(p);
		return 0; /* the walk reads alone */
	}
	*out = p;
	return 0;
}

/*
 * The next chunk (r->tx is the walk's write transaction, begun): the
 * reader's, or read here when stale, and then the reader set to read on
 * after it. `*started`: the reader was set going (at the first chunk, once
 * the walk holds its write transaction).
 */
static int next_chunk(struct run *r, struct reader *p, struct store_cursor *cur, int *started)
{
	struct store_cursor at = *cur;
	int stale = 0, n;

	if (!*started)
		reader_go(p, *cur);
	*started = 1;
	n = reader_take(p, r, cur, &stale);
	if (n >= 0 && stale) {
		*cur = at;
		r->n_customers = 0;
		n = load_chunk(r, cur);
		if (n > 0) {
			int g = gather_chunk(r);
			n = g < 0 ? g : n;
		}
		if (n >= 0 && chunk_more(r))
			reader_go(p, *cur);
	}
	return n;
}

static int walk_chunks(struct run *r, struct reader *p)
{
	struct store_cursor cur = first_chunk(r);
	int ret = 0, started = p && p->going;

	for (int chunks = 0;; chunks++) {
		r->n_customers = 0;
		r->counted = -1; /* the reader's chunk brings its own (swap_chunk) */
		ret = r->tx ? 0 : p ? begin_beside(r, p) : begin(r);
		if (ret < 0)
			return ret;
		if (p) {
			ret = next_chunk(r, p, &cur, &started);
		} else {
			ret = load_chunk(r, &cur);
			if (ret > 0) {
				int g = gather_chunk(r);
				ret = g < 0 ? g : ret;
			}
		}
		if (ret > 0)
			ret = act_chunk(r);
		else if (ret == 0 && r->watch_n)
			ret = watch_flush(r); /* every id of the chunk deleted since marked: their empty rows */
		r->n_walked += (int64_t)r->n_customers;
		r->sum->visited += (int64_t)r->n_customers;
		if (ret == 0 && !chunk_more(r))
			ret = count_customers(r);
		if (ret < 0) {
			store_tx_free(r->tx);
			r->tx = NULL;
			return ret;
		}
		if ((chunks + 1) % RUN_CHUNKS_PER_TX == 0 || !chunk_more(r)) {
			ret = flush_cancelled(r, NULL);
			if (ret < 0) {
				store_tx_free(r->tx);
				r->tx = NULL;
				return ret;
			}
			ret = end(r);
		}
		if (ret < 0)
			return ret;
		if (r->o->progress)
			r->o->progress(r->o->progress_ctx, (long long)r->sum->customers_seen);
		if (!chunk_more(r))
			return 0;
	}
}

/*
 * RECOUP_RUN_PAUSE=PATH (tests, t1005): once the reader holds its first
 * chunk (read after the start's commit, before the walk's first
 * transaction), PATH.paused is written and the walk waits for PATH.go (60 s
 * at most): the test commits another connection's write in between, which
 * must make that chunk stale.
 */
static void test_pause(struct reader *p)
{
	const char *path = getenv("RECOUP_RUN_PAUSE");
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	char name[4096];
	FILE *f;

	if (!path || !*path)
		return;
	if (p) {
		pthread_mutex_lock(&p->lock);
		while (p->count == 0 && p->more && !p->stop)
			pthread_cond_wait(&p->cond, &p->lock);
		pthread_mutex_unlock(&p->lock);
	}
	snprintf(name, sizeof(name), "%s.paused", path);
	f = fopen(name, "w");
	if (f)
		fclose(f);
	snprintf(name, sizeof(name), "%s.go", path);
	for (int i = 0; i < 6000; i++) {
		f = fopen(name, "r");
		if (f) {
			fclose(f);
			break;
		}
		nanosleep(&tick, NULL);
	}
}

static int walk(struct run *r)
{
	struct reader *p = NULL;
	int ret = reader_start(r, &p);

	if (ret == 0)
		test_pause(p);
	if (ret == 0)
		ret = walk_chunks(r, p);
	if (p) {
		/* the reader's scan: its last slices, the walk done (else finish() scans, in the walk's transaction) */
		pthread_mutex_lock(&p->lock);
		if (ret < 0 && p->scan == 1)
			p->scan = 0;
		double t0 = seconds_now();
		while (p->scan == 1 || p->scan == 3)
			pthread_cond_wait(&p->cond, &p->lock);
		p->t.end_wait = seconds_now() - t0;
		if (r->times)
			*r->times = p->t;
		pthread_mutex_unlock(&p->lock);
		if (ret == 0 && p->scan == 2 && p->scan_ret < 0) {
			*r->e = p->scan_err;
			ret = p->scan_ret;
		}
		if (ret == 0 && p->scan == 2) {
			r->scan_snap = p->scan_snap;
			memset(&p->scan_snap, 0, sizeof(p->scan_snap));
			r->scan_accounts = p->scan_w.accounts;
			r->scanned = 1;
		}
	}
	reader_stop(p);
	return ret;
}

static void run_release(struct run *r)
{
	store_tx_free(r->tx);
	rules_chunk_free(r->rules_chunk);
	rules_ctx_free(r->rules);
	strategies_release(&r->set);
	free(r->customers);
	free(r->asked);
	free(r->page_whole);
	free(r->asked_ids);
	free(r->flagged);
	free(r->bands);
	free(r->charged);
	free(r->keys);
	free(r->key_inv);
	free(r->found);
	free(r->behind);
	free(r->holds);
	free(r->ended);
	free(r->redos);
	free(r->invs);
	free(r->recs);
	free(r->waits);
	free(r->credits);
	day_charges_release(&r->day_chg);
	free(r->due);
	free(r->done_now);
	free(r->superseded);
	free(r->ai);
	free(r->held_ids);
	free(r->ids);
	free(r->les);
	free(r->products);
	run_snapshot_release(&r->snap);
	free(r->answers);
	free(r->paids);
	free(r->paid_qs);
	free(r->moments);
	free(r->pend);
	free(r->pend_n);
	free(r->pend_ai);
	free(r->watch_ids);
	free(r->cover);
	free(r->lates);
	run_snapshot_release(&r->scan_snap);
	free(r->edges);
	free(r->wrows);
	free(r->w_off);
	free(r->wsnap);
	free(r->sopen);
}

/* RUN_CHUNK, or RECOUP_RUN_CHUNK (2 to RUN_CHUNK): the tests walk a small book in many chunks and transactions. */
static int run_chunk_size(void)
{
	const char *env = getenv("RECOUP_RUN_CHUNK");
	long n = env ? strtol(env, NULL, 10) : 0;

	return n >= 2 && n <= RUN_CHUNK ? (int)n : RUN_CHUNK;
}

struct latest_run {
	date_t today, latest;
	int found; /* latest is a run's: 0 is 1970-01-01, a day like any other (a book may start in 1900) */
	/* for lift_scope: the run's own date, the latest run before it and whether it finished, one of its own */
	date_t as_of, before;
	int before_found, before_done, same_day;
};

/*
 * The latest run up to today: a run for a later day (a book written before
 * such runs were refused) is a mistake of its own, and counting it would
 * refuse every run until its day came.
 */
static int latest_run(void *ctx, const struct run_row *row)
{
	struct latest_run *l = ctx;

	if ((!l->found || row->run_date > l->latest) && row->run_date <= l->today) {
		l->latest = row->run_date;
		l->found = 1;
	}
	if (row->run_date == l->as_of)
		l->same_day = 1;
	else if (row->run_date < l->as_of && (!l->before_found || row->run_date > l->before)) {
		l->before = row->run_date;
		l->before_found = 1;
		l->before_done = !strcmp(row->state, "done");
	}
	return 0;
}

/*
 * What the credit review's lift after the walk looks at (credit_review_walked):
 * the holds of the customers the run visited, or every run hold. A hold can
 * become liftable only by a write to its customer: the lift's tests grow
 * harder with time (an invoice overdue longer), but one, the day after the
 * hold's step, and that one is never alone, as a hold is not lifted while an
 * invoice of its step is open (a step is due on open invoices only). Every
 * write to a customer marks it, and the run visits the marked customers
 * (the watch) and then looks at their holds here, whatever the write came
 * before or during the run. So the visited are enough when the last lift
 * was a whole one of these: the run before this one's date finished (its
 * lift ran), this date has no run yet (a run killed after its visits and
 * before its lift, then run again, visits only what is left), and this run
 * visits the watched customers alone (a run that visits everyone, after a
 * change of the configuration, credit policy included, looks at every hold;
 * RECOUP_RUN_WATCH=0, and t0985 compares the two).
 */
struct lift_basis {
	int known; /* refuse_replay read the runs */
	int before_done, same_day;
};

static void lift_scope(const struct run *r, const struct lift_basis *b, const int64_t **ids, size_t *n)
{
	*ids = NULL;
	*n = 0;
	if (b->known && b->before_done && !b->same_day && r->watch) {
		/* a customer with no id to visit has no hold to look at: an empty list, not NULL (every hold) */
		static const int64_t none[1] = { 0 };
		*ids = r->n_watch_ids ? r->watch_ids : none;
		*n = r->n_watch_ids;
	}
}

/*
 * A run recorded for a date before the latest run's records, as of that
 * day, the steps due then that no run has recorded (an invoice imported
 * since with an earlier due date, say) and schedules their messages for
 * moments long passed, which the next send would hand over at once: a
 * reminder days late, where the next run for today would have recorded it
 * superseded by the step due now. Almost always a mistyped date. Refused
 * unless --replay asks for it (replaying or backtesting on a copy of the
 * book); a dry run shows what that day would have brought and writes
 * nothing. Checked under the run lock, so no run recorded meanwhile is
 * missed; a rerun of the latest day is not refused (after a crash).
 */
static int refuse_replay(const struct app_ctx *ctx, date_t as_of, struct lift_basis *basis, struct error *e)
{
	struct store_tx *tx = NULL;
	struct latest_run l = { .today = ctx->today, .as_of = as_of };
	date_t latest;
	int ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);

	if (ret < 0)
		return ret;
	/* one row a day: every run of the tenant, the latest date kept */
	ret = store_runs_each(tx, latest_run, &l, e);
	store_tx_free(tx);
	latest = l.latest;
	if (ret == 0) {
		basis->known = 1;
		basis->before_done = l.before_found && l.before_done;
		basis->same_day = l.same_day;
	}
	if (ret == 0 && l.found && latest > as_of) {
		char day[DATE_TEXT_MAX], later[DATE_TEXT_MAX];
		const char *d = date_format(as_of, day, sizeof(day));
		ret = error_set(e, ERR_INPUT,
				"the run for %s is recorded already, and %s is before it: a run for %s now would "
				"record the steps due that day that no run has recorded and schedule their messages "
				"for moments passed, which the next send would hand over late (a run for today "
				"supersedes them by the step due now); `recoup run --as-of %s --dry-run` shows what it "
				"would have done, and --replay records it anyway (on a copy of the book, to replay or "
				"backtest)",
				date_format(latest, later, sizeof(later)), d, d, d);
	}
	return ret;
}

/*
 * RECOUP_RUN_TIMES=1: each phase's end printed to stderr, in seconds since
 * the run began ("run phase walk 0.652"), for whoever measures where a
 * run's time goes (docs/strategies.md, "The way to 3x").
 */
struct run_times {
	int on;
	double t0;
};

static void run_times_start(struct run_times *t)
{
	const char *env = getenv("RECOUP_RUN_TIMES");

	t->on = env && !strcmp(env, "1");
	t->t0 = t->on ? seconds_now() : 0;
}

static void run_times_note(const struct run_times *t, const char *phase)
{
	if (t->on)
		fprintf(stderr, "run phase %s %.3f\n", phase, seconds_now() - t->t0);
}

int run_execute(const struct app_ctx *ctx, const struct run_options *o, struct run_summary *out, struct error *e)
{
	struct watch_ahead ahead = { 0 };
	struct lift_basis basis = { 0 };
	struct run_times times;
	struct run r = { 0 };
	int locked = 0, unchecked = 0, ret = 0;
	int64_t cache_was = 0;

	run_times_start(&times);
	memset(out, 0, sizeof(*out));
	out->as_of = o->as_of;
	out->dry_run = o->dry_run;
	/*
	 * A run records actions and posts fees and interest dated with its
	 * date: one for a later day (a mistyped year) would put charges not yet
	 * incurred into today's balances, and messages for that day into the
	 * outbox. It runs for today or a past day (a replay); a dry run may
	 * look ahead, as it writes nothing.
	 */
	if (!o->dry_run && o->as_of > ctx->today) {
		char day[DATE_TEXT_MAX], today[DATE_TEXT_MAX];
		return error_set(e, ERR_INPUT,
				 "the run's date %s is after today (%s, UTC): a run records actions and posts fees "
				 "and interest as of its date, so it runs for today or an earlier day; a dry run "
				 "shows what a later day would bring",
				 date_format(o->as_of, day, sizeof(day)),
				 date_format(ctx->today, today, sizeof(today)));
	}
	/*
	 * Nor is it made before its day began: its actions, the run's own
	 * record and the fees it posts carry that moment. `--now 1960-01-01`
	 * for a run of 2026 recorded 1960 on every action it wrote.
	 */
	if (!o->dry_run && ctx->now < (timestamp_t)o->as_of * 86400) {
		char day[DATE_TEXT_MAX], at[TIMESTAMP_TEXT_MAX];
		return error_set(e, ERR_INPUT,
				 "the run's moment %s (--now) is before its date %s began (UTC): a run is made on or "
				 "after its day, and what it records carries that moment",
				 timestamp_format(ctx->now, at, sizeof(at)), date_format(o->as_of, day, sizeof(day)));
	}
	/*
	 * Moments are seconds since 1970-01-01 UTC, and the contact rules read a
	 * moment of 0 as "none" (no forbearance, no next moment): a day before
	 * it was refused for a forbearance "until 1970-01-01" and every step
	 * recorded refused with no next moment; on a book with no run the
	 * refusal below named a run "for 1970-01-01" that did not exist. Almost
	 * always a mistyped year: refused, dry run or not, naming the limit.
	 */
	if (o->as_of < 0) {
		char day[DATE_TEXT_MAX];
		return error_set(e, ERR_INPUT,
				 "the run's date %s is before 1970-01-01, the first day the contact rules judge "
				 "(a mistyped year?)",
				 date_format(o->as_of, day, sizeof(day)));
	}
	r.ctx = ctx;
	r.o = o;
	r.sum = out;
	r.e = e;
	r.chunk = run_chunk_size();
	aging_config_default(&r.aging);
	/*
	 * A small page cache for the run's connection, as its reader's: the run
	 * touches most of the pages it reads or writes once, and each page a
	 * large cache takes is memory the kernel maps and clears. At 1,000,000
	 * customers the next day with the connection's 128 MiB: 37,000 page
	 * faults, 155 MB peak; with 16 MiB 7,900 faults, 39 MB, and no slower
	 * (1.87 s of CPU against 1.95, means of six; docs/strategies.md).
	 */
	ret = store_cache_size(ctx->store, RUN_CACHE_KIB, &cache_was, e);
	if (ret < 0)
		return ret;
	ret = 0;
	if (!o->dry_run) {
		/*
		 * The log copied into the database on a thread beside the
		 * walk (store_checkpoint_behind), not in the walk's commits: at
		 * 1M the next day 0.89-1.12 s against 0.97-1.19 s (medians
		 * 0.98 and 1.12, twelve rounds each, alternated).
		 */
		ret = store_checkpoint_behind(ctx->store, 1, e);
		if (ret < 0)
			goto cleanup;
		ret = store_run_lock(ctx->store, ctx->tenant, e);
		if (ret == 0)
			ret = error_set(e, ERR_ENV,
					"another run of this tenant is in progress; wait for it to finish (a run "
					"that was killed releases its lock when its process ends; on PostgreSQL "
					"when the server notices, within a second or so: try again then)");
		if (ret < 0)
			goto cleanup;
		locked = 1;
		/*
		 * The run's writes without the database's check of each
		 * reference (store_check_references: SQLite's foreign-key
		 * seeks, PostgreSQL's row locks): every reference it writes names a
		 * row it read within its tenant in its write transaction's
		 * snapshot (the customer, contact and invoices of the account
		 * it visits, a read ahead of the walk counting only when no
		 * other connection committed since, begin_beside), or one it
		 * wrote in that transaction (the action of an action invoice,
		 * the step's key); it deletes no row another can name. The
		 * check was a seek into the parent's index for each of the 2
		 * or 3 references of every action, 3 of every action invoice,
		 * 1 of every watch row: at 1,000,000 customers the next day
		 * 0.63-0.77 s (median 0.655) against 0.68-0.80 s (0.745), six
		 * rounds each, alternated; on PostgreSQL at 100,000 0.34-0.39 s
		 * against 0.42-0.45 s. Every other writer stays checked;
		 * the tests check the references of every book they leave
		 * (tests/integration/lib.sh, finish).
		 */
		ret = store_check_references(ctx->store, 0, e);
		if (ret < 0)
			goto cleanup;
		unchecked = ret == 1;
		if (times.on)
			fprintf(stderr, "run references: %s\n",
				unchecked ? "checked by the run's own reads (the database's check of each one off)"
					  : "checked by the database, each one");
		if (!o->replay) {
			ret = refuse_replay(ctx, o->as_of, &basis, e);
			if (ret < 0)
				goto cleanup;
		}
		/* the watched customers read ahead meanwhile (watch_ahead): a replay visits everyone */
		const char *env = getenv("RECOUP_RUN_AHEAD");
		if (!o->replay && !(env && !strcmp(env, "0"))) {
			watch_ahead_start(&ahead, ctx, o->as_of);
			r.ahead = &ahead;
			if (env && !strcmp(env, "wait") && ahead.running) {
				pthread_join(ahead.thread, NULL);
				ahead.thread_done = 1;
			}
		}
		/* the agreements whose day has come are settled first: the walk then sees their holds as they are */
		ret = review_agreements(ctx, o->as_of, e);
		if (ret < 0)
			goto cleanup;
		run_times_note(&times, "agreements");
	}
	ret = start(&r);
	run_times_note(&times, "start");
	struct reader_times waits = { 0 };
	r.times = times.on ? &waits : NULL;
	if (ret == 0)
		ret = walk(&r);
	run_times_note(&times, "walk");
	if (times.on && waits.takes)
		fprintf(stderr,
			"run waits walk %.3f (%zu of %zu chunks; summing %.3f of it) reader idle %.3f reading %.3f "
			"summing %.3f end %.3f\n",
			waits.walk_waits, waits.waited, waits.takes, waits.walk_summing, waits.idle, waits.reading,
			waits.summing, waits.end_wait);
	if (times.on)
		fprintf(stderr, "run money-in questions %zu answered ahead, %zu asked by the walk\n", r.paid_found_n,
			r.paid_asked_n);
	if (times.on && ahead.thread_done && ahead.opened > 0)
		fprintf(stderr,
			"run read ahead: %zu ids, and %zu from the end by the start; its connection open %.3f, read "
			"%.3f after the run began; the start waited %.3f for it\n",
			ahead.ids.n, ahead.tail.n, ahead.opened - times.t0, ahead.read - times.t0, ahead.waited);
	if (ret == 0)
		ret = finish(&r);
	run_times_note(&times, "finish");
	/* the day's credit_hold steps hold new orders today (their actions are committed by now), and the lift */
	if (ret == 0 && !o->dry_run) {
		const int64_t *lift_ids;
		size_t lift_n;
		lift_scope(&r, &basis, &lift_ids, &lift_n);
		if (times.on && lift_ids)
			fprintf(stderr, "run credit lift: the holds of the %zu customers visited\n", lift_n);
		else if (times.on)
			fprintf(stderr, "run credit lift: every hold\n");
		ret = credit_review_walked(ctx, o->as_of, lift_ids, lift_n, e);
	}
	run_times_note(&times, "credit");
cleanup:
	watch_ahead_release(&ahead);
	run_release(&r);
	if (unchecked) {
		struct error ignored = ERROR_INIT;
		/* no transaction is open past run_release; a run that failed keeps its own error */
		int checked = store_check_references(ctx->store, 1, ret == 0 ? e : &ignored);
		if (checked < 0 && ret == 0)
			ret = checked;
	}
	if (locked)
		store_run_unlock(ctx->store, ctx->tenant);
	if (!o->dry_run) {
		struct error ignored = ERROR_INIT;
		(void)store_checkpoint_behind(ctx->store, 0, &ignored); /* waits for the copy it is making */
		run_times_note(&times, "checkpoints");
	}
	if (cache_was > 0) {
		struct error ignored = ERROR_INIT;
		int64_t was;
		/* set back for what the process does next (a run is one command today; the server may run one later) */
		(void)store_cache_size(ctx->store, cache_was, &was, &ignored);
	}
	if (ret < 0)
		run_summary_release(out);
	return ret;
}

void run_summary_release(struct run_summary *s)
{
	free(s->refused);
	s->refused = NULL;
	s->n_refused = s->cap_refused = 0;
}
