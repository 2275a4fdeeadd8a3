/*
 * risk.c: forwarders of store/risk.h (the facts of the risk bands) to the backend.
 */
#include "store/store_int.h"

int store_risk_facts(struct store_tx *tx, date_t as_of, int64_t from_customer, int64_t to_customer,
		     store_risk_facts_cb cb, void *ctx, struct error *e)
{
	STORE_READ_CALL(tx, e);
	return tx->s->ops->risk->facts(tx, as_of, from_customer, to_customer, cb, ctx, e);
}
