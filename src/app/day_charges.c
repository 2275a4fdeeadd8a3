/*
 * day_charges.c: the fees and interest dated a day, which an account's
 * strategy is picked without (day_charges.h).
 */
#include "app/day_charges.h"

#include <stdlib.h>
#include <string.h>

#include "core/array.h"
#include "store/actions.h"

struct load {
	struct day_charges *d;
	struct error *e;
};

static int on_charge(void *ctx, int64_t customer_id, const char *currency, int64_t amount)
{
	struct load *l = ctx;
	struct day_charges *d = l->d;
	struct day_charge row = { customer_id, { 0 }, amount };

	/* not cut to fit: "USDT" cut is "USD", and would count against a USD account's pick */
	if (strlen(currency) >= sizeof(row.currency))
		return 0; /* no currency code is longer: the charge of no account */
	memcpy(row.currency, currency, strlen(currency) + 1);
	if (array_grow(&d->rows, &d->cap, d->n, sizeof(*d->rows)) < 0)
		return error_set(l->e, ERR_ENV, "out of memory");
	d->rows[d->n++] = row;
	return 0;
}

int day_charges_load(struct store_tx *tx, date_t day, struct day_charges *d, struct error *e)
{
	struct load l = { d, e };
	int ret = store_run_day_charges_each(tx, day, on_charge, &l, e);

	return ret > 0 ? -ret : ret; /* a callback's stop value is positive */
}

int day_charges_load_of(struct store_tx *tx, date_t day, int64_t customer_id, struct day_charges *d, struct error *e)
{
	struct load l = { d, e };
	int ret = store_run_day_charges_of(tx, day, customer_id, on_charge, &l, e);

	return ret > 0 ? -ret : ret;
}

int64_t day_charges_pick_balance(const struct day_charges *d, int64_t customer_id, const char *currency, int64_t net)
{
	size_t lo = 0, hi = d->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->rows[mid].customer_id < customer_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < d->n && d->rows[lo].customer_id == customer_id; lo++)
		if (!strcmp(d->rows[lo].currency, currency))
			return net - d->rows[lo].amount;
	return net;
}

void day_charges_release(struct day_charges *d)
{
	free(d->rows);
	memset(d, 0, sizeof(*d));
}
