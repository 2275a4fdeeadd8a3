/*
 * cmd_check.c: recoup check — prove the ledger invariant on the database.
 *
 * For every invoice: the cached balance equals the sum of its ledger
 * entries, there is exactly one invoice entry equal to the amount, and every
 * entry has the sign of its kind, and its balance is within MONEY_AMOUNT_MAX
 * (the largest amount recoup keeps); and no sum that a report makes (a
 * customer's open balance or unapplied credit, the tenant's open balance,
 * per currency) overflows int64. Exit 0 when all hold, 1 otherwise.
 * The checks are app/check's (check_run).
 */
#include "cli/cli.h"
#include "cli/report_print.h"

static int run_check(struct cli *cli, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage_error(cli, &cmd_check, "unexpected argument '%s'", argv[1]);
	return report_print_check(cli);
}

const struct command cmd_check = {
	.name = "check",
	.summary = "verify that every balance equals the sum of its ledger entries",
	.usage = "usage: recoup check\n\n"
		 "Checks, for every invoice of the tenant, that its balance equals the sum of its\n"
		 "ledger entries, that its one invoice entry equals its amount, and that every entry\n"
		 "has the sign of its kind, and that its balance is within the largest amount recoup keeps\n"
		 "(10^15 minor units); and that every customer's open balance and unapplied credit,\n"
		 "and the tenant's open balance, per currency, fit in 64 bits (docs/reports.md).\n"
		 "Exit 0 when all hold, 1 with the invoices and sums that do not.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_check,
};
