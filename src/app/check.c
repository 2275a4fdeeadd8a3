#include "app/check.h"

#include <stddef.h>

#include "store/reports.h"
#include "store/store.h"

static int on_invoice(void *arg, const struct invoice *inv)
{
	const struct check_sink *sink = arg;
	return sink->invoice ? sink->invoice(sink->arg, inv) : 0;
}

static int on_sum(void *arg, const struct store_sum_overflow *o)
{
	const struct check_sink *sink = arg;
	struct check_sum s = { .customer_ref = o->customer_ref, .currency = o->currency, .what = o->what };
	return sink->sum ? sink->sum(sink->arg, &s) : 0;
}

int check_run(const struct app_ctx *ctx, const struct check_sink *sink, struct check_result *out, struct error *e)
{
	static const struct check_sink none = { NULL, NULL, NULL };
	struct store_tx *tx = NULL;
	int bad = 0, sums = 0, ret;

	if (!sink)
		sink = &none;
	ret = store_tx_begin(ctx->store, ctx->tenant, ctx->actor, STORE_READ, &tx, e);
	if (ret < 0)
		goto cleanup;
	bad = store_check_ledger(tx, on_invoice, (void *)sink, e);
	if (bad < 0) {
		ret = bad;
		goto cleanup;
	}
	sums = store_check_sums(tx, on_sum, (void *)sink, e);
	if (sums < 0) {
		ret = sums;
		goto cleanup;
	}
	if (bad > 0 && sums > 0)
		ret = error_set(e, ERR_INPUT, "%d invoice%s break the ledger invariant, and %d sum%s overflow", bad,
				bad == 1 ? "" : "s", sums, sums == 1 ? "" : "s");
	else if (bad > 0)
		ret = error_set(e, ERR_INPUT, "%d invoice%s break%s the ledger invariant", bad, bad == 1 ? "" : "s",
				bad == 1 ? "s" : "");
	else if (sums > 0)
		ret = error_set(e, ERR_INPUT, "%d sum%s of balances overflow%s the 64-bit range", sums,
				sums == 1 ? "" : "s", sums == 1 ? "s" : "");
cleanup:
	store_tx_free(tx);
	if (out) {
		out->bad_invoices = bad > 0 ? bad : 0;
		out->overflowing_sums = sums > 0 ? sums : 0;
	}
	return ret;
}
