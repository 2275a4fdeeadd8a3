/*
 * cmd_agency.c: recoup agency place|recall|candidates — placements with
 * collection agencies. Parsing and formatting only: the use case is
 * app/agency (docs/agreements.md, "Escalation: agency").
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/agency.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "codec/json.h"
#include "core/money.h"
#include "ingest/outfile.h"

static const char usage[] =
	"usage: recoup agency place REF... --agency NAME [--out FILE [--force]] [--at TIMESTAMP] [--by USER]\n"
	"       recoup agency recall REF [--at TIMESTAMP] [--by USER]\n"
	"       recoup agency candidates [--format table|json]\n\n"
	"place hands every open balance of each customer to the agency, all or nothing: one\n"
	"placement per customer and currency, with what was owed and how old it was; the strategy\n"
	"stops contacting the account (a hold of kind placed: the daily run records nothing new and\n"
	"cancels what waits to be sent) and the customer's waiting place_with_agency actions are\n"
	"done. --out writes the placement file (CSV, one row per open invoice: account, contacts,\n"
	"invoice, balances, documents, history in brief), whole or not at all.\n"
	"recall ends the customer's placements: the strategy resumes on the next run.\n"
	"candidates lists the place_with_agency actions awaiting placement review.\n"
	"Payments after a placement are reported by 'recoup report recovery'.\n";

/* --at and --by, shared by place and recall; 1 when the option was one of them. */
static int common_option(struct cli *cli, int c, timestamp_t *at, int *ret)
{
	*ret = 0;
	if (c == 'a') {
		*ret = cli_parse_given_moment(cli, &cmd_agency, "--at", optarg, at);
		return 1;
	}
	if (c == 'b') {
		cli->app.actor = optarg;
		return 1;
	}
	return 0;
}

static int run_place(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "agency", required_argument, NULL, 'g' }, { "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'F' },        { "at", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },     { NULL, 0, NULL, 0 },
	};
	struct agency_place_request rq = { 0 };
	struct agency_place_result res = { 0 };
	struct outfile *of = NULL;
	const char *out_path = NULL;
	int c, ret, force = 0;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (common_option(cli, c, &rq.at, &ret)) {
			if (ret < 0)
				return ret;
			continue;
		}
		switch (c) {
		case 'g': rq.agency = optarg; break;
		case 'o': out_path = optarg; break;
		case 'F': force = 1; break;
		default: return cli_usage_error(cli, &cmd_agency, "unknown option");
		}
	}
	if (!rq.agency || optind >= argc)
		return cli_usage_error(cli, &cmd_agency, "agency place needs a customer ref and --agency");
	rq.refs = (const char *const *)argv + optind;
	rq.n = (size_t)(argc - optind);
	if (out_path) {
		ret = cli_outfile_open(cli, out_path, NULL, 0, force, &of);
		if (ret < 0)
			return ret;
		rq.out = outfile_stream(of);
	}
	ret = agency_place(&cli->app, &rq, &res, &cli->err);
	if (ret < 0) {
		outfile_abort(of);
		return ret;
	}
	if (of) {
		ret = outfile_commit(of, &cli->err);
		if (ret < 0)
			return error_prefix(&cli->err, "the placement is recorded, but its file was not written");
	}
	cli_printf("placed %lld customer%s with '%s': %lld placement%s, %lld open invoice%s", (long long)res.customers,
		   res.customers == 1 ? "" : "s", rq.agency, (long long)res.placements, res.placements == 1 ? "" : "s",
		   (long long)res.invoices, res.invoices == 1 ? "" : "s");
	if (res.actions_done)
		cli_printf("; %lld place_with_agency action%s done", (long long)res.actions_done,
			   res.actions_done == 1 ? "" : "s");
	cli_printf("\n");
	if (out_path)
		cli_printf("placement file: %s\n", out_path);
	return 0;
}

static int run_recall(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "at", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	timestamp_t at = 0;
	int64_t n = 0;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (!common_option(cli, c, &at, &ret))
			return cli_usage_error(cli, &cmd_agency, "unknown option");
		if (ret < 0)
			return ret;
	}
	if (argc - optind != 1)
		return cli_usage_error(cli, &cmd_agency, "agency recall needs one customer ref");
	ret = agency_recall(&cli->app, argv[optind], at, &n, &cli->err);
	if (ret < 0)
		return ret;
	cli_printf("recalled customer '%s' (%lld placement%s)\n", argv[optind], (long long)n, n == 1 ? "" : "s");
	return 0;
}

struct candidates {
	enum output_format format;
	json_t *list;
	int rows;
	const struct cli *cli;
};

static int print_candidate(void *arg, const struct placement_review *r)
{
	struct candidates *c = arg;
	char d[DATE_TEXT_MAX], amount[CLI_MONEY_MAX];

	date_format(r->run_date, d, sizeof(d));
	if (c->format == FORMAT_JSON) /* plain decimals in JSON, RECOUP_LOCALE's format in the table */
		money_format(r->amount, currency_exponent(r->currency), amount, sizeof(amount));
	else
		cli_money(c->cli, r->amount, r->currency, amount, sizeof(amount));
	if (c->format == FORMAT_JSON) {
		json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "action_id", (json_int_t)r->action_id,
				      "customer_ref", r->customer_ref, "name", r->customer_name, "since", d, "currency",
				      r->currency, "amount", amount, "step", r->step, "state",
				      "awaiting placement review");
		if (!o || json_array_append_new(c->list, o) < 0)
			return -ERR_ENV;
	} else {
		if (!c->rows)
			cli_printf("%-8s %-16s %-24s %-10s %-3s %14s  %s\n", "action", "customer", "name", "since",
				   "cur", "amount", "state");
		cli_printf("%-8lld %-16s %-24.24s %-10s %-3s %14s  awaiting placement review (%s)\n",
			   (long long)r->action_id, r->customer_ref, r->customer_name, d, r->currency, amount, r->step);
	}
	c->rows++;
	return 0;
}

static int run_candidates(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct candidates c = { FORMAT_TABLE, NULL, 0, cli };
	int o, ret;

	while ((o = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		if (o != 'f')
			return cli_usage_error(cli, &cmd_agency, "unknown option");
		ret = cli_parse_format(cli, &cmd_agency, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON), &c.format);
		if (ret < 0)
			return ret;
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_agency, "unexpected argument '%s'", argv[optind]);
	c.list = json_array();
	if (!c.list)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	ret = agency_candidates(&cli->app, print_candidate, &c, &cli->err);
	if (ret > 0)
		ret = error_set(&cli->err, ERR_ENV, "out of memory");
	if (ret == 0 && c.format == FORMAT_JSON) {
		json_t *doc = json_pack("{s:O}", "candidates", c.list);
		if (!doc || codec_json_write(stdout, doc, JSON_PRESERVE_ORDER | JSON_INDENT(2)) < 0)
			ret = error_set(&cli->err, ERR_ENV, "writing JSON failed");
		else
			fputc('\n', stdout);
		json_decref(doc);
	} else if (ret == 0 && !c.rows) {
		cli_printf("no account awaits placement review\n");
	}
	json_decref(c.list);
	return ret;
}

static int run_agency(struct cli *cli, int argc, char **argv)
{
	optind = 1;
	if (argc < 2)
		return cli_usage_error(cli, &cmd_agency, "expected place, recall or candidates");
	if (!strcmp(argv[1], "place"))
		return run_place(cli, argc - 1, argv + 1);
	if (!strcmp(argv[1], "recall"))
		return run_recall(cli, argc - 1, argv + 1);
	if (!strcmp(argv[1], "candidates"))
		return run_candidates(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, &cmd_agency, "unknown subcommand '%s'", argv[1]);
}

const struct command cmd_agency = {
	.name = "agency",
	.summary = "place accounts with a collection agency, recall them, list those awaiting review",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_agency,
};
