/*
 * day_charges.h: the fees and interest dated a day, per customer and
 * currency, that an account's strategy is picked without (docs/
 * strategies.md, "Fees and interest"). The daily run posts its charges after
 * it picks each account's strategy and keeps that strategy for the day; a
 * run of the same day again, `recoup assign` and `recoup account show` read
 * the balances with the charges in them, and take them off here so that
 * they pick what the run picked.
 */
#ifndef RECOUP_APP_DAY_CHARGES_H
#define RECOUP_APP_DAY_CHARGES_H

#include <stddef.h>
#include <stdint.h>

#include "core/dates.h"
#include "core/error.h"
#include "store/store.h"

struct day_charge {
	int64_t customer_id;
	char currency[4];
	int64_t amount; /* > 0 */
};

/* By customer id, then currency. */
struct day_charges {
	struct day_charge *rows;
	size_t n, cap;
};

/* The tenant's charges dated `day` (store_run_day_charges_each), appended to d. */
int day_charges_load(struct store_tx *tx, date_t day, struct day_charges *d, struct error *e);
/* One customer's (store_run_day_charges_of: account show), appended to d. */
int day_charges_load_of(struct store_tx *tx, date_t day, int64_t customer_id, struct day_charges *d, struct error *e);
/* `net` less the charges of (customer_id, currency): the balance the strategy is picked from. */
int64_t day_charges_pick_balance(const struct day_charges *d, int64_t customer_id, const char *currency, int64_t net);
void day_charges_release(struct day_charges *d);

#endif
