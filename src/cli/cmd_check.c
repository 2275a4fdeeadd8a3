/*
 * cmd_check.c: recoup check — prove the ledger invariant on the database.
 *
 * For every invoice: the cached balance equals the sum of its ledger
 * entries, there is exactly one invoice entry equal to the amount, and every
 * entry has the sign of its kind; and no sum that a report makes (a
 * customer's open balance or unapplied credit, the tenant's open balance,
 * per currency) overflows int64. Exit 0 when all hold, 1 otherwise.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/money.h"
#include "store/reports.h"

static int on_bad(void *ctx, const struct invoice *inv)
{
	char a[MONEY_TEXT_MAX];
	int exp = currency_exponent(inv->currency);
	fprintf(stderr, "invoice '%s': balance does not match its ledger entries (ledger sum %s %s)\n", inv->ref,
		money_format(inv->balance, exp, a, sizeof(a)), inv->currency);
	return 0;
}

static int on_overflow(void *ctx, const struct store_sum_overflow *o)
{
	(void)ctx;
	if (*o->customer_ref)
		fprintf(stderr, "customer '%s': %s in %s adds up beyond the 64-bit range of minor units; reports "
			"of it fail (correct or void the oversized entries)\n", o->customer_ref, o->what, o->currency);
	else
		fprintf(stderr, "currency %s: the tenant's %s adds up beyond the 64-bit range of minor units; the "
			"%s totals of aging and report kpi are left out\n", o->currency, o->what, o->currency);
	return 0;
}

static int run_check(struct cli *cli, int argc, char **argv)
{
	struct store_tx *tx = NULL;
	int bad, sums;
	if (argc > 1)
		return cli_usage_error(cli, &cmd_check, "unexpected argument '%s'", argv[1]);
	if ((bad = cli_tx_begin(cli, STORE_READ, &tx)) < 0)
		return bad;
	bad = store_check_ledger(tx, on_bad, NULL, &cli->err);
	sums = bad < 0 ? 0 : store_check_sums(tx, on_overflow, NULL, &cli->err);
	store_tx_free(tx);
	if (bad < 0)
		return bad;
	if (sums < 0)
		return sums;
	if (bad > 0 && sums > 0)
		return error_set(&cli->err, ERR_INPUT, "%d invoice%s break the ledger invariant, and %d sum%s overflow",
				 bad, bad == 1 ? "" : "s", sums, sums == 1 ? "" : "s");
	if (bad > 0)
		return error_set(&cli->err, ERR_INPUT, "%d invoice%s break%s the ledger invariant", bad,
				 bad == 1 ? "" : "s", bad == 1 ? "s" : "");
	if (sums > 0)
		return error_set(&cli->err, ERR_INPUT, "%d sum%s of balances overflow%s the 64-bit range", sums,
				 sums == 1 ? "" : "s", sums == 1 ? "s" : "");
	printf("ledger ok: every invoice balance equals the sum of its ledger entries, and every sum fits\n");
	return 0;
}

const struct command cmd_check = {
	.name = "check",
	.summary = "verify that every balance equals the sum of its ledger entries",
	.usage = "usage: recoup check\n\n"
		 "Checks, for every invoice of the tenant, that its balance equals the sum of its\n"
		 "ledger entries, that its one invoice entry equals its amount, and that every entry\n"
		 "has the sign of its kind; and that every customer's open balance and unapplied credit,\n"
		 "and the tenant's open balance, per currency, fit in 64 bits (docs/reports.md).\n"
		 "Exit 0 when all hold, 1 with the invoices and sums that do not.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_check,
};
