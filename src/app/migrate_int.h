/*
 * migrate_int.h: what the parts of `recoup migrate` share (app/migrate.c
 * copies the ledger, the parties, the people and the configuration; each
 * later part of the book is copied by a file of its own, app/migrate_*.c,
 * called from copy_tenant in the same pair of transactions).
 */
#ifndef RECOUP_APP_MIGRATE_INT_H
#define RECOUP_APP_MIGRATE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/model.h"
#include "store/history.h"
#include "store/store.h"

/*
 * Source id to target id, as runs: ids that follow each other on both sides
 * (source id k+1 copied to target id t+1) extend the last run. The lists run by
 * id and the target numbers one transaction's inserts from its sequence, so a
 * book imported tenant by tenant is a few runs whatever its size; a map of one
 * pair per row was 16 bytes per customer, contact, invoice and payment (200 MB
 * and more at 1,000,000 customers), the one thing in a migration's memory that
 * grew with the book. Appended in source id order, searched by halves.
 */
struct idrun {
	int64_t from, to, n;
};

struct idmap {
	struct idrun *runs;
	size_t n, cap;
};

/* Appends from -> to; a `from` below the last one is an error (ERR_ENV). */
int migrate_idmap_add(struct idmap *m, int64_t from, int64_t to, struct error *e);
/* The target id of `from`; 0 stays 0 (no parent); -1 when unknown. */
int64_t migrate_idmap_get(const struct idmap *m, int64_t from);
void migrate_idmap_release(struct idmap *m);

/* One tenant's copy: both transactions and the maps. */
struct copy {
	struct store_tx *src, *dst;
	const char *tenant;
	timestamp_t now; /* when the copied settings without a moment of their own were set */
	struct idmap customers, contacts, invoices, payments;
	/* migrate_agreements.c's: the rows a hold names (and a plan reminder's strategy, plan-ID) */
	struct idmap promises, agreements, disputes, placements;
	struct idmap users;   /* by id (app/migrate_runs.c maps them by name: copy_people copies them) */
	struct idmap actions; /* app/migrate_runs.c: the messages, and whatever names an action, follow them */
	/*
	 * A page of the source's customers, contacts, invoices or payments
	 * (MIGRATE_PAGE of the largest of these structs), added to the target in
	 * one call (store_customers_add, store_invoices_copy...: COPY on
	 * PostgreSQL, where an insert a row cost a round trip a row); from[k] is
	 * row k's source id, added[k] whether the target wrote it.
	 */
	void *page;
	int64_t *from;
	unsigned char *added;
	size_t n_page;
	struct ledger_entry *les; /* entries waiting to be copied (store_ledger_copy) */
	size_t n_les;
	struct attempt_copy *attempts; /* contact attempts waiting to be copied (store_attempts_copy) */
	size_t n_attempts;
	const char *files_from, *files_to; /* the documents' files directories (struct migrate_files) */
	struct error *e;
};

/* The authority limits' name in agreement_config (app/authority.c). */
#define MIGRATE_AUTHORITY_CONFIG "authority"
/* The escalation settings app/legal.c keeps, NULL-terminated. */
extern const char *const migrate_escalation_keys[];

/*
 * What the target tenant of `dst` holds of its own where the copy writes,
 * besides customers, users and API tokens (app/migrate_target.c): its
 * contact-rules profiles and default, closed days, strategies and defaults,
 * settings, authority limits, promise tolerance, credit policy, legal
 * settings, templates, dispute reasons, daily runs, snapshots, credit
 * review mark and audit trail. 0 when none, else -ERR_CONFLICT naming the
 * first found, or another -ERR_*.
 */
int migrate_target_own(struct store_tx *dst, const char *tenant, struct error *e);

/* *to = the target id of `from` in m, else an error naming `what` (ERR_ENV). */
int migrate_mapped(struct copy *c, const struct idmap *m, int64_t from, const char *what, int64_t *to);

/*
 * What was agreed with the customers and what stops collection
 * (migrate_agreements.c): dispute reasons, promises, plans,
 * settlements and write-offs with their invoices and instalments, and
 * disputes; called by copy_tenant once the ledger, the flags and the
 * customers' histories are on the target, before the runs (a plan's
 * reminders are recorded under its id).
 * 0 or -ERR_*.
 */
int migrate_agreements(struct copy *c);
/*
 * The rest, once the runs are copied (migrate_copy_runs: a placement and a
 * credit hold name a run's action): placements, small-claims steps, credit
 * holds, the holds on accounts and invoices, and the audit trail.
 */
int migrate_agreements_after_runs(struct copy *c);
/* Frees the maps migrate_agreements filled (any state of c). */
void migrate_agreements_release(struct copy *c);

/* Its tables, as the comparison after the copy names them. */
enum migrate_agreement_table {
	MA_DISPUTE_REASONS,
	MA_PROMISES,
	MA_PROMISE_INVOICES,
	MA_AGREEMENTS,
	MA_AGREEMENT_INVOICES,
	MA_INSTALMENTS,
	MA_DISPUTES,
	MA_PLACEMENTS,
	MA_LEGAL_EVENTS,
	MA_CREDIT_HOLDS,
	MA_HOLDS,
	MA_AUDIT,
	MA_COUNT
};
extern const char *const migrate_agreement_tables[MA_COUNT];

/*
 * One side's rows of those tables: a count each, and a digest of what the
 * rows say without their ids (refs for ids, states, dates, amounts, who):
 * compared, never printed. 16 bytes: BLAKE2b's shortest (libsodium).
 */
#define MIGRATE_DIGEST_BYTES 16
struct migrate_tally {
	long long n[MA_COUNT];
	unsigned char digest[MA_COUNT][MIGRATE_DIGEST_BYTES];
};
/* Counts and digests the tenant of tx (a read transaction) into *t (zeroed first). 0 or -ERR_*. */
int migrate_agreements_count(struct store_tx *tx, struct migrate_tally *t, struct error *e);

/*
 * The daily runs and what they decided (app/migrate_runs.c), after the
 * agreements: runs, snapshots, actions with their invoices, the outbox's
 * messages and their attempts, the credit review's mark, and the
 * assignments (c->users and c->actions filled on the way).
 */
int migrate_copy_runs(struct copy *c);

/* Chains `text` and its NUL into h (so "ab","c" and "a","bc" differ). */
void migrate_digest_add(unsigned char h[MIGRATE_DIGEST_BYTES], const char *text);

/* The tables migrate_runs_count() counts, in the order the comparison prints them. */
enum {
	MIGRATE_RUNS,
	MIGRATE_SNAPSHOTS,
	MIGRATE_ACTIONS,
	MIGRATE_ACTION_INVOICES,
	MIGRATE_MESSAGES,
	MIGRATE_MESSAGE_ATTEMPTS,
	MIGRATE_ASSIGNMENTS,
	MIGRATE_RUNS_TABLES
};
/*
 * One side's rows of those tables in `tx`: n[k] += the rows of table k,
 * digest[k] chained with their text, ids left out (they differ between the
 * sides): an action by its date, kind, strategy (a returned payment's
 * "nsf-<payment id>" without the id), step, state, reasons, moments and
 * amount, with its invoices' steps; an assignment by its collector's name.
 * Read a page at a time, as the copy is.
 */
int migrate_runs_count(struct store_tx *tx, long long *n, unsigned char (*digest)[MIGRATE_DIGEST_BYTES],
		       struct error *e);

#endif
