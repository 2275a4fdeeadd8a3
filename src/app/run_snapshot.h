/*
 * run_snapshot.h: the daily run's snapshot of the book (run.c; table
 * run_snapshot, store_snapshot_put): the open balance, invoices and
 * accounts by aging bucket and currency, for the book ("total", key ""),
 * per strategy and per collector, summed account by account as the run
 * walks them and stored in its last transaction. Internal to the run.
 *
 * An account's collector is its customer's assignment (store/assignments.h)
 * when it began on or before the as-of date: the run reads the users once
 * (run_snapshot_users) and each chunk's assignments (run_snapshot_chunk).
 * An account nobody is assigned has no collector row.
 *
 * An account is summed in two steps: run_snapshot_invoice per open
 * invoice into a struct snap_account (SNAP_ACCOUNT_INIT), then
 * run_snapshot_account adds it to the rows of its keys.
 */
#ifndef RECOUP_APP_RUN_SNAPSHOT_H
#define RECOUP_APP_RUN_SNAPSHOT_H

#include <stddef.h>
#include <stdint.h>

#include "core/aging.h"
#include "core/dates.h"
#include "core/error.h"
#include "core/strategy.h"
#include "store/actions.h"
#include "store/store.h"
#include "store/users.h"

/*
 * Slots of the snapshot's key index at first, a power of two, doubled when
 * half are taken: (total + strategies + collectors) x currencies x buckets
 * rows, about 2,200 on the bench book with its 50 collectors.
 */
#define SNAP_SLOTS 4096

/* A key: a strategy's name or a collector's. */
#define SNAP_KEY_MAX (USER_NAME_MAX > ACTION_NAME_MAX ? USER_NAME_MAX : ACTION_NAME_MAX)

struct snap_key {
	char dimension[12];
	char key[SNAP_KEY_MAX + 1];
	char currency[4];
	int bucket;
	int64_t accounts, invoices, balance;
};

struct snap_user {
	int64_t id;
	char name[USER_NAME_MAX + 1];
};

struct snap_assigned {
	int64_t customer_id, user_id;
};

struct snap_later {
	int64_t customer_id;
	date_t since;
};

/* The rows a watch row's share adds to, by its key (run_snapshot_add_text): a cache of the scan's. */
struct snap_hit {
	size_t place; /* the strategy's (run_snapshot_strategies); SIZE_MAX: an empty entry */
	int64_t user;
	int bucket;
	char currency[4];
	uint32_t total, strategy, collector; /* indexes into snap; collector UINT32_MAX: none */
};
#define SNAP_HITS 4096

/* The day's rows; zeroed is empty. */
struct run_snapshot {
	struct snap_key *snap;
	size_t n_snap, cap_snap;
	uint32_t *snap_slots;    /* index + 1 into snap by key hash (0: free), open addressing */
	size_t n_slots;          /* a power of two, over twice n_snap */
	struct snap_user *users; /* every user of the tenant, by id */
	size_t n_users, cap_users;
	struct snap_assigned *assigned; /* the chunk's assignments begun by as_of, by customer id */
	size_t n_assigned, cap_assigned;
	struct snap_later *later; /* the chunk's assignments beginning after as_of, by customer id */
	size_t n_later, cap_later;
	date_t as_of;
	/* the run's strategies, in strategies_load's order (a view): a watch row names one by its place */
	const struct strategy *strategies;
	size_t n_strategies;
	const struct aging_config *aging; /* the buckets of a watch row's invoices (run_snapshot_aging) */
	struct snap_hit *hits;            /* n_hits of them, by a hash of the key; NULL until the first share read */
	size_t n_hits;                    /* a power of two; 0: SNAP_HITS (the tests set fewer, to make keys collide) */
};

/* One account's open invoices, per bucket. */
struct snap_account {
	int64_t invoices[AGING_MAX_BUCKETS], balance[AGING_MAX_BUCKETS];
	int order[AGING_MAX_BUCKETS]; /* the buckets in the order their first invoice came */
	int n, oldest;                /* oldest: the oldest bucket with an open invoice, -1 none */
};
#define SNAP_ACCOUNT_INIT    \
	{                    \
		.oldest = -1 \
	}

/* An open invoice of an account, as a watch row's share keeps it: its due date and its balance. */
struct snap_open {
	date_t due;
	int64_t balance;
};

/* Adds an invoice of the account in `bucket`; one with nothing open (balance <= 0) is passed over. */
void run_snapshot_invoice(struct snap_account *a, int bucket, int64_t balance);

/* Reads the tenant's users (the collectors' names), for a run as of `as_of`. 0 or -ERR_ENV. */
int run_snapshot_users(struct run_snapshot *s, struct store_tx *tx, date_t as_of, struct error *e);
/* Reads the assignments of the customers in [lo, hi], replacing the previous chunk's. 0 or -ERR_ENV. */
int run_snapshot_chunk(struct run_snapshot *s, struct store_tx *tx, int64_t lo, int64_t hi, struct error *e);

/*
 * Adds customer `customer_id`'s account (of one currency) to the book's
 * rows, its strategy's and its collector's (when the chunk's assignments
 * name one); the account counts once, in its oldest invoice's bucket.
 * 0, or -ERR_ENV (out of memory).
 */
int run_snapshot_account(struct run_snapshot *s, const struct snap_account *a, int64_t customer_id,
			 const char *currency, const char *strategy, struct error *e);

/*
 * The strategies a watch row's text names by place (the run's, set.all in
 * their loaded order, which the watch's version hashes: rows written under
 * another order are never read, the run visits everyone then). A view: the
 * strategies outlive the snapshot.
 */
void run_snapshot_strategies(struct run_snapshot *s, const struct strategy *all, size_t n);
/* The buckets a watch row's invoices are put in (run_snapshot_add_text), as of the snapshot's date. A view. */
void run_snapshot_aging(struct run_snapshot *s, const struct aging_config *aging);

/*
 * The run's watch (run.c, store_run_watch_put): an account's share of the
 * snapshot as text, appended to buf (one line: its currency, its
 * strategy's place among run_snapshot_strategies' names, or "=" and the
 * name when it is none of them, its collector's user id, and per open
 * invoice, those of `open` with a balance, its due date as a day number
 * and its balance; none open: no line), to be summed again with
 * run_snapshot_add_text on a day the account is not visited, each invoice
 * in its bucket of that day: an invoice that moves to an older bucket needs
 * no visit. 0, or -ERR_ENV (out of memory).
 */
int run_snapshot_text(const struct run_snapshot *s, const struct snap_open *open, size_t n, int64_t customer_id,
		      const char *currency, const char *strategy, char **buf, size_t *len, size_t *cap,
		      struct error *e);
/*
 * Adds the accounts of a customer's text (run_snapshot_text's lines) to the
 * book's rows, their strategies' and their collectors' (by the user's name
 * today, as run_snapshot_users read them). 0, -ERR_ENV, or -ERR_INPUT when
 * the text is not such lines.
 */
int run_snapshot_add_text(struct run_snapshot *s, const char *text, struct error *e);
/* Adds every row of `src` to `dst` (the same buckets). 0, or -ERR_ENV (out of memory). */
int run_snapshot_merge(struct run_snapshot *dst, const struct run_snapshot *src, struct error *e);
/* A copy of `src`'s users and date into the empty `dst` (a second sum of the same day). 0, or -ERR_ENV. */
int run_snapshot_users_copy(struct run_snapshot *dst, const struct run_snapshot *src, struct error *e);
/* The first day after the as-of date on which an assignment of customer `id` begins (the chunk's), 0 none. */
date_t run_snapshot_next_assignment(const struct run_snapshot *s, int64_t id);

/* Replaces the snapshot of `as_of` with the rows (buckets named by `aging`'s labels). Write. */
int run_snapshot_put(const struct run_snapshot *s, struct store_tx *tx, date_t as_of, const struct aging_config *aging,
		     struct error *e);

/* Frees the rows, users and assignments; `s` is empty again. */
void run_snapshot_release(struct run_snapshot *s);

#endif
