/*
 * cmd_dispute.c: recoup dispute open|resolve|list|reasons — disputes of
 * invoices (app/disputes.h). Parsing and formatting only.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/disputes.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "core/money.h"

static const char usage[] =
	"usage: recoup dispute open CUSTOMER --invoice REF --reason CODE [--deadline DATE] [--note TEXT]\n"
	"                           [--at TIMESTAMP] [--by USER]\n"
	"       recoup dispute resolve ID --outcome upheld|rejected|credited [--credit AMOUNT]\n"
	"                           [--at TIMESTAMP] [--by USER]\n"
	"       recoup dispute list [--customer REF] [--state open|upheld|rejected|credited] [--overdue]\n"
	"                           [--as-of DATE] [--format table|json]\n"
	"       recoup dispute reasons [set CODE...]\n\n"
	"open records a dispute of one invoice: that invoice leaves the strategy and the work queue\n"
	"(a hold of kind dispute, and the contact flag dispute on it) while the rest of the account\n"
	"goes on. --reason is one of the tenant's codes (`dispute reasons`; shipped: not_received,\n"
	"damaged, wrong_price, wrong_quantity, already_paid, not_ordered, service_issue, other).\n"
	"--deadline is when it must be settled: the daily run after it lists it as the manager's\n"
	"task (`dispute list --overdue`).\n\n"
	"resolve ends it and the invoice goes back into its strategy. --credit (upheld or credited;\n"
	"credited needs it) posts a credit note dispute-ID of that amount, in the invoice's\n"
	"currency and within its open balance, to the invoice.\n\n"
	"--at defaults to now (never later), --by to $USER. JSON keys of list: id, customer_ref,\n"
	"invoice_ref, currency, balance, reason, note, deadline, opened_at, opened_by, state,\n"
	"resolved_at, resolved_by, credit, overdue.\n";

static int parse_id(struct cli *cli, const char *text, int64_t *id)
{
	long long v;
	if (cli_parse_int(cli, &cmd_dispute, "dispute id", text, 1, INT64_MAX, &v) < 0)
		return -ERR_USAGE;
	*id = v;
	return 0;
}

static int run_open(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "invoice", required_argument, NULL, 'i' },
		{ "reason", required_argument, NULL, 'r' },
		{ "deadline", required_argument, NULL, 'd' },
		{ "note", required_argument, NULL, 'n' },
		{ "at", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct disputes_open_request rq = { 0 };
	struct dispute d;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'i': rq.invoice_ref = optarg; break;
		case 'r': rq.reason = optarg; break;
		case 'd':
			if (cli_parse_date(cli, &cmd_dispute, "--deadline", optarg, &rq.deadline) < 0)
				return -ERR_USAGE;
			break;
		case 'n': rq.note = optarg; break;
		case 'a':
			if (cli_parse_given_moment(cli, &cmd_dispute, "--at", optarg, &rq.at) < 0)
				return -ERR_USAGE;
			break;
		case 'b': rq.by = optarg; break;
		default: return cli_usage_error(cli, &cmd_dispute, "unknown option");
		}
	}
	if (argc - optind != 1 || !rq.invoice_ref || !rq.reason)
		return cli_usage_error(cli, &cmd_dispute, "dispute open needs a customer ref, --invoice and --reason");
	rq.customer_ref = argv[optind];
	ret = disputes_open(&cli->app, &rq, &d, &cli->err);
	if (ret == 0)
		cli_printf("dispute %lld opened on invoice '%s' of customer '%s' (%s) by %s\n", (long long)d.id,
			   d.invoice_ref, d.customer_ref, d.reason, d.opened_by);
	return ret;
}

static int run_resolve(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "outcome", required_argument, NULL, 'o' },
		{ "credit", required_argument, NULL, 'c' },
		{ "at", required_argument, NULL, 'a' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct disputes_resolve_request rq = { 0 };
	struct dispute d;
	char amt[32];
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'o': rq.outcome = optarg; break;
		case 'c':
			if (cli_parse_amount(cli, &cmd_dispute, "--credit", optarg) < 0)
				return -ERR_USAGE;
			rq.credit = optarg;
			break;
		case 'a':
			if (cli_parse_given_moment(cli, &cmd_dispute, "--at", optarg, &rq.at) < 0)
				return -ERR_USAGE;
			break;
		case 'b': rq.by = optarg; break;
		default: return cli_usage_error(cli, &cmd_dispute, "unknown option");
		}
	}
	if (argc - optind != 1 || !rq.outcome)
		return cli_usage_error(cli, &cmd_dispute, "dispute resolve needs a dispute id and --outcome");
	if (parse_id(cli, argv[optind], &rq.id) < 0)
		return -ERR_USAGE;
	ret = disputes_resolve(&cli->app, &rq, &d, &cli->err);
	if (ret == 0) {
		cli_printf("dispute %lld on invoice '%s' %s by %s", (long long)d.id, d.invoice_ref, d.state,
			   d.resolved_by);
		if (d.credit)
			cli_printf("; credit note dispute-%lld of %s %s posted", (long long)d.id,
				   money_format(d.credit, currency_exponent(d.currency), amt, sizeof(amt)), d.currency);
		cli_printf("\n");
	}
	return ret;
}

struct lister {
	enum output_format format;
	json_t *rows;
	date_t today;
	long n;
	const struct cli *cli;
};

static int print_dispute(void *ctx, const struct dispute *d)
{
	struct lister *l = ctx;
	char dl[DATE_TEXT_MAX] = "", op[TIMESTAMP_TEXT_MAX], bal[CLI_MONEY_MAX];
	int overdue = !strcmp(d->state, "open") && d->deadline && d->deadline < l->today;

	if (d->deadline)
		date_format(d->deadline, dl, sizeof(dl));
	l->n++;
	if (l->format == FORMAT_JSON) {
		json_t *o = disputes_json(d, l->today);
		return json_array_append_new(l->rows, o) < 0 ? -ERR_ENV : 0;
	}
	cli_printf("%-6lld %-12s %-14s %-14s %-9s %-10s %12s %s  %s%s\n", (long long)d->id, d->customer_ref,
		   d->invoice_ref, d->reason, d->state, dl[0] ? dl : "-",
		   cli_money(l->cli, d->balance, d->currency, bal, sizeof(bal)), d->currency,
		   timestamp_format(d->opened_at, op, sizeof(op)), overdue ? "  OVERDUE" : "");
	return 0;
}

static int run_list(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "customer", required_argument, NULL, 'c' }, { "state", required_argument, NULL, 's' },
		{ "overdue", no_argument, NULL, 'o' },        { "format", required_argument, NULL, 'f' },
		{ "as-of", required_argument, NULL, 'd' },    { NULL, 0, NULL, 0 },
	};
	struct disputes_list_request rq = { 0 };
	struct lister l = { FORMAT_TABLE, NULL, 0, 0, cli };
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'c': rq.customer_ref = optarg; break;
		case 's': rq.state = optarg; break;
		case 'o': rq.overdue = 1; break;
		case 'f':
			if (cli_parse_format(cli, &cmd_dispute, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					     &l.format) < 0)
				return -ERR_USAGE;
			break;
		case 'd':
			if (cli_parse_date(cli, &cmd_dispute, "--as-of", optarg, &cli->app.today) < 0)
				return -ERR_USAGE;
			break;
		default: return cli_usage_error(cli, &cmd_dispute, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_dispute, "unexpected argument '%s'", argv[optind]);
	l.today = cli->app.today;
	l.rows = json_array();
	if (!l.rows)
		return error_set(&cli->err, ERR_ENV, "out of memory");
	if (l.format == FORMAT_TABLE)
		cli_printf("%-6s %-12s %-14s %-14s %-9s %-10s %16s  %s\n", "id", "customer", "invoice", "reason",
			   "state", "deadline", "balance", "opened");
	ret = disputes_list(&cli->app, &rq, print_dispute, &l, &cli->err);
	if (ret == 0 && l.format == FORMAT_JSON) {
		json_dumpf(l.rows, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		fputc('\n', stdout);
	}
	json_decref(l.rows);
	return ret;
}

static int run_reasons(struct cli *cli, int argc, char **argv)
{
	char list[DISPUTES_REASONS_TEXT];
	int ret;

	if (argc >= 2 && !strcmp(argv[1], "set")) {
		ret = disputes_reasons_set(&cli->app, (const char *const *)argv + 2, (size_t)(argc - 2), &cli->err);
		if (ret < 0)
			return ret;
	} else if (argc != 1) {
		return cli_usage_error(cli, &cmd_dispute,
				       "expected 'dispute reasons' or 'dispute reasons set CODE...'");
	}
	ret = disputes_reasons(&cli->app, list, &cli->err);
	if (ret < 0)
		return ret;
	for (char *p = list; *p; p++)
		if (*p == ';')
			*p = '\n';
	cli_printf("%s\n", list);
	return 0;
}

static int run_dispute(struct cli *cli, int argc, char **argv)
{
	if (argc >= 2 && !strcmp(argv[1], "open"))
		return run_open(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "resolve"))
		return run_resolve(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "list"))
		return run_list(cli, argc - 1, argv + 1);
	if (argc >= 2 && !strcmp(argv[1], "reasons"))
		return run_reasons(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, &cmd_dispute, "expected 'open', 'resolve', 'list' or 'reasons'");
}

const struct command cmd_dispute = {
	.name = "dispute",
	.summary = "open, resolve and list disputes of invoices (the invoice waits while disputed)",
	.usage = usage,
	.flags = CMD_NEEDS_DB,
	.run = run_dispute,
};
