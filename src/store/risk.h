/*
 * risk.h: the facts a customer's risk band is computed from (core/risk.h),
 * counted by the store from the dated ledger.
 *
 * As of a date means as known on that date: only invoices issued and
 * ledger entries dated on or before it count, so the facts for a past date
 * are what that day would have said, whatever was posted since. An invoice
 * is settled on the date of the ledger entry (payment, credit note,
 * write-off) that brought its balance to zero; when it went back above
 * zero later (a returned payment) and was settled again, the last time
 * counts. A returned payment is counted on the day it came back (its
 * reversal entries). The windows are core/risk.h's RISK_*_DAYS, each
 * ending with as_of.
 */
#ifndef RECOUP_STORE_RISK_H
#define RECOUP_STORE_RISK_H

#include <stdint.h>

#include "core/risk.h"
#include "store/store.h"

/* Called once per customer; a non-zero return stops the walk and is returned. */
typedef int (*store_risk_facts_cb)(void *ctx, const struct risk_facts *f);

/*
 * The facts of every customer whose id lies in [from_customer,
 * to_customer] (1 and INT64_MAX: the whole tenant), in customer id order,
 * one callback each, zeroed facts (but customer_id) for a customer with
 * no history. A bounded number of statements per call, whatever the range
 * (set-based: the daily run reads 512 customers at a time); the callback
 * may call other store functions. Returns 0, the callback's non-zero
 * return, or -ERR_ENV.
 */
int store_risk_facts(struct store_tx *tx, date_t as_of, int64_t from_customer, int64_t to_customer,
		     store_risk_facts_cb cb, void *ctx, struct error *e);

#endif
