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
	struct idmap users;   /* by id (app/migrate_runs.c maps them by name: copy_people copies them) */
	struct idmap actions; /* app/migrate_runs.c: the messages, and whatever names an action, follow them */
	struct invoice *invs; /* a page of invoices to add */
	size_t n_invs;
	struct ledger_entry *les; /* entries waiting to be posted */
	size_t n_les;
	const char *files_from, *files_to; /* the documents' files directories (struct migrate_files) */
	struct error *e;
};

/* *to = the target id of `from` in m, else an error naming `what` (ERR_ENV). */
int migrate_mapped(struct copy *c, const struct idmap *m, int64_t from, const char *what, int64_t *to);

/*
 * The daily runs and what they decided (app/migrate_runs.c), after the
 * customer histories: runs, snapshots, actions with their invoices, the
 * outbox's messages and their attempts, the credit review's mark, and
 * the assignments (c->users and c->actions filled on the way).
 */
int migrate_copy_runs(struct copy *c);

/* A table's digest in the comparison (app/migrate.c): crypto_generichash's shortest output. */
#define MIGRATE_DIGEST_BYTES 16
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
