/*
 * check.h: the invariants `recoup check` proves on a tenant's books
 * (docs/internals.md, "Money and the ledger"; docs/reports.md).
 *
 * - The ledger: for every invoice the cached balance equals the sum of its
 *   ledger (amount + fees + interest + reversals - payments - credits -
 *   write-offs), its one invoice entry equals its amount, and every entry
 *   has the sign of its kind.
 * - The limit: no invoice's balance is beyond MONEY_AMOUNT_MAX (10^15
 *   minor units, core/money.h), the largest amount a file, the command line
 *   or a fee or interest step gives. Older runs posted interest beyond it on
 *   invoices due decades back; such a balance no single payment, credit or
 *   write-off can settle, and a few of them overflow the sums.
 * - The sums: every customer's open balance and unapplied credit, and the
 *   tenant's open balance, per currency, fit in int64 (else the aging and
 *   KPI rows of that sum are left out).
 *
 * All are read in one read transaction of the call's own. What breaks an
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
 * Any callback may be NULL. `invoice` gets an invoice whose cached
 * balance is not its ledger's, with `balance` set to the ledger sum;
 * `over_limit` an invoice whose balance (as stored) is beyond
 * MONEY_AMOUNT_MAX. Return 0 to go on.
 */
struct check_sink {
	int (*invoice)(void *arg, const struct invoice *inv);
	int (*sum)(void *arg, const struct check_sum *s);
	void *arg;
	int (*over_limit)(void *arg, const struct invoice *inv);
};

struct check_result {
	int bad_invoices; /* invoices that break the ledger invariant */
	int overflowing_sums;
	int over_limit; /* invoices whose balance is beyond MONEY_AMOUNT_MAX */
};

/*
 * Runs the checks. Returns 0 when every invariant holds; -ERR_INPUT when
 * one does not, with *out counting what broke and e saying it ("2 invoices
 * break the ledger invariant", "1 invoice balance is beyond the largest
 * amount recoup keeps", joined when several break); -ERR_ENV for the
 * database. `out` may be NULL.
 */
int check_run(const struct app_ctx *ctx, const struct check_sink *sink, struct check_result *out, struct error *e);

#endif
