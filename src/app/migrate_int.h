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
	struct invoice *invs; /* a page of invoices to add */
	size_t n_invs;
	struct ledger_entry *les; /* entries waiting to be posted */
	size_t n_les;
	const char *files_from, *files_to; /* the documents' files directories (struct migrate_files) */
	struct error *e;
};

/* *to = the target id of `from` in m, else an error naming `what` (ERR_ENV). */
int migrate_mapped(struct copy *c, const struct idmap *m, int64_t from, const char *what, int64_t *to);

#endif
