/*
 * risk.c: see risk.h.
 */
#include "app/risk.h"

#include <string.h>

#include "store/risk.h"

struct one {
	struct risk_facts facts;
	int found;
};

static int keep(void *arg, const struct risk_facts *f)
{
	struct one *o = arg;

	o->facts = *f;
	o->found = 1;
	return 0;
}

int risk_of_customer(const struct app_ctx *ctx, struct store_tx *tx, int64_t customer_id, date_t as_of,
		     struct risk_result *out, struct error *e)
{
	struct one o;
	int ret;

	(void)ctx;
	memset(&o, 0, sizeof(o));
	memset(out, 0, sizeof(*out));
	ret = store_risk_facts(tx, as_of, customer_id, customer_id, keep, &o, e);
	if (ret < 0)
		return ret;
	if (!o.found)
		return error_set_field(e, ERR_NOT_FOUND, "customer_id", "no customer with id %lld",
				       (long long)customer_id);
	risk_assess(&o.facts, out);
	return 0;
}

json_t *risk_json(const struct risk_result *r)
{
	json_t *factors = json_array();

	for (size_t i = 0; factors && i < r->n_factors; i++)
		json_array_append_new(factors, json_pack("{s:s, s:i, s:s}", "name", r->factors[i].name, "points",
							 r->factors[i].points, "text", r->factors[i].text));
	return json_pack("{s:s, s:i, s:o*}", "band", risk_band_name(r->band), "score", r->score, "factors", factors);
}
