/*
 * account.c: forwarders of store/account.h to the backend.
 */
#include "store/account.h"

#include "store/store_int.h"

int store_account_months(struct store_tx *tx, int64_t customer_id, const char *currency, date_t from, date_t to,
			 store_account_month_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->account->months(tx, customer_id, currency, from, to, cb, ctx, e);
}
