/*
 * cmd_report.c: recoup report kpi|trend --from DATE --to DATE [--format table|csv|json]
 *
 * The figures are app/reports' (reports_kpi); the formats are
 * cli/report_print.c's, shared with `recoup demo`.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "app/reports.h"
#include "cli/cli.h"
#include "cli/report_print.h"
#include "cli/report_escalation_print.h"

static int run_report(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'o' },
		{ "default-dpd", required_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 },
	};
	struct reports_kpi_options opts = { .default_dpd = 90 };
	enum output_format format = FORMAT_TABLE;
	int have_from = 0, have_to = 0, c, ret;
	char fb[DATE_TEXT_MAX], tb[DATE_TEXT_MAX];

	/* the reports of issue 10 take their own options (report_NAME.c) */
	if (argc >= 2 && !strcmp(argv[1], "disputes"))
		return report_disputes_run(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "promises"))
		return report_print_promises(cli, argc - 1, argv + 1);

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'f':
			ret = cli_parse_date(cli, &cmd_report, "--from", optarg, &opts.from);
			if (ret < 0)
				return ret;
			have_from = 1;
			break;
		case 't':
			ret = cli_parse_date(cli, &cmd_report, "--to", optarg, &opts.to);
			if (ret < 0)
				return ret;
			have_to = 1;
			break;
		case 'o':
			ret = cli_parse_format(cli, &cmd_report, optarg, FORMATS_ALL, &format);
			if (ret < 0)
				return ret;
			break;
		case 'd': {
			long long v;
			if (cli_int_text(optarg, 1, 3650, &v) < 0)
				return cli_usage_error(cli, &cmd_report, "--default-dpd '%s' is not a day count",
						       optarg);
			opts.default_dpd = (int)v;
			break;
		}
		default: return cli_usage_error(cli, &cmd_report, "unknown option");
		}
	}
	if (argc - optind != 1 ||
	    (strcmp(argv[optind], "kpi") && strcmp(argv[optind], "trend") && !report_escalation_known(argv[optind])))
		return cli_usage_error(
			cli, &cmd_report,
			"expected the report name 'kpi', 'trend', 'contacts', 'collectors' or 'recovery'");
	if (!have_from || !have_to)
		return cli_usage_error(cli, &cmd_report, "--from and --to are required");
	if (opts.to < opts.from)
		return cli_usage_error(cli, &cmd_report, "--to %s is before --from %s",
				       date_format(opts.to, tb, sizeof(tb)), date_format(opts.from, fb, sizeof(fb)));
	if (!strcmp(argv[optind], "trend"))
		return report_print_trend(cli, opts.from, opts.to, format);
	if (report_escalation_known(argv[optind]))
		return report_escalation_print(cli, argv[optind], opts.from, opts.to, format);
	return report_print_kpi(cli, &opts, format);
}

const struct command cmd_report = {
	.name = "report",
	.summary = "collection KPIs: DSO, CEI, delinquency, default and roll rates",
	.usage = "usage: recoup report kpi --from DATE --to DATE [--format table|csv|json] [--default-dpd 90]\n\n"
		 "Per currency, over the period [--from, --to]: opening and closing receivables, credit\n"
		 "sales, DSO, CEI, delinquency rate, default rate (balance and customers beyond\n"
		 "--default-dpd days past due) and roll rates between aging buckets. The formulas are\n"
		 "in docs/reports.md. Percentages have two decimals; DSO is in days with one decimal.\n\n"
		 "       recoup report promises [--from DATE --to DATE] [--format table|csv|json]\n\n"
		 "The promises made in the period (all without --from/--to), by collector (who took them)\n"
		 "and by segment (the customer's kind), per currency: made, due, kept, partially kept,\n"
		 "broken, current, the kept rate (kept / due) and the amounts promised and kept.\n\n"
		 "       recoup report trend --from DATE --to DATE [--format table|csv|json]\n\n"
		 "The book per day from the daily runs' snapshots (recoup run stores one per run date):\n"
		 "accounts, open invoices and balance per currency and aging bucket, for the whole book\n"
		 "and (csv, json) per strategy. Fast whatever the period: no history is rebuilt.\n\n"
		 "       recoup report disputes [--as-of DATE] [--format table|csv|json]\n\n"
		 "The disputes opened by --as-of (default today) per currency and reason code, and a\n"
		 "total per currency: opened, open, their invoices' balance, average and oldest age in\n"
		 "days, overdue (past their deadline), outcomes (upheld, rejected, credited), credit\n"
		 "granted, average days to resolve (docs/reports.md, \"Disputes\").\n\n"
		 "       recoup report contacts|collectors|recovery --from DATE --to DATE [--format table|csv|json]\n\n"
		 "contacts: attempts by channel, right-party contact rate (right-party conversations /\n"
		 "outbound call attempts) and contacts per hour per collector; collectors: accounts worked,\n"
		 "RPC, promises, amount promised and collected on their assigned accounts; recovery: what\n"
		 "was placed with each agency in the period and recovered since, by age at placement.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_report,
};
