/*
 * cmd_aging.c: recoup aging [--as-of DATE] [--by customer|currency] [--format table|csv|json]
 *
 * The CSV form is a stable interface for scripts (docs/reports.md): header
 * "currency,current,1-30,31-60,61-90,91-180,181-365,over-365,total", with
 * "customer_ref" first when --by customer; amounts as plain decimal strings.
 * After "total" come "unapplied_credit" (cash received from the customers
 * and not applied to an invoice yet) and "net" (total - unapplied_credit):
 * a customer holding credit is not as overdue as its open invoices say. A
 * currency (or customer) holding credit and nothing open gets a line too.
 *
 * The figures are app/reports' (reports_aging); the formats are
 * cli/report_print.c's, shared with `recoup demo`.
 */
#include <getopt.h>
#include <string.h>

#include "app/reports.h"
#include "cli/cli.h"
#include "cli/report_print.h"

static int run_aging(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "as-of", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ "format", required_argument, NULL, 'f' },
		{ "buckets", required_argument, NULL, 'k' },
		{ NULL, 0, NULL, 0 },
	};
	struct reports_aging_options opts = { .as_of = cli->app.today };
	enum output_format format = FORMAT_TABLE;
	int c, ret;

	aging_config_default(&opts.buckets);
	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'a':
			ret = cli_parse_date(cli, &cmd_aging, "--as-of", optarg, &opts.as_of);
			if (ret < 0)
				return ret;
			break;
		case 'b':
			if (!strcmp(optarg, "customer"))
				opts.by_customer = 1;
			else if (strcmp(optarg, "currency"))
				return cli_usage_error(cli, &cmd_aging, "--by '%s' is not customer or currency",
						       optarg);
			break;
		case 'f':
			ret = cli_parse_format(cli, &cmd_aging, optarg, FORMATS_ALL, &format);
			if (ret < 0)
				return ret;
			break;
		case 'k':
			if (aging_config_parse(&opts.buckets, optarg, &cli->err) < 0)
				return cli_usage_error(cli, &cmd_aging, "--buckets: %s", cli->err.message);
			break;
		default: return cli_usage_error(cli, &cmd_aging, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_aging, "unexpected argument '%s'", argv[optind]);
	return report_print_aging(cli, &opts, format);
}

const struct command cmd_aging = {
	.name = "aging",
	.summary = "aging report: open balances by days past due, per currency",
	.usage = "usage: recoup aging [--as-of DATE] [--by customer|currency] [--format table|csv|json]\n"
		 "                    [--buckets 30,60,90,180,365]\n\n"
		 "Sums open invoice balances into buckets of days past due at --as-of (default today,\n"
		 "UTC): current, 1-30, 31-60, 61-90, 91-180, 181-365, over-365. For a past --as-of the\n"
		 "balances are those at the end of that day, rebuilt from the dated ledger (a month-end\n"
		 "aging stays the month-end aging). Whatever the date, invoices issued after it are left out\n"
		 "(not owed yet: an invoice imported ahead of its issue date). One row per currency;\n"
		 "currencies are never added together. With --by customer, one row per customer and\n"
		 "currency. The CSV form is stable for scripts; amounts are decimal strings in major units.\n"
		 "After the total: the unapplied credit (cash received, not yet applied to an invoice) and\n"
		 "the net (total - credit); a currency or customer holding only credit gets a line too.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_aging,
};
