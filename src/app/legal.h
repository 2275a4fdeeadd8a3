/*
 * legal.h: small claims (docs/agreements.md, "Escalation: court").
 *
 * legal_candidates() reads every customer's open balance per currency and
 * judges it against the four criteria a court claim needs: the balance is
 * above the tenant's threshold (setting legal.min_balance, a decimal in
 * the account's currency, compared exactly whatever its decimals: 1000.50 is
 * above 1000 yen; default 1000), the oldest open invoice is
 * within the limitation period (legal.limitation_years from its due date,
 * default 6), the debtor has known assets (customer tag `assets`), and
 * every open invoice is signed. A row is a candidate when all four hold
 * and no case is open (none, or the last one paid); with `all` the others
 * come too, each criterion's verdict with them.
 *
 * legal_mark() records a step of the customer's case: filed (no case open),
 * judgment (after filed), paid (after filed or judgment). Only a manager or
 * an admin may: when a user of the acting name exists (store/users.h) its
 * role must be one of those; an actor who is no user of the tenant (the
 * operating-system user at the command line) is trusted as the operator.
 *
 * legal_set() sets the settings, checked first. 0 or -ERR_*.
 */
#ifndef RECOUP_APP_LEGAL_H
#define RECOUP_APP_LEGAL_H

#include "app/app.h"
#include "store/escalation.h"

#define LEGAL_MIN_BALANCE_DEFAULT      "1000"
#define LEGAL_LIMITATION_YEARS_DEFAULT 6
#define LEGAL_LIMITATION_YEARS_MIN     1
#define LEGAL_LIMITATION_YEARS_MAX     100

struct legal_row {
	const struct legal_account *a;
	int64_t min_balance;    /* the threshold in the row's currency */
	date_t limitation_ends; /* oldest due date + the limitation years */
	int above_threshold, within_limitation, has_assets, all_signed;
	int candidate;
};
typedef int (*legal_row_cb)(void *arg, const struct legal_row *r);
int legal_candidates(const struct app_ctx *ctx, int all, legal_row_cb cb, void *arg, struct error *e);

int legal_mark(const struct app_ctx *ctx, const char *ref, const char *state, timestamp_t at, struct error *e);

/* name: min_balance or limitation_years; value checked ("500.00", "3"). */
int legal_set(const struct app_ctx *ctx, const char *name, const char *value, struct error *e);

#endif
