/*
 * cmd_check.c: recoup check — prove the ledger invariant on the database.
 *
 * For every invoice: the cached balance equals the sum of its ledger
 * entries, there is exactly one invoice entry equal to the amount, and every
 * entry has the sign of its kind. Exit 0 when all hold, 1 otherwise.
 */
#include <stdio.h>

#include "cli/cli.h"
#include "core/money.h"
#include "store/store.h"

static int on_bad(void *ctx, const struct invoice *inv)
{
	char a[MONEY_TEXT_MAX];
	int exp = currency_exponent(inv->currency);
	fprintf(stderr, "invoice '%s': balance does not match its ledger entries (ledger sum %s %s)\n", inv->ref,
		money_format(inv->balance, exp, a, sizeof(a)), inv->currency);
	return 0;
}

static int run_check(struct cli *cli, int argc, char **argv)
{
	int bad;
	if (argc > 1)
		return cli_usage_error(cli, &cmd_check, "unexpected argument '%s'", argv[1]);
	bad = store_check_ledger(cli->store, cli->tenant_id, on_bad, NULL, &cli->err);
	if (bad < 0)
		return bad;
	if (bad > 0)
		return error_set(&cli->err, ERR_INPUT, "%d invoice%s break the ledger invariant", bad,
				 bad == 1 ? "" : "s");
	printf("ledger ok: every invoice balance equals the sum of its ledger entries\n");
	return 0;
}

const struct command cmd_check = {
	.name = "check",
	.summary = "verify that every balance equals the sum of its ledger entries",
	.usage = "usage: recoup check\n\n"
		 "Checks, for every invoice of the tenant, that its balance equals the sum of its\n"
		 "ledger entries, that its one invoice entry equals its amount, and that every entry\n"
		 "has the sign of its kind. Exit 0 when all hold, 1 with the invoices that do not.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_check,
};
