/*
 * check.h: the invariants `recoup check` proves on a tenant's books
 * (docs/internals.md, "Money and the ledger"; docs/reports.md).
 *
 * - The ledger: for every invoice the cached balance equals the sum of its
 *   ledger (amount + fees + interest + reversals - payments - credits -
 *   write-offs), its one invoice entry equals its amount, and every entry
 *   has the sign of its kind.
 * - The sums: every customer's open balance and unapplied credit, and the
 *   tenant's open balance, per currency, fit in int64 (else the aging and
 *   KPI rows of that sum are left out).
 *
 * Both are read in one read transaction of the call's own. What breaks an
 * invariant streams to the sink (memory stays flat however many there are).
 */
#ifndef RECOUP_APP_CHECK_H
#define RECOUP_APP_CHECK_H

#include "app/app.h"
#include "core/error.h"
#include "core/model.h"

/* A sum beyond the 64-bit range of minor units. Valid during the callback only. */
struct check_sum {
	const char *customer_ref; /* "" for the tenant's total of the currency */
	const char *currency;
	const char *what; /* "open balance" or "unapplied credit" */
};

/*
 * Either callback may be NULL. `invoice` gets an invoice whose cached
 * balance is not its ledger's, with `balance` set to the ledger sum.
 * Return 0 to go on.
 */
struct check_sink {
	int (*invoice)(void *arg, const struct invoice *inv);
	int (*sum)(void *arg, const struct check_sum *s);
	void *arg;
};

struct check_result {
	int bad_invoices; /* invoices that break the ledger invariant */
	int overflowing_sums;
};

/*
 * Runs both checks. Returns 0 when every invariant holds; -ERR_INPUT when
 * one does not, with *out counting what broke and e saying it ("2 invoices
 * break the ledger invariant"); -ERR_ENV for the database. `out` may be NULL.
 */
int check_run(const struct app_ctx *ctx, const struct check_sink *sink, struct check_result *out, struct error *e);

#endif
