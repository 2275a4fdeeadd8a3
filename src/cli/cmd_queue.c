/*
 * cmd_queue.c: recoup queue [--collector NAME] [--now TIMESTAMP] [--limit N] [--format table|json]
 *
 * The calls a collector may make right now, best first (app/queue).
 * Parsing and formatting only.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/queue.h"
#include "cli/cli.h"
#include "cli/tprintf.h"
#include "core/money.h"

static void print_json(const struct queue_result *r)
{
	json_t *a = json_array();
	char *text;

	for (size_t i = 0; i < r->n_items; i++)
		json_array_append_new(a, queue_item_json(&r->items[i]));
	text = json_dumps(a, JSON_PRESERVE_ORDER | JSON_INDENT(2));
	puts(text ? text : "[]");
	free(text);
	json_decref(a);
}

static void print_collector(const struct cli *cli, const struct queue_result *r, const struct queue_collector *c)
{
	char amount[MONEY_TEXT_MAX + 8];
	size_t rank = 0;

	cli_printf(
		"%s: %d call%s at most (capacity %d, %lld logged today); %lld account%s due examined, %lld refused by the "
		"contact rules now\n",
		c->name, c->limit, c->limit == 1 ? "" : "s", c->capacity, (long long)c->logged_today,
		(long long)c->candidates, c->candidates == 1 ? "" : "s", (long long)c->refused);
	for (size_t i = 0; i < r->n_items; i++) {
		const struct queue_item *it = &r->items[i];
		if (strcmp(it->collector, c->name))
			continue;
		rank++;
		money_format_locale(it->balance, it->exponent, cli->locale, amount, sizeof(amount));
		cli_printf("  %2zu. %-12s %-12s %14s %s  %4d DPD  band %s  score %lld\n      local time %s\n", rank,
			   it->customer_ref, it->contact_ref, amount, it->currency, it->dpd, it->risk_band,
			   (long long)it->score, it->local_time);
		for (size_t k = 0; k < it->n_reasons; k++)
			cli_printf("      - %s\n", it->reasons[k]);
	}
	if (rank == 0)
		cli_printf("  (no call to make now)\n");
}

static void print_table(const struct cli *cli, const struct queue_result *r)
{
	char ts[TIMESTAMP_TEXT_MAX];

	cli_printf("work queue at %s%s\n", timestamp_format(r->now, ts, sizeof(ts)),
		   r->every ? " (every collector's: no --collector, and the acting user is not a collector)" : "");
	for (size_t i = 0; i < r->n_collectors; i++)
		print_collector(cli, r, &r->collectors[i]);
	if (r->n_collectors == 0)
		cli_printf("(no collector: recoup user add NAME --role collector, then recoup assign)\n");
}

static int run_queue(struct cli *cli, int argc, char **argv)
{
	static const struct option options[] = {
		{ "collector", required_argument, NULL, 'c' },
		{ "now", required_argument, NULL, 'n' },
		{ "limit", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct app_ctx ctx = cli->app;
	struct queue_options o = { NULL, -1, 0 };
	struct queue_result r;
	enum output_format format = FORMAT_TABLE;
	long long limit;
	int c, ret;

	while ((c = cli_getopt(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'c': o.collector = optarg; break;
		case 'n':
			if (cli_parse_timestamp(cli, &cmd_queue, "--now", optarg, &ctx.now) < 0)
				return -ERR_USAGE;
			ctx.today = timestamp_date_utc(ctx.now);
			break;
		case 'l':
			ret = cli_parse_int(cli, &cmd_queue, "--limit", optarg, 0, 100000, &limit);
			if (ret < 0)
				return ret;
			o.limit = (int)limit;
			break;
		case 'f':
			ret = cli_parse_format(cli, &cmd_queue, optarg, (1u << FORMAT_TABLE) | (1u << FORMAT_JSON),
					       &format);
			if (ret < 0)
				return ret;
			break;
		default: return cli_usage_error(cli, &cmd_queue, "unknown option");
		}
	}
	if (optind < argc)
		return cli_usage_error(cli, &cmd_queue, "unexpected argument '%s'", argv[optind]);
	ret = queue_list(&ctx, &o, &r, &cli->err);
	if (ret < 0)
		return ret;
	if (format == FORMAT_JSON)
		print_json(&r);
	else
		print_table(cli, &r);
	queue_result_release(&r);
	return 0;
}

const struct command cmd_queue = {
	.name = "queue",
	.summary = "the calls a collector may make right now, best first",
	.usage = "usage: recoup queue [--collector NAME] [--now TIMESTAMP] [--limit N] [--format table|json]\n\n"
		 "The accounts assigned to the collector (default: the acting user, $USER; when that is not a\n"
		 "collector, every collector's queue) with a call of the daily run due at or before --now\n"
		 "(default the clock), or whose debtor asked to be called back within the current hour of\n"
		 "their local time; only those the contact rules allow now (window open in the debtor's\n"
		 "local time, caps not reached, not stopped). Best first: the overdue balance times the\n"
		 "chance of payment of the customer's risk band, raised for a callback this hour and for an\n"
		 "invoice about to enter an older aging bucket; each row says why and the debtor's local\n"
		 "time. --limit (default: the collector's capacity less the calls it logged today).\n"
		 "docs/queue.md.\n",
	.flags = CMD_NEEDS_DB,
	.run = run_queue,
};
