/*
 * migrate.h: a SQLite database copied into another store, PostgreSQL in
 * practice (`recoup migrate --to URL`), then compared.
 *
 * Tenant by tenant, each in one write transaction on the target (and one
 * read transaction, one snapshot, on the source), through the stores'
 * aggregate calls only: the profiles, the default profile and the closed
 * days; customers; contacts; invoices; payments; the ledger entries (each
 * with its date, kind and amount: the invoices' balances follow); the
 * active flags; the contact attempts with their invoices, who was spoken
 * with and the note; the change log; the people and the configuration;
 * the daily runs and what they decided (app/migrate_runs.c: runs,
 * snapshots, actions and their invoices' steps, the outbox's messages,
 * the credit review's mark, assignments). Ids differ on the target: each
 * row is mapped to its new parent ids. The large tables go a page at a
 * time, each page in one call (on PostgreSQL a few round trips: COPY, or
 * one statement of arrays for the actions): customers, contacts, invoices
 * (each with the balance its ledger entries make, summed on the source),
 * payments and ledger entries 4,096 rows a page, contact attempts and
 * actions 1,024 (app/migrate_runs.c). Not copied: import batches (rows
 * are written with no batch: a later import sees them as stored before),
 * and flags already cleared (the store reads active flags only).
 *
 * A target tenant that already holds customers, already has one of the
 * source tenant's users (by name) or API tokens (by name or by hash), or has
 * users or API tokens of its own (other names: the copy would then differ
 * from the source), refuses the whole migration before anything is written
 * (-ERR_CONFLICT, naming the tenant and what is there already): what would
 * stop a tenant's copy part-way is looked for in every tenant first, so that
 * a refused migration leaves the target as it was, never with the tenants
 * before the refused one.
 *
 * Then, per tenant, both sides are compared: the rows of each table, the
 * aging totals per currency (open balance and unapplied credit, as of
 * `today`), and `check` on the target. Each comparison goes to the sink;
 * any difference makes the call return -ERR_INPUT naming how many differ.
 */
#ifndef RECOUP_APP_MIGRATE_H
#define RECOUP_APP_MIGRATE_H

#include <stdint.h>

#include "app/app.h"
#include "core/error.h"

struct store;

/* One comparison: `what` ("customers", "aging EUR", "check"), both sides as text. */
struct migrate_compare {
	const char *tenant;
	const char *what;
	const char *source;
	const char *target;
	int same;
};

struct migrate_sink {
	/* a tenant copied (before its comparisons); may be NULL */
	int (*copied)(void *arg, const char *tenant);
	int (*compare)(void *arg, const struct migrate_compare *c);
	void *arg;
};

/*
 * The documents' files directories (docs/documents.md): the source's and
 * the target's. Each document's file is copied into `to` with its row,
 * checked against the row's sha256, unless `to` has it already.
 */
struct migrate_files {
	const char *from, *to;
};

struct migrate_result {
	int tenants;     /* tenants copied */
	int differences; /* comparisons that differ */
};

/*
 * `ctx` gives the source store, the actor and the clock (its tenant is not
 * used: every tenant is copied); `target` is another open store. Returns 0,
 * -ERR_CONFLICT (a target tenant holds data, a user or a token: nothing written), -ERR_INPUT
 * (copied, but a comparison differs), -ERR_ENV.
 */
int migrate_run(const struct app_ctx *ctx, struct store *target, const struct migrate_files *files,
		const struct migrate_sink *sink, struct migrate_result *out, struct error *e);

#endif
