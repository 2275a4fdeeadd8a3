/*
 * cmd_demo.c: recoup demo — a sample portfolio, imported, reported.
 *
 * What `make demo` shows, in one command: generate a realistic portfolio
 * (core of `recoup generate`), import the four files into the database
 * (all-or-nothing, as `recoup import`), prove the ledger (`recoup check`),
 * then print the aging report and last month's KPIs. Each step calls the
 * use case itself (app/check, app/reports through cli/report_print.c, the
 * importer's entry point), so the demo prints exactly what those commands
 * print without going through their command lines.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/import.h"
#include "app/reports.h"
#include "app/tenants.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "cli/report_print.h"
#include "ingest/generate.h"

static int run_demo(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "customers", required_argument, NULL, 'n' },
		{ "data", required_argument, NULL, 'd' },
		{ "force", no_argument, NULL, 'F' },
		{ "profile", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	struct generate_options go = { 0 };
	struct generate_result gr;
	struct reports_aging_options aging = { 0 };
	struct reports_kpi_options kpi = { .default_dpd = 90 };
	const char *dir = "demo-data";
	char path[1024];
	struct stat st;
	char shown[1024];                                    /* the database without a password */
	char n1[48], n2[48], n3[48], n4[48], n5[48], n6[48]; /* counts with their words */
	static const enum import_kind order[] = { IMPORT_CUSTOMERS, IMPORT_CONTACTS,        IMPORT_INVOICES,
						  IMPORT_PAYMENTS,  IMPORT_CONTACT_HISTORY, IMPORT_FLAGS };
	long long n = 2000;
	int c, ret, force = 0;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (c == 'F') {
			force = 1;
		} else if (c == 'n') {
			if (cli_int_text(optarg, 1, 1000000, &n) < 0)
				return cli_usage_error(cli, &cmd_demo,
						       "--customers '%s' is not a number from 1 to 1000000", optarg);
		} else if (c == 'd') {
			dir = optarg;
		} else if (c == 'p') {
			if (generate_profile_parse(optarg, &go.profile) < 0)
				return cli_usage_error(cli, &cmd_demo,
						       "--profile '%s' is not healthy, average or distressed", optarg);
		} else {
			return cli_usage_error(cli, &cmd_demo, "unknown option");
		}
	}
	/* importing over existing books would refuse every row, one error line each */
	ret = tenants_has_data(&cli->app, &cli->err);
	if (ret < 0)
		return ret;
	if (ret == 1)
		return error_set(&cli->err, ERR_INPUT,
				 "database '%s' already holds data; demo needs an empty one (use --db demo.db)",
				 cli->db_url);
	/* a file typed for the directory is the input refused (exit 1), before anything is generated */
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
		return error_set(&cli->err, ERR_INPUT,
				 "--data '%s' exists and is not a directory (the sample's CSV files go into a "
				 "directory); nothing written",
				 dir);
	go.customers = n;
	go.seed = 42;
	go.as_of = cli->app.today;
	cli_printf("== generating %s into %s/\n", cli_count(n1, sizeof(n1), n, "customer", "customers"), dir);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return error_set(&cli->err, ERR_ENV, "cannot create '%s': %s", dir, strerror(errno));
	ret = generate_to_dir(&go, dir, cli->protect, cli->nprotect, force, &gr, &cli->err);
	if (ret < 0)
		return ret;
	cli_printf("   %s, %s, %s, %s, %s, %s\n", cli_count(n1, sizeof(n1), gr.customers, "customer", "customers"),
		   cli_count(n2, sizeof(n2), gr.contacts, "contact", "contacts"),
		   cli_count(n3, sizeof(n3), gr.invoices, "invoice", "invoices"),
		   cli_count(n4, sizeof(n4), gr.payments, "payment", "payments"),
		   cli_count(n5, sizeof(n5), gr.attempts, "contact attempt", "contact attempts"),
		   cli_count(n6, sizeof(n6), gr.flags, "flag", "flags"));
	store_url_for_messages(cli->db_url, shown, sizeof(shown));
	cli_printf("== importing into %s\n", shown);
	for (size_t i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		struct import_options io = { 0 };
		struct import_result ir;
		struct app_ctx ictx = cli->app;
		snprintf(path, sizeof(path), "%s/%s.csv", dir, import_kind_name(order[i]));
		io.kind = order[i];
		io.path = path;
		ictx.today = go.as_of;
		io.report = stderr;
		ret = import_run(&ictx, &io, &ir, &cli->err);
		if (ret < 0)
			return ret;
		cli_printf("   %-15s %s (%lld new)\n", import_kind_name(order[i]),
			   cli_count(n1, sizeof(n1), ir.rows, "row", "rows"), (long long)ir.inserted);
	}
	cli_printf("\n");
	ret = report_print_check(cli);
	if (ret < 0)
		return ret;
	cli_printf("\n");
	aging.as_of = go.as_of;
	aging_config_default(&aging.buckets);
	ret = report_print_aging(cli, &aging, FORMAT_TABLE);
	if (ret < 0)
		return ret;
	cli_printf("\n");
	kpi.from = date_add_months(go.as_of, -1) + 1;
	kpi.to = go.as_of;
	ret = report_print_kpi(cli, &kpi, FORMAT_TABLE);
	if (ret == 0)
		cli_printf("\nnext: recoup --db %s aging --by customer | head; recoup --db %s rules check --contact "
			   "C0000001 --channel call --format json\n",
			   cli->db_url, cli->db_url);
	return ret;
}

const struct command cmd_demo = {
	.name = "demo",
	.summary = "generate a sample portfolio, import it, print the aging and the KPIs",
	.usage = "usage: recoup demo [--db PATH] [--customers N] [--data DIR] [--profile P] [--force]\n\n"
		 "Generates N (default 2000) customers with seed 42 as of today into DIR (default\n"
		 "demo-data/), with the payment profile P (healthy, average: the default, distressed;\n"
		 "docs/generate.md), imports the six files and their history into the database,\n"
		 "checks the ledger, and prints the aging\n"
		 "report and the KPIs of the last month. Run it on an empty database. Files already\n"
		 "in DIR are replaced only with --force.\n",
	.flags = CMD_NEEDS_DB | CMD_CREATES_DB,
	.run = run_demo,
};
