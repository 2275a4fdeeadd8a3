/*
 * risk.h: the risk band of one customer as of a date (core/risk.h says how
 * it is scored, store/risk.h what is counted), for `customer show` and the
 * call-preparation screen. The daily run reads many customers at once
 * through store_risk_facts and scores them with risk_assess itself.
 */
#ifndef RECOUP_APP_RISK_H
#define RECOUP_APP_RISK_H

#include <jansson.h>
#include <stdint.h>

#include "app/app.h"
#include "core/risk.h"

struct store_tx;

/*
 * The band of customer `customer_id` as of `as_of`, in the caller's open
 * transaction (read or write). 0, -ERR_NOT_FOUND when the tenant has no
 * such customer, or -ERR_ENV.
 */
int risk_of_customer(const struct app_ctx *ctx, struct store_tx *tx, int64_t customer_id, date_t as_of,
		     struct risk_result *out, struct error *e);

/* {"band", "score", "factors": [{"name", "points", "text"}]}, as `customer show` and `account show` print it; NULL when out of memory. */
json_t *risk_json(const struct risk_result *r);

#endif
