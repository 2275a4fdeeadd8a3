/*
 * check.c: see check.h.
 */
#include "app/check.h"

#include <stddef.h>
#include <stdio.h>

#include "store/reports.h"
#include "store/store.h"

static int on_invoice(void *arg, const struct invoice *inv)
{
	const struct check_sink *sink = arg;
	return sink->invoice ? sink->invoice(sink->arg, inv) : 0;
}

static int on_sum(void *arg, const struct check_sum *s)
{
	const struct check_sink *sink = arg;
	return sink->sum ? sink->sum(sink->arg, s) : 0;
}

static int on_store_sum(void *arg, const struct store_sum_overflow *o)
{
	struct check_sum s = { .customer_ref = o->customer_ref, .currency = o->currency, .what = o->what };
	return on_sum(arg, &s);
}

static int on_over_limit(void *arg, const struct invoice *inv)
{
	const struct check_sink *sink = arg;
	return sink->over_limit ? sink->over_limit(sink->arg, inv) : 0;
}

/* "N invoices break the ledger invariant", the others joined by ", " and a last " and ". */
static int broken(struct error *e, int bad, int over, int sums)
{
	char parts[3][96], text[320];
	size_t n = 0, len = 0;

	if (bad > 0)
		snprintf(parts[n++], sizeof(parts[0]), "%d invoice%s break%s the ledger invariant", bad,
			 bad == 1 ? "" : "s", bad == 1 ? "s" : "");
	if (over > 0)
		snprintf(parts[n++], sizeof(parts[0]), "%d invoice balance%s %s beyond the largest amount recoup keeps",
			 over, over == 1 ? "" : "s", over == 1 ? "is" : "are");
	if (sums > 0)
		snprintf(parts[n++], sizeof(parts[0]), "%d sum%s of balances overflow%s the 64-bit range", sums,
			 sums == 1 ? "" : "s", sums == 1 ? "s" : "");
	text[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(text + len, len < sizeof(text) ? sizeof(text) - len : 0, "%s%s",
					i == 0       ? ""
					: i + 1 == n ? ", and "
						     : ", ",
					parts[i]);
	return error_set(e, ERR_INPUT, "%s", text);
}

int check_run(const struct app_ctx *ctx, const struct check_sink *sink, struct check_result *out, struct error *e)
{
	static const struct check_sink none = { NULL, NULL, NULL, NULL };
	struct store_tx *tx = NULL;
	int bad = 0, over = 0, sums = 0, ret;

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
	over = store_check_amount_limit(tx, on_over_limit, (void *)sink, e);
	if (over < 0) {
		ret = over;
		goto cleanup;
	}
	sums = store_check_sums(tx, on_store_sum, (void *)sink, e);
	if (sums < 0) {
		ret = sums;
		goto cleanup;
	}
	if (bad > 0 || over > 0 || sums > 0)
		ret = broken(e, bad, over, sums);
cleanup:
	store_tx_free(tx);
	if (out) {
		out->bad_invoices = bad > 0 ? bad : 0;
		out->overflowing_sums = sums > 0 ? sums : 0;
		out->over_limit = over > 0 ? over : 0;
	}
	return ret;
}
