/*
 * actions.h: what the daily run reads and records (docs/strategies.md,
 * "The daily run"): the runs, their actions and the invoices each action
 * covers, the day's snapshot of the book, the balances as known on a past
 * date, and the lock that keeps two runs of a tenant apart.
 *
 * Every step of every invoice is recorded once: action_invoice's key
 * (tenant, invoice, strategy, step) refuses a second record, so no rerun
 * can schedule a step twice. The run reads what is recorded for a chunk of
 * customers (store_run_actions_each) and writes only what is missing, in
 * the same write transaction.
 *
 * Actions are read by customer id range and by filter; records passed to
 * callbacks are valid during the callback only.
 */
#ifndef RECOUP_STORE_ACTIONS_H
#define RECOUP_STORE_ACTIONS_H

#include <stddef.h>

#include "core/contact_rules.h"
#include "store/parties.h"
#include "store/store.h"

#define ACTION_KIND_MAX   20
#define ACTION_STATE_MAX  12
#define ACTION_NAME_MAX   32
#define ACTION_LOCAL_MAX  VERDICT_LOCAL_MAX
#define ACTION_REASON_MAX REASON_MESSAGE_MAX

struct action_record {
	int64_t id; /* set by store_action_add */
	date_t run_date;
	/*
	 * The run date it was first recorded with, when a run did it again
	 * since (store_action_redo), which moved run_date to that run's; 0:
	 * never done again (then it is run_date). Written by the store alone
	 * (store_action_redo, store_actions_copy_add); store_action_add leaves
	 * it 0.
	 */
	date_t first_run_date;
	int64_t customer_id;
	char customer_ref[REF_MAX + 1]; /* filled when read */
	int64_t contact_id;             /* 0: none (ledger postings, tasks with no one to reach) */
	char contact_ref[REF_MAX + 1];  /* filled when read */
	char currency[4];
	int64_t amount;                     /* minor units: what the action is about (a fee: the fee posted) */
	char kind[ACTION_KIND_MAX + 1];     /* core/strategy.h step_action_name() */
	char strategy[ACTION_NAME_MAX + 1]; /* the strategy and the step recorded for it */
	char step[ACTION_NAME_MAX + 1];
	timestamp_t scheduled_at; /* TIMESTAMP_NONE: not scheduled (refused, superseded); 0 is 1970-01-01T00:00Z */
	char local_time[ACTION_LOCAL_MAX];
	char state[ACTION_STATE_MAX + 1]; /* scheduled, done, refused, superseded, cancelled */
	char reason_code[PROFILE_CODE_MAX + 1];
	char reason[ACTION_REASON_MAX];
	timestamp_t next_allowed_at; /* 0: none (never, or not refused) */
	timestamp_t created_at, updated_at;
};

/* One invoice of an action and the step of the strategy it was at. */
struct action_invoice {
	int64_t invoice_id;
	char step[ACTION_NAME_MAX + 1];
};

/*
 * Records an action and its invoices (a->strategy for each; n >= 1), sets
 * a->id. A key of action_invoice that is already recorded fails the call
 * (-ERR_ENV): the caller reads what is recorded first. Write.
 */
int store_action_add(struct store_tx *tx, struct action_record *a, const struct action_invoice *inv, size_t n,
		     struct error *e);
/*
 * Records n actions as many store_action_add calls would: the invoices of
 * action k are the next n_inv[k] (>= 1) of `inv`. Sets each a[k].id. On
 * PostgreSQL one statement for all of them (a daily run records a chunk's
 * actions at once); the keys of action_invoice refuse a step recorded
 * already just the same. Write.
 */
int store_actions_add(struct store_tx *tx, struct action_record *a, size_t n, const struct action_invoice *inv,
		      const size_t *n_inv, struct error *e);
/* Moves an action to `state` with a reason (cancelled, done...): 1 changed, 0 no such action. Write. */
int store_action_set_state(struct store_tx *tx, int64_t id, const char *state, const char *reason_code,
			   const char *reason, timestamp_t at, struct error *e);
/*
 * Moves an action from `from` to `state` with a reason, only when it is in
 * `from` now: one statement, so that a writer who moved it since the
 * caller read it (a promise that cancelled a waiting letter, on PostgreSQL
 * in another transaction committed meanwhile) is never overwritten. 1
 * moved; 0 not, with its state and reason code now in *now (state ""
 * when there is no such action); -ERR_ENV. Write.
 */
struct action_state_now {
	char state[ACTION_STATE_MAX + 1];
	char reason_code[PROFILE_CODE_MAX + 1];
};
int store_action_move(struct store_tx *tx, int64_t id, const char *from, const char *state, const char *reason_code,
		      const char *reason, timestamp_t at, struct action_state_now *now, struct error *e);

/*
 * The customers a run for today looks at, a page at a time in id order
 * (store.h, struct store_cursor): those with an open invoice (balance <> 0
 * now) or an action still waiting (state scheduled). Any other customer has
 * nothing to net, no step due and nothing to review; on the bench portfolio
 * they are two thirds of the book. Read through the indexes invoice_open
 * and action_waiting, so a page costs its own rows. Open now, not as of a
 * past date: a replay (store_run_later) walks every customer instead
 * (store_customers_list), since an invoice settled since was open then.
 *
 * Only what picks an account's strategy is read (struct run_customer): a
 * customer's whole row (name, address, ...) is a few hundred bytes, most
 * customers have no step due on a given day, and copying every row cost
 * the run a sixth of its time at 1,000,000 customers. The customers the
 * contact rules are asked about are read whole (store_run_customers_by_id).
 */
struct run_customer {
	int64_t id;
	enum customer_kind kind;
	char country[COUNTRY_LEN + 1];
	char tags[TAGS_MAX + 1];
};
typedef int (*store_run_customer_cb)(void *ctx, const struct run_customer *c);
/* The customers of `ids` (ascending), whole, in id order; an id with no customer is passed over. */
int store_run_customers_by_id(struct store_tx *tx, const int64_t *ids, size_t n, store_customer_cb cb, void *ctx,
			      struct error *e);
/* How many customers the tenant has (the run's summary counts every customer as seen), or -ERR_ENV. */
int64_t store_run_customers_count(struct store_tx *tx, struct error *e);

/*
 * What is recorded for a chunk, one row per (action, invoice), by
 * customer id:
 *   store_run_recorded_each: the steps recorded for the invoices open now
 *     (customer_id, action_id, invoice_id, strategy, step; the other
 *     fields are NULL or 0), read through the invoices' and action_invoice's
 *     keys alone; with `later` (store_run_invoices_each), for every invoice
 *     of the chunk's customers, since invoices settled after as_of count
 *     as open then;
 *   store_run_waiting_each: the actions still waiting (state scheduled, at
 *     or after `since`) with all their invoices, every field filled, by
 *     customer id then action id.
 * So a run reads what it can still act on, not the whole history of the book.
 */
struct run_recorded {
	int64_t customer_id;
	int64_t action_id;
	int64_t invoice_id;
	const char *state;
	const char *strategy;
	const char *step;
	const char *kind;
	date_t run_date;
	int64_t contact_id;       /* 0: none */
	timestamp_t scheduled_at; /* 0: not scheduled */
};
typedef int (*store_run_recorded_cb)(void *ctx, const struct run_recorded *r);
int store_run_recorded_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, int later,
			    store_run_recorded_cb cb, void *ctx, struct error *e);
int store_run_waiting_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t since,
			   store_run_recorded_cb cb, void *ctx, struct error *e);
/*
 * store_run_recorded_each without `later`, for the open invoices due on or
 * before `due_by` alone: the daily run's, whose strategies have no step
 * earlier than (as_of - due_by) days from the due date, so an invoice due
 * later has no step due and nothing recorded to look up (more than half of
 * the open invoices on the bench book: they are not yet due).
 */
int store_run_recorded_due_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, date_t due_by,
				store_run_recorded_cb cb, void *ctx, struct error *e);

/* One step of one invoice looked for in what earlier runs recorded (action_invoice's key). */
struct run_step_key {
	int64_t invoice_id;
	const char *strategy, *step;
};
/*
 * found[i] = 1 when keys[i] is recorded, else 0: the daily run asks, per
 * open invoice, only for the latest step now due (most are recorded, and
 * then nothing else of the invoice is looked at), where reading every
 * recorded step of every open invoice was a fifth of a next day's run.
 */
int store_run_steps_recorded(struct store_tx *tx, const struct run_step_key *keys, size_t n, unsigned char *found,
			     struct error *e);
/* An open invoice and its customer, as the run's page read them. */
struct run_invoice_key {
	int64_t customer_id, invoice_id;
};
/*
 * Every step recorded for the invoices `keys` (listed in their customers'
 * order), with the customer given, in customer order: the run's, for the
 * invoices whose latest step due the probe did not find. The customer
 * comes from the caller, so the invoice's row is not read (on SQLite a
 * page of the invoice table for each invoice behind: 9,000 of the reader's
 * 18,000 page reads the next day at 1,000,000 customers).
 */
int store_run_recorded_of(struct store_tx *tx, const struct run_invoice_key *keys, size_t n, store_run_recorded_cb cb,
			  void *ctx, struct error *e);

/*
 * The messages and calls (kind email, sms, letter, call or visit) of the
 * customers `ids` (ascending) that a hold cancelled before they were made
 * (state cancelled, reason_code the hold's kind: promise, plan, dispute,
 * settlement, placed, special), by customer then id: the daily run's, for
 * the customers one of whose holds has ended, whose step such an action
 * took is done again (store_action_redo; docs/strategies.md "Which step is
 * due"). `code` is the reason code.
 */
struct run_redo {
	int64_t customer_id, action_id;
	const char *code;
};
typedef int (*store_run_redo_cb)(void *ctx, const struct run_redo *r);
int store_run_hold_cancelled_of(struct store_tx *tx, const int64_t *ids, size_t n, store_run_redo_cb cb, void *ctx,
				struct error *e);
/*
 * Action `id`, cancelled by a hold, waits again as `a` says: its run date
 * (its first one kept as first_run_date, unless a redo kept one before),
 * contact, kind, step, amount, moment and local time, state, reason code
 * and reason, next allowed moment and a->updated_at (its strategy and
 * created_at stay), lists `more` too (n_more invoices at their steps of
 * a->strategy: the day's new steps of the same kind, one action per
 * channel), and no longer lists those of the invoices `held` (n_held, any
 * order; ids it does not list are passed over) it listed: a hold covers
 * them now, and their rows of action_invoice are deleted, so their step is
 * recorded nowhere until a later action records it. 1 when it was
 * cancelled and is moved, 0 when it is not cancelled (nothing changed).
 * Write.
 */
int store_action_redo(struct store_tx *tx, int64_t id, const struct action_record *a, const struct action_invoice *more,
		      size_t n_more, const int64_t *held, size_t n_held, struct error *e);

/*
 * The invoices of the customers in [from, to] that were open as known at
 * the end of `as_of`: issued on or before it, with the balance their
 * ledger entries dated on or before it give (an invoice paid since is
 * included with its old balance; one paid before and reopened later is
 * not). Negative balances (an overpaid invoice) are included: they net.
 * Ordered by customer id, currency, due date (then balance and id).
 *
 * `later` says whether ledger entries dated after as_of exist
 * (store_run_later): with 0 the cached balances of the open invoices are
 * read through their index, which is what a run for today needs; with 1
 * each open invoice's later entries are taken back and the invoices
 * settled since are found among the entries dated after as_of, a scan of
 * the tenant's ledger per call (a replay of a past date is that much
 * slower: no index on the entries' dates, which would cost every payment
 * import about 40%, measured).
 */
struct run_invoice {
	int64_t customer_id;
	int64_t id;
	const char *currency;
	date_t due_date;
	int64_t amount;
	int64_t balance;
	const char *product; /* the invoice's product, "" none (a segment may name products) */
};
typedef int (*store_run_invoice_cb)(void *ctx, const struct run_invoice *inv);
int store_run_invoices_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, date_t as_of, int later,
			    store_run_invoice_cb cb, void *ctx, struct error *e);
/*
 * A run for today's page in one call: the next page of the customers
 * with an open invoice or a waiting action, in id order (cb->customer,
 * moving the cursor; returns how many), with what store_run_invoices_each (later = 0) and
 * store_run_waiting_each (`since`) give for the range of ids they span.
 * Each kind comes in its own order; the kinds may interleave (customer by
 * customer on SQLite, where the page is merged from the open invoices and
 * the waiting actions as they are read: each index is walked once, not
 * once for the page and again for its rows).
 */
struct run_page_cb {
	store_run_customer_cb customer;
	store_run_invoice_cb invoice;
	store_run_recorded_cb waiting;
	void *ctx;
	/*
	 * May be NULL: an open invoice issued after as_of, which the page
	 * passes over (its customer is in the page all the same), by its
	 * customer and issue date: the run's watch looks again on that day.
	 */
	int (*issued_later)(void *ctx, int64_t customer_id, date_t issue_date);
	/*
	 * May be NULL: each customer of the page whole as well, before its
	 * cb->customer (store_run_page_of, both backends: the statement that
	 * reads the page's customers reads them whole; store_run_page may
	 * leave it uncalled).
	 */
	store_customer_cb whole;
};
int store_run_page(struct store_tx *tx, struct store_cursor *cur, date_t as_of, timestamp_t since,
		   const struct run_page_cb *cb, struct error *e);
/* 1 when a ledger entry of the tenant is dated after `as_of` (a scan that stops at the first), else 0. */
int store_run_later(struct store_tx *tx, date_t as_of, struct error *e);
/* 1 when a run is recorded for a date after `as_of` (its fees and interest are dated after it), else 0. */
int store_run_after(struct store_tx *tx, date_t as_of, struct error *e);
/*
 * Unapplied credit of the customers in [from, to] as known at the end of
 * `as_of`, per currency (amount > 0), by customer id then currency.
 */
typedef int (*store_run_credit_cb)(void *ctx, int64_t customer_id, const char *currency, int64_t amount);
int store_run_credit_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, date_t as_of,
			  store_run_credit_cb cb, void *ctx, struct error *e);
/*
 * The same for the customers `ids` (ascending, n > 0) alone: a watched
 * run's chunk, whose first and last ids span tens of times the customers it
 * visits (PostgreSQL reads the credit of those alone; SQLite reads the
 * range, which its reader does beside the walk, and passes on theirs).
 */
int store_run_credit_of(struct store_tx *tx, const int64_t *ids, size_t n, date_t as_of, store_run_credit_cb cb,
			void *ctx, struct error *e);
/*
 * The tenant's fee and interest entries dated `day`, summed per customer
 * and currency (amount > 0 where they add up to more than nothing), by
 * customer id then currency: what a run of that day took off an account's
 * balance before picking its strategy (docs/strategies.md, "Fees and
 * interest"). The ledger's waiting entries are flushed first.
 */
int store_run_day_charges_each(struct store_tx *tx, date_t day, store_run_credit_cb cb, void *ctx, struct error *e);
/* The same for one customer (account show picks its strategy as the run does): a seek in ledger_charge_day. */
int store_run_day_charges_of(struct store_tx *tx, date_t day, int64_t customer_id, store_run_credit_cb cb, void *ctx,
			     struct error *e);

/*
 * The step conditions (docs/strategies.md, "Which step is due"):
 *   store_run_answers_each: the attempts of the customers in [from, to]
 *     made at or before `until` that are an answer or a promise (inbound,
 *     or an outcome right_party, refused, callback, promise or dispute),
 *     by customer then moment; strings valid during the callback;
 *   store_run_paid_between: 1 when money came in on the customer's account
 *     in `currency` (a payment or credit note on one of its invoices, a
 *     credit note or unapplied cash on the account) dated in [from, to];
 *   store_run_action_moment: 1 and an action's state and scheduled_at
 *     (TIMESTAMP_NONE: none), or 0 when there is no such action.
 */
struct run_answer {
	int64_t customer_id;
	timestamp_t at;
	const char *outcome;
	int inbound;
	const char *note;
};
typedef int (*store_run_answer_cb)(void *ctx, const struct run_answer *a);
int store_run_answers_each(struct store_tx *tx, int64_t from_customer, int64_t to_customer, timestamp_t until,
			   store_run_answer_cb cb, void *ctx, struct error *e);
/*
 * The same rows for the customers of `ids` (ascending) alone, for a few
 * customers far apart: a lookup each on SQLite, one statement on
 * PostgreSQL (a round trip each cost more than the rows).
 */
int store_run_answers_of(struct store_tx *tx, const int64_t *ids, size_t n, timestamp_t until, store_run_answer_cb cb,
			 void *ctx, struct error *e);
int store_run_paid_between(struct store_tx *tx, int64_t customer_id, const char *currency, date_t from, date_t to,
			   struct error *e);
int store_run_action_moment(struct store_tx *tx, int64_t id, char *state, size_t size, timestamp_t *scheduled_at,
			    struct error *e);
/*
 * The same, many at a time (the run asks them a chunk at a time): a
 * statement for all on PostgreSQL, each asked on SQLite (no round trip
 * there).
 *   store_run_paid_between_each: out[i] as store_run_paid_between gives it
 *     for (customers[i], currencies[i], froms[i], to).
 *   store_run_action_moments: cb for each of `ids` that is an action, in
 *     any order (an id that is none is left out); strings valid during the
 *     callback.
 */
int store_run_paid_between_each(struct store_tx *tx, const int64_t *customers, const char *const *currencies,
				const date_t *froms, size_t n, date_t to, int *out, struct error *e);
typedef int (*store_run_moment_cb)(void *ctx, int64_t id, const char *state, timestamp_t scheduled_at);
int store_run_action_moments(struct store_tx *tx, const int64_t *ids, size_t n, store_run_moment_cb cb, void *ctx,
			     struct error *e);

/* ---- runs ---- */

/*
 * Records that the run for `run_date` started (state running) unless it
 * is recorded already; *state receives the recorded state ("running" or
 * "done"). Write.
 */
int store_run_start(struct store_tx *tx, date_t run_date, timestamp_t at, char *state, size_t size, struct error *e);
/* Marks it done with its summary (JSON text). Write. */
int store_run_finish(struct store_tx *tx, date_t run_date, timestamp_t at, const char *summary, struct error *e);
/*
 * Adds n to the waiting actions the runs of run_date cancelled (run.cancelled),
 * in the transaction that cancelled them, so that the count survives a crash
 * and a rerun adds only what it cancels; *total (may be NULL) is the sum so far.
 */
int store_run_cancelled_add(struct store_tx *tx, date_t run_date, int64_t n, int64_t *total, struct error *e);
/* Counts of the actions recorded with run_date, by kind, state and reason code. */
typedef int (*store_run_count_cb)(void *ctx, const char *kind, const char *state, const char *reason_code, int64_t n);
int store_run_counts_each(struct store_tx *tx, date_t run_date, store_run_count_cb cb, void *ctx, struct error *e);

/*
 * The run finished last (by finished_at), whatever its date: 1 into *out
 * (summary malloc'd: the caller frees it), 0 when no run has finished.
 */
struct run_last {
	date_t run_date;
	timestamp_t started_at, finished_at;
	char *summary; /* JSON text, as store_run_finish was given it */
};
int store_run_last(struct store_tx *tx, struct run_last *out, struct error *e);

/* ---- listing ---- */

struct action_filter {
	date_t run_date;     /* 0: any; else the actions of that run date or first recorded on it (first_run_date) */
	int64_t customer_id; /* 0: any */
	const char *kind;    /* NULL: any */
	const char *state;   /* NULL: any */
};
/*
 * The actions that match, by run date then id, one call per (action,
 * invoice) with the invoice's ref (invoices by ref within an action).
 */
typedef int (*store_action_cb)(void *ctx, const struct action_record *a, const char *invoice_ref);
int store_actions_each(struct store_tx *tx, const struct action_filter *f, store_action_cb cb, void *ctx,
		       struct error *e);

/* ---- the day's snapshot ---- */

struct snapshot_row {
	date_t run_date;
	const char *dimension; /* total, strategy, collector */
	const char *key;       /* "" for total */
	const char *currency;
	const char *bucket; /* core/aging.h bucket label */
	int64_t accounts, invoices, balance;
};
/* Replaces the snapshot of a date with these rows. Write. */
int store_snapshot_put(struct store_tx *tx, date_t run_date, const struct snapshot_row *rows, size_t n,
		       struct error *e);
/* The rows of the dates in [from, to] by date, dimension, key, currency, bucket (byte order). */
typedef int (*store_snapshot_cb)(void *ctx, const struct snapshot_row *r);
int store_snapshots_each(struct store_tx *tx, date_t from, date_t to, store_snapshot_cb cb, void *ctx, struct error *e);

/* ---- copying a book (recoup migrate) ---- */

/* A run as stored (table run): its date, state, moments and summary. */
struct run_row {
	date_t run_date;
	const char *state; /* running, done */
	timestamp_t started_at;
	timestamp_t finished_at; /* 0: not finished */
	const char *summary;     /* JSON text, "{}" until finished */
};
/* Every run of the tenant, by date; strings valid during the callback. */
typedef int (*store_run_row_cb)(void *ctx, const struct run_row *r);
int store_runs_each(struct store_tx *tx, store_run_row_cb cb, void *ctx, struct error *e);
/* Records a run as given, every column: 1 written, 0 the date has a run already (nothing written). Write. */
int store_run_put(struct store_tx *tx, const struct run_row *r, struct error *e);

/*
 * One action as stored, with one of the invoices it covers: the action's
 * every column (customer_ref and contact_ref are left empty: ids as
 * stored), then the invoice's row of action_invoice (invoice_id 0 and
 * NULL strings for an action that covers none, which no writer records).
 */
struct action_copy_row {
	const struct action_record *a;
	int64_t invoice_id;
	const char *strategy, *step;
};
typedef int (*store_action_copy_cb)(void *ctx, const struct action_copy_row *r);
/*
 * A page of the tenant's actions by id (struct store_cursor: the actions
 * with id > after, at most `limit` of them), one call per (action,
 * invoice) by action id then invoice id; returns how many actions it
 * passed. Records valid during the callback.
 */
int store_actions_copy_list(struct store_tx *tx, struct store_cursor *cur, store_action_copy_cb cb, void *ctx,
			    struct error *e);
/* An invoice of a copied action, with its own row's strategy and step. */
struct action_copy_invoice {
	int64_t invoice_id;
	char strategy[ACTION_NAME_MAX + 1];
	char step[ACTION_NAME_MAX + 1];
};
/*
 * Records n actions as stored elsewhere, every column as given (state,
 * reasons, moments: created_at and updated_at too), in their order, so
 * their new ids rank as the given ones do; the invoices of action k are
 * the next n_inv[k] (0 or more) of `inv`. Sets each a[k].id, every one
 * above `above`, and so is every id drawn after (PostgreSQL: the identity's
 * sequence is moved past it when behind, which no rollback undoes; SQLite:
 * the id is the table's largest, or `above`, plus one). The keys of
 * action_invoice refuse a step recorded already (-ERR_ENV), as
 * store_actions_add. Write.
 */
int store_actions_copy_add(struct store_tx *tx, struct action_record *a, size_t n,
			   const struct action_copy_invoice *inv, const size_t *n_inv, int64_t above, struct error *e);
/* The tenant's largest action id into *id, 0 when it has none. */
int store_actions_last_id(struct store_tx *tx, int64_t *id, struct error *e);

/* ---- the run's watch (app/run.c: a run for today visits the customers whose outcome can change) ---- */

/*
 * Each customer a run visited has a watch row: the first date on which what
 * a run decides for it could differ if nothing were written (next_date;
 * DATE_NEVER none), how many of its accounts owe money (the summary's
 * accounts_seen), and its share of the day's snapshot (snap, text the run
 * writes and reads, opaque to the store). Every write to a table a run
 * reads for a customer marks the customer dirty (table run_dirty, kept by
 * triggers: no write path can forget it); a write to the tenant's
 * configuration (strategies, defaults, profiles, settings, closed days...)
 * drops the tenant's watch state, so that the next run visits everyone.
 * SQLite migration 0040, PostgreSQL 0037.
 */
#define DATE_NEVER INT32_MAX
struct run_watch_row {
	int64_t customer_id;
	date_t next_date; /* DATE_NEVER: nothing changes with time alone */
	int64_t accounts;
	const char *snap; /* "" none */
};
/*
 * The tenant's watch state: 1 and the version the last run that completed
 * wrote (store_run_watch_state_put), 0 when there is none (never run with a
 * watch, or the configuration written since), -ERR_ENV.
 */
int store_run_watch_state_get(struct store_tx *tx, char *version, size_t size, struct error *e);
/* Sets the tenant's watch state to `version`. Write. */
int store_run_watch_state_put(struct store_tx *tx, const char *version, struct error *e);
/* Drops the tenant's watch state, its watch rows and dirty marks (a run that visits everyone begins so). Write. */
int store_run_watch_reset(struct store_tx *tx, struct error *e);
/*
 * The customers a run of `as_of` visits: dirty, or watched with next_date
 * on or before `as_of`; each once, ascending.
 */
typedef int (*store_run_id_cb)(void *ctx, int64_t customer_id);
int store_run_watched_each(struct store_tx *tx, date_t as_of, store_run_id_cb cb, void *ctx, struct error *e);
/* The marked customers alone (run_dirty), ascending: what store_run_watched_each adds to the due ones. */
int store_run_dirty_each(struct store_tx *tx, store_run_id_cb cb, void *ctx, struct error *e);
/*
 * The watched customers due by `as_of` (next_date on or before it), the
 * marks aside, descending: the run's start reads them from the last down
 * while its read ahead, on another connection, reads store_run_watched_each
 * from the first up, until the two meet (app/run.c, watch_ahead_meet). A
 * callback's nonzero return stops either and is returned.
 */
int store_run_due_desc_each(struct store_tx *tx, date_t as_of, store_run_id_cb cb, void *ctx, struct error *e);
/*
 * As store_run_page, for the customers `ids` (ascending, n of them) rather
 * than a range: each one's row (struct run_customer; a customer that does
 * not exist is passed over), its open invoices (issued on or before as_of)
 * and its waiting actions (scheduled at or after `since`), in id order.
 * A customer with neither is still passed to cb->customer. Returns how many
 * customers it passed.
 */
int store_run_page_of(struct store_tx *tx, const int64_t *ids, size_t n, date_t as_of, timestamp_t since,
		      const struct run_page_cb *cb, struct error *e);
/*
 * Writes the watch rows of n visited customers (replacing theirs), in
 * ascending order of customer, each once (a chunk of the run's), and clears
 * their dirty marks; a row with next_date DATE_NEVER, no accounts and snap
 * "" is deleted rather than kept. Write.
 */
int store_run_watch_put(struct store_tx *tx, const struct run_watch_row *rows, size_t n, struct error *e);
/*
 * The transaction will write the watch rows of the customers `ids`
 * (ascending, n of them: a chunk of the run's) after its other writes for
 * them, and store_run_watch_put clears their marks: the marks those writes
 * would set are left out until the cover ends (at store_run_watch_put, at
 * n 0, at a new cover, at the commit), and then written for those whose
 * watch rows did not come, so the marks a transaction leaves are the same
 * with or without it. The run's own actions and charges marked every
 * customer it recorded for, and its watch rows deleted the marks in the
 * same transaction (2% of the next day at 1M). For a plain transaction,
 * not across savepoints. PostgreSQL marks by statement triggers: the cover
 * is the transaction's settings, which they read (migration 0045), and they
 * note the customers they left out for the cover's end. Write.
 */
int store_run_watch_cover(struct store_tx *tx, const int64_t *ids, size_t n, struct error *e);
/*
 * The tenant's watch rows of the customers with an id after `after`, by
 * customer id, at most `limit` of them (0: all): the day's snapshot is
 * summed from them, in slices read as the run's reader has time.
 */
typedef int (*store_run_watch_cb)(void *ctx, const struct run_watch_row *row);
int store_run_watch_each(struct store_tx *tx, int64_t after, size_t limit, store_run_watch_cb cb, void *ctx,
			 struct error *e);

/* ---- the run lock ---- */

/*
 * Takes the tenant's run lock, held until store_run_unlock() or the end of
 * the process however it ends (kill -9 included): 1 taken, 0 another
 * process holds it, -ERR_ENV. Not in a transaction. SQLite: an open file
 * description lock (F_OFD_SETLK) on byte `tenant` of the file "DB-run.lock"
 * beside the database; PostgreSQL: a session advisory lock.
 */
int store_run_lock(struct store *s, int64_t tenant, struct error *e);
/* Accepts a lock not held. */
void store_run_unlock(struct store *s, int64_t tenant);

#endif
