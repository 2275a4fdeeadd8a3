/*
 * cmd_dashboard.c: recoup dashboard [show|refresh] — the manager's
 * dashboard as JSON, and storing the KPIs by month it reads
 * (app/dashboard.h). Parsing and formatting only.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/dashboard.h"
#include "cli/cli.h"
#include "cli/tprintf.h"

static const char usage[] =
	"usage: recoup dashboard [show] [--from DATE] [--to DATE] [--segment STRATEGY | --collector USER]\n"
	"       recoup dashboard refresh [--as-of DATE] [--months N]\n\n"
	"show prints the manager's dashboard as JSON (docs/dashboard.md), the same object as\n"
	"GET /api/v1/dashboard: the aging of the last daily run on or before --to (default today),\n"
	"the overdue trend and DSO and CEI by month over the 12 months to --to (or from --from),\n"
	"promises, contact and right-party rates and the collectors' table over --from..--to\n"
	"(default: --to's month to date), approvals waiting and disputes by reason. It reads the\n"
	"daily runs' snapshots and the stored KPI months.\n\n"
	"refresh stores DSO, CEI and the delinquency rate of the --months months (default 12) up to\n"
	"--as-of's (default today), each computed once over the month (the current one up to\n"
	"--as-of): run it after the daily run. Months over and stored are not computed again.\n";

static int run_show(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		{ "segment", required_argument, NULL, 's' },
		{ "collector", required_argument, NULL, 'c' },
		{ NULL, 0, NULL, 0 },
	};
	struct dashboard_options o = { 0 };
	json_t *d = NULL;
	int c, ret;

	o.to = cli->app.today;
	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (cli_parse_date(cli, &cmd_dashboard, "--from", optarg, &o.from) < 0)
				return -ERR_USAGE;
			break;
		case 't':
			if (cli_parse_date(cli, &cmd_dashboard, "--to", optarg, &o.to) < 0)
				return -ERR_USAGE;
			break;
		case 's': o.segment = optarg; break;
		case 'c': o.collector = optarg; break;
		default: return cli_usage_error(cli, &cmd_dashboard, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_dashboard, "unexpected argument '%s'", argv[optind]);
	if (!o.from)
		o.from = dashboard_default_from(o.to);
	ret = dashboard_build(&cli->app, &o, &d, &cli->err);
	if (ret == 0) {
		json_dumpf(d, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	}
	json_decref(d);
	return ret;
}

static int run_refresh(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "as-of", required_argument, NULL, 'd' },
		{ "months", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	date_t as_of = cli->app.today;
	long long months = DASHBOARD_MONTHS;
	int c, ret, computed = 0;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (cli_parse_date(cli, &cmd_dashboard, "--as-of", optarg, &as_of) < 0)
				return -ERR_USAGE;
			break;
		case 'm':
			if (cli_int_text(optarg, 1, DASHBOARD_MONTHS_MAX, &months) < 0)
				return cli_usage_error(cli, &cmd_dashboard, "--months '%s': must be 1 to %d", optarg,
						       DASHBOARD_MONTHS_MAX);
			break;
		default: return cli_usage_error(cli, &cmd_dashboard, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_dashboard, "unexpected argument '%s'", argv[optind]);
	ret = dashboard_refresh(&cli->app, as_of, (int)months, &computed, &cli->err);
	if (ret == 0)
		cli_printf("%d of %lld months computed and stored\n", computed, months);
	return ret;
}

static int run_dashboard(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "refresh"))
		return run_refresh(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "show"))
		return run_show(cli, argc - 1, argv + 1);
	return run_show(cli, argc, argv);
}

const struct command cmd_dashboard = {
	.name = "dashboard",
	.summary = "the manager's dashboard as JSON, and storing its KPIs by month (refresh)",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_dashboard,
};
